/**
 * ajv standalone code made into real ESM. ajv's output (even with `code.esm`) loads its runtime
 * helpers with `require()` (ajv-validator/ajv#1976, #2209), which fails in Node ESM and in browser
 * bundles. The generated code instead receives those helpers from @contract/runtime under fixed
 * names (RUNTIME_NAMES), and is wrapped in a function so that the format table is a parameter.
 */
import type { Ajv2020 } from "ajv/dist/2020.js";
import { RUNTIME_NAMES } from "./ajv.js";
import { compactCalls } from "./compact-calls.js";
import { compactErrorSites } from "./compact-errors.js";
import { minifyFunctions, minifyFunctionsAsync } from "./minify.js";
import { pruneSchemaLiterals } from "./prune-literals.js";
import { standaloneExportsCode } from "./standalone-code.js";

/** The `require()` expressions ajv emits, and what replaces each. */
const RUNTIME_REQUIRES: ReadonlyArray<readonly [string, string]> = [
  ['require("ajv/dist/runtime/equal").default', RUNTIME_NAMES.equal],
  ['require("ajv/dist/runtime/ucs2length").default', RUNTIME_NAMES.ucs2length],
];

/**
 * The body of `function build(__formats) { ... }`: ajv's code for the given exports (export name →
 * schema key in `ajv`), ending in `return exports;`.
 */
export function standaloneBody(ajv: Ajv2020, exports: Record<string, string>): string {
  return compactStandalone(standaloneCode(ajv, exports), !ajv.opts.allErrors);
}

/** ajv's code for the given exports, its runtime `require()`s replaced by RUNTIME_NAMES. */
export function standaloneCode(ajv: Ajv2020, exports: Record<string, string>): string {
  let code = standaloneExportsCode(ajv, exports);
  for (const [required, name] of RUNTIME_REQUIRES) code = code.split(required).join(name);
  // In code (outside string literals, where quotes are escaped) `require("` can only be a call.
  const leftover = /require\("[^"]*"\)/.exec(code);
  if (leftover) throw new Error(`validators: unsupported ajv runtime dependency ${leftover[0]}`);
  return code;
}

/**
 * standaloneBody from the text of standaloneCode, which needs no ajv instance: a caller can let
 * go of ajv's compiled state (the larger part of the memory on a large API) before this runs.
 * `compactErrors`: the instance stops at the first error (not `allErrors`).
 */
export function compactStandalone(standalone: string, compactErrors: boolean): string {
  // Pruning first: schema literals are a third of ajv's text and most of its string literals, which
  // the other passes would otherwise scan through. No pass changes what another one reads (schema
  // literal reads, error sites, calls), so the order does not change the result.
  let code = pruneSchemaLiterals(standalone.replace(/^"use strict";/, ""));
  if (compactErrors) code = compactErrorSites(code);
  code = compactCalls(code);
  return `const exports = {};\n${code}\nreturn exports;`;
}

const buildSource = (name: string, body: string): string =>
  `function ${name}(${RUNTIME_NAMES.formats}) {\n${body}\n}`;

/** `function name(__formats) { body }`, minified or as ajv wrote it. */
export function buildFunction(name: string, body: string, minify: boolean): string {
  const source = buildSource(name, body);
  return minify ? minifyFunctions(source) : source;
}

/** buildFunction without blocking while esbuild minifies (the same text). */
export function buildFunctionAsync(name: string, body: string, minify: boolean): Promise<string> {
  // Not an async function: its suspended frame would keep `body` and `source` alive until esbuild answers.
  const source = buildSource(name, body);
  return minify ? minifyFunctionsAsync(source) : Promise.resolve(source);
}

/** The standalone-code function by its export name, for ajv's CommonJS-style `exports.x = ...`. */
export type StandaloneBuild = (formats: unknown) => Record<string, (data: unknown) => boolean>;

/** Evaluates a body from standaloneBody in-process (tests compare it with ajv's own functions). */
export function evaluateStandaloneBody(body: string, runtime: Record<string, unknown>): StandaloneBuild {
  const names = Object.values(RUNTIME_NAMES).filter((name) => name !== RUNTIME_NAMES.formats);
  const factory = new Function(...names, `return function build(${RUNTIME_NAMES.formats}) {\n${body}\n};`);
  return factory(...names.map((name) => runtime[name])) as StandaloneBuild;
}
