/**
 * The harness of the signature scheme tests, which are about signatures, not schemas: one JSON
 * webhook that takes any payload, its receiver served on 127.0.0.1 through the node:http
 * adapter, and what reached the handler.
 */
import { createServer } from "node:http";
import { toNodeListener } from "../src/node/index.js";
import type { Validator } from "../src/validation/index.js";
import {
  createReceiver,
  type ReceiverDefinition,
  type SignatureConfig,
  type SignatureScheme,
  type VerifyResult,
} from "../src/webhooks/index.js";
import { listen, type Running } from "./listen.js";

const anyPayload = Object.assign(() => true, {
  validate: (value: unknown) => ({ ok: true as const, value }),
  assert: () => {},
  validatorName: "any payload",
}) as unknown as Validator;

/** One webhook `name`, sent as JSON, any payload valid, signed with `signature`. */
export function oneWebhook(name: string, signature: SignatureConfig): ReceiverDefinition {
  return {
    webhooks: [{ name, methods: ["post"], mediaTypes: ["application/json"] }],
    validators: (key) => (key === `webhook:${name}:application/json` ? anyPayload : undefined),
    signature,
  };
}

export interface ServedReceiver {
  url: string;
  /** What reached the handler, in order. */
  handled: Array<{ id: string | undefined; payload: unknown }>;
  /** What the receiver told `onError`. */
  errors: unknown[];
}

const running: Running[] = [];

/**
 * A receiver of `oneWebhook(name, …)` verifying with `signature` (a preset with `secret`, or a
 * ready scheme), on a free loopback port until `closeReceivers`.
 */
export async function serveReceiver(
  name: string,
  signature: SignatureConfig | SignatureScheme,
  secret = "unused: the scheme is given",
): Promise<ServedReceiver> {
  const served: ServedReceiver = { url: "", handled: [], errors: [] };
  const receiver = createReceiver<Record<string, unknown>>(oneWebhook(name, "standard-webhooks"), {
    secret,
    signature,
    handlers: {
      [name]: (event) => void served.handled.push({ id: event.deliveryId, payload: event.payload }),
    },
    onError: (error) => void served.errors.push(error),
  });
  const server = await listen(createServer(toNodeListener(receiver)));
  running.push(server);
  served.url = `${server.url}/hooks`;
  return served;
}

export async function closeReceivers(): Promise<void> {
  await Promise.all(running.splice(0).map((server) => server.close()));
}

/** `scheme.verify` of `body` sent with `headers` (lower-case names), at time 0 with a 300 s window. */
export const verifyWith = (scheme: SignatureScheme, headers: Record<string, string>, body: string) =>
  scheme.verify({
    headers: (name) => headers[name],
    body: new TextEncoder().encode(body),
    now: 0,
    toleranceSeconds: 300,
  });

/** "ok", or why a verification failed. */
export const reasonOf = (result: VerifyResult) => (result.ok ? "ok" : result.reason);
