/**
 * Delivers one signed message with retries. Signing happens per attempt (a fresh timestamp keeps
 * a late retry inside the receiver's replay window) while the message id and body stay the same,
 * so the receiver can tell a retry from a new message and handle it once.
 */
import { backoffDelay, parseRetryAfter, type RetryPolicy, sleep } from "../client/retry.js";
import type { DeliveryAttempt, DeliveryResult, SentRequest } from "./types.js";

const MAX_BODY_CHARS = 64 * 1024;

export interface DeliveryPlan {
  webhook: string;
  messageId: string;
  url: string;
  body: string;
  /** Headers of one attempt, signature included. */
  headers: () => Promise<Record<string, string>>;
  policy: RetryPolicy;
  timeoutMs: number;
  fetch: typeof fetch;
  signal?: AbortSignal;
  onAttempt?: (attempt: DeliveryAttempt) => void;
}

export async function deliver(plan: DeliveryPlan): Promise<DeliveryResult> {
  const attempts: DeliveryAttempt[] = [];
  const result = (ok: boolean, reason?: string): DeliveryResult => {
    const last = attempts[attempts.length - 1];
    return {
      ok,
      webhook: plan.webhook,
      messageId: plan.messageId,
      url: plan.url,
      attempts,
      ...(last?.status !== undefined ? { status: last.status } : {}),
      ...(reason !== undefined ? { reason } : {}),
    };
  };
  for (let n = 0; ; n++) {
    const attempt = await attemptOnce(plan, n + 1);
    attempts.push(attempt);
    if (attempt.status !== undefined && attempt.status >= 200 && attempt.status < 300) {
      plan.onAttempt?.(attempt);
      return result(true);
    }
    const delay = nextDelay(plan.policy, attempt, n);
    const stop =
      attempt.error?.kind === "aborted"
        ? "aborted"
        : delay === undefined
          ? whyNotRetried(plan.policy, attempt)
          : n >= plan.policy.limit
            ? `gave up after ${attempts.length} attempts`
            : undefined;
    if (stop !== undefined) {
      plan.onAttempt?.(attempt);
      return result(false, stop);
    }
    attempt.nextDelayMs = delay;
    plan.onAttempt?.(attempt);
    try {
      await sleep(delay as number, plan.signal);
    } catch {
      return result(false, "aborted");
    }
  }
}

function whyNotRetried(policy: RetryPolicy, attempt: DeliveryAttempt): string {
  if (attempt.status === undefined) return "network errors are not retried";
  if (!policy.retriesStatus(attempt.status)) return `answered ${attempt.status}, which is not retried`;
  const asked = attempt.responseHeaders?.["retry-after"];
  return `answered ${attempt.status} with Retry-After ${asked}, longer than the ${policy.maxRetryAfterMs} ms the sender waits`;
}

/** Delay before the next attempt, or undefined when this outcome is final. */
function nextDelay(policy: RetryPolicy, attempt: DeliveryAttempt, retry: number): number | undefined {
  if (attempt.error) {
    return attempt.error.kind !== "aborted" && policy.networkErrors ? backoffDelay(policy, retry) : undefined;
  }
  const status = attempt.status as number;
  if (!policy.retriesStatus(status)) return undefined;
  const retryAfter = parseRetryAfter(attempt.responseHeaders?.["retry-after"] ?? null);
  if (retryAfter === undefined) return backoffDelay(policy, retry);
  return retryAfter <= policy.maxRetryAfterMs ? retryAfter : undefined;
}

async function attemptOnce(plan: DeliveryPlan, number: number): Promise<DeliveryAttempt> {
  const headers = await plan.headers();
  const request: SentRequest = { method: "POST", url: plan.url, headers, body: plan.body };
  const startedAt = Date.now();
  const timeout = AbortSignal.timeout(plan.timeoutMs);
  const signal = plan.signal ? AbortSignal.any([plan.signal, timeout]) : timeout;
  const base = { attempt: number, request, startedAt };
  try {
    const response = await plan.fetch(plan.url, { method: "POST", headers, body: plan.body, signal });
    const text = await response.text();
    return {
      ...base,
      durationMs: Date.now() - startedAt,
      status: response.status,
      responseHeaders: Object.fromEntries(response.headers),
      responseBody: text.length > MAX_BODY_CHARS ? `${text.slice(0, MAX_BODY_CHARS)}…` : text,
    };
  } catch (error) {
    const kind = plan.signal?.aborted ? "aborted" : timeout.aborted ? "timeout" : "network";
    const message =
      kind === "timeout"
        ? `no answer within ${plan.timeoutMs} ms`
        : error instanceof Error
          ? describeNetworkError(error)
          : String(error);
    return { ...base, durationMs: Date.now() - startedAt, error: { kind, message } };
  }
}

/** fetch's TypeError says only "fetch failed"; the cause names the socket error (ECONNREFUSED…). */
function describeNetworkError(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  const detail = cause instanceof Error ? cause.message : undefined;
  return detail ? `${error.message}: ${detail}` : error.message;
}
