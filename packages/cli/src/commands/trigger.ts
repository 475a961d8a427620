/**
 * `contract trigger <webhook> --url <receiver>`: sends one correctly signed delivery of a webhook of
 * the contract to a receiver, like `stripe trigger` but for any contract. The work is in
 * ../trigger/run.ts, imported only when the command runs.
 *
 * Exit codes: 0 the receiver answered 2xx (or `--list`), 1 it answered something else, 2 could not
 * run (bad flags, unknown webhook, unreadable payload, no receiver listening).
 */
import type { Command } from "commander";
import { CliExit, EXIT_OK } from "../exit-codes.js";
import type { CliIO } from "../io.js";
import type { TriggerFlags } from "../trigger/run.js";
import { SIGNATURE_HELP_WITH_CONFIG } from "./signature-help.js";

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerTrigger(program: Command, io: CliIO): void {
  program
    .command("trigger")
    .description(
      "Send a signed delivery of a webhook to a local receiver (spec example or synthesized payload)",
    )
    .argument("[webhook]", "webhook name (or its operationId) as in the spec's `webhooks`")
    .option("-u, --url <url>", "receiver URL, e.g. http://127.0.0.1:3000/webhooks")
    .option("-s, --secret <secret>", "signing secret (default: $CONTRACT_WEBHOOK_SECRET)")
    .option("--signature <scheme>", SIGNATURE_HELP_WITH_CONFIG)
    .option(
      "-p, --payload <file>",
      "JSON file to send instead of the spec's example or a synthesized payload",
    )
    .option("-e, --example <name>", "send this named example of the webhook's body")
    .option("--synthesize", "ignore the spec's examples and synthesize a payload from the schema")
    .option("--seed <seed>", "seed of the synthesized payload (same seed, same payload); default random")
    .option("-H, --header <header>", "extra request header `Name: value` (repeatable)", collect)
    .option("--list", "list the contract's webhooks and exit")
    .option("--spec <file>", "OpenAPI file (default: the contract of contract.config.*)")
    .option(
      "-c, --config <file>",
      "config file (default: contract.config.json/.yaml/.yml in the working folder)",
    )
    .option("--contract <name>", "which contract of the config")
    .option("--timeout <ms>", "per-attempt timeout in milliseconds", "10000")
    .option("--retries <n>", "retries on network errors, 408, 429 and 5xx", "0")
    .addHelpText(
      "after",
      "\nExit codes: 0 the receiver answered 2xx, 1 it answered something else, 2 could not run.",
    )
    .action(async (webhook: string | undefined, flags: TriggerFlags) => {
      const { runTrigger } = await import("../trigger/run.js");
      const code = await runTrigger(webhook, flags, io);
      if (code !== EXIT_OK) throw new CliExit(code);
    });
}
