/**
 * Reading a whole list through the generated client: the spec's `x-speakeasy-pagination` on
 * `listOrders` says that each page's `next_cursor` goes into the next call's `cursor`, so
 * `paginateItems` yields every order, page after page, typed as the spec's `Order`.
 */
import { paginateItems } from "@contract/runtime/client";
import type { Client } from "../../generated/consumer/client.js";
import type { components } from "../../generated/consumer/types.js";

type Order = components["schemas"]["Order"];
type OrderStatus = components["schemas"]["OrderStatus"];

/** Every order in one of `statuses` (all orders without), fetched `pageSize` at a time. */
export async function allOrders(
  api: Client<true>,
  statuses?: OrderStatus[],
  pageSize = 20,
): Promise<Order[]> {
  const orders: Order[] = [];
  for await (const order of paginateItems(api.listOrders, { query: { status: statuses, limit: pageSize } }))
    orders.push(order);
  return orders;
}
