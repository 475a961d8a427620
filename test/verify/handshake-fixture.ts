/**
 * What the handshake tests of both directions share (`verify --webhooks` against receivers,
 * `verify --listen` against senders): a one-webhook contract, Meta's verify token and Discord's
 * Ed25519 key pair.
 */
import { generateKeyPairSync } from "node:crypto";

export const SPEC_PATH = "/virtual/hooks.yaml";
export const SPEC = `openapi: 3.1.0
info: { title: Hooks, version: "1" }
webhooks:
  message.created:
    post:
      operationId: messageCreated
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [type, id]
              properties:
                type: { const: message.created }
                id: { type: string }
      responses:
        "200": { description: Acknowledged. }
`;
export const VERIFY_TOKEN = "meta-verify-token-typed-in-the-dashboard";
const ed = generateKeyPairSync("ed25519");
/** Discord's application public key as its developer portal shows it (hex of the raw 32 bytes). */
export const DISCORD_PUBLIC = ed.publicKey
  .export({ format: "der", type: "spki" })
  .subarray(12)
  .toString("hex");
export const DISCORD_PRIVATE = ed.privateKey.export({ format: "pem", type: "pkcs8" }).toString();
