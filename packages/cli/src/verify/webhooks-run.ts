/**
 * `contract verify <spec> --webhooks --url <endpoint>` checks a consumer's receiver;
 * `contract verify <spec> --listen <port>` checks a provider's deliveries (and answers its
 * handshakes as a generated receiver would). Both read the contract,
 * resolve the signature scheme like `contract trigger`, run the check of @contract/verify and
 * print the report. Exit 1 when a finding is an error (warnings alone exit 0).
 */
import { resolve } from "node:path";
import { buildIR, loadSpec } from "@contract/core";
import { type RouteConfig, resolveSignatureScheme } from "@contract/runtime/webhooks";
import {
  checkReceiver,
  createDeliveryChecker,
  listenForDeliveries,
  selectWebhooks,
  type VerifyReport,
  type WebhookContract,
  webhookContract,
} from "@contract/verify";
import type { VerifyFlags } from "../commands/verify.js";
import { CliExit, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from "../exit-codes.js";
import type { CliIO } from "../io.js";
import { assertCanSign, parseHeaders, secretFor, signatureFor } from "../webhook-flags.js";
import { printReport } from "./print-webhooks-report.js";

const usage = (message: string) => new CliExit(EXIT_USAGE, `error: ${message}`);

export async function runVerifyWebhooks(spec: string, flags: VerifyFlags, io: CliIO): Promise<number> {
  const loaded = await loadSpec(resolve(io.cwd, spec));
  const contract = webhookContract({ document: loaded.document, locate: (p) => loaded.locate(p) });
  if (contract.webhooks.length === 0) throw usage(`${spec} declares no webhooks`);
  const { unknown } = selectWebhooks(contract, flags.webhook);
  if (unknown.length > 0) {
    const known = contract.webhooks.map((t) => t.webhook.name).join(", ");
    throw usage(`no webhook ${unknown.map((n) => JSON.stringify(n)).join(", ")} in ${spec}; known: ${known}`);
  }
  const signature = signatureFor(flags.signature, undefined, loaded.document);
  const secret = secretFor(flags.secret, "the webhooks' signing secret");
  usableKey(signature, secret, verifyTokenFor(flags));
  const report =
    flags.listen !== undefined
      ? await listen(contract, flags, io, { signature, secret })
      : await sendToReceiver(contract, flags, io, { signature, secret });
  await printReport(report, flags, io);
  return report.findings.some((f) => f.severity === "error") ? EXIT_FINDINGS : EXIT_OK;
}

type Signing = { signature: ReturnType<typeof signatureFor>; secret: string };

async function sendToReceiver(
  contract: WebhookContract,
  flags: VerifyFlags,
  io: CliIO,
  signing: Signing,
): Promise<VerifyReport> {
  if (!flags.url) throw usage("--webhooks needs --url <the receiver's endpoint>");
  let url: URL;
  try {
    url = new URL(flags.url);
  } catch {
    throw usage(`--url ${JSON.stringify(flags.url)} is not a URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw usage("--url must be http(s)");
  await assertCanSign(signing.signature, signing.secret);
  const verifyToken = verifyTokenFor(flags);
  const report = await checkReceiver({
    contract,
    url: url.toString(),
    ...signing,
    ...(verifyToken ? { verifyToken } : {}),
    webhooks: flags.webhook ?? [],
    seed: flags.seed ?? "1",
    synthesized: count(flags.synthesized ?? "2", "--synthesized"),
    timeoutMs: count(flags.timeout ?? "10000", "--timeout", 1),
    concurrency: count(flags.concurrency ?? "4", "--concurrency", 1),
    ...(flags.maxRequests !== undefined
      ? { maxRequests: count(flags.maxRequests, "--max-requests", 1) }
      : {}),
    ...(flags.rate !== undefined ? { ratePerSecond: count(flags.rate, "--rate", 1) } : {}),
    headers: parseHeaders(flags.header ?? []),
  });
  if (report.exchanges === 0 && report.checked.length === 0 && report.findings.length === 0)
    io.stderr("warning: nothing was sent (no webhook has a payload to send)\n");
  return report;
}

async function listen(
  contract: WebhookContract,
  flags: VerifyFlags,
  io: CliIO,
  signing: Signing,
): Promise<VerifyReport> {
  const port = count(flags.listen ?? "0", "--listen");
  const status = count(flags.status ?? "200", "--status", 100);
  if (status > 599) throw usage(`--status must be an HTTP status, got ${status}`);
  const { selected } = selectWebhooks(contract, flags.webhook);
  const scoped: WebhookContract = { ...contract, webhooks: selected };
  const verifyToken = verifyTokenFor(flags);
  const check = createDeliveryChecker({
    contract: scoped,
    ...signing,
    ...(verifyToken ? { verifyToken } : {}),
    route: await routeFor(scoped, flags.route ?? []),
  });
  let listener: Awaited<ReturnType<typeof listenForDeliveries>>;
  try {
    listener = await listenForDeliveries({
      check,
      port,
      status,
      webhooks: selected.map((t) => t.webhook.name),
      ...(flags.maxRequests !== undefined
        ? { maxRequests: count(flags.maxRequests, "--max-requests", 1) }
        : {}),
      ...(flags.duration !== undefined ? { durationMs: count(flags.duration, "--duration", 1) * 1000 } : {}),
      onDelivery: (webhook, findings) =>
        io.stderr(
          `received ${webhook ?? "(unknown webhook)"}: ${findings === 0 ? "ok" : `${findings} finding(s)`}\n`,
        ),
    });
  } catch (error) {
    throw usage(`cannot listen on 127.0.0.1:${port}: ${(error as Error).message}`);
  }
  // The first line of stdout, always: a provider's test suite reads the port from it.
  io.stdout(`listening on ${listener.url}\n`);
  const stop = () => listener.stop();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  try {
    return await listener.report;
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
}

/**
 * How deliveries name their webhook: `--route` templates (e.g. `{header:X-GitHub-Event|kebab}-{body:action}`),
 * else the body field a generated receiver would route by, else the payload schemas.
 */
async function routeFor(
  contract: WebhookContract,
  templates: readonly string[],
): Promise<RouteConfig | undefined> {
  if (templates.length > 0) return { by: "template", templates };
  if (contract.webhooks.length < 2) return undefined;
  const { detectRoute, webhookModels } = await import("@contract/codegen");
  const ir = buildIR(contract.document);
  const names = new Set(contract.webhooks.map((t) => t.webhook.name));
  const models = webhookModels(ir).filter((m) => names.has(m.name));
  return detectRoute(ir, models).route;
}

/**
 * A secret or key the scheme cannot use (not base64, not a key of its kind) is the user's input, so
 * a usage error said before anything is sent, not an internal one thrown from inside the check.
 * The same resolution both checks start with.
 */
function usableKey(signature: Signing["signature"], secret: string, verifyToken: string | undefined): void {
  try {
    resolveSignatureScheme(signature, secret, { verifyToken });
  } catch (error) {
    throw usage((error as Error).message);
  }
}

/** Meta's `hub.verify_token`: `--verify-token`, else $CONTRACT_WEBHOOK_VERIFY_TOKEN. */
const verifyTokenFor = (flags: VerifyFlags) => flags.verifyToken ?? process.env.CONTRACT_WEBHOOK_VERIFY_TOKEN;

function count(text: string, flag: string, min = 0): number {
  if (!/^\d+$/.test(text) || Number(text) < min)
    throw usage(`${flag} must be a whole number${min > 0 ? ` ≥ ${min}` : ""}, got ${JSON.stringify(text)}`);
  return Number(text);
}
