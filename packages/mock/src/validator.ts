/**
 * Schema checks of request and response values against the bundled document, with ajv (JSON Schema
 * 2020-12, formats on). The document is added once; each schema is compiled the first time a request
 * needs it, so a mock of a large spec (GitHub's REST description) starts without compiling all of it.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

export interface SchemaProblem {
  /** JSON pointer into the checked value. */
  pointer: string;
  message: string;
  keyword: string;
}

export type SchemaCheck = (value: unknown) => SchemaProblem[];

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

const DOCUMENT_ID = "https://contract.invalid/mock-document.json";

/** Checks for the schemas at JSON pointers of `document`, compiled on first use and cached. */
export function createChecker(document: unknown): (schemaPointer: string) => SchemaCheck {
  const ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    logger: false,
    validateFormats: true,
    inlineRefs: false,
    // The document was validated when it was loaded; meta-validating it again only costs start-up time.
    validateSchema: false,
  });
  addFormats(ajv);
  ajv.addSchema(document as object, DOCUMENT_ID);
  const cache = new Map<string, SchemaCheck>();
  return (schemaPointer) => {
    let check = cache.get(schemaPointer);
    if (!check) {
      check = compile(ajv, schemaPointer);
      cache.set(schemaPointer, check);
    }
    return check;
  };
}

function compile(ajv: Ajv2020, schemaPointer: string): SchemaCheck {
  const fragment = schemaPointer.split("/").map(encodeURIComponent).join("/");
  let validate: ValidateFunction;
  try {
    validate = ajv.compile({ $ref: `${DOCUMENT_ID}#${fragment}` });
  } catch {
    // A schema ajv cannot compile (an unknown format keyword, a dangling ref): nothing to check against.
    return () => [];
  }
  return (value) => (validate(value) ? [] : (validate.errors ?? []).map(toProblem));
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
