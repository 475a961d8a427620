/**
 * What an answer to one delivery case says about the receiver. 5xx and no answer are reported on
 * any case (a provider retries them: the receiver failed, it did not decide); otherwise the status
 * is held against what the case expects.
 */
import type { Finding } from "../../findings/finding.js";
import type { WebhookContract } from "../contract.js";
import { curlCommand } from "../curl.js";
import { specPlace } from "../located.js";
import type { CaseKind, DeliveryCase } from "./cases.js";
import type { HandshakeCase } from "./handshakes.js";
import type { Answer } from "./send.js";

/** The rule of a refused-case that was accepted. */
const ACCEPTED: Partial<Record<CaseKind, { rule: string; what: string }>> = {
  unsigned: { rule: "accepted-unsigned", what: "an unsigned delivery" },
  tampered: { rule: "accepted-tampered", what: "a delivery whose body is not the one signed" },
  "wrong-secret": { rule: "accepted-wrong-secret", what: "a delivery signed with another secret" },
  stale: { rule: "accepted-stale", what: "a delivery signed outside the replay window" },
};

const is2xx = (status: number) => status >= 200 && status <= 299;

export function judge(contract: WebhookContract, item: DeliveryCase, answer: Answer): Finding | undefined {
  const { webhook } = item.target;
  const base = {
    subject: "webhook-receiver" as const,
    operation: webhook.name,
    request: { ...item.request, curl: curlCommand(item.request) },
    ...specPlace(contract, webhook.pointer),
  };
  if ("error" in answer) {
    return { ...base, rule: "server-error", severity: "error", message: `${item.label}: ${answer.error}` };
  }
  const { status, excerpt } = answer;
  const said = `answered ${status}${excerpt ? `: ${excerpt}` : ""}`;
  if (status >= 500) {
    return { ...base, rule: "server-error", severity: "error", status, message: `${item.label}: ${said}` };
  }
  if (item.kind === "valid" && !is2xx(status)) {
    return { ...base, rule: "rejected-valid", severity: "error", status, message: `${item.label}: ${said}` };
  }
  if (item.kind === "replay" && !is2xx(status)) {
    return {
      ...base,
      rule: "rejected-replay",
      severity: "warning",
      status,
      message: `${item.label}: ${said}; a provider retries a delivery whose answer it did not get, and a non-2xx makes it retry again`,
    };
  }
  if (item.kind === "schema-invalid" && is2xx(status)) {
    return {
      ...base,
      rule: "accepted-invalid-payload",
      severity: "warning",
      status,
      message: `${item.label}: ${said}; right only if the receiver means to accept payloads that drift from the schema`,
    };
  }
  const accepted = ACCEPTED[item.kind];
  if (accepted && is2xx(status)) {
    return {
      ...base,
      rule: accepted.rule,
      severity: "error",
      status,
      message: `${item.label}: accepted ${accepted.what} (${status}); it must answer 4xx`,
    };
  }
  return undefined;
}

/**
 * What an answer to a handshake says: 5xx and no answer as for deliveries; otherwise the
 * provider's own check of the answer, or, for a request the scheme refuses, any 2xx. Handshakes
 * belong to the endpoint, not to one webhook: findings point at the spec's `webhooks`.
 */
export function judgeHandshake(contract: WebhookContract, item: HandshakeCase, answer: Answer): Finding[] {
  const base = {
    subject: "webhook-receiver" as const,
    operation: item.name,
    request: { ...item.shown, curl: curlCommand(item.shown) },
    ...specPlace(contract, "/webhooks"),
  };
  if ("error" in answer)
    return [{ ...base, rule: "server-error", severity: "error", message: `${item.label}: ${answer.error}` }];
  const { status, excerpt } = answer;
  if (status >= 500) {
    const said = `answered ${status}${excerpt ? `: ${excerpt}` : ""}`;
    return [{ ...base, rule: "server-error", severity: "error", status, message: `${item.label}: ${said}` }];
  }
  const { expect } = item;
  if (expect.kind === "answer")
    return expect.check(answer).map((problem) => ({
      ...base,
      ...problem,
      status,
      message: `${item.label}: ${problem.message}`,
    }));
  if (!is2xx(status)) return [];
  return [
    {
      ...base,
      rule: expect.rule,
      severity: "error",
      status,
      message: `${item.label}: accepted ${expect.what} (${status}); it must answer 4xx`,
    },
  ];
}
