// Preloaded (NODE_OPTIONS=--require) into a benchmarked process: on exit, writes the process's peak
// resident set size in bytes (all threads) to the file named by CONTRACT_BENCH_RSS_FILE.
const file = process.env.CONTRACT_BENCH_RSS_FILE;
if (file) {
  process.on("exit", () => {
    require("node:fs").writeFileSync(file, String(process.resourceUsage().maxRSS * 1024));
  });
}
