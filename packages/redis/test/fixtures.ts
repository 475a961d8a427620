/** A one-webhook contract, signed deliveries and a Redis server per test file. */
import type { Validator, ValidatorLookup } from "@contract/runtime/validation";
import {
  type IncomingDelivery,
  type ReceiverDefinition,
  standardWebhooks,
  utf8,
} from "@contract/runtime/webhooks";

export const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

export interface Payloads {
  "order.paid": { type: "order.paid"; id: string; amount: number };
}

const orderPaid = (() => {
  const validate = (value: unknown) => {
    const v = value as Record<string, unknown> | null;
    const ok = v !== null && typeof v === "object" && v.type === "order.paid" && typeof v.amount === "number";
    return ok
      ? { ok: true as const, value }
      : { ok: false as const, errors: [{ pointer: "/amount", keyword: "type", message: "must be number" }] };
  };
  const guard = ((value: unknown) => validate(value).ok) as Validator;
  return Object.assign(guard, { validate, assert: () => {}, validatorName: "order.paid" }) as Validator;
})();

const lookup: ValidatorLookup = (key) =>
  key === "webhook:order.paid:application/json" ? orderPaid : undefined;

export const definition: ReceiverDefinition = {
  webhooks: [{ name: "order.paid", methods: ["post"], mediaTypes: ["application/json"] }],
  validators: lookup,
  signature: "standard-webhooks",
  route: { by: "body", field: "type" },
  drift: "reject",
};

const signer = standardWebhooks({ secrets: SECRET });

export async function signed(id: string, payload: unknown): Promise<IncomingDelivery> {
  const body = utf8(typeof payload === "string" ? payload : JSON.stringify(payload));
  const headers: Record<string, string> = {
    "content-type": "application/json",
    ...(await signer.sign({ id, body })),
  };
  return { method: "POST", path: "/webhooks", headers: (name) => headers[name], body };
}
