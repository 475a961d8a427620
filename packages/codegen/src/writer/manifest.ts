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
    const parsed = JSON.parse(text) as { files?: unknown };
    const files: Record<string, string> = {};
    if (parsed.files && typeof parsed.files === "object") {
      for (const [path, hash] of Object.entries(parsed.files)) {
        if (typeof hash === "string" && /^[0-9a-f]{64}$/.test(hash)) files[path] = hash;
      }
    }
    return { files };
  } catch {
    return { files: {} };
  }
}

export function serializeManifest(manifest: Manifest): string {
  const files = Object.fromEntries(
    Object.entries(manifest.files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  const body = {
    $comment: "Written by `contract gen`: the files it generated in this folder. Do not edit.",
    files,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
