import type { VerifyFlags } from "../commands/verify.js";
import { EXIT_USAGE } from "../exit-codes.js";
import type { CliIO } from "../io.js";

/** Verifies a webhook receiver or sender; replaced by the real run. */
export async function runVerifyWebhooks(_spec: string, _flags: VerifyFlags, io: CliIO): Promise<number> {
  io.stderr("verify --webhooks and --listen: not available yet\n");
  return EXIT_USAGE;
}
