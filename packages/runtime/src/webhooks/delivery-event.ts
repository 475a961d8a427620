import type { WebhookEvent } from "./receiver-types.js";

/**
 * The event handed to a handler. `signal` is a getter on the prototype: its AbortController is only
 * made when a handler reads it (an AbortController per delivery costs memory most handlers never use).
 */
export class DeliveryEvent implements WebhookEvent {
  deliveryId?: string;
  timestamp?: number;
  mediaType?: string;
  links?: Record<string, () => Promise<unknown>>;
  #controller: AbortController | undefined;
  #reason: unknown;
  #aborted = false;

  constructor(
    public webhook: string,
    public payload: unknown,
    public validation: WebhookEvent["validation"],
    public headers: WebhookEvent["headers"],
    public rawBody: Uint8Array,
  ) {}

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  abort(reason: unknown): void {
    this.#aborted = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
  }
}
