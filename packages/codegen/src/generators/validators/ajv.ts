/**
 * The ajv instance validators are compiled with. One function builds it for generation and for
 * the in-process comparisons of the tests, so "same options" is true by construction.
 */

import { patternRegExp } from "@contract/core";
import { _, type Format, Name, nil } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import type { SchemaEnv } from "ajv/dist/compile/index.js";
import type { UriResolver } from "ajv/dist/types/index.js";
import { fullFormats } from "ajv-formats/dist/formats.js";
import { flatString } from "../../flat-string.js";

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
  /**
   * Track evaluated properties/items (for `unevaluatedProperties`/`unevaluatedItems`). Ajv2020
   * always turns it on, and then every function carries that bookkeeping and merges it after every
   * call; a caller that knows no schema uses those keywords turns it off (see `usedFeatures`).
   */
  unevaluated?: boolean;
  /**
   * Only generate code, never evaluate it. ajv compiles every function with `new Function` as it
   * generates it; standalone output needs only the source, and evaluating 1,000+ large functions
   * is a quarter of generation time on a large API. The functions of such an instance throw.
   */
  sourceOnly?: boolean;
  /** Pass dynamic anchors through calls (for `$dynamicRef`); off only when no schema uses them. */
  dynamicRef?: boolean;
}

/**
 * Which of Ajv2020's always-on features some schema may need. A keyword named as a string anywhere
 * (even as a property name) counts: a false positive only keeps a feature on.
 */
export function usedFeatures(schemas: Iterable<unknown>): { unevaluated: boolean; dynamicRef: boolean } {
  const { unevaluated, dynamicRef } = ajvOptionsFor(schemas);
  return { unevaluated, dynamicRef };
}

/** Whether any schema mentions, as a string, a name every object inherits (see `ownProperties`). */
export function mentionsInheritedName(schemas: Iterable<unknown>): boolean {
  return ajvOptionsFor(schemas).ownProperties;
}

/** The Object.prototype names as JSON strings (all are plain identifiers). */
const INHERITED_NAME = new RegExp(`"(?:${Object.getOwnPropertyNames(Object.prototype).join("|")})"`);

/**
 * usedFeatures and mentionsInheritedName (as `ownProperties`) in one pass: each schema is written
 * out once for all three (on a large API, megabytes of text).
 */
export function ajvOptionsFor(schemas: Iterable<unknown>): {
  ownProperties: boolean;
  unevaluated: boolean;
  dynamicRef: boolean;
} {
  const found = { ownProperties: false, unevaluated: false, dynamicRef: false };
  for (const schema of schemas) {
    const text = JSON.stringify(schema);
    found.ownProperties ||= INHERITED_NAME.test(text);
    found.unevaluated ||= text.includes('"unevaluatedProperties"') || text.includes('"unevaluatedItems"');
    found.dynamicRef ||= /"\$(dynamicRef|dynamicAnchor|recursiveRef|recursiveAnchor)"/.test(text);
  }
  return found;
}

/**
 * `pattern` compilation as core's and the runtime's `patternRegExp` do it (the `u` flag when the
 * pattern allows it); `code` is what standalone output calls instead.
 */
const patternEngine = Object.assign((source: string, flags: string) => patternRegExp(source, flags), {
  code: RUNTIME_NAMES.patternRegExp,
});

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

/** A definition name of share.ts (`d12`): a relative URI of one path segment, no scheme or dots. */
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * ajv's URI resolver with shortcuts for definition names. ajv resolves every `$ref` against the id
 * of the schema it sits in, and the general resolver takes some 25 µs a call: a fifth of code
 * generation on a large API. By RFC 3986 (section 5.2), a one-segment relative path against a base
 * that is itself one segment without scheme or authority resolves to the reference itself, which
 * is what the general resolver returns for those too. ajv also parses and writes again the id of
 * every schema it adds or compiles: a name's parts are parsed and written once (ajv only reads
 * them; they are frozen so that nothing could change them behind the stored text).
 */
function withPlainNameShortcut(resolver: UriResolver): UriResolver {
  const parsedNames = new Map<string, ReturnType<UriResolver["parse"]>>();
  const textOfParsed = new WeakMap<object, string>();
  const parseName = (name: string): ReturnType<UriResolver["parse"]> => {
    let parsed = parsedNames.get(name);
    if (parsed === undefined) {
      parsed = Object.freeze(resolver.parse(name));
      parsedNames.set(name, parsed);
      textOfParsed.set(parsed, resolver.serialize(parsed));
    }
    return parsed;
  };
  return {
    parse: (uri) => (PLAIN_NAME.test(uri) ? parseName(uri) : resolver.parse(uri)),
    serialize: (component) => textOfParsed.get(component) ?? resolver.serialize(component),
    resolve: (base, path) =>
      PLAIN_NAME.test(path) && PLAIN_NAME.test(base) ? path : resolver.resolve(base, path),
  };
}

const META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";
const SOURCE_ONLY_FUNCTION =
  'return function validate() { throw new Error("validators: this ajv instance only generates code"); }';

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
    // `required` stays one comparison per name (ajv's default): a loop over the list (`loopRequired`)
    // saves 5% of the output on GitHub's webhooks but costs a fifth of validation throughput.
    code: {
      source: true,
      lines: false,
      optimize: options.optimize ?? false,
      formats: _`${new Name(RUNTIME_NAMES.formats)}`,
      regExp: patternEngine,
    },
  });
  // Ajv2020's constructor forces both on; they only shape code generation (every keyword stays
  // registered), so turning them off afterwards is safe when no schema needs them.
  ajv.opts.uriResolver = withPlainNameShortcut(ajv.opts.uriResolver);
  const features = ajv.opts as { unevaluated?: boolean; dynamicRef?: boolean };
  features.unevaluated = options.unevaluated ?? true;
  features.dynamicRef = options.dynamicRef ?? true;
  for (const keyword of ["discriminator", "xml", "externalDocs", "example"]) ajv.addKeyword({ keyword });
  for (const [name, format] of Object.entries(formatRecords())) ajv.addFormat(name, format);
  if (options.sourceOnly) {
    // Schemas are still checked against the meta-schema when added: that one must really run.
    ajv.getSchema(META_SCHEMA);
    ajv.opts.code.process = flattenCompiledCode();
    // ajv writes, for every function it compiles, the scope references of the code it is about to
    // evaluate: text that the line above throws away (and a fifth of it garbage on a large API).
    ajv.scope.scopeRefs = () => nil;
  }
  return ajv;
}

/**
 * The source-only `code.process` hook, which also flattens the code of the functions compiled
 * before. ajv keeps each function's code (`validate.source.validateCode`) as the string its code
 * generator concatenated, token after token: V8 holds that as a tree of pieces, on GitHub's REST
 * description some 95 MB for 14 MB of characters, all alive until the module text is written. The
 * hook runs once per compiled function, before ajv sets that function's `source`; so each call
 * flattens the code of the functions whose `source` is set by then (compilations nest: a function
 * compiled inside another's compilation gets its `source` first).
 */
function flattenCompiledCode(): (code: string, env?: SchemaEnv) => string {
  let pending: SchemaEnv[] = [];
  return (_code, env) => {
    pending = pending.filter((env) => {
      const code = env.validate?.source?.validateCode;
      if (code === undefined) return true;
      flatString(code);
      return false;
    });
    if (env !== undefined) pending.push(env);
    return SOURCE_ONLY_FUNCTION;
  };
}
