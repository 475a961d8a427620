/**
 * A `ValidatorLookup` compiled in-process with ajv from a contract's webhook schemas: the same
 * contract the generated `validators.js` implements, so receiver tests do not depend on codegen.
 */
import type { ContractIR } from "@contract/core";
import type { ValidationIssue, Validator, ValidatorLookup } from "@contract/runtime/validation";
import type { WebhookDescriptor } from "@contract/runtime/webhooks";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv2020,
) => void;

const encodePointer = (pointer: string) =>
  pointer
    .split("/")
    .map((segment) => encodeURIComponent(segment))
    .join("/");

export const toIssues = (errors: ErrorObject[] | null | undefined): ValidationIssue[] =>
  (errors ?? []).map((e) => ({
    pointer: e.instancePath,
    message: e.message ?? "is invalid",
    keyword: e.keyword,
  }));

function asValidator(name: string, fn: ValidateFunction): Validator {
  const validate = (value: unknown) =>
    fn(value) ? { ok: true as const, value } : { ok: false as const, errors: toIssues(fn.errors) };
  return Object.assign((value: unknown) => fn(value) as boolean, {
    validate,
    assert(value: unknown) {
      if (!fn(value)) throw new Error(`${name} is invalid`);
    },
    validatorName: name,
  }) as Validator;
}

export interface AjvOptions {
  allErrors?: boolean;
  formats?: boolean;
  /** ajv's optimization of the generated code (on by default); off compiles faster, validates the same. */
  optimize?: boolean;
}

export function createAjv(options: AjvOptions = {}): Ajv2020 {
  // `inlineRefs: false` compiles each shared component once instead of into every webhook using it.
  const ajv = new Ajv2020({
    strict: false,
    allErrors: options.allErrors ?? true,
    validateSchema: false,
    inlineRefs: false,
    code: { optimize: options.optimize ?? true },
  });
  if (options.formats !== false) addFormats(ajv);
  return ajv;
}

/** Lazily compiles `webhook:<name>:<mediaType>` validators from the IR's schema pointers. */
export function ajvWebhookLookup(ir: ContractIR, options: AjvOptions = {}): ValidatorLookup {
  const ajv = createAjv(options);
  ajv.addSchema(ir.document as object, "contract");
  const pointers = new Map<string, string>();
  for (const webhook of ir.webhooks) {
    for (const content of webhook.requestBody?.content ?? []) {
      if (content.schemaPointer)
        pointers.set(`webhook:${webhook.name}:${content.mediaType}`, content.schemaPointer);
    }
  }
  const cache = new Map<string, Validator>();
  return (key) => {
    const pointer = pointers.get(key);
    if (pointer === undefined) return undefined;
    let validator = cache.get(key);
    if (!validator) {
      validator = asValidator(key, ajv.compile({ $ref: `contract#${encodePointer(pointer)}` }));
      cache.set(key, validator);
    }
    return validator;
  };
}

export const webhookDescriptors = (ir: ContractIR): WebhookDescriptor[] => {
  const byName = new Map<string, WebhookDescriptor & { methods: string[]; mediaTypes: string[] }>();
  for (const webhook of ir.webhooks) {
    const entry = byName.get(webhook.name) ?? { name: webhook.name, methods: [], mediaTypes: [] };
    entry.methods.push(webhook.method);
    for (const content of webhook.requestBody?.content ?? []) {
      if (!entry.mediaTypes.includes(content.mediaType)) entry.mediaTypes.push(content.mediaType);
    }
    byName.set(webhook.name, entry);
  }
  return [...byName.values()];
};
