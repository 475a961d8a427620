/**
 * The 329 real GitHub deliveries of @octokit/webhooks-examples, signed by @octokit/webhooks-methods,
 * sent to a real node:http server: routed by configuration (no GitHub-specific code), validated
 * against GitHub's own webhooks spec, and dispatched to the handler of the right webhook.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { buildIR, type ContractIR, type OpenApiDocument } from "@contract/core";
import { toNodeListener } from "@contract/runtime/node";
import {
  createReceiver,
  type DriftConfig,
  type ReceiverDefinition,
  type WebhookEvent,
  type WebhookReceiverError,
} from "@contract/runtime/webhooks";
import { fixture, GITHUB, GITHUB_SECRET } from "@contract/test-fixtures";
import { sign } from "@octokit/webhooks-methods";
import { beforeAll, describe, expect, it } from "vitest";
import { githubReceiverDefinition } from "./github-receiver.js";

const spec = JSON.parse(readFileSync(fixture(GITHUB.webhooks), "utf8"));
const examples: { name: string; examples: Record<string, unknown>[] }[] = JSON.parse(
  readFileSync(fixture(GITHUB.examples), "utf8"),
);
const SECRET = GITHUB_SECRET;

/**
 * The expected webhook, found independently of the router: the spec's own `x-github.subcategory`
 * (the event) and the `action` values each webhook's schema allows (through oneOf/anyOf/allOf).
 */
function expectedWebhook(document: any, event: string, action: unknown): string | undefined {
  const deref = (schema: any): any => {
    let s = schema;
    while (s?.$ref)
      s = s.$ref
        .split("/")
        .slice(1)
        .reduce((o: any, k: string) => o[k.replace(/~1/g, "/").replace(/~0/g, "~")], document);
    return s;
  };
  const actions = (schema: any): unknown[] | undefined => {
    const s = deref(schema);
    const own = deref(s?.properties?.action);
    if (own?.enum) return own.enum;
    if (own && "const" in own) return [own.const];
    const branches = [...(s?.oneOf ?? []), ...(s?.anyOf ?? []), ...(s?.allOf ?? [])];
    const found = branches.flatMap((b: any) => actions(b) ?? []);
    return found.length > 0 ? found : undefined;
  };
  const candidates = Object.entries<any>(document.webhooks).filter(([, item]) => {
    if (item.post?.["x-github"]?.subcategory !== event) return false;
    if (action === undefined) return true;
    return actions(item.post.requestBody.content["application/json"].schema)?.includes(action) ?? false;
  });
  return candidates.length === 1 ? candidates[0]![0] : undefined;
}

interface Delivery {
  event: string;
  payload: Record<string, unknown>;
  expected: string | undefined;
}

const deliveries: Delivery[] = examples.flatMap((group) =>
  group.examples.map((payload) => ({
    event: group.name,
    payload,
    expected: expectedWebhook(spec, group.name, payload.action),
  })),
);

let ir: ContractIR;
let definition: ReceiverDefinition;
let reference: NonNullable<ReceiverDefinition["validators"]>;

beforeAll(() => {
  ir = buildIR(spec as OpenApiDocument);
  definition = githubReceiverDefinition(ir);
  // The verdicts the receiver must act on, asked of the validator directly (compiled once, shared).
  reference = definition.validators!;
});

async function startServer(drift: DriftConfig) {
  const events: WebhookEvent[] = [];
  const errors: WebhookReceiverError[] = [];
  // One catch-all handler per webhook of the spec: the map is keyed, so each is registered by name.
  const handlers = Object.fromEntries(
    definition.webhooks.map((w) => [w.name, (event: WebhookEvent) => void events.push(event)]),
  );
  const receiver = createReceiver(definition, {
    secret: SECRET,
    handlers,
    drift,
    dedupe: false,
    onError: (error) => errors.push(error),
    onValidationError: () => {},
  });
  const server: Server = createServer(toNodeListener(receiver));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const send = async (delivery: Delivery, signingSecret = SECRET) => {
    const body = JSON.stringify(delivery.payload);
    const response = await fetch(url, {
      method: "POST",
      body,
      headers: {
        "content-type": "application/json",
        "x-github-event": delivery.event,
        "x-github-delivery": randomUUID(),
        "x-hub-signature-256": await sign(signingSecret, body),
      },
    });
    return { status: response.status, json: (await response.json()) as any };
  };
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return { events, errors, send, close };
}

describe("GitHub: 329 real deliveries", () => {
  it("the corpus is what the contract says (327 routable, 2 repository_dispatch tests without a webhook)", () => {
    expect(deliveries).toHaveLength(329);
    const unroutable = deliveries.filter((d) => d.expected === undefined);
    expect(unroutable.map((d) => d.event)).toEqual(["repository_dispatch", "repository_dispatch"]);
  });

  it("drift policy report (default): every routable delivery reaches its webhook's handler, told whether it is valid", async () => {
    const server = await startServer("report");
    try {
      let valid = 0;
      for (const delivery of deliveries) {
        const before = server.events.length;
        const response = await server.send(delivery);
        if (delivery.expected === undefined) {
          expect(response.status).toBe(404);
          expect(response.json.error).toBe("unknown_webhook");
          expect(server.events.length).toBe(before);
          continue;
        }
        expect({ event: delivery.event, action: delivery.payload.action, status: response.status }).toEqual({
          event: delivery.event,
          action: delivery.payload.action,
          status: 200,
        });
        const event = server.events.at(-1)!;
        expect(server.events.length).toBe(before + 1);
        expect(event.webhook).toBe(delivery.expected);
        expect(event.payload).toEqual(delivery.payload);
        const verdict = reference(`webhook:${delivery.expected}:application/json`)!.validate(
          delivery.payload,
        );
        expect(event.validation.state).toBe(verdict.ok ? "valid" : "invalid");
        if (verdict.ok) valid++;
      }
      expect(server.events).toHaveLength(327);
      // GitHub's examples drift from GitHub's spec; the receiver must neither hide nor drop that.
      expect(valid).toBeGreaterThan(150);
      expect(valid).toBeLessThan(327);
      console.info(`[github corpus] ${valid} of 327 routable payloads match their webhook schema`);
    } finally {
      await server.close();
    }
  }, 120_000);

  it("drift policy reject: invalid ones answered 400 with JSON pointers, handler never called for them", async () => {
    const server = await startServer("reject");
    try {
      for (const delivery of deliveries.filter((d) => d.expected !== undefined)) {
        const before = server.events.length;
        const response = await server.send(delivery);
        const verdict = reference(`webhook:${delivery.expected}:application/json`)!.validate(
          delivery.payload,
        );
        if (verdict.ok) {
          expect(response.status).toBe(200);
          expect(server.events.length).toBe(before + 1);
        } else {
          expect(response.status).toBe(400);
          expect(response.json.error).toBe("invalid_payload");
          expect(response.json.issues[0].pointer).toBe(verdict.errors[0]!.pointer);
          expect(server.events.length).toBe(before);
        }
      }
    } finally {
      await server.close();
    }
  }, 60_000);

  it("a real delivery signed with another secret is refused, and no handler runs", async () => {
    const server = await startServer("report");
    try {
      const delivery = deliveries.find((d) => d.expected === "issues-opened")!;
      const response = await server.send(delivery, "not the secret");
      expect(response.status).toBe(401);
      expect(server.events).toHaveLength(0);
      expect(server.errors.map((e) => e.code)).toEqual(["invalid_signature"]);
    } finally {
      await server.close();
    }
  });
});
