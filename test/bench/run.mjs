/**
 * `pnpm bench [-- <filter>...] [--runs N]`: runs every module in ./benchmarks (or those whose name
 * contains a filter), each case of a module interleaved run by run so machine noise hits all cases
 * alike, and prints one markdown table of medians with ratios to each module's baseline case.
 * How to write a module: see README.md.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { benchDir } from "./lib/paths.mjs";
import { median } from "./lib/stats.mjs";

const args = process.argv.slice(2).filter((a) => a !== "--");
const runsFlag = args.indexOf("--runs");
const runsOverride = runsFlag === -1 ? undefined : Number(args[runsFlag + 1]);
const filters = args.filter((a, i) => !a.startsWith("--") && (runsFlag === -1 || i !== runsFlag + 1));

const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`);

async function loadModules() {
  const files = (await readdir(join(benchDir, "benchmarks"))).filter((f) => f.endsWith(".mjs")).sort();
  const modules = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(benchDir, "benchmarks", file)).href)).default;
    if (!mod?.name || !Array.isArray(mod.cases))
      throw new Error(`benchmarks/${file}: default export needs name and cases`);
    if (filters.length === 0 || filters.some((f) => mod.name.toLowerCase().includes(f.toLowerCase())))
      modules.push(mod);
  }
  return modules;
}

async function runModule(mod) {
  const scratch = await mkdtemp(join(tmpdir(), `bench-${mod.name}-`));
  const runs = runsOverride ?? mod.runs ?? 5;
  const results = mod.cases.map((c) => ({ case: c, times: [], cpu: [], error: undefined }));
  try {
    const state = mod.setup ? await mod.setup({ scratch }) : {};
    // `round.warmup`: the untimed warm-up round, which cases keeping figures of their own leave out.
    const once = async (r, round) => {
      if (r.error) return undefined;
      try {
        if (r.case.before) await r.case.before(state);
        globalThis.gc?.();
        const cpuBefore = process.cpuUsage();
        const started = performance.now();
        const result = await r.case.run(state, round);
        const wall = performance.now() - started;
        // A case that runs a process reports that process's CPU time; in-process cases get ours.
        const own = process.cpuUsage(cpuBefore);
        const cpu = typeof result?.cpuMs === "number" ? result.cpuMs : (own.user + own.system) / 1000;
        return { wall, cpu };
      } catch (error) {
        r.error = error instanceof Error ? error.message : String(error);
        return undefined;
      }
    };
    for (let w = 0; w < (mod.warmup ?? 1); w++) for (const r of results) await once(r, { warmup: true });
    for (let i = 0; i < runs; i++) {
      // rotate the order each round so no case always runs first (cold caches) or last
      for (let k = 0; k < results.length; k++) {
        const r = results[(i + k) % results.length];
        const measured = await once(r, { warmup: false });
        if (measured !== undefined) {
          r.times.push(measured.wall);
          r.cpu.push(measured.cpu);
        }
      }
      process.stderr.write(".");
    }
    if (mod.teardown) await mod.teardown(state);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return { mod, runs, results };
}

function ratio(value, baseline) {
  if (baseline === undefined || !baseline) return "";
  const x = value / baseline;
  return `${x.toFixed(2)}× (${x < 1 ? `${(1 / x).toFixed(1)}× faster` : `${x.toFixed(1)}× slower`})`;
}

function table(outcomes) {
  const rows = [
    "| benchmark | case | median (wall) | min | max | CPU time (median) | runs | ratio to baseline (wall) | ratio (CPU) |",
    "|---|---|---:|---:|---:|---:|---:|---|---|",
  ];
  for (const { mod, results } of outcomes) {
    const base = results.find((r) => r.case.baseline) ?? results[0];
    const baseMedian = base.times.length ? median(base.times) : undefined;
    const baseCpu = base.cpu.length ? median(base.cpu) : undefined;
    for (const r of results) {
      const label = `${r.case.name}${r === base ? " (baseline)" : ""}`;
      if (r.error || r.times.length === 0) {
        const why = String(r.error).replace(/\|/g, "\\|").slice(0, 160);
        rows.push(`| ${mod.title ?? mod.name} | ${label} | failed: ${why} | | | | | | |`);
        continue;
      }
      const m = median(r.times);
      const c = median(r.cpu);
      const wallRatio = r !== base ? ratio(m, baseMedian) : "";
      const cpuRatio = r !== base ? ratio(c, baseCpu) : "";
      const range = `${fmt(Math.min(...r.times))} | ${fmt(Math.max(...r.times))}`;
      rows.push(
        `| ${mod.title ?? mod.name} | ${label} | ${fmt(m)} | ${range} | ${fmt(c)} | ${r.times.length} | ${wallRatio} | ${cpuRatio} |`,
      );
    }
  }
  return rows.join("\n");
}

const modules = await loadModules();
if (modules.length === 0) {
  console.error(`no benchmark matches ${filters.join(", ")}`);
  process.exit(2);
}
const outcomes = [];
for (const mod of modules) {
  process.stderr.write(`${mod.name} `);
  outcomes.push(await runModule(mod));
  process.stderr.write("\n");
}
const [l1] = loadavg();
console.log(
  `\nNode ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? "?"}), load average ${l1.toFixed(2)} at the end\n`,
);
console.log(table(outcomes));
if (outcomes.some((o) => o.results.some((r) => r.error))) process.exitCode = 1;
