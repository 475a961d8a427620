import { processIO } from "./io.js";
import { runCli } from "./program.js";

// A reader that closes the pipe early (`contract … | head -1`) is normal shell use, not a failure:
// stop writing and keep the exit code.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(process.exitCode ?? 0);
  });
}

process.exitCode = await runCli(process.argv.slice(2), processIO());
