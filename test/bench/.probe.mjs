// scratch probe (not committed)
import bench from "./benchmarks/redis-workers.mjs";
const state = await bench.setup();
const c = bench.cases[Number(process.argv[2] ?? 2)];
await c.before(state);
await state.redis.config("SET", "slowlog-log-slower-than", "0");
await state.redis.config("SET", "slowlog-max-len", "100000");
await state.redis.slowlog("RESET");
await c.run(state);
const log = await state.redis.slowlog("GET", 100000);
const groups = {};
for (const [, , usec, args] of log) {
  const key = args[0].toLowerCase() === "evalsha" ? `evalsha ${args[1].slice(0,8)} ${args[3] ?? ""}` : args[0].toLowerCase();
  const g = (groups[key] ??= { calls: 0, usec: 0 });
  g.calls++; g.usec += usec;
}
for (const [k, g] of Object.entries(groups).sort((a, b) => b[1].usec - a[1].usec).slice(0, 15))
  console.log(k.padEnd(70), g.calls, g.usec, (g.usec / 3000).toFixed(1), "µs/delivery");
await bench.teardown(state);
