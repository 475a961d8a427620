/**
 * The ajv instance validators are compiled with. One function builds it for generation and for
 * the in-process comparisons of the tests, so "same options" is true by construction.
 */
import { _, type Format, Name } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import { fullFormats } from "ajv-formats/dist/formats.js";

/** Names the generated code uses for what it imports from the runtime (see emit-module.ts). */
export const RUNTIME_NAMES = {
  formats: "__formats",
  equal: "__equal",
  ucs2length: "__ucs2length",
  patternRegExp: "__patternRegExp",
  fail: "__fail",
  concatErrors: "__concatErrors",
} as const;

export interface AjvOptions {
  /** Collect every error instead of stopping at the first (slower; off by default). */
  allErrors?: boolean;
  /**
   * Read properties with an own-property check. Needed only when a schema names a property that
   * every object inherits (`constructor`, `toString`...): otherwise `{}` would have it.
   */
  ownProperties?: boolean;
  /**
   * ajv's code optimizer. Off by default: on GitHub's webhooks description it saves 8% of the
   * output but triples compile time (its name counting is quadratic in nesting depth, and ajv nests
   * one block per property).
   */
  optimize?: boolean | number;
}

const INHERITED_NAMES = Object.getOwnPropertyNames(Object.prototype);

/** Whether any schema mentions, as a string, a name every object inherits (see `ownProperties`). */
export function mentionsInheritedName(schemas: Iterable<unknown>): boolean {
  const quoted = INHERITED_NAMES.map((name) => JSON.stringify(name));
  for (const schema of schemas) {
    const text = JSON.stringify(schema);
    if (quoted.some((name) => text.includes(name))) return true;
  }
  return false;
}

/**
 * `pattern` compilation: the `u` flag when the pattern allows it, without it otherwise (mirrors
 * `patternRegExp` of @contract/runtime; `code` is what standalone output calls instead).
 */
function patternRegExp(source: string, flags: string): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (error) {
    if (!flags.includes("u")) throw error;
    return new RegExp(source, flags.replace("u", ""));
  }
}
patternRegExp.code = RUNTIME_NAMES.patternRegExp;

/**
 * Every ajv-formats format as a `{ type, validate }` record, so that generated code always reads
 * `__formats[name].validate(value)` and the table can be swapped at run time (format checks off).
 */
function formatRecords(): Record<string, Format> {
  const records: Record<string, Format> = {};
  for (const [name, format] of Object.entries(fullFormats)) {
    if (format === true) records[name] = true;
    else if (format instanceof RegExp)
      records[name] = { type: "string", validate: (text: string) => format.test(text) };
    else if (typeof format === "function") records[name] = { type: "string", validate: format };
    else if (typeof format === "object") {
      const check = format.validate;
      records[name] = {
        type: format.type ?? "string",
        validate: check instanceof RegExp ? (text: string) => check.test(text) : check,
      } as Format;
    }
  }
  return records;
}

export function createValidatorAjv(options: AjvOptions = {}): Ajv2020 {
  const ajv = new Ajv2020({
    // Safe by default: never change the data being validated.
    coerceTypes: false,
    useDefaults: false,
    removeAdditional: false,
    // `{"required": ["constructor"]}` must not be satisfied by Object.prototype.constructor.
    ownProperties: options.ownProperties ?? true,
    allErrors: options.allErrors ?? false,
    // Messages are written by the runtime from keyword + params: no strings repeated in the code.
    messages: false,
    // Unknown keywords (`x-*`, 3.0 leftovers) are annotations; unknown formats are not checked.
    strict: false,
    logger: false,
    // Every definition stays one function, called where referenced: hash-consing already decided
    // what is worth sharing, and inlining leaf definitions made the output larger and slower to build.
    inlineRefs: false,
    code: {
      source: true,
      lines: false,
      optimize: options.optimize ?? false,
      formats: _`${new Name(RUNTIME_NAMES.formats)}`,
      regExp: patternRegExp,
    },
  });
  for (const keyword of ["discriminator", "xml", "externalDocs", "example"]) ajv.addKeyword({ keyword });
  for (const [name, format] of Object.entries(formatRecords())) ajv.addFormat(name, format);
  return ajv;
}
