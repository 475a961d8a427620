/**
 * `contract mock <spec>`: serves every operation of a contract on a local port (request validation,
 * examples or seeded synthesized answers, `Prefer` headers) and pushes signed webhooks, with
 * `--emit/--to/--every` or `POST /__contract/emit/<webhook>`. The work is in ../mock/run.ts,
 * imported only when the command runs.
 *
 * Exit codes: 0 stopped by SIGINT/SIGTERM, 1 the spec cannot be mocked (located findings), 2 could
 * not run (bad flags, port taken).
 */
import type { Command } from "commander";
import { CliExit, EXIT_OK } from "../exit-codes.js";
import type { CliIO } from "../io.js";
import type { MockFlags } from "../mock/run.js";
import { SIGNATURE_HELP_WITH_CONFIG } from "./signature-help.js";

export function registerMock(program: Command, io: CliIO): void {
  program
    .command("mock")
    .description("Serve a mock of the contract's API: validated requests, example or synthesized answers")
    .argument("[spec]", "OpenAPI file (default: the contract of contract.config.*)")
    .option("-p, --port <port>", "port to listen on (0: any free port)", "4010")
    .option("--host <host>", "interface to listen on", "127.0.0.1")
    .option("--seed <seed>", "seed of synthesized bodies: same seed and request, same answer", "0")
    .option("--cors", "answer CORS preflights and allow every origin")
    .option("--no-validate", "answer without checking requests against the contract")
    .option("-q, --quiet", "do not log one line per request")
    .option("--emit <webhook>", "push this webhook to --to once started (see --every)")
    .option("--to <url>", "receiver URL of --emit, e.g. http://127.0.0.1:3000/webhooks")
    .option("--every <interval>", "repeat --emit at this interval, e.g. 5s, 500ms, 1m")
    .option("-e, --example <name>", "named example of the webhook body for --emit")
    .option("-s, --secret <secret>", "webhook signing secret (default: $CONTRACT_WEBHOOK_SECRET)")
    .option("--signature <scheme>", SIGNATURE_HELP_WITH_CONFIG)
    .option(
      "-c, --config <file>",
      "config file (default: contract.config.json/.yaml/.yml in the working folder)",
    )
    .option("--contract <name>", "which contract of the config")
    .addHelpText(
      "after",
      [
        "",
        "The first line on stdout is the mock's URL. Requests may send `Prefer: code=404`,",
        "`Prefer: example=<name>` or `Prefer: dynamic=true`. Webhooks can also be pushed with",
        '`POST /__contract/emit/<webhook>` and a body `{ "to": "<receiver URL>", "example"?: "<name>" }`.',
        "",
        "Exit codes: 0 stopped by a signal, 1 the spec cannot be mocked, 2 could not run.",
      ].join("\n"),
    )
    .action(async (spec: string | undefined, flags: MockFlags) => {
      const { runMock } = await import("../mock/run.js");
      const code = await runMock(spec, flags, io);
      if (code !== EXIT_OK) throw new CliExit(code);
    });
}
