/**
 * `.contract-manifest.json` in the output folder: the files contract generated there, with a hash of
 * what it wrote. It is how `gen` finds files it generated earlier but no longer generates ("extra"),
 * and how it knows such a file is still exactly what it wrote — only then is it deleted. Files a user
 * created or changed are never deleted.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { MANIFEST_FILE } from "./paths.js";

export interface Manifest {
  /** Relative path → sha256 (hex) of the bytes contract wrote. */
  files: Record<string, string>;
  /**
   * What the files were generated from (spec file hashes, option hashes per generator), recorded by
   * the caller (`contract gen`) so that the next run can tell that nothing changed without loading
   * the spec. Opaque to the writer.
   */
  inputs?: unknown;
  /**
   * Relative path → [size, mtimeMs] of each generated file right after the run: a file whose size
   * and mtime still match is taken as unchanged without hashing it. Machine-local (a fresh checkout
   * has other mtimes: its files are then hashed).
   */
  stat?: Record<string, [number, number]>;
}

export const hashContents = (contents: string | Uint8Array): string =>
  createHash("sha256").update(contents).digest("hex");

/** Reads the manifest; a missing or unreadable one counts as empty (nothing will be deleted). */
export async function readManifest(realRoot: string): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(join(realRoot, MANIFEST_FILE), "utf8");
  } catch {
    return { files: {} };
  }
  try {
    const parsed = JSON.parse(text) as { files?: unknown; inputs?: unknown; stat?: unknown };
    const files: Record<string, string> = {};
    if (parsed.files && typeof parsed.files === "object") {
      for (const [path, hash] of Object.entries(parsed.files)) {
        if (typeof hash === "string" && /^[0-9a-f]{64}$/.test(hash)) files[path] = hash;
      }
    }
    return { files, ...(parsed.inputs !== undefined ? { inputs: parsed.inputs } : {}) };
  } catch {
    return { files: {} };
  }
}

export function serializeManifest(manifest: Manifest): string {
  const files = Object.fromEntries(
    Object.entries(manifest.files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  const sorted = <T>(record: Record<string, T>) =>
    Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const body = {
    $comment: "Written by `contract gen`: the files it generated in this folder. Do not edit.",
    files,
    ...(manifest.inputs !== undefined ? { inputs: manifest.inputs } : {}),
    ...(manifest.stat !== undefined ? { stat: sorted(manifest.stat) } : {}),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
