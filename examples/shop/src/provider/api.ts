/**
 * The shop's REST API on node:http: the `paths` of openapi.yaml, bearer auth, request bodies
 * checked with the generated validators, errors as `application/problem+json`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { validatorFor } from "../../generated/provider/validators.js";
import type { NewOrder, Order, ShopStore } from "./store.js";

export interface ApiHooks {
  /** Called after an order was cancelled through the API (the provider sends `order.cancelled`). */
  onCancelled?: (order: Order, reason: string | null) => Promise<void> | void;
}

type Answer = { status: number; body?: unknown; type?: string };

const problem = (status: number, title: string, detail?: string): Answer => ({
  status,
  type: "application/problem+json",
  body: { type: "about:blank", title, status, ...(detail ? { detail } : {}) },
});

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text === "" ? undefined : JSON.parse(text);
}

export function createApiHandler(store: ShopStore, token: string, hooks: ApiHooks = {}) {
  const route = async (request: IncomingMessage, url: URL): Promise<Answer> => {
    if (request.headers.authorization !== `Bearer ${token}`) return problem(401, "Unauthorized");
    const path = url.pathname.replace(/^\/v1/, "");
    const method = request.method ?? "GET";
    const orderMatch = path.match(/^\/orders\/([^/]+)$/);
    const cancelMatch = path.match(/^\/orders\/([^/]+)\/cancel$/);
    const paymentMatch = path.match(/^\/payments\/([^/]+)$/);
    if (path === "/orders" && method === "GET") {
      const status = url.searchParams.get("status")?.split(",").filter(Boolean);
      const limitText = url.searchParams.get("limit");
      const limit = limitText === null ? 20 : Number(limitText);
      // The contract says an integer from 1 to 100: anything else is the caller's mistake, not a default.
      if (!Number.isInteger(limit) || limit < 1 || limit > 100)
        return problem(400, "Bad Request", "limit must be an integer from 1 to 100");
      const page = store.list(status, limit, url.searchParams.get("cursor") ?? undefined);
      return { status: 200, body: { data: page.data, next_cursor: page.next } };
    }
    if (path === "/orders" && method === "POST") {
      let body: unknown;
      try {
        body = await readJson(request);
      } catch {
        return problem(400, "Bad Request", "the body is not JSON");
      }
      const check = validatorFor("request:createOrder:application/json")?.validate(body);
      if (check && !check.ok) {
        const first = check.errors[0];
        return problem(400, "Bad Request", `${first?.pointer || "(body)"} ${first?.message}`);
      }
      return { status: 201, body: store.createOrder(body as NewOrder) };
    }
    if (orderMatch && method === "GET") {
      const order = store.orders.get(decodeURIComponent(orderMatch[1] ?? ""));
      return order ? { status: 200, body: order } : problem(404, "Not Found", "no such order");
    }
    if (cancelMatch && method === "POST") {
      const order = store.orders.get(decodeURIComponent(cancelMatch[1] ?? ""));
      if (!order) return problem(404, "Not Found", "no such order");
      if (order.status === "shipped" || order.status === "cancelled")
        return problem(409, "Conflict", `the order is ${order.status}`);
      const input = (await readJson(request).catch(() => undefined)) as { reason?: string } | undefined;
      order.status = "cancelled";
      await hooks.onCancelled?.(order, input?.reason ?? null);
      return { status: 200, body: order };
    }
    if (paymentMatch && method === "GET") {
      const payment = store.payments.get(decodeURIComponent(paymentMatch[1] ?? ""));
      return payment ? { status: 200, body: payment } : problem(404, "Not Found", "no such payment");
    }
    return problem(404, "Not Found", `no route for ${method} ${url.pathname}`);
  };

  return (request: IncomingMessage, response: ServerResponse): void => {
    const url = new URL(request.url ?? "/", "http://localhost");
    route(request, url)
      .catch(() => problem(500, "Internal Server Error"))
      .then((answer) => {
        response.writeHead(answer.status, { "content-type": answer.type ?? "application/json" });
        response.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
      });
  };
}
