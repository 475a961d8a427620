/**
 * Minification of the generated check code. ajv's output is long-winded (`const _errs12 = errors;
 * if(errors === 0){}`, one-letter-free names, spaces): esbuild's minifier removes about half of
 * it, which matters for bundles and for the time an engine takes to parse the module. The module
 * frame around it (imports, lookup table, exports) stays readable; `minify: false` keeps ajv's
 * code as it came, for reading and debugging.
 */
import { type TransformOptions, transform, transformSync } from "esbuild";

const OPTIONS: TransformOptions = {
  minify: true,
  // Nothing newer than what Node 20 and current browsers run; the code is ES2015 anyway.
  target: "es2020",
  legalComments: "none",
  // Generated code must not depend on the machine's locale or on non-ASCII source decoding.
  charset: "ascii",
};

/**
 * Minifies a script made of top-level function declarations (`function build(__formats) {...}`).
 * Their names stay (esbuild keeps top-level names of a script), as do free names such as the
 * runtime helpers the code imports; everything local is renamed.
 */
export function minifyFunctions(source: string): string {
  return transformSync(source, OPTIONS).code.trimEnd();
}

/**
 * minifyFunctions without blocking: the same esbuild service and output. esbuild's synchronous
 * API relays through a worker thread of its own; on a large API that relay was half of this
 * step's CPU in the process and some 30 MB of memory.
 */
export async function minifyFunctionsAsync(source: string): Promise<string> {
  return (await transform(source, OPTIONS)).code.trimEnd();
}
