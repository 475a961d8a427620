/**
 * Compile-only checks of the generated sender's types (`pnpm --filter example-shop typecheck`):
 * each line marked `@ts-expect-error` must stay an error, or the type-check fails.
 */
import type { WebhookSender } from "../../generated/provider/sender.js";

export function senderTypeChecks(sender: WebhookSender): void {
  const paid = {
    type: "order.paid" as const,
    id: "evt_1",
    created_at: "2026-01-01T00:00:00Z",
    data: { order_id: "ord_1", payment_id: "pay_1", amount: 100, currency: "EUR" },
  };
  void sender.sendOrderPaid(paid);
  void sender.send("order.paid", paid);
  // @ts-expect-error: `data` is required by the order.paid schema
  void sender.sendOrderPaid({ type: "order.paid", id: "evt_1", created_at: "2026-01-01T00:00:00Z" });
  // @ts-expect-error: an order.paid payload is not an order.shipped payload
  void sender.send("order.shipped", paid);
  // @ts-expect-error: no such webhook in the contract
  void sender.send("order.refunded", paid);
  // @ts-expect-error: amount is an integer of minor units, not a string
  void sender.sendOrderPaid({ ...paid, data: { ...paid.data, amount: "1.00" } });
}
