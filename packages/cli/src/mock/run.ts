/**
 * What `contract mock` does once flags are parsed: read and check the contract, start the mock,
 * print its URL first, log one line per request, push webhooks when asked, and close cleanly on
 * SIGINT/SIGTERM.
 */
import { blocksGeneration, buildIR, loadSpec, validateSpec } from "@contract/core";
import type { RunningMock } from "@contract/mock";
import { CONFIG_FILE_NAMES, findConfig } from "../config.js";
import { CliExit, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from "../exit-codes.js";
import { tellFindings } from "../format/index.js";
import type { CliIO } from "../io.js";
import { resolveTriggerContract } from "../trigger/contract.js";
import { assertCanSign, signatureFor } from "../webhook-flags.js";
import { parseInterval } from "./interval.js";

export interface MockFlags {
  port: string;
  host: string;
  seed: string;
  cors?: boolean;
  validate: boolean;
  quiet?: boolean;
  emit?: string;
  to?: string;
  every?: string;
  example?: string;
  secret?: string;
  signature?: string;
  config?: string;
  contract?: string;
}

const usage = (message: string) => new CliExit(EXIT_USAGE, `error: ${message}`);

export async function runMock(spec: string | undefined, flags: MockFlags, io: CliIO): Promise<number> {
  if (!/^\d+$/.test(flags.port) || Number(flags.port) > 65535)
    throw usage(`--port must be a port number, got ${JSON.stringify(flags.port)}`);
  if ((flags.emit === undefined) !== (flags.to === undefined))
    throw usage("--emit <webhook> and --to <receiver URL> go together");
  if (flags.every !== undefined && flags.emit === undefined)
    throw usage("--every repeats --emit: pass --emit too");
  const every = flags.every === undefined ? undefined : parseInterval(flags.every);
  if (every === null) throw usage(`--every ${JSON.stringify(flags.every)}: expected e.g. 5s, 500ms or 1m`);

  if (spec === undefined && flags.config === undefined && (await findConfig(io.cwd)) === undefined) {
    throw usage(
      `which spec? \`contract mock <openapi file>\` (or run it next to a ${CONFIG_FILE_NAMES.join(" / ")})`,
    );
  }
  const contract = await resolveTriggerContract(
    {
      ...(spec !== undefined ? { spec } : {}),
      ...(flags.config ? { config: flags.config } : {}),
      ...(flags.contract ? { contract: flags.contract } : {}),
    },
    io.cwd,
  );
  const loaded = await loadSpec(contract.spec, contract.load);
  // Findings that would make generated code wrong would make the mock's answers wrong too.
  const blocking = validateSpec(loaded).filter((d) => blocksGeneration(d));
  if (blocking.length > 0) {
    tellFindings(io, {
      spec: contract.spec,
      diagnostics: blocking,
      sourceText: (f) => loaded.sourceText(f),
      passed: false,
    });
    return EXIT_FINDINGS;
  }
  const ir = buildIR(loaded.document);
  // The flag, the config, then the scheme the spec declares, as `trigger` chooses it.
  const signature = signatureFor(flags.signature, contract.signature, ir.document);
  const secret = flags.secret ?? process.env.CONTRACT_WEBHOOK_SECRET;
  if (flags.emit !== undefined && !secret)
    throw usage("--emit needs a signing secret: --secret (or $CONTRACT_WEBHOOK_SECRET)");
  if (secret !== undefined) await assertCanSign(signature, secret);

  const { createMock, findWebhook, serveMock, summarize } = await import("@contract/mock");
  if (flags.emit !== undefined && !findWebhook(ir, flags.emit)) {
    const known = ir.webhooks.map((w) => w.name).join(", ") || "(none)";
    throw usage(`no webhook ${JSON.stringify(flags.emit)} in ${contract.spec}; known: ${known}`);
  }
  const mock = createMock(ir, {
    seed: flags.seed,
    cors: flags.cors === true,
    validateRequests: flags.validate,
    signature,
    ...(secret !== undefined ? { secret } : {}),
  });
  let running: RunningMock;
  try {
    running = await serveMock(mock, {
      port: Number(flags.port),
      host: flags.host,
      ...(flags.quiet
        ? {}
        : {
            onRequest: (e) =>
              io.stdout(
                `${e.method} ${e.url} → ${e.status} (${e.durationMs.toFixed(1)} ms)` +
                  (e.problem ? ` — the answer breaks its schema: ${e.problem}` : "") +
                  "\n",
              ),
          }),
    });
  } catch (error) {
    throw usage(`cannot listen on ${flags.host}:${flags.port}: ${(error as Error).message}`);
  }
  io.stdout(`${running.url}\n`);
  io.stderr(
    `mocking ${ir.operations.length} operation(s) of ${ir.title} ${ir.version}` +
      (ir.webhooks.length > 0 ? `; webhooks: POST ${running.url}/__contract/emit/<webhook>` : "") +
      "\n",
  );

  let timer: NodeJS.Timeout | undefined;
  if (flags.emit !== undefined && flags.to !== undefined) {
    const name = flags.emit;
    const to = flags.to;
    let sent = 0;
    const push = async () => {
      sent++;
      try {
        const result = summarize(
          await mock.emit(name, {
            to,
            seed: `${flags.seed}:${sent}`,
            ...(flags.example ? { example: flags.example } : {}),
          }),
        );
        io.stdout(`emit ${name} → ${to}: ${result.ok ? "delivered" : "failed"} ${JSON.stringify(result)}\n`);
      } catch (error) {
        io.stderr(`error: emit ${name}: ${(error as Error).message}\n`);
      }
    };
    await push();
    if (every !== undefined) timer = setInterval(() => void push(), every);
  }

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  if (timer) clearInterval(timer);
  await running.close();
  io.stderr("mock stopped\n");
  return EXIT_OK;
}
