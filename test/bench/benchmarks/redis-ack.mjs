/**
 * Acknowledged deliveries per second: contract's ack-then-process front end (@contract/redis:
 * GitHub signature verified, raw delivery queued on BullMQ under its delivery's job id, 202) vs
 * @octokit/webhooks' createNodeMiddleware (verify + dispatch in the request), on the same real,
 * signed GitHub deliveries as webhooks-github, through the same load generator. Servers, Redis and
 * the load generator are separate processes. Needs redis-server (scripts/ensure-redis.sh).
 */
import { fork, spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { startRedisServer } from "@contract/redis/testing";
import { GITHUB_SECRET } from "@contract/test-fixtures";
import { Redis } from "ioredis";
import { benchDir, GITHUB_EXAMPLES, GITHUB_WEBHOOKS } from "../lib/paths.mjs";
import { commandStats, formatCommandStats, perDelivery } from "../lib/redis-commandstats.mjs";
import { ask, cpuMicros, whenReady } from "../lib/servers.mjs";

const COUNT = 3000;
const CONNECTIONS = 16;
const SPEC = GITHUB_WEBHOOKS;
const EXAMPLES = GITHUB_EXAMPLES;

function start(script, args) {
  const child = spawn(process.execPath, [join(benchDir, script), ...args], {
    cwd: benchDir,
    stdio: ["ignore", "pipe", "inherit"],
  });
  return whenReady(child, script);
}

/** redis-server's own CPU time (user + system), from INFO: part of what acknowledging costs. */
async function redisCpuMicros(redis) {
  const info = await redis.info("cpu");
  const field = (name) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return (field("used_cpu_user") + field("used_cpu_sys")) * 1e6;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

function loadCase(name, server, expected, baseline = false) {
  return {
    name,
    baseline,
    async before(state) {
      if (server !== "octokit") await state.redis.flushall();
    },
    async run(state, round) {
      const port = state.ports[server];
      const cpuBefore = await cpuMicros(port);
      const redisBefore = await redisCpuMicros(state.redis);
      const statsBefore = await commandStats(state.redis);
      const result = await ask(
        state.load,
        { type: "run", port, count: COUNT, connections: CONNECTIONS },
        "done",
      );
      const cpu = (await cpuMicros(port)) - cpuBefore;
      const redisCpu = (await redisCpuMicros(state.redis)) - redisBefore;
      const statsAfter = await commandStats(state.redis);
      if ((result.statuses[expected] ?? 0) !== COUNT)
        throw new Error(`${server}: ${JSON.stringify(result.statuses)} instead of ${COUNT}× ${expected}`);
      if (round?.warmup) return { cpuMs: cpu / 1000 };
      const entry = state.rates[name] ?? {
        wall: [],
        cpu: [],
        total: [],
        serverUs: [],
        redisUs: [],
        commands: [],
      };
      entry.serverUs.push(cpu / COUNT);
      entry.redisUs.push(redisCpu / COUNT);
      entry.commands.push(perDelivery(statsBefore, statsAfter, COUNT));
      entry.wall.push((COUNT / result.ms) * 1000);
      entry.cpu.push((COUNT / cpu) * 1e6);
      // For octokit Redis is idle (a few µs of its housekeeping): server CPU alone.
      entry.total.push((COUNT / (server === "octokit" ? cpu : cpu + redisCpu)) * 1e6);
      state.rates[name] = entry;
      return { cpuMs: cpu / 1000 };
    },
  };
}

export default {
  name: "redis-ack",
  title: `webhooks: ${COUNT} GitHub deliveries acknowledged, ${CONNECTIONS} connections`,
  runs: 5,
  warmup: 1,
  async setup() {
    const examples = JSON.parse(await readFile(EXAMPLES, "utf8"));
    const deliveries = examples
      .filter((group) => group.name !== "repository_dispatch")
      .flatMap((group) =>
        group.examples.map((payload) => {
          const body = JSON.stringify(payload);
          const signature = `sha256=${createHmac("sha256", GITHUB_SECRET).update(body).digest("hex")}`;
          return { event: group.name, body, signature };
        }),
      );
    const redisServer = await startRedisServer();
    const redis = new Redis(redisServer.port, "127.0.0.1");
    const servers = {
      octokit: await start("webhooks/servers.mjs", ["octokit"]),
      queued: await start("redis/queued-server.mjs", [String(redisServer.port), SPEC, "default"]),
      queuedClaim: await start("redis/queued-server.mjs", [String(redisServer.port), SPEC, "claim"]),
      queuedPerDelivery: await start("redis/queued-server.mjs", [
        String(redisServer.port),
        SPEC,
        "perdelivery",
      ]),
    };
    const load = fork(join(benchDir, "webhooks", "load.mjs"), [], {
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    await ask(load, { type: "load", deliveries }, "loaded");
    const ports = Object.fromEntries(Object.entries(servers).map(([k, v]) => [k, v.port]));
    return { servers, load, ports, rates: {}, redis, redisServer };
  },
  cases: [
    loadCase(
      "@octokit/webhooks createNodeMiddleware (verify + dispatch in the request)",
      "octokit",
      200,
      true,
    ),
    loadCase(
      "contract ack-then-process (verify + one BullMQ job per group-committed batch, 202)",
      "queued",
      202,
    ),
    loadCase("contract ack-then-process with an accepted store (+ Redis claim and mark)", "queuedClaim", 202),
    loadCase(
      'contract ack-then-process, jobs: "per-delivery" (one BullMQ add per delivery by job id, group commit)',
      "queuedPerDelivery",
      202,
    ),
  ],
  async teardown(state) {
    const lines = Object.entries(state.rates).map(([name, r]) => {
      const line = `  ${String(Math.round(median(r.wall))).padStart(6)} /s wall  ${String(Math.round(median(r.cpu))).padStart(6)} /server CPU-s  ${String(Math.round(median(r.total))).padStart(6)} /(server + Redis) CPU-s  ${Math.round(median(r.serverUs))} µs server + ${Math.round(median(r.redisUs))} µs redis-server CPU/delivery  ${name}`;
      const commands = r.commands.some((c) => c.length > 0)
        ? `\n         ${formatCommandStats(r.commands)}`
        : "";
      return line + commands;
    });
    process.stderr.write(`\nmedians, deliveries acknowledged per:\n${lines.join("\n")}\n`);
    state.load.kill();
    for (const { child } of Object.values(state.servers)) {
      child.removeAllListeners("exit");
      child.kill();
    }
    state.redis.disconnect();
    await state.redisServer.dispose();
  },
};
