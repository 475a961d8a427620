/**
 * What a `$ref` string points at, resolved against the file it is written in. Files are identified
 * by absolute path (local) or absolute URL (remote); pointers are RFC 6901 strings, already
 * URI-decoded ("/components/schemas/a~1b").
 */

import { dirname, isAbsolute, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export type RefTarget =
  /** A pointer into the same file. */
  | { kind: "local"; pointer: string }
  /** A pointer (possibly "") into another file. */
  | { kind: "file"; file: string; pointer: string; remote: boolean }
  /** A plain-name fragment (`#foo`, a JSON Schema `$anchor`): left to JSON Schema tooling. */
  | { kind: "anchor"; file: string | undefined }
  | { kind: "invalid"; reason: string };

const SCHEME = /^[a-z][a-z\d+.-]*:/i;

export function isRemote(file: string): boolean {
  return /^https?:/i.test(file);
}

export function resolveRef(ref: string, base: string): RefTarget {
  const hash = ref.indexOf("#");
  const location = hash === -1 ? ref : ref.slice(0, hash);
  const fragment = hash === -1 ? "" : ref.slice(hash + 1);
  let file: string | undefined;
  if (location !== "") {
    try {
      file = resolveLocation(location, base);
    } catch (error) {
      return { kind: "invalid", reason: (error as Error).message };
    }
    if (file === base) file = undefined;
  }
  if (fragment !== "" && !fragment.startsWith("/")) return { kind: "anchor", file };
  let pointer: string;
  try {
    pointer = decodeURIComponent(fragment);
  } catch {
    return { kind: "invalid", reason: `the fragment "#${fragment}" is not valid percent-encoding` };
  }
  if (file === undefined) return { kind: "local", pointer };
  return { kind: "file", file, pointer, remote: isRemote(file) };
}

/** Resolved locations by base file and location: a big spec repeats the same few relative refs. */
const resolvedLocations = new Map<string, string>();

function resolveLocation(location: string, base: string): string {
  const key = `${base}\u0000${location}`;
  let resolved = resolvedLocations.get(key);
  if (resolved === undefined) {
    resolved = resolveUncached(location, base);
    if (resolvedLocations.size > 100_000) resolvedLocations.clear();
    resolvedLocations.set(key, resolved);
  }
  return resolved;
}

function resolveUncached(location: string, base: string): string {
  if (isRemote(base)) return new URL(location, base).href;
  if (SCHEME.test(location) && !/^[a-z]:[\\/]/i.test(location)) {
    if (/^file:/i.test(location)) return fileURLToPath(location);
    if (isRemote(location)) return new URL(location).href;
    throw new Error(`unsupported URL scheme in "${location}"`);
  }
  return resolve(dirname(base), decodeURI(location));
}

/** True when `file` lies inside the folder tree `root` (both absolute local paths). */
export function isInside(root: string, file: string): boolean {
  const rel = relative(root, file);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/** Files the loader parses as OpenAPI content; anything else (Markdown, images...) is not read. */
export function isSpecFile(file: string): boolean {
  const path = isRemote(file) ? new URL(file).pathname : file;
  const ext = /\.([^./\\]+)$/.exec(path)?.[1]?.toLowerCase();
  return ext === undefined || ext === "json" || ext === "yaml" || ext === "yml";
}

/** `#` + the pointer, percent-encoding what a URI fragment may not hold (`{`, `}`, spaces, `%`...). */
export function pointerToRef(pointer: string): string {
  return `#${pointer.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/?]/gu, (c) => encodeURIComponent(c))}`;
}
