/**
 * Schema checks of request and response values against the bundled document, with ajv (JSON Schema
 * 2020-12, formats on). The document is added once; each schema is compiled the first time a request
 * needs it, so a mock of a large spec (GitHub's REST description) starts without compiling all of it.
 */

import { getAtPointer } from "@contract/core";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

export interface SchemaProblem {
  /** JSON pointer into the checked value. */
  pointer: string;
  message: string;
  keyword: string;
}

export type SchemaCheck = (value: unknown) => SchemaProblem[];

/**
 * Which way the value travels: a `readOnly` property is never sent in a request, so it is not
 * required there; a `writeOnly` one is never sent in a response (OpenAPI 3.1, Schema Object).
 */
export type Direction = "request" | "response";

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

const DOCUMENT_ID = "https://contract.invalid/mock-document.json";

/** Checks for the schemas at JSON pointers of `document`, compiled on first use and cached. */
export function createChecker(
  document: unknown,
): (schemaPointer: string, direction?: Direction) => SchemaCheck {
  const ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    logger: false,
    validateFormats: true,
    inlineRefs: false,
    // The document was validated when it was loaded; meta-validating it again only costs start-up time.
    validateSchema: false,
    // The schema around each error, to tell a missing `readOnly` property from a missing one.
    verbose: true,
  });
  addFormats(ajv);
  ajv.addSchema(document as object, DOCUMENT_ID);
  const cache = new Map<string, SchemaCheck>();
  return (schemaPointer, direction = "response") => {
    const key = `${direction}\u0000${schemaPointer}`;
    let check = cache.get(key);
    if (!check) {
      check = compile(ajv, schemaPointer, document, direction);
      cache.set(key, check);
    }
    return check;
  };
}

function compile(ajv: Ajv2020, schemaPointer: string, document: unknown, direction: Direction): SchemaCheck {
  const fragment = schemaPointer.split("/").map(encodeURIComponent).join("/");
  let validate: ValidateFunction;
  try {
    validate = ajv.compile({ $ref: `${DOCUMENT_ID}#${fragment}` });
  } catch {
    // A schema ajv cannot compile (an unknown format keyword, a dangling ref): nothing to check against.
    return () => [];
  }
  const hidden = direction === "request" ? "readOnly" : "writeOnly";
  return (value) => {
    if (validate(value)) return [];
    const errors = (validate.errors ?? []).filter((e) => !missingButHidden(e, document, hidden));
    // Only absent read-only (or write-only) properties failed: the value keeps the contract. (Inside
    // a `oneOf`/`anyOf` branch the branch's own failure is still reported: a known limit.)
    return errors.map(toProblem);
  };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** A `required` error about a property whose schema says it does not travel this way. */
function missingButHidden(error: ErrorObject, document: unknown, hidden: "readOnly" | "writeOnly"): boolean {
  if (error.keyword !== "required") return false;
  const missing = (error.params as { missingProperty?: string }).missingProperty;
  const parent = error.parentSchema;
  if (missing === undefined || !isObj(parent) || !isObj(parent.properties)) return false;
  let property: unknown = parent.properties[missing];
  for (let hops = 0; isObj(property) && typeof property.$ref === "string" && hops < 16; hops++) {
    if (property[hidden] === true) return true;
    if (!property.$ref.startsWith("#")) return false;
    property = getAtPointer(document, decodeURIComponent(property.$ref.slice(1)));
  }
  return isObj(property) && property[hidden] === true;
}

function toProblem(error: ErrorObject): SchemaProblem {
  const extra =
    error.keyword === "additionalProperties"
      ? ` (${String((error.params as { additionalProperty?: unknown }).additionalProperty)})`
      : "";
  return {
    pointer: error.instancePath,
    message: `${error.message ?? "is invalid"}${extra}`,
    keyword: error.keyword,
  };
}
