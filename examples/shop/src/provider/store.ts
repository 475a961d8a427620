/** The provider's data: orders and payments in memory, enough to serve the contract. */
import type { components } from "../../generated/provider/types.js";

export type Order = components["schemas"]["Order"];
export type Payment = components["schemas"]["Payment"];
export type NewOrder = components["schemas"]["NewOrder"];
export type OrderStatus = components["schemas"]["OrderStatus"];

const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

/** `ord_…`, `pay_…`, `evt_…` ids as the spec's patterns want them. */
export function newId(prefix: "ord" | "pay" | "evt"): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(10));
  return `${prefix}_${Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join("")}`;
}

export class ShopStore {
  readonly orders = new Map<string, Order>();
  readonly payments = new Map<string, Payment>();

  createOrder(input: NewOrder): Order {
    const currency = input.items[0]?.unit_price.currency ?? "EUR";
    const amount = input.items.reduce((sum, item) => sum + item.quantity * item.unit_price.amount, 0);
    const order: Order = {
      id: newId("ord"),
      status: "pending",
      items: input.items,
      total: { amount, currency },
      note: input.note ?? null,
      payment_id: null,
      created_at: new Date().toISOString(),
    };
    this.orders.set(order.id, order);
    return order;
  }

  /** Captures a payment for the whole order; the caller announces it with `order.paid`. */
  pay(orderId: string): { order: Order; payment: Payment } {
    const order = this.orders.get(orderId);
    if (!order) throw new Error(`no order ${orderId}`);
    if (order.status !== "pending") throw new Error(`order ${orderId} is ${order.status}, not pending`);
    const payment: Payment = {
      id: newId("pay"),
      order_id: order.id,
      amount: order.total,
      status: "captured",
      captured_at: new Date().toISOString(),
    };
    this.payments.set(payment.id, payment);
    order.status = "paid";
    order.payment_id = payment.id;
    return { order, payment };
  }

  list(
    statuses: readonly string[] | undefined,
    limit: number,
    cursor: string | undefined,
  ): { data: Order[]; next: string | null } {
    const all = [...this.orders.values()].filter((o) => !statuses?.length || statuses.includes(o.status));
    const start = cursor ? Math.max(0, all.findIndex((o) => o.id === cursor) + 1) : 0;
    const data = all.slice(start, start + limit);
    const next = start + limit < all.length ? (data[data.length - 1]?.id ?? null) : null;
    return { data, next };
  }
}
