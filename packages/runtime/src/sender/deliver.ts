/**
 * Delivers one signed message with retries. Signing happens per attempt (a fresh timestamp keeps
 * a late retry inside the receiver's replay window) while the message id and body stay the same,
 * so the receiver can tell a retry from a new message and handle it once.
 *
 * Redirects are not followed (a 3xx is a failed, final attempt), at most 64 KiB of an answer are
 * read, 410 means the endpoint is gone, and a target that is not a public address is refused
 * unless the sender allows private targets.
 */
import { backoffDelay, parseRetryAfter, type RetryPolicy, sleep } from "../client/retry.js";
import type { DeliveryAttempt, DeliveryResult, DeliverySchedule, SentRequest } from "./types.js";

/** Bytes of an answer read at most; the rest of the stream is cancelled, not downloaded. */
export const MAX_RESPONSE_BYTES = 64 * 1024;

export interface DeliveryPlan {
  webhook: string;
  messageId: string;
  url: string;
  body: string;
  /** Headers of one attempt, signature included. */
  headers: () => Promise<Record<string, string>>;
  policy: RetryPolicy;
  /** Fixed delays before each retry; without it, the policy's backoff and limit. */
  delays?: readonly number[];
  /** Reported in the result. Default: derived from the policy. */
  schedule?: DeliverySchedule;
  timeoutMs: number;
  fetch: typeof fetch;
  signal?: AbortSignal;
  /** Why the URL may not be sent to (checked before every attempt), or undefined. */
  checkTarget?: (url: string) => Promise<string | undefined>;
  onAttempt?: (attempt: DeliveryAttempt) => void;
}

export async function deliver(plan: DeliveryPlan): Promise<DeliveryResult> {
  const attempts: DeliveryAttempt[] = [];
  const schedule: DeliverySchedule =
    plan.schedule ??
    (plan.policy.limit === 0
      ? { name: "none" }
      : {
          name: "exponential-backoff",
          limit: plan.policy.limit,
          baseDelayMs: plan.policy.baseDelayMs,
          maxDelayMs: plan.policy.maxDelayMs,
        });
  const result = (ok: boolean, reason?: string): DeliveryResult => {
    const last = attempts[attempts.length - 1];
    return {
      ok,
      webhook: plan.webhook,
      messageId: plan.messageId,
      url: plan.url,
      attempts,
      schedule,
      ...(last?.status !== undefined ? { status: last.status } : {}),
      ...(reason !== undefined ? { reason } : {}),
      ...(last?.status === 410 ? { gone: true } : {}),
    };
  };
  const limit = plan.delays ? plan.delays.length : plan.policy.limit;
  for (let n = 0; ; n++) {
    const attempt = await attemptOnce(plan, n + 1);
    attempts.push(attempt);
    if (attempt.status !== undefined && attempt.status >= 200 && attempt.status < 300) {
      plan.onAttempt?.(attempt);
      return result(true);
    }
    const delay = nextDelay(plan, attempt, n);
    const stop =
      attempt.error?.kind === "aborted"
        ? "aborted"
        : attempt.error?.kind === "refused"
          ? `refused: ${attempt.error.message}`
          : delay === undefined
            ? whyNotRetried(plan.policy, attempt)
            : n >= limit
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
  if (attempt.status === 410) return "gone: the endpoint answered 410; stop sending to it";
  if (attempt.status >= 300 && attempt.status < 400) {
    return `answered ${attempt.status}, a redirect: redirects are not followed (configure the final URL)`;
  }
  if (!policy.retriesStatus(attempt.status)) return `answered ${attempt.status}, which is not retried`;
  const asked = attempt.responseHeaders?.["retry-after"];
  return `answered ${attempt.status} with Retry-After ${asked}, longer than the ${policy.maxRetryAfterMs} ms the sender waits`;
}

/** Delay before the next attempt, or undefined when this outcome is final. */
function nextDelay(plan: DeliveryPlan, attempt: DeliveryAttempt, retry: number): number | undefined {
  const { policy, delays } = plan;
  const scheduled = delays ? (delays[Math.min(retry, delays.length - 1)] ?? 0) : undefined;
  if (attempt.error) {
    if (attempt.error.kind === "aborted" || attempt.error.kind === "refused" || !policy.networkErrors)
      return undefined;
    return scheduled ?? backoffDelay(policy, retry);
  }
  const status = attempt.status as number;
  if (status === 410 || (status >= 300 && status < 400) || !policy.retriesStatus(status)) return undefined;
  const retryAfter = parseRetryAfter(attempt.responseHeaders?.["retry-after"] ?? null);
  if (retryAfter === undefined) return scheduled ?? backoffDelay(policy, retry);
  if (retryAfter > policy.maxRetryAfterMs) return undefined;
  return scheduled === undefined ? retryAfter : Math.max(scheduled, retryAfter);
}

async function attemptOnce(plan: DeliveryPlan, number: number): Promise<DeliveryAttempt> {
  const headers = await plan.headers();
  const request: SentRequest = { method: "POST", url: plan.url, headers, body: plan.body };
  const startedAt = Date.now();
  const base = { attempt: number, request, startedAt };
  const refused = plan.checkTarget ? await plan.checkTarget(plan.url) : undefined;
  if (refused !== undefined) {
    return { ...base, durationMs: Date.now() - startedAt, error: { kind: "refused", message: refused } };
  }
  const timeout = AbortSignal.timeout(plan.timeoutMs);
  const signal = plan.signal ? AbortSignal.any([plan.signal, timeout]) : timeout;
  try {
    const response = await plan.fetch(plan.url, {
      method: "POST",
      headers,
      body: plan.body,
      signal,
      redirect: "manual",
    });
    const text = await readCapped(response, MAX_RESPONSE_BYTES);
    return {
      ...base,
      durationMs: Date.now() - startedAt,
      status: response.status,
      responseHeaders: Object.fromEntries(response.headers),
      responseBody: text,
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

/** The answer's text, reading at most `maxBytes` and cancelling the rest (`…` marks the cut). */
async function readCapped(response: Response, maxBytes: number): Promise<string> {
  if (response.body === null) return "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    if (total + value.length > maxBytes) {
      text += decoder.decode(value.subarray(0, maxBytes - total));
      await reader.cancel().catch(() => {});
      return `${text}…`;
    }
    total += value.length;
    text += decoder.decode(value, { stream: true });
  }
}

/** fetch's TypeError says only "fetch failed"; the cause names the socket error (ECONNREFUSED…). */
function describeNetworkError(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  const detail = cause instanceof Error ? cause.message : undefined;
  return detail ? `${error.message}: ${detail}` : error.message;
}
