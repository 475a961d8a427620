/** How `contract trigger` shows what it sent and what came back. */
import type { IRWebhook, PayloadSource } from "@contract/core";
import type { DeliveryAttempt } from "@contract/runtime/sender";

const MAX_BODY_LINES = 200;

function body(text: string): string {
  if (text === "") return "  (no body)\n";
  let shown = text;
  try {
    shown = JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    // not JSON: shown as received
  }
  const lines = shown.split("\n");
  const cut = lines.length > MAX_BODY_LINES;
  return `${(cut ? lines.slice(0, MAX_BODY_LINES) : lines).map((l) => `  ${l}`).join("\n")}${
    cut ? `\n  … ${lines.length - MAX_BODY_LINES} more lines` : ""
  }\n`;
}

const headerLines = (headers: Record<string, string>) =>
  Object.entries(headers)
    .map(([k, v]) => `  ${k}: ${v}\n`)
    .join("");

export type TriggerSource = PayloadSource | { kind: "file"; path: string } | { kind: "none" };

export function describeSource(source: TriggerSource): string {
  switch (source.kind) {
    case "none":
      return "no payload: the webhook declares no request body";
    case "file":
      return `payload from ${source.path}`;
    case "example":
      return `payload: the spec's example${source.name ? ` "${source.name}"` : ""} (#${source.pointer})`;
    case "synthesized":
      return `payload: synthesized from the schema (--seed ${source.seed}${source.attempt ? `, attempt ${source.attempt + 1}` : ""})`;
  }
}

export function formatAttempt(attempt: DeliveryAttempt): string {
  const { request } = attempt;
  let out = `→ ${request.method} ${request.url}${attempt.attempt > 1 ? ` (attempt ${attempt.attempt})` : ""}\n`;
  out += headerLines(request.headers);
  out += `\n${body(request.body)}\n`;
  if (attempt.error) {
    out += `✗ no answer: ${attempt.error.message} (${attempt.durationMs} ms)\n`;
  } else {
    out += `← ${attempt.status} (${attempt.durationMs} ms)\n${headerLines(attempt.responseHeaders ?? {})}`;
    if (attempt.responseBody) out += `\n${body(attempt.responseBody)}`;
  }
  if (attempt.nextDelayMs !== undefined) out += `  retrying in ${attempt.nextDelayMs} ms\n`;
  return `${out}\n`;
}

export function formatList(webhooks: readonly IRWebhook[], hasExample: (w: IRWebhook) => boolean): string {
  if (webhooks.length === 0) return "The contract declares no webhooks.\n";
  const rows = webhooks.map((w) => {
    const media = w.requestBody?.content.map((c) => c.mediaType).join(", ") || "(no body)";
    const id = w.operationId && w.operationId !== w.name ? ` (${w.operationId})` : "";
    return `  ${w.name}${id}  ${w.method.toUpperCase()} ${media}${hasExample(w) ? "  [example]" : ""}${
      w.summary ? `  — ${w.summary.replace(/\s+/g, " ")}` : ""
    }`;
  });
  return `${webhooks.length} webhook${webhooks.length === 1 ? "" : "s"}:\n${rows.join("\n")}\n`;
}
