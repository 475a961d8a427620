/**
 * Validates values against schemas of a bundled document in-process with ajv (JSON Schema
 * 2020-12, formats on): how `contract trigger` confirms that what it is about to send is valid
 * before a receiver sees it.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

export interface SchemaIssue {
  /** JSON pointer into the checked value. */
  pointer: string;
  message: string;
  keyword: string;
}

export type SchemaCheck = (value: unknown) => SchemaIssue[];

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

const DOCUMENT_ID = "https://contract.invalid/document.json";

/** Compiles checks for schemas at JSON pointers of `document`; compiled checks are cached. */
export function createSchemaChecker(document: unknown): (schemaPointer: string) => SchemaCheck {
  const ajv = new Ajv2020({
    strict: false,
    allErrors: false,
    logger: false,
    validateFormats: true,
    inlineRefs: false,
    // The document is the user's spec, already validated; meta-validating it again costs ~50 ms.
    validateSchema: false,
  });
  addFormats(ajv);
  ajv.addSchema(document as object, DOCUMENT_ID);
  const cache = new Map<string, ValidateFunction>();
  return (schemaPointer) => {
    let validate = cache.get(schemaPointer);
    if (!validate) {
      const fragment = schemaPointer.split("/").map(encodeURIComponent).join("/");
      validate = ajv.compile({ $ref: `${DOCUMENT_ID}#${fragment}` });
      cache.set(schemaPointer, validate);
    }
    const check = validate;
    return (value) => (check(value) ? [] : (check.errors ?? []).map(toIssue));
  };
}

function toIssue(error: ErrorObject): SchemaIssue {
  return { pointer: error.instancePath, message: error.message ?? "is invalid", keyword: error.keyword };
}
