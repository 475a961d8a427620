export { CliExit, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from "./exit-codes.js";
export { type CliIO, processIO } from "./io.js";
export { buildProgram, runCli } from "./program.js";
