/**
 * The valid payloads a receiver is sent for one webhook: every example of the spec that matches
 * the webhook's schema, then `count` payloads synthesized from the schema with derived seeds.
 * Examples that do not match are not sent as valid deliveries (a strict receiver is right to
 * refuse them); they are returned as notes instead.
 */
import { jsonLosses, mediaTypeExamples, payloadFor } from "@contract/core";
import type { WebhookTarget } from "../contract.js";

export interface ValidPayload {
  value: unknown;
  /** `example "paid" (#/webhooks/…/value)` or `synthesized (seed 1:0)`. */
  label: string;
}

export interface PayloadPlan {
  payloads: ValidPayload[];
  /** Why some candidates were not sent. */
  notes: string[];
}

const firstIssue = (target: WebhookTarget, value: unknown): string | undefined => {
  const issue = target.check?.(value)[0];
  return issue ? `${issue.pointer || "(root)"} ${issue.message}` : undefined;
};

export function validPayloads(
  target: WebhookTarget,
  document: unknown,
  seed: string,
  count: number,
): PayloadPlan {
  const { media } = target;
  // A webhook without a body: one empty delivery is all there is to send.
  if (!media) return { payloads: [{ value: undefined, label: "no body" }], notes: [] };
  const payloads: ValidPayload[] = [];
  const notes: string[] = [];
  for (const example of mediaTypeExamples(document, media.pointer)) {
    const label = `example${example.name ? ` "${example.name}"` : ""} (#${example.pointer})`;
    // YAML's `.nan` passes `type: number` in memory and is sent as null: judged as sent.
    const loss = jsonLosses(example.value)[0];
    const problem = firstIssue(target, example.value);
    if (loss) notes.push(`${label} changes when sent as JSON (${loss}): not sent as a valid delivery`);
    else if (problem)
      notes.push(`${label} does not match the schema (${problem}): not sent as a valid delivery`);
    else payloads.push({ value: example.value, label });
  }
  const check = (value: unknown) => {
    const problem = firstIssue(target, value);
    return problem ? [problem] : [];
  };
  for (let i = 0; i < count; i++) {
    const derived = `${seed}:${i}`;
    const result = payloadFor(document, media, { seed: derived, synthesizeOnly: true, check });
    const label = `synthesized (seed ${derived})`;
    if (result.problems.length > 0)
      notes.push(`${label}: no valid payload could be synthesized (${result.problems[0]}): not sent`);
    else payloads.push({ value: result.value, label });
  }
  return { payloads, notes };
}

/**
 * A signed delivery that breaks the schema: the payload with one of its top-level properties
 * removed (the last one whose absence the schema notices), else a value of the wrong type.
 */
export function invalidPayload(target: WebhookTarget, valid: unknown): unknown {
  if (!target.check) return undefined;
  const breaks = (value: unknown) => (target.check?.(value).length ?? 0) > 0;
  if (valid !== null && typeof valid === "object" && !Array.isArray(valid)) {
    const keys = Object.keys(valid);
    for (const key of keys.reverse()) {
      const { [key]: _, ...rest } = valid as Record<string, unknown>;
      if (breaks(rest)) return rest;
    }
  }
  for (const candidate of [[], "not the payload", 0]) if (breaks(candidate)) return candidate;
  return undefined;
}
