/**
 * `contract verify <spec>`: checks a running system against the contract.
 * - `--base-url <url>`: an API provider's paths (../verify/paths-run.ts);
 * - `--webhooks --url <endpoint>`: a consumer's webhook receiver (../verify/webhooks-run.ts);
 * - `--listen <port>`: a provider's real webhook deliveries (../verify/webhooks-run.ts).
 * The work is imported only when the command runs.
 *
 * Exit codes: 0 nothing found, 1 findings, 2 could not run (bad flags, unreadable spec, nothing
 * listening at the base URL).
 */
import type { Command } from "commander";
import { CliExit, EXIT_OK, EXIT_USAGE } from "../exit-codes.js";
import type { CliIO } from "../io.js";
import { SIGNATURE_HELP_SPEC_ONLY } from "./signature-help.js";

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Every flag of `contract verify`; each mode reads the ones it needs. */
export interface VerifyFlags {
  baseUrl?: string;
  webhooks?: boolean;
  url?: string;
  listen?: string;
  format?: string;
  output?: string;
  tag?: string[];
  operation?: string[];
  path?: string[];
  webhook?: string[];
  header?: string[];
  credential?: string[];
  seed?: string;
  maxRequests?: string;
  concurrency?: string;
  timeout?: string;
  rate?: string;
  secret?: string;
  signature?: string;
  verifyToken?: string;
  synthesized?: string;
  route?: string[];
  status?: string;
  duration?: string;
}

export function registerVerify(program: Command, io: CliIO): void {
  program
    .command("verify")
    .description("Check a running API provider, webhook receiver or webhook sender against the contract")
    .argument("<spec>", "OpenAPI file (YAML or JSON)")
    .option("--base-url <url>", "verify the provider's paths at this base URL (only it is called)")
    .option(
      "--webhooks",
      "verify a webhook receiver: send it signed, unsigned, tampered and stale deliveries",
    )
    .option("-u, --url <url>", "the receiver's endpoint for --webhooks")
    .option("--listen <port>", "receive a provider's deliveries on this port and check each one")
    .option("-f, --format <format>", "human | json | github | junit", "human")
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .option("--tag <tag>", "only operations with this tag (repeatable)", collect)
    .option("--operation <operationId>", "only this operation (repeatable)", collect)
    .option("--path <path>", "only operations of this path template (repeatable)", collect)
    .option("--webhook <name>", "only this webhook (repeatable)", collect)
    .option("-H, --header <header>", "extra request header `Name: value`, e.g. auth (repeatable)", collect)
    .option(
      "--credential <scheme=value>",
      "credential for a security scheme of the spec, sent where the scheme says (header, query or cookie); `scheme` alone reads $CONTRACT_CREDENTIAL_<SCHEME> (repeatable)",
      collect,
    )
    .option("--seed <seed>", "seed of the synthesized requests (same seed, same requests)", "1")
    .option("--max-requests <n>", "stop after this many requests in all")
    .option("--concurrency <n>", "requests in flight at once", "4")
    .option("--timeout <ms>", "per-request timeout in milliseconds", "10000")
    .option("--rate <n>", "at most this many requests per second")
    .option("-s, --secret <secret>", "webhook signing secret (default: $CONTRACT_WEBHOOK_SECRET)")
    .option("--signature <scheme>", SIGNATURE_HELP_SPEC_ONLY)
    .option(
      "--verify-token <token>",
      "--signature meta: the hub.verify_token of Meta's handshake, sent with --webhooks, expected with --listen (default: $CONTRACT_WEBHOOK_VERIFY_TOKEN)",
    )
    .option(
      "--synthesized <n>",
      "--webhooks: synthesized valid deliveries per webhook, besides the examples",
      "2",
    )
    .option(
      "--route <template>",
      "--listen: how a delivery names its webhook, e.g. `{header:X-GitHub-Event|kebab}-{body:action}` (repeatable, first match wins)",
      collect,
    )
    .option("--status <code>", "--listen: the status every delivery is answered with", "200")
    .option("--duration <seconds>", "--listen: stop after this long (also stops on SIGINT/SIGTERM)")
    .addHelpText("after", "\nExit codes: 0 nothing found, 1 findings, 2 could not run.")
    .action(async (spec: string, flags: VerifyFlags) => {
      const modes = [flags.baseUrl, flags.webhooks, flags.listen].filter((m) => m !== undefined);
      if (modes.length !== 1) {
        throw new CliExit(EXIT_USAGE, "verify: give exactly one of --base-url, --webhooks or --listen");
      }
      const code = flags.baseUrl
        ? await (await import("../verify/paths-run.js")).runVerifyPaths(spec, flags, io)
        : await (await import("../verify/webhooks-run.js")).runVerifyWebhooks(spec, flags, io);
      if (code !== EXIT_OK) throw new CliExit(code);
    });
}
