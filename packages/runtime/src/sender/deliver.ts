/**
 * Delivers one signed message with retries. Signing happens per attempt (a fresh timestamp keeps
 * a late retry inside the receiver's replay window) while the message id and payload stay the same,
 * so the receiver can tell a retry from a new message and handle it once.
 *
 * Redirects are not followed (a 3xx is a failed, final attempt), at most 64 KiB of an answer are
 * read, 410 means the endpoint is gone, and a target that is not a public address is refused
 * unless the sender allows private targets: by `checkTarget` before each attempt, and by a
 * transport that checks the address it connects to (`node-transport.ts`).
 */
import { backoffDelay, parseRetryAfter, type RetryPolicy, sleep } from "../client/retry.js";
import { fetchTransport, RefusedTargetError, type Transport } from "./transport.js";
import type { DeliveryAttempt, DeliveryResult, DeliverySchedule, SentRequest } from "./types.js";

export interface DeliveryPlan {
  webhook: string;
  messageId: string;
  url: string;
  /** Headers and body of one attempt, signed (schemes such as Mailgun's sign inside the body). */
  signed: () => Promise<{ headers: Record<string, string>; body: string }>;
  policy: RetryPolicy;
  /** Fixed delays before each retry; without it, the policy's backoff and limit. */
  delays?: readonly number[];
  /** Reported in the result. Default: derived from the policy. */
  schedule?: DeliverySchedule;
  timeoutMs: number;
  /** Sends each attempt. Default: `fetch`. */
  transport?: Transport;
  /** The `fetch` of the default transport. Default: the global one. */
  fetch?: typeof fetch;
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
  const transport = plan.transport ?? fetchTransport(plan.fetch ?? globalThis.fetch.bind(globalThis));
  for (let n = 0; ; n++) {
    const attempt = await attemptOnce(plan, transport, n + 1);
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

async function attemptOnce(
  plan: DeliveryPlan,
  transport: Transport,
  number: number,
): Promise<DeliveryAttempt> {
  const { headers, body } = await plan.signed();
  const request: SentRequest = { method: "POST", url: plan.url, headers, body };
  const startedAt = Date.now();
  const base = { attempt: number, request, startedAt };
  const refused = plan.checkTarget ? await plan.checkTarget(plan.url) : undefined;
  if (refused !== undefined) {
    return { ...base, durationMs: Date.now() - startedAt, error: { kind: "refused", message: refused } };
  }
  const timeout = AbortSignal.timeout(plan.timeoutMs);
  const signal = plan.signal ? AbortSignal.any([plan.signal, timeout]) : timeout;
  try {
    const answer = await transport({ url: plan.url, headers, body, signal });
    return {
      ...base,
      durationMs: Date.now() - startedAt,
      status: answer.status,
      responseHeaders: answer.headers,
      responseBody: answer.body,
    };
  } catch (error) {
    if (error instanceof RefusedTargetError) {
      return {
        ...base,
        durationMs: Date.now() - startedAt,
        error: { kind: "refused", message: error.problem },
      };
    }
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
