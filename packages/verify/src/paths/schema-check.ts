/**
 * Validates request and response values in-process with ajv (JSON Schema 2020-12, formats on), the
 * way the generated validators do, and maps each error to a pointer into the spec: ajv reports the
 * keyword relative to the compiled schema only, so the schema is walked again along the instance path.
 */
import { getAtPointer, joinPointer, parsePointer } from "@contract/core";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { type Direction, documentFor } from "./direction.js";

export interface SchemaProblem {
  /** JSON pointer into the checked value. */
  instancePointer: string;
  /** JSON pointer into the spec: the schema keyword that failed (best effort through `$ref`s). */
  specPointer: string;
  message: string;
  keyword: string;
}

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

const DOCUMENT_ID = "https://contract.invalid/document.json";

export type SchemaValidator = (schemaPointer: string, value: unknown) => SchemaProblem[];

export function createValidator(document: unknown, direction: Direction): SchemaValidator {
  const directed = documentFor(document, direction);
  const ajv = new Ajv2020({
    strict: false,
    allErrors: false,
    logger: false,
    validateFormats: true,
    inlineRefs: false,
    validateSchema: false,
  });
  addFormats(ajv);
  ajv.addSchema(directed as object, DOCUMENT_ID);
  const cache = new Map<string, ValidateFunction>();
  return (schemaPointer, value) => {
    let validate = cache.get(schemaPointer);
    if (!validate) {
      const fragment = schemaPointer.split("/").map(encodeURIComponent).join("/");
      validate = ajv.compile({ $ref: `${DOCUMENT_ID}#${fragment}` });
      cache.set(schemaPointer, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => toProblem(directed, schemaPointer, e));
  };
}

function toProblem(document: unknown, schemaPointer: string, error: ErrorObject): SchemaProblem {
  const at = schemaAt(document, schemaPointer, parsePointer(error.instancePath));
  const keywordPointer = joinPointer(at, error.keyword);
  const specPointer = getAtPointer(document, keywordPointer) === undefined ? at : keywordPointer;
  const missing = (error.params as { missingProperty?: unknown }).missingProperty;
  const message =
    error.keyword === "required" && typeof missing === "string"
      ? `missing required property ${JSON.stringify(missing)}`
      : (error.message ?? "is invalid");
  return { instancePointer: error.instancePath, specPointer, message, keyword: error.keyword };
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Follows local `$ref`s from `pointer` to the schema that holds the keywords. */
function resolve(document: unknown, pointer: string): string {
  let current = pointer;
  for (let hop = 0; hop < 16; hop++) {
    const node = getAtPointer(document, current);
    if (!isObject(node) || typeof node.$ref !== "string" || !node.$ref.startsWith("#")) return current;
    current = node.$ref.slice(1);
  }
  return current;
}

/** The schema that describes the value at `instancePath`: properties, items, additionalProperties. */
function schemaAt(document: unknown, root: string, instancePath: readonly string[]): string {
  let at = resolve(document, root);
  for (const segment of instancePath) {
    const node = getAtPointer(document, at);
    if (!isObject(node)) return at;
    let next: string | undefined;
    if (isObject(node.properties) && Object.hasOwn(node.properties, segment))
      next = joinPointer(at, "properties", segment);
    else if (
      Array.isArray(node.prefixItems) &&
      /^\d+$/.test(segment) &&
      Number(segment) < node.prefixItems.length
    )
      next = joinPointer(at, "prefixItems", segment);
    else if (node.items !== undefined && /^\d+$/.test(segment)) next = joinPointer(at, "items");
    else if (isObject(node.additionalProperties)) next = joinPointer(at, "additionalProperties");
    if (next === undefined) return at;
    at = resolve(document, next);
  }
  return at;
}
