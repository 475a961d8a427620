/**
 * A routed, validated delivery to its handler, run at most once per delivery id: claim in the
 * de-duplication store → handler (within `handlerTimeoutMs`) → complete or release → the answer.
 */
import { type Awaitable, isThenable } from "./awaitable.js";
import type { Claim, DedupeStore } from "./dedupe.js";
import type { DeliveryEvent } from "./delivery-event.js";
import { jsonResponse, type ReceiverResponse, WebhookReceiverError } from "./errors.js";
import type { ReceiverWarning, WebhookEvent, WebhookHandler } from "./receiver-types.js";

const OK = jsonResponse(200, { status: "delivered" });
const DUPLICATE = jsonResponse(200, { status: "duplicate" });

export interface DispatchOptions {
  /** Undefined: de-duplication is off, every delivery runs its handler. */
  dedupe: DedupeStore | undefined;
  /** Undefined: handlers run as long as they take. */
  handlerTimeoutMs: number | undefined;
  /** Tells the receiver's `onWarning`; never throws. */
  warn: (warning: ReceiverWarning) => void;
  /** The receiver's answer to a refusal (its `onError` told). */
  reject: (error: WebhookReceiverError) => ReceiverResponse;
}

/** Returns `dispatch(handler, event)`, answering synchronously when the store and handler do. */
export function createDispatcher({ dedupe, handlerTimeoutMs, warn, reject }: DispatchOptions) {
  /**
   * Claim → handler (within `handlerTimeoutMs`) → complete or release. What each outcome answers:
   * - claim done → 200 duplicate; claim pending → 503 + Retry-After (every sender retries it);
   * - claim throws → 500, the handler has not run (the sender retries);
   * - handler returns → complete → 200; if complete throws, still 200 (the handler ran: a retry
   *   must not run it again) and a warning; the claim stays pending until the store lets it lapse;
   * - handler throws → release → 500; if release throws, the claim lapses in the store instead;
   * - handler runs out of time → its signal aborts, 503 + Retry-After; the id stays claimed until
   *   the handler settles, then is completed (a late success: the retry is a duplicate) or released.
   * Complete and release pass the claim's token: if the claim lapsed and another request claimed the
   * id meanwhile, the store leaves that claim alone and the receiver warns (`claim_lost`).
   */
  function dispatch(handler: WebhookHandler, event: WebhookEvent): Awaitable<ReceiverResponse> {
    const id = event.deliveryId;
    if (dedupe === undefined || id === undefined) return run(handler, event, undefined);
    const claiming = dedupe.claim(id);
    return isThenable(claiming)
      ? Promise.resolve(claiming).then((claim) => runClaimed(handler, event, id, claim))
      : runClaimed(handler, event, id, claiming);
  }

  /** Only built when a delivery is turned away. */
  const idsOf = (event: WebhookEvent) => ({
    webhook: event.webhook,
    ...(event.deliveryId !== undefined ? { deliveryId: event.deliveryId } : {}),
  });

  function runClaimed(
    handler: WebhookHandler,
    event: WebhookEvent,
    id: string,
    claim: Claim,
  ): Awaitable<ReceiverResponse> {
    if (claim.state === "done") return DUPLICATE;
    if (claim.state === "pending") {
      return reject(
        new WebhookReceiverError(
          "delivery_in_progress",
          "this delivery is being handled; retry later",
          idsOf(event),
        ),
      );
    }
    if (claim.state !== "claimed" || typeof claim.token !== "string") {
      throw new TypeError("the de-duplication store's claim answered neither claimed, pending nor done");
    }
    return run(handler, event, { id, token: claim.token });
  }

  function run(
    handler: WebhookHandler,
    event: WebhookEvent,
    owner: { id: string; token: string } | undefined,
  ): Awaitable<ReceiverResponse> {
    let handled: unknown;
    try {
      handled = handler(event);
    } catch (cause) {
      return failed(event, owner, cause);
    }
    if (isThenable(handled)) return settle(handled, event, owner);
    if (owner === undefined) return OK;
    const completing = completeClaim(owner, event.webhook);
    return completing === undefined ? OK : completing.then(() => OK);
  }

  async function failed(
    event: WebhookEvent,
    owner: { id: string; token: string } | undefined,
    cause: unknown,
  ): Promise<ReceiverResponse> {
    if (owner) await releaseClaim(owner, event.webhook);
    return reject(
      new WebhookReceiverError("handler_failed", `the ${event.webhook} handler threw`, {
        ...idsOf(event),
        cause,
      }),
    );
  }

  /** An asynchronous handler, within `handlerTimeoutMs`. */
  async function settle(
    handled: PromiseLike<unknown>,
    event: WebhookEvent,
    owner: { id: string; token: string } | undefined,
  ): Promise<ReceiverResponse> {
    const webhook = event.webhook;
    const settled: Promise<{ ok: true } | { ok: false; cause: unknown }> = Promise.resolve(handled).then(
      () => ({ ok: true }),
      (cause: unknown) => ({ ok: false, cause }),
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    const outcome =
      handlerTimeoutMs !== undefined
        ? await Promise.race([
            settled,
            new Promise<undefined>((resolve) => {
              timer = setTimeout(resolve, handlerTimeoutMs, undefined);
            }),
          ])
        : await settled;
    if (timer !== undefined) clearTimeout(timer);
    if (outcome === undefined) {
      (event as DeliveryEvent).abort(
        new DOMException(`the handler ran longer than ${handlerTimeoutMs} ms`, "TimeoutError"),
      );
      void settled.then(async (late) => {
        if (late.ok) {
          warn({
            code: "handler_settled_late",
            message: `the ${webhook} handler succeeded after its timeout; a retry is answered as a duplicate`,
            ...idsOf(event),
          });
          if (owner) await completeClaim(owner, webhook);
        } else if (owner) await releaseClaim(owner, webhook);
      });
      return reject(
        new WebhookReceiverError(
          "handler_timeout",
          `the ${webhook} handler did not finish within ${handlerTimeoutMs} ms`,
          idsOf(event),
        ),
      );
    }
    if (!outcome.ok) return failed(event, owner, outcome.cause);
    if (owner) await completeClaim(owner, webhook);
    return OK;
  }

  /**
   * The handler ran: a store failing now must not turn that into an answer the sender retries.
   * `undefined` when the store answered at once.
   */
  function completeClaim(
    { id, token }: { id: string; token: string },
    webhook: string,
  ): Promise<void> | undefined {
    let completing: boolean | Promise<boolean>;
    try {
      completing = dedupe!.complete(id, token);
    } catch (cause) {
      warnCompleteFailed(webhook, id, cause);
      return undefined;
    }
    if (!isThenable(completing)) {
      if (completing === false) warnClaimLost(webhook, id);
      return undefined;
    }
    // Closures only for a store that answers later: a synchronous one (the memory store) makes none.
    return Promise.resolve(completing).then(
      (completed) => {
        if (completed === false) warnClaimLost(webhook, id);
      },
      (cause: unknown) => warnCompleteFailed(webhook, id, cause),
    );
  }

  function warnClaimLost(webhook: string, deliveryId: string): void {
    warn({
      code: "claim_lost",
      message:
        "the handler succeeded after its claim lapsed and another request claimed the delivery; that claim was left alone (the handler may run twice)",
      webhook,
      deliveryId,
    });
  }

  function warnCompleteFailed(webhook: string, deliveryId: string, cause: unknown): void {
    warn({
      code: "store_complete_failed",
      message:
        "the handler succeeded but the de-duplication store failed to record it; the claim lapses after the store's pending timeout",
      webhook,
      deliveryId,
      cause,
    });
  }

  async function releaseClaim({ id, token }: { id: string; token: string }, webhook: string): Promise<void> {
    try {
      const releasing = dedupe!.release(id, token);
      const released = isThenable(releasing) ? await releasing : releasing;
      if (released === false) {
        warn({
          code: "claim_lost",
          message:
            "the handler failed after its claim lapsed (and possibly another request claimed the delivery); nothing was released",
          webhook,
          deliveryId: id,
        });
      }
    } catch (cause) {
      warn({
        code: "store_release_failed",
        message:
          "the de-duplication store failed to release a failed delivery; retries are answered 503 until the claim lapses",
        webhook,
        deliveryId: id,
        cause,
      });
    }
  }

  return dispatch;
}
