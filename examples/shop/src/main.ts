/**
 * `pnpm --filter example-shop start`: the provider and the consumer on 127.0.0.1, then one customer
 * story — an order is created through the consumer's client, paid at the provider, and the
 * consumer's `order.paid` handler fetches the order and payment through the API.
 * Pass `--once` to exit after the story (CI); otherwise both keep serving until Ctrl-C.
 */
import { startConsumer } from "./consumer/app.js";
import { allOrders } from "./consumer/orders.js";
import { startProvider } from "./provider/app.js";

const host = "127.0.0.1";
const apiToken = process.env.SHOP_API_TOKEN ?? "shop-demo-token";
// A demo secret: real deployments read it from their secret store.
const webhookSecret = process.env.SHOP_WEBHOOK_SECRET ?? "whsec_c2hvcC1kZW1vLXdlYmhvb2stc2VjcmV0LTAwMQ==";
const log = (side: string) => (line: string) => console.log(`[${side}] ${line}`);

let consumerUrl = "";
const provider = await startProvider({
  host,
  port: Number(process.env.PROVIDER_PORT ?? 4010),
  apiToken,
  webhookSecret,
  webhookUrl: () => consumerUrl,
  sender: {
    onAttempt: (attempt, webhook) =>
      log("provider")(
        `${webhook} → ${attempt.request.url}: ${attempt.status ?? attempt.error?.message} (attempt ${attempt.attempt})`,
      ),
  },
});
const consumer = await startConsumer({
  host,
  port: Number(process.env.CONSUMER_PORT ?? 4020),
  apiUrl: provider.url,
  apiToken,
  webhookSecret,
  log: log("consumer"),
});
consumerUrl = consumer.webhookUrl;
log("provider")(`API on ${provider.url}`);
log("consumer")(`webhooks on ${consumer.webhookUrl}`);

const created = await consumer.services.api.createOrder({
  body: { items: [{ sku: "tea-earl-grey", quantity: 2, unit_price: { amount: 1250, currency: "EUR" } }] },
});
log("consumer")(`created order ${created.data.id} (${created.data.status})`);
const { delivery } = await provider.payOrder(created.data.id);
log("provider")(
  `order.paid ${delivery.ok ? "delivered" : `not delivered: ${delivery.reason}`} (${delivery.messageId})`,
);
// listOrders' x-speakeasy-pagination: every order, page after page (one a page, to show it).
const orders = await allOrders(consumer.services.api, undefined, 1);
log("consumer")(`orders, read a page at a time: ${orders.map((o) => `${o.id} (${o.status})`).join(", ")}`);

if (process.argv.includes("--once")) {
  await Promise.all([provider.close(), consumer.close()]);
  process.exitCode = delivery.ok && consumer.services.paid.length === 1 ? 0 : 1;
} else {
  console.log(
    "Both apps keep running; try `contract trigger --list --config contract.config.json --contract consumer`. Ctrl-C stops.",
  );
}
