/**
 * A `ValidatorLookup` compiled in-process with ajv from the document itself: the same contract as the
 * generated validators module, so the client's `validateResponses` can be tested on its own.
 */
import type { ValidationIssue, Validator, ValidatorLookup } from "@contract/runtime/validation";
import { ValidationError } from "@contract/runtime/validation";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;

const fragment = (pointer: string) => pointer.split("/").map(encodeURIComponent).join("/");

interface OperationsLike {
  operations: {
    id: string;
    responses: { status: string; content: { mediaType: string; schemaPointer?: string }[] }[];
  }[];
}

/** Validator key → JSON pointer of the schema it checks, for every response body of the IR. */
export function responsePointers(ir: OperationsLike): Record<string, string> {
  const pointers: Record<string, string> = {};
  for (const op of ir.operations) {
    for (const r of op.responses) {
      for (const c of r.content) {
        if (c.schemaPointer) pointers[`response:${op.id}:${r.status}:${c.mediaType}`] = c.schemaPointer;
      }
    }
  }
  return pointers;
}

export function ajvLookup(document: object, pointerByKey: Record<string, string>): ValidatorLookup {
  const ajv = new Ajv2020({ strict: false, allErrors: true, logger: false });
  addFormats(ajv);
  ajv.addSchema(document, "doc");
  const pointers = new Map(Object.entries(pointerByKey));
  const cache = new Map<string, Validator>();
  return (key) => {
    const pointer = pointers.get(key);
    if (pointer === undefined) return undefined;
    let validator = cache.get(key);
    if (!validator) {
      const check = ajv.compile({ $ref: `doc#${fragment(pointer)}` });
      const issues = (): ValidationIssue[] =>
        (check.errors ?? []).map((e) => ({
          pointer: e.instancePath,
          message: e.message ?? "",
          keyword: e.keyword,
        }));
      validator = Object.assign((value: unknown): value is unknown => check(value) as boolean, {
        validate: (value: unknown) =>
          check(value) ? { ok: true as const, value } : { ok: false as const, errors: issues() },
        assert(value: unknown): asserts value is unknown {
          if (!check(value)) throw new ValidationError(key, issues());
        },
        validatorName: key,
      });
      cache.set(key, validator);
    }
    return validator;
  };
}
