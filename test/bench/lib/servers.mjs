/**
 * The plumbing the receiver benchmarks share: server processes that print `ready <port>` and answer
 * their own CPU time on `GET /__cpu`, and a child process asked over IPC. On a shared machine
 * wall-clock throughput swings with other people's load; CPU time per delivery much less, so the
 * benchmarks read each server's CPU time before and after a run.
 */
import { createServer } from "node:http";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * Serves `listener` on 127.0.0.1 (any port) beside `/__cpu`, then prints `ready <port>`.
 * `cpuReport` adds fields to the `/__cpu` answer; `routes` maps further paths to actions answered `{}`
 * once they settle (e.g. starting and stopping a profiler).
 */
export function listenWithCpuTime(listener, { cpuReport = () => ({}), routes = {} } = {}) {
  const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    if (req.url === "/__cpu") {
      const { user, system } = process.cpuUsage();
      res.end(JSON.stringify({ micros: user + system, ...cpuReport() }));
      return;
    }
    const action = Object.hasOwn(routes, req.url ?? "") ? routes[req.url] : undefined;
    if (action) {
      Promise.resolve(action()).then(() => res.end("{}"));
      return;
    }
    listener(req, res);
  });
  server.listen(0, "127.0.0.1", () => process.stdout.write(`ready ${server.address().port}\n`));
  return server;
}

/** Resolves with the port a spawned server prints as `ready <port>`; rejects if it exits first. */
export function whenReady(child, label) {
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const match = /ready (\d+)/.exec(out);
      if (match) resolve({ child, port: Number(match[1]) });
    });
    child.on("exit", (code) => reject(new Error(`${label} exited ${code}`)));
  });
}

/** Sends `message` to a forked child and resolves with its first message of type `reply`. */
export function ask(child, message, reply) {
  return new Promise((resolve) => {
    const onMessage = (m) => {
      if (m.type === reply) {
        child.off("message", onMessage);
        resolve(m);
      }
    };
    child.on("message", onMessage);
    child.send(message);
  });
}

/** The CPU time (µs) a server started with `listenWithCpuTime` has used so far. */
export const cpuMicros = async (port) =>
  (await (await fetch(`http://127.0.0.1:${port}/__cpu`)).json()).micros;

/** The webhooks of a spec as a receiver definition lists them (name, methods, media types). */
export function webhooksOf(spec) {
  return Object.entries(spec.webhooks).map(([name, item]) => ({
    name,
    methods: Object.keys(item).filter((m) => m !== "parameters"),
    mediaTypes: Object.keys(item.post?.requestBody?.content ?? {}),
  }));
}

/** An entry of @contract/runtime (`webhooks`, `node`), or of another build of it in `runtimeDir` (e.g. an older commit's). */
export const loadRuntime = (entry, runtimeDir) =>
  runtimeDir
    ? import(pathToFileURL(join(runtimeDir, "dist", entry, "index.js")).href)
    : import(/* @vite-ignore */ `@contract/runtime/${entry}`);
