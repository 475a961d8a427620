/**
 * Minification of the generated check code. ajv's output is long-winded (`const _errs12 = errors;
 * if(errors === 0){}`, one-letter-free names, spaces): esbuild's minifier removes about half of
 * it, which matters for bundles and for the time an engine takes to parse the module. The module
 * frame around it (imports, lookup table, exports) stays readable; `minify: false` keeps ajv's
 * code as it came, for reading and debugging.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build, transform, transformSync } from "esbuild";

/** The options `transform` and `build` share here (both APIs take them alike). */
const OPTIONS = {
  minify: true,
  // Nothing newer than what Node 20 and current browsers run; the code is ES2015 anyway.
  target: "es2020",
  legalComments: "none",
  // Generated code must not depend on the machine's locale or on non-ASCII source decoding.
  charset: "ascii",
} as const;

/**
 * Minifies a script made of top-level function declarations (`function build(__formats) {...}`).
 * Their names stay (esbuild keeps top-level names of a script), as do free names such as the
 * runtime helpers the code imports; everything local is renamed.
 */
export function minifyFunctions(source: string): string {
  return transformSync(source, OPTIONS).code.trimEnd();
}

/**
 * minifyFunctions without blocking: the same esbuild service and output. The source goes to esbuild
 * as a file written here, synchronously, so the request that names it is on its way when this
 * returns its promise, and esbuild works on another core while the caller goes on (given large
 * source text, esbuild's `transform` would write such a file itself, asynchronously, and start
 * only once the caller lets the event loop turn). esbuild's synchronous API relays through a
 * worker thread of its own: on a large API that relay was half of this step's CPU in the process
 * and some 30 MB of memory.
 */
export function minifyFunctionsAsync(source: string): Promise<string> {
  const file = sourceFile(source);
  // No writable temporary folder: esbuild takes the text itself (same output, no overlap).
  if (file === undefined) return transform(source, OPTIONS).then((result) => result.code.trimEnd());
  // The text is on disk now: nothing waiting for esbuild holds it (an async function's frame would).
  return minifyFile(file);
}

async function minifyFile(file: { folder: string; path: string }): Promise<string> {
  try {
    const result = await build({ ...OPTIONS, entryPoints: [file.path], write: false, logLevel: "silent" });
    const output = result.outputFiles?.[0];
    if (output === undefined) throw new Error("esbuild returned no minified output");
    return output.text.trimEnd();
  } finally {
    rmSync(file.folder, { recursive: true, force: true });
  }
}

/** `source` written to a file of its own temporary folder, or undefined when that fails. */
function sourceFile(source: string): { folder: string; path: string } | undefined {
  let folder: string | undefined;
  try {
    folder = mkdtempSync(join(tmpdir(), "contract-minify-"));
    const path = join(folder, "validators.js");
    writeFileSync(path, source);
    return { folder, path };
  } catch {
    if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
    return undefined;
  }
}
