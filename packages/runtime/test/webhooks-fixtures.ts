/** A small two-webhook contract with hand-written validators, shared by the receiver tests. */
import type { ValidationIssue, Validator, ValidatorLookup } from "../src/validation/index.js";
import type { ReceiverDefinition } from "../src/webhooks/index.js";
import { standardWebhooks, utf8 } from "../src/webhooks/index.js";

export const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

export interface Payloads {
  "order.paid": { type: "order.paid"; id: string; amount: number; website?: string };
  "order.cancelled": { type: "order.cancelled"; id: string };
}

function validator(name: string, check: (value: any) => ValidationIssue[]): Validator {
  const validate = (value: unknown) => {
    const errors = check(value);
    return errors.length === 0 ? { ok: true as const, value } : { ok: false as const, errors };
  };
  const guard = ((value: unknown) => validate(value).ok) as Validator;
  return Object.assign(guard, {
    validate,
    assert: (value: unknown) => {
      if (!validate(value).ok) throw new Error(`${name} invalid`);
    },
    validatorName: name,
  }) as Validator;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

const orderPaid = validator("webhook order.paid payload", (v) => {
  if (!isObject(v)) return [{ pointer: "", keyword: "type", message: "must be object" }];
  const issues: ValidationIssue[] = [];
  if (v.type !== "order.paid")
    issues.push({ pointer: "/type", keyword: "const", message: "must be order.paid" });
  if (typeof v.id !== "string") issues.push({ pointer: "/id", keyword: "type", message: "must be string" });
  if (typeof v.amount !== "number")
    issues.push({ pointer: "/amount", keyword: "type", message: "must be number" });
  if (v.website !== undefined && !/^https?:\/\//.test(String(v.website))) {
    issues.push({ pointer: "/website", keyword: "format", message: 'must match format "uri"' });
  }
  return issues;
});
const orderCancelled = validator("webhook order.cancelled payload", (v) =>
  isObject(v) && v.type === "order.cancelled" && typeof v.id === "string"
    ? []
    : [{ pointer: "", keyword: "required", message: "must be a cancelled order" }],
);

export const lookup: ValidatorLookup = (key) =>
  ({
    "webhook:order.paid:application/json": orderPaid,
    "webhook:order.cancelled:application/json": orderCancelled,
  })[key];

export const definition: ReceiverDefinition = {
  webhooks: [
    { name: "order.paid", methods: ["post"], mediaTypes: ["application/json"] },
    { name: "order.cancelled", methods: ["post"], mediaTypes: ["application/json"] },
  ],
  validators: lookup,
  signature: "standard-webhooks",
  route: { by: "body", field: "type" },
};

let counter = 0;

/** Signs `body` the Standard Webhooks way and returns request headers. */
export async function signedHeaders(
  body: string,
  options: { id?: string; timestamp?: number; secret?: string } = {},
) {
  const headers = await standardWebhooks({ secrets: options.secret ?? SECRET }).sign({
    id: options.id ?? `msg_${++counter}_${Date.now()}`,
    body: utf8(body),
    ...(options.timestamp !== undefined ? { timestamp: options.timestamp } : {}),
  });
  return { "content-type": "application/json", ...headers };
}
