/**
 * Validates values against schemas of a bundled document in-process with ajv (JSON Schema
 * 2020-12, formats on): how `contract trigger` confirms that what it is about to send is valid
 * before a receiver sees it, and how `contract verify` checks the payloads a provider sends.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { joinPointer } from "../pointer.js";

export interface SchemaIssue {
  /** JSON pointer into the checked value. */
  pointer: string;
  message: string;
  keyword: string;
  /** JSON pointer into the document of the keyword that failed (e.g. `/components/schemas/Order/required`). */
  schemaPointer?: string;
}

export type SchemaCheck = (value: unknown) => SchemaIssue[];

export interface SchemaCheckerOptions {
  /** Report every issue of a value instead of the first one (slower). Default false. */
  allErrors?: boolean;
}

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

const DOCUMENT_ID = "https://contract.invalid/document.json";

/** Compiles checks for schemas at JSON pointers of `document`; compiled checks are cached. */
export function createSchemaChecker(
  document: unknown,
  options: SchemaCheckerOptions = {},
): (schemaPointer: string) => SchemaCheck {
  const ajv = new Ajv2020({
    strict: false,
    allErrors: options.allErrors ?? false,
    logger: false,
    validateFormats: true,
    inlineRefs: false,
    // `{"required": ["constructor"]}` must not be satisfied by Object.prototype.constructor (as in
    // the generated validators).
    ownProperties: true,
    // Errors carry the schema object that failed, which `pointerOf` finds in the document.
    verbose: true,
    // The document is the user's spec, already validated; meta-validating it again costs ~50 ms.
    validateSchema: false,
  });
  addFormats(ajv);
  ajv.addSchema(document as object, DOCUMENT_ID);
  const cache = new Map<string, ValidateFunction>();
  let pointers: Map<object, string> | undefined;
  const pointerOf = (schema: unknown): string | undefined => {
    if (schema === null || typeof schema !== "object") return undefined;
    pointers ??= objectPointers(document);
    return pointers.get(schema);
  };
  return (schemaPointer) => {
    let validate = cache.get(schemaPointer);
    if (!validate) {
      const fragment = schemaPointer.split("/").map(encodeURIComponent).join("/");
      validate = ajv.compile({ $ref: `${DOCUMENT_ID}#${fragment}` });
      cache.set(schemaPointer, validate);
    }
    const check = validate;
    return (value) => (check(value) ? [] : (check.errors ?? []).map((error) => toIssue(error, pointerOf)));
  };
}

function toIssue(error: ErrorObject, pointerOf: (schema: unknown) => string | undefined): SchemaIssue {
  const issue: SchemaIssue = {
    pointer: error.instancePath,
    message: error.message ?? "is invalid",
    keyword: error.keyword,
  };
  const parent = pointerOf(error.parentSchema);
  if (parent !== undefined) issue.schemaPointer = joinPointer(parent, error.keyword);
  return issue;
}

/** Every object and array of `document` by identity → its JSON pointer (the first path found). */
function objectPointers(document: unknown): Map<object, string> {
  const out = new Map<object, string>();
  const stack: Array<[unknown, string]> = [[document, ""]];
  while (stack.length > 0) {
    const [node, pointer] = stack.pop() as [unknown, string];
    if (node === null || typeof node !== "object" || out.has(node)) continue;
    out.set(node, pointer);
    for (const [key, child] of Object.entries(node)) {
      if (child !== null && typeof child === "object") stack.push([child, joinPointer(pointer, key)]);
    }
  }
  return out;
}
