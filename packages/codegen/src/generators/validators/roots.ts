/**
 * What gets a validator: every component schema, every operation's parameters (one object per
 * location), request body per media type and response body per status and media type, and every
 * webhook's payload and declared headers. Each root carries its lookup key (the scheme documented
 * in @contract/runtime/validation), a readable name for error messages, and the TypeScript type it
 * guards, written as an indexed access into openapi-typescript's `types.ts`.
 */
import type { ContractIR, IROperation, IRParameter, ParameterLocation } from "@contract/core";
import { PARAMETER_LOCATIONS } from "@contract/core";
import type { SchemaObject } from "./keywords.js";
import { setOwn } from "./keywords.js";
import type { SchemaRoot } from "./share.js";

export interface ValidatorRoot {
  key: string;
  validatorName: string;
  /** TypeScript type over the `types.ts` exports `components`, `paths`, `webhooks`. */
  type: string;
  root: SchemaRoot;
  /** Where the schema is, for error messages. */
  pointer: string;
}

const literal = (text: string): string => JSON.stringify(text);

/** `$ref` to a raw JSON pointer, written as a URI fragment. */
function refTo(pointer: string): SchemaObject {
  return { $ref: `#${pointer.split("/").map(encodeURIComponent).join("/")}` };
}

function operationType(operation: IROperation): string {
  return operation.kind === "webhook"
    ? `webhooks[${literal(operation.name)}][${literal(operation.method)}]`
    : `paths[${literal(operation.path)}][${literal(operation.method)}]`;
}

function describe(operation: IROperation): string {
  return operation.kind === "webhook" ? `webhook ${operation.name}` : `operation ${operation.id}`;
}

function parameterSchemaPointer(parameter: IRParameter): string | undefined {
  return parameter.schemaPointer ?? parameter.content?.schemaPointer;
}

/** One object schema over the parameters of one location: `{ [name]: schema }`, required ones required. */
function parametersSchema(parameters: IRParameter[], nameOf: (p: IRParameter) => string): SchemaObject {
  const properties: SchemaObject = {};
  const required: string[] = [];
  for (const parameter of parameters) {
    const pointer = parameterSchemaPointer(parameter);
    setOwn(properties, nameOf(parameter), pointer === undefined ? true : refTo(pointer));
    if (parameter.required) required.push(nameOf(parameter));
  }
  return { type: "object", properties, ...(required.length > 0 ? { required } : {}) };
}

function operationRoots(operation: IROperation): ValidatorRoot[] {
  const roots: ValidatorRoot[] = [];
  const type = operationType(operation);
  const id = operation.id;
  for (const location of PARAMETER_LOCATIONS as ParameterLocation[]) {
    const parameters = operation.parameters[location];
    if (parameters.length === 0) continue;
    roots.push({
      key: `parameters:${id}:${location}`,
      validatorName: `${describe(operation)} ${location} parameters`,
      type: `NonNullable<${type}["parameters"][${literal(location)}]>`,
      root: { schema: parametersSchema(parameters, (p) => p.name), direction: "request" },
      pointer: operation.pointer,
    });
    if (operation.kind === "webhook" && location === "header") {
      // The receiver sees headers as HTTP delivers them: names in lower case.
      roots.push({
        key: `webhook-headers:${operation.name}`,
        validatorName: `${describe(operation)} headers`,
        type: `LowercaseKeys<NonNullable<${type}["parameters"]["header"]>>`,
        root: { schema: parametersSchema(parameters, (p) => p.name.toLowerCase()), direction: "request" },
        pointer: operation.pointer,
      });
    }
  }
  for (const media of operation.requestBody?.content ?? []) {
    if (media.schemaPointer === undefined) continue;
    const isWebhook = operation.kind === "webhook";
    roots.push({
      key: isWebhook ? `webhook:${operation.name}:${media.mediaType}` : `request:${id}:${media.mediaType}`,
      validatorName: `${describe(operation)} ${isWebhook ? "payload" : "request body"} (${media.mediaType})`,
      type: `NonNullable<${type}["requestBody"]>["content"][${literal(media.mediaType)}]`,
      root: { pointer: media.schemaPointer, direction: "request" },
      pointer: media.schemaPointer,
    });
  }
  for (const response of operation.responses) {
    for (const media of response.content) {
      if (media.schemaPointer === undefined) continue;
      roots.push({
        key: `response:${id}:${response.status}:${media.mediaType}`,
        validatorName: `${describe(operation)} response ${response.status} (${media.mediaType})`,
        type: `NonNullable<${type}["responses"][${literal(response.status)}]["content"]>[${literal(media.mediaType)}]`,
        root: { pointer: media.schemaPointer, direction: "response" },
        pointer: media.schemaPointer,
      });
    }
  }
  return roots;
}

export function collectValidatorRoots(ir: ContractIR): ValidatorRoot[] {
  const roots: ValidatorRoot[] = ir.schemas.map((schema) => ({
    key: `schema:${schema.name}`,
    validatorName: `schema ${schema.name}`,
    type: `components["schemas"][${literal(schema.name)}]`,
    root: { pointer: schema.pointer, direction: "asWritten" },
    pointer: schema.pointer,
  }));
  for (const operation of [...ir.operations, ...ir.webhooks]) roots.push(...operationRoots(operation));
  // A path item referenced from `paths` and `webhooks` yields the same operation (and keys) twice;
  // the duplicate-operation-id rule refuses distinct operations that share an id. One validator each.
  const seen = new Set<string>();
  return roots.filter((root) => !seen.has(root.key) && seen.add(root.key));
}
