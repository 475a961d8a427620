import { Webhook } from "standardwebhooks";

/**
 * A JSON delivery signed the Standard Webhooks way by its reference library: the body and the
 * headers a sender sends with it (a fresh message id and the current time unless given).
 */
export function signedDelivery(
  secret: string,
  payload: unknown,
  id = `msg_${Math.random().toString(36).slice(2)}`,
  at = new Date(),
): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(payload);
  return {
    body,
    headers: {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
      "webhook-signature": new Webhook(secret).sign(id, at, body),
    },
  };
}
