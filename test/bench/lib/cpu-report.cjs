// Preloaded (`node --require`) into every benchmarked process: on exit, writes the process's own
// CPU time (user + system, all threads) to the file named by CONTRACT_BENCH_CPU_FILE. On a shared,
// loaded machine wall time mostly measures waiting for a core; CPU time measures the work.
const file = process.env.CONTRACT_BENCH_CPU_FILE;
if (file) {
  process.on("exit", () => {
    const { user, system } = process.cpuUsage();
    require("node:fs").writeFileSync(file, String((user + system) / 1000));
  });
}
