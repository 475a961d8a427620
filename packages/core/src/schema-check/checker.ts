/**
 * Validates values against schemas of a bundled document in-process with ajv (JSON Schema 2020-12,
 * formats on), the one place where `contract trigger`, `contract verify` and `contract mock` check a
 * value: what trigger is about to send, what a provider or a sender answers, what a mock receives
 * and replies. The document comes from the loader, which has already given a 3.0 spec (and a 3.1
 * one written with `nullable`) 3.1 semantics, so no draft or `nullable` handling is needed here.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { joinPointer } from "../pointer.js";
import { type Direction, documentFor } from "./direction.js";
import { objectPointers } from "./object-pointers.js";
import { checkedPatternRegExp } from "./pattern-regexp.js";

export interface SchemaIssue {
  /** JSON pointer into the checked value. */
  pointer: string;
  /** ajv's message (e.g. `must have required property 'id'`). */
  message: string;
  keyword: string;
  /** ajv's parameters of the failed keyword (e.g. `missingProperty`, `additionalProperty`). */
  params: Record<string, unknown>;
  /** JSON pointer into the document of the keyword that failed (e.g. `/components/schemas/Order/required`). */
  schemaPointer?: string;
}

export type SchemaCheck = (value: unknown) => SchemaIssue[];

/**
 * The check of the schema at a JSON pointer of the document, compiled on first use and cached.
 * With a direction, a required `readOnly` (request) or `writeOnly` (response) property may be absent.
 */
export type SchemaChecker = (schemaPointer: string, direction?: Direction) => SchemaCheck;

export interface SchemaCheckerOptions {
  /** Report every issue of a value instead of the first one (slower). Default false. */
  allErrors?: boolean;
}

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

/** One id per view of the document, so that each view's `$ref`s resolve inside it. */
const DOCUMENT_IDS = {
  asWritten: "https://contract.invalid/document.json",
  request: "https://contract.invalid/request/document.json",
  response: "https://contract.invalid/response/document.json",
} as const;

type View = keyof typeof DOCUMENT_IDS;

/** A view of the document added to ajv, with its object → pointer index built when first needed. */
interface AddedView {
  id: string;
  pointerOf: (schema: unknown) => string | undefined;
}

/** Compiles checks for schemas at JSON pointers of `document`; compiled checks are cached. */
export function createSchemaChecker(document: unknown, options: SchemaCheckerOptions = {}): SchemaChecker {
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
    // Patterns as the generated validators compile them (`patternRegExp` of @contract/runtime): a
    // pattern valid only without the `u` flag, a warning of `check`, is compiled without it; one in
    // another dialect is translated, one JavaScript cannot read is not checked.
    // (`code` names the engine in printed code: standalone only, which this checker prints none of.)
    code: {
      regExp: Object.assign((source: string, flags: string) => checkedPatternRegExp(source, flags), {
        code: "",
      }),
    },
  });
  addFormats(ajv);
  // A view is added the first time a check needs it: a mock of a large spec starts without it.
  const views = new Map<View, AddedView>();
  const viewFor = (view: View): AddedView => {
    let added = views.get(view);
    if (!added) {
      const viewed = view === "asWritten" ? document : documentFor(document, view);
      ajv.addSchema(viewed as object, DOCUMENT_IDS[view]);
      let pointers: Map<object, string> | undefined;
      const pointerOf = (schema: unknown): string | undefined => {
        if (schema === null || typeof schema !== "object") return undefined;
        pointers ??= objectPointers(viewed);
        return pointers.get(schema);
      };
      added = { id: DOCUMENT_IDS[view], pointerOf };
      views.set(view, added);
    }
    return added;
  };
  const cache = new Map<string, SchemaCheck>();
  return (schemaPointer, direction) => {
    const view: View = direction ?? "asWritten";
    const key = `${view}\u0000${schemaPointer}`;
    let check = cache.get(key);
    if (!check) {
      const { id, pointerOf } = viewFor(view);
      const fragment = schemaPointer.split("/").map(encodeURIComponent).join("/");
      const validate: ValidateFunction = ajv.compile({ $ref: `${id}#${fragment}` });
      check = (value) =>
        validate(value) ? [] : (validate.errors ?? []).map((error) => toIssue(error, pointerOf));
      cache.set(key, check);
    }
    return check;
  };
}

function toIssue(error: ErrorObject, pointerOf: (schema: unknown) => string | undefined): SchemaIssue {
  const issue: SchemaIssue = {
    pointer: error.instancePath,
    message: error.message ?? "is invalid",
    keyword: error.keyword,
    params: error.params as Record<string, unknown>,
  };
  const parent = pointerOf(error.parentSchema);
  if (parent !== undefined) issue.schemaPointer = joinPointer(parent, error.keyword);
  return issue;
}
