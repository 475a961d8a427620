/**
 * The generated `unwrap` of the shop example: framework-free, same verdicts as the generated
 * receiver, and typed so that the payload can only be used once the result is narrowed.
 */
import { rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateShopWebhooks } from "../lib/shop-webhooks.js";
import { signedDelivery } from "../lib/standard-webhooks.js";
import { strictTscReport } from "../lib/strict-tsc.js";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const out = join(repoRoot, "test", ".out", `webhooks-unwrap-${process.pid}`);
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

let generated: any;
let example: Record<string, any>;

beforeAll(async () => {
  example = await generateShopWebhooks(out);
  generated = await import(pathToFileURL(join(out, "webhooks.ts")).href);
}, 120_000);

afterAll(() => rm(out, { recursive: true, force: true }));

const signed = (payload: unknown, id?: string, at?: Date) => signedDelivery(SECRET, payload, id, at);

describe("generated unwrap", () => {
  it("gives the generated receiver's verdicts on the same deliveries", async () => {
    const receiver = generated.createWebhookReceiver({
      secret: SECRET,
      handlers: {},
      dedupe: false,
      onError: () => {},
      onValidationError: () => {},
    });
    const options = { secret: SECRET };
    const cases = [
      signed(example),
      { ...signed(example), body: JSON.stringify({ ...example, id: "evt_other" }) },
      signed(example, "msg_old", new Date(Date.now() - 3_600_000)),
      signed({ ...example, type: "order.teleported" }),
      signed({ ...example, data: { ...example.data, amount: -1 } }),
      { body: JSON.stringify(example), headers: { "content-type": "application/json" } },
    ];
    const verdicts: string[] = [];
    for (const delivery of cases) {
      const answer = await receiver.handle({
        method: "POST",
        path: "/",
        headers: (name: string) => (delivery.headers as Record<string, string>)[name],
        body: new TextEncoder().encode(delivery.body),
      });
      const result = await generated.unwrap(delivery, options);
      const expected = JSON.parse(answer.body);
      verdicts.push(result.ok ? "ok" : result.error);
      if (result.ok) expect(answer.status).toBe(200);
      else expect([result.status, result.error]).toEqual([answer.status, expected.error]);
    }
    expect(verdicts).toEqual([
      "ok",
      "invalid_signature",
      "stale_timestamp",
      "unknown_webhook",
      "invalid_payload",
      "missing_signature",
    ]);
  });

  it("must be narrowed before the payload is used (strict tsc)", async () => {
    await writeFile(
      join(out, "use.ts"),
      `import { unwrap } from "./webhooks.js";
export async function use(body: string, headers: Record<string, string>): Promise<number> {
  const result = await unwrap({ body, headers }, { secret: "whsec_x" });
  // @ts-expect-error: not narrowed to ok yet
  void result.event.payload;
  if (!result.ok) {
    if (result.error === "invalid_payload") return result.issues?.length ?? 0;
    return result.status;
  }
  const event = result.event;
  // @ts-expect-error: the payload of which webhook? narrow on event.webhook first
  void event.payload.data.amount;
  if (event.webhook === "order.paid") return event.payload.data.amount;
  // @ts-expect-error: no such webhook
  if (event.webhook === "order.teleported") return 0;
  return 0;
}
`,
    );
    expect(await strictTscReport(out, ["use.ts"])).toBe("");
  }, 120_000);
});
