/** Shared plumbing of the validators tests: writing and importing generated modules, the suite's remotes. */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { fixture } from "@contract/test-fixtures";
import type { Ajv2020 } from "ajv/dist/2020.js";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** Ignored by git; under the repo so that Vite resolves `@contract/runtime` from source there. */
export const outRoot = join(repoRoot, "test/.out/validators");

export function readJson<T = unknown>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

/** Writes `files` under test/.out/validators/<name>/ and returns that folder. */
export function writeOut(name: string, files: Record<string, string>): string {
  const dir = join(outRoot, name);
  for (const [file, contents] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), contents);
  }
  return dir;
}

export async function importFresh<T>(file: string): Promise<T> {
  return (await import(`${pathToFileURL(file).href}?t=${Date.now()}`)) as T;
}

function listJson(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return listJson(path);
    return entry.endsWith(".json") ? [path] : [];
  });
}

const remotesDir = fixture("json-schema-test-suite/remotes");

/**
 * Registers the suite's remote schemas under http://localhost:1234/. Schemas of other drafts that
 * ajv's 2020 class cannot take are skipped, the same way for every ajv instance.
 */
let remotes: Array<[url: string, schema: object]> | undefined;

export function addRemotes(ajv: Ajv2020): void {
  remotes ??= listJson(remotesDir).map((file) => [
    `http://localhost:1234/${relative(remotesDir, file).split("\\").join("/")}`,
    readJson<object>(file),
  ]);
  for (const [url, schema] of remotes) {
    try {
      // A copy: ajv annotates what it is given, and every instance must start from the same text.
      ajv.addSchema(structuredClone(schema), url);
    } catch {
      // Another draft's meta-schema: ajv 2020 cannot register it; references to it fail alike.
    }
  }
}
