/**
 * Reads every file reachable through `$ref`s before bundling, in parallel, so the bundler itself
 * can stay synchronous and simple. Failures are recorded, not reported: the bundler reports them at
 * the ref that needs the file (a file only referenced from unused parts of another file stays quiet).
 */
import type { Diagnostic } from "../diagnostics.js";
import type { ReadOutcome } from "./file-reader.js";
import { type RefPolicy, shouldRead } from "./ref-policy.js";
import { resolveRef } from "./ref-target.js";
import { type ParsedSource, parseSource } from "./source.js";
import { isDataMember } from "./walk-rules.js";

export type FileState =
  | { kind: "parsed"; source: ParsedSource }
  | { kind: "read-failed"; code: string; message: string }
  | { kind: "parse-failed"; diagnostics: Diagnostic[] };

export interface LocalRef {
  ref: string;
  target: string;
  path: string[];
}

export interface CrawlResult {
  states: Map<string, FileState>;
  /** Whether the entry refers to any other file at all (else bundling has nothing to do). */
  entryHasExternalRefs: boolean;
  /** The entry's refs to itself, with where they are written (path of the object holding `$ref`). */
  entryLocalRefs: LocalRef[];
}

export async function crawl(
  entry: ParsedSource,
  policy: RefPolicy,
  read: (file: string) => Promise<ReadOutcome>,
): Promise<CrawlResult> {
  const states = new Map<string, FileState>([[entry.file, { kind: "parsed", source: entry }]]);
  const pending: Array<Promise<void>> = [];
  let entryHasExternalRefs = false;
  const entryLocalRefs: LocalRef[] = [];

  const visit = (source: ParsedSource) => {
    forEachRef(source.value, (ref, path) => {
      const target = resolveRef(ref, source.file);
      if (target.kind === "local" && source === entry)
        entryLocalRefs.push({ ref, target: target.pointer, path: [...path] });
      if (target.kind !== "file") return;
      if (source === entry) entryHasExternalRefs = true;
      if (states.has(target.file) || !shouldRead(policy, target.file, target.remote)) return;
      states.set(target.file, { kind: "read-failed", code: "pending", message: "" });
      pending.push(load(target.file));
    });
  };

  const load = async (file: string) => {
    const outcome = await read(file);
    if (!outcome.ok) {
      states.set(file, { kind: "read-failed", code: outcome.code, message: outcome.message });
      return;
    }
    const parsed = parseSource(file, outcome.text);
    if (!parsed.ok) {
      states.set(file, { kind: "parse-failed", diagnostics: parsed.diagnostics });
      return;
    }
    states.set(file, { kind: "parsed", source: parsed.source });
    visit(parsed.source);
  };

  visit(entry);
  // `pending` grows while files are parsed: wait until no new reads were started.
  let done = 0;
  while (done < pending.length) {
    const batch = pending.slice(done);
    done = pending.length;
    await Promise.all(batch);
  }
  return { states, entryHasExternalRefs, entryLocalRefs };
}

/** The parent key recorded for array items: never a keyword nor a name map. */
export const ITEM = "[]";

/**
 * Calls `onRef` with every `$ref` string found where a reference can stand, and the live path of
 * the object holding it (copy it to keep it).
 */
export function forEachRef(
  root: unknown,
  onRef: (ref: string, path: readonly string[], holder: Record<string, unknown>) => void,
  rootOrder?: (root: Record<string, unknown>) => string[],
): void {
  const path: string[] = [];
  const walk = (node: unknown, parentKey: string | undefined, grandParentKey: string | undefined) => {
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const item = node[i];
        if (item === null || typeof item !== "object") continue;
        path.push(String(i));
        walk(item, ITEM, parentKey);
        path.pop();
      }
      return;
    }
    const record = node as Record<string, unknown>;
    const ref = record.$ref;
    if (typeof ref === "string") onRef(ref, path, record);
    const keys = rootOrder && node === root ? rootOrder(record) : undefined;
    if (keys) {
      for (const key of keys) member(record, key, parentKey, grandParentKey);
      return;
    }
    for (const key in record) member(record, key, parentKey, grandParentKey);
  };
  const member = (
    record: Record<string, unknown>,
    key: string,
    parentKey: string | undefined,
    grandParentKey: string | undefined,
  ) => {
    const child = record[key];
    if (child === null || typeof child !== "object") return;
    if (isDataMember(key, child, parentKey, grandParentKey)) return;
    path.push(key);
    walk(child, key, parentKey);
    path.pop();
  };
  if (root !== null && typeof root === "object") walk(root, undefined, undefined);
}
