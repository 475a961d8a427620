/**
 * Receiver conformance: first the handshakes of the signature scheme's provider (./handshakes.ts),
 * one after the other as a provider sends them; then for each webhook, the delivery cases of
 * ./cases.ts, sent to the one URL given, `concurrency` sequences at a time. At most `maxRequests`
 * requests in all, and each answer is judged. What is left when the request budget is spent is
 * reported as skipped.
 */
import {
  resolveSignatureScheme,
  type SignatureConfig,
  type SignatureScheme,
} from "@contract/runtime/webhooks";
import type { Finding, VerifyReport } from "../../findings/finding.js";
import { hideRequestSecrets } from "../../findings/redact.js";
import { selectWebhooks, type WebhookContract } from "../contract.js";
import { type CaseContext, type CaseSequence, casesFor, STALE_SECONDS, schemeTraits } from "./cases.js";
import { handshakeCases } from "./handshakes.js";
import { judge, judgeHandshake } from "./judge.js";
import { pacer } from "./pace.js";
import { validPayloads } from "./payloads.js";
import { sendRequest } from "./send.js";
import { otherSecret } from "./wrong-secret.js";

export interface ReceiverCheckOptions {
  contract: WebhookContract;
  /** The receiver's endpoint: the only URL called. */
  url: string;
  secret: string;
  signature: SignatureConfig;
  /** Meta's `hub.verify_token`, for its `hub.challenge` handshake (without it, only a wrong one is sent). */
  verifyToken?: string;
  /** Only these webhooks (name or operationId); default every one. */
  webhooks?: readonly string[];
  /** Seed of the synthesized payloads (same seed, same payloads). */
  seed?: string;
  /** Synthesized valid payloads per webhook, besides the spec's examples. Default 2. */
  synthesized?: number;
  timeoutMs?: number;
  concurrency?: number;
  maxRequests?: number;
  /** At most this many requests start per second. */
  ratePerSecond?: number;
  /** Sent on every delivery (e.g. auth of a gateway in front of the receiver). */
  headers?: Record<string, string>;
  /** Called after each answer (progress). */
  onAnswer?: (done: number) => void;
}

export async function checkReceiver(options: ReceiverCheckOptions): Promise<VerifyReport> {
  const { contract } = options;
  const scheme = resolveSignatureScheme(options.signature, options.secret);
  const context: CaseContext = {
    url: options.url,
    document: contract.document,
    seed: options.seed ?? "1",
    scheme,
    wrongScheme: await wrongScheme(options.signature, options.secret),
    traits: await schemeTraits(scheme),
    extraHeaders: options.headers ?? {},
  };
  const report: VerifyReport = { findings: [], exchanges: 0, checked: [], skipped: [] };
  const { selected } = selectWebhooks(contract, options.webhooks);
  const planned: Array<{ name: string; sequences: CaseSequence[] }> = [];
  for (const target of selected) {
    const { payloads, notes } = validPayloads(
      target,
      contract.document,
      context.seed,
      options.synthesized ?? 2,
    );
    for (const note of notes) report.skipped.push({ operation: target.webhook.name, reason: note });
    if (payloads.length === 0) {
      report.skipped.push({ operation: target.webhook.name, reason: "no valid payload to send" });
      continue;
    }
    planned.push({ name: target.webhook.name, sequences: await casesFor(target, payloads, context) });
  }
  if (!context.traits.timestamped)
    report.skipped.push({
      operation: "(every webhook)",
      reason: `no stale delivery: the ${scheme.name} scheme signs no timestamp (${STALE_SECONDS} s old would look fresh)`,
    });
  if (!context.traits.bodySigned)
    report.skipped.push({
      operation: "(every webhook)",
      reason: scheme.signBody
        ? `no tampered delivery: the ${scheme.name} scheme signs inside the body, some of its fields at most`
        : `no tampered delivery: the ${scheme.name} scheme does not sign the body (it sends a shared secret, or signs other parts of the request)`,
    });
  if (!context.wrongScheme)
    report.skipped.push({
      operation: "(every webhook)",
      reason: `no wrong-secret delivery: no other key can be made for the ${scheme.name} scheme`,
    });

  const handshakes = await handshakeCases({
    url: options.url,
    scheme,
    secret: options.secret,
    verifyToken: options.verifyToken,
    extraHeaders: context.extraHeaders,
  });
  for (const note of handshakes.notes) report.skipped.push({ operation: "(handshake)", reason: note });

  let budget = options.maxRequests ?? Number.POSITIVE_INFINITY;
  const queue = planned.flatMap(({ name, sequences }) => sequences.map((sequence) => ({ name, sequence })));
  const sent = new Map<string, number>();
  const findings: Finding[] = [];
  const pace = pacer(options.ratePerSecond);
  const timeoutMs = options.timeoutMs ?? 10_000;
  // A provider checks the endpoint before it delivers: the handshakes go first, one at a time.
  for (const item of handshakes.cases) {
    if (budget <= 0) break;
    budget--;
    await pace();
    const answer = await sendRequest(item.request, timeoutMs);
    report.exchanges++;
    sent.set(item.name, (sent.get(item.name) ?? 0) + 1);
    options.onAnswer?.(report.exchanges);
    findings.push(...judgeHandshake(contract, item, answer));
  }
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      for (const item of next.sequence) {
        if (budget <= 0) return;
        budget--;
        await pace();
        const answer = await sendRequest(item.request, timeoutMs);
        report.exchanges++;
        sent.set(next.name, (sent.get(next.name) ?? 0) + 1);
        options.onAnswer?.(report.exchanges);
        const finding = judge(contract, item, answer);
        if (finding) findings.push(finding);
      }
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 4, queue.length || 1));
  await Promise.all(Array.from({ length: workers }, worker));

  const totals = new Map<string, number>();
  for (const { name } of handshakes.cases) totals.set(name, (totals.get(name) ?? 0) + 1);
  for (const { name, sequences } of planned)
    totals.set(
      name,
      sequences.reduce((n, s) => n + s.length, 0),
    );
  for (const [name, total] of totals) {
    const done = sent.get(name) ?? 0;
    if (done === total) report.checked.push(name);
    else
      report.skipped.push({
        operation: name,
        reason: `--max-requests reached: ${done} of ${total} requests sent`,
      });
  }
  // Answers arrive in any order: sorted, the same run gives the same report.
  // Shared-secret schemes (GitLab's token, Okta's authorization, Microsoft Graph's clientState)
  // send the secret itself: reports end up in CI logs, so it is hidden wherever it appears.
  report.findings = findings
    .map((f) =>
      f.request ? { ...f, request: hideRequestSecrets(f.request, secretForms(options.secret)) } : f,
    )
    .sort((a, b) => a.operation.localeCompare(b.operation) || a.rule.localeCompare(b.rule));
  return report;
}

/**
 * The secret as requests may carry it: as is (shared tokens), and base64-encoded (HTTP Basic
 * credentials, `Authorization: Basic <base64 of user:password>`).
 */
function secretForms(secret: string): string[] {
  return [secret, Buffer.from(secret).toString("base64")];
}

async function wrongScheme(signature: SignatureConfig, secret: string): Promise<SignatureScheme | undefined> {
  const other = otherSecret(secret);
  if (other === undefined) return undefined;
  try {
    const scheme = resolveSignatureScheme(signature, other);
    // Key-pair schemes import their key on first use: a secret they cannot use fails here, not mid-run.
    await scheme.sign({ body: "{}", id: "msg_probe", url: "http://127.0.0.1/" });
    return scheme;
  } catch {
    return undefined;
  }
}
