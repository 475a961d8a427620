import type { VerifyFlags } from "../commands/verify.js";
import { EXIT_USAGE } from "../exit-codes.js";
import type { CliIO } from "../io.js";

/** Verifies an API provider's paths; replaced by the real run. */
export async function runVerifyPaths(_spec: string, _flags: VerifyFlags, io: CliIO): Promise<number> {
  io.stderr("verify --base-url: not available yet\n");
  return EXIT_USAGE;
}
