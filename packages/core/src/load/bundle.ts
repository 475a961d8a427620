/**
 * Bundles a multi-file spec into one document, the way json-schema-ref-parser's `bundle` does:
 * the root is walked components first, then paths and webhooks, then the rest; the first `$ref` to
 * an external target is replaced by (a copy of) the target, every later ref to the same target (or
 * to anything inside it) becomes an internal ref to that place. Cycles across files therefore end
 * in internal refs, and refs stay refs: internal refs are never dereferenced.
 *
 * The entry's own objects are transformed in place (nothing else holds them); content from other
 * files is copied, so a file referenced from two places never shares objects with itself.
 */
import type { Diagnostic } from "../diagnostics.js";
import { escapePointerSegment, getAtPointer, joinPointer } from "../pointer.js";
import { type FileState, forEachRef, ITEM } from "./crawl.js";
import type { Origin } from "./origins.js";
import { type RefPolicy, refusal } from "./ref-policy.js";
import { isSpecFile, pointerToRef, resolveRef } from "./ref-target.js";
import type { ParsedSource } from "./source.js";
import { isDataMember, rootWalkOrder } from "./walk-rules.js";

interface Place {
  /** File the value was read from, and its pointer there. */
  file: string;
  filePointer: string;
  /** Pointer of the value in the bundled document. */
  pointer: string;
  /** Copy (content of another file) or transform in place (the entry's own content). */
  copy: boolean;
  inExtension: boolean;
  parentKey: string | undefined;
  grandParentKey: string | undefined;
  /** The value is the target of the ref being inlined right now (not a later repeat of it). */
  inlineRoot: boolean;
}

/** A `discriminator.mapping` value written as a reference, rewritten once every target is placed. */
interface PendingMapping {
  mapping: Record<string, unknown>;
  key: string;
  value: string;
  file: string;
}

/** A ref whose target must exist in the final document; checked once bundling is done. */
interface PendingCheck {
  ref: string;
  target: string;
  at: Place;
}

export interface BundleOutcome {
  document: unknown;
  origins: WeakMap<object, Origin>;
  diagnostics: Diagnostic[];
}

/** Reports a ref problem at the ref's own source position. */
export type RefReporter = (
  severity: Diagnostic["severity"],
  code: string,
  message: string,
  at: { file: string; filePointer: string; pointer: string },
) => void;

export class Bundler {
  readonly origins = new WeakMap<object, Origin>();
  readonly #inlined = new Map<string, Map<string, string>>();
  readonly #visited = new WeakSet<object>();
  /** What the first visit of an entry object turned it into, for its other holders (YAML aliases). */
  readonly #entryResults = new WeakMap<object, unknown>();
  readonly #copying = new Set<object>();
  readonly #checks: PendingCheck[] = [];
  readonly #mappings: PendingMapping[] = [];
  readonly #reportedFiles = new Set<string>();

  constructor(
    private readonly entry: ParsedSource,
    private readonly states: ReadonlyMap<string, FileState>,
    private readonly policy: RefPolicy,
    private readonly report: RefReporter,
    private readonly reportFile: (diagnostics: Diagnostic[]) => void,
  ) {}

  bundle(): unknown {
    this.#claimEntrySites();
    const root: Place = {
      file: this.entry.file,
      filePointer: "",
      pointer: "",
      copy: false,
      inExtension: false,
      parentKey: undefined,
      grandParentKey: undefined,
      inlineRoot: false,
    };
    const document = this.#node(this.entry.value, root);
    this.#rewriteMappings();
    this.#runChecks(document);
    return document;
  }

  /**
   * Refs written in the entry itself are where a reader expects shared content to land (a
   * `components/schemas/Pet: {$ref: pet.yaml}` line means "Pet lives here"), so each external
   * target referenced from the entry is placed at its first such ref, even when a ref inside another
   * file reaches it earlier in the walk. Without this, a chain of files would nest inside the first
   * one instead of filling `components`.
   */
  #claimEntrySites(): void {
    forEachRef(
      this.entry.value,
      (ref, path, holder) => {
        if (Object.keys(holder).some((k) => k !== "$ref" && k !== "summary" && k !== "description")) return;
        const target = resolveRef(ref, this.entry.file);
        if (target.kind !== "file" || target.file === this.entry.file || !isSpecFile(target.file)) return;
        if (refusal(this.policy, target.file, target.remote, ref)) return;
        const state = this.states.get(target.file);
        if (state?.kind !== "parsed" || getAtPointer(state.source.value, target.pointer) === undefined)
          return;
        const byPointer = this.#placesIn(target.file);
        if (!byPointer.has(target.pointer)) byPointer.set(target.pointer, joinPointer("", ...path));
      },
      rootWalkOrder,
    );
  }

  #node(value: unknown, at: Place): unknown {
    if (value === null || typeof value !== "object") return value;
    if (!at.copy) {
      // YAML anchors can make the entry a graph: transform each object once, and give every other
      // holder of it the same result (an aliased external `$ref` must not stay external there).
      if (this.#visited.has(value)) return this.#entryResults.get(value) ?? value;
      this.#visited.add(value);
      const result = this.#transform(value, at);
      if (result !== value) this.#entryResults.set(value, result);
      return result;
    }
    return this.#transform(value, at);
  }

  #transform(value: object, at: Place): unknown {
    if (at.copy) {
      if (this.#copying.has(value)) return value; // a YAML alias cycle: nothing sane to copy
      if (!at.inlineRoot) {
        const elsewhere = this.#inlined.get(at.file)?.get(at.filePointer);
        if (elsewhere !== undefined && elsewhere !== at.pointer) return { $ref: pointerToRef(elsewhere) };
      }
    }
    this.#copying.add(value);
    try {
      if (Array.isArray(value)) {
        const out = at.copy ? value.slice() : value;
        for (let i = 0; i < value.length; i++) out[i] = this.#node(value[i], child(at, String(i), ITEM));
        return out;
      }
      const record = value as Record<string, unknown>;
      if (typeof record.$ref === "string") return this.#ref(record, at);
      return this.#members(
        record,
        at,
        at.pointer === "" && !at.copy ? rootWalkOrder(record) : Object.keys(record),
      );
    } finally {
      this.#copying.delete(value);
    }
  }

  #members(record: Record<string, unknown>, at: Place, keys: readonly string[]): Record<string, unknown> {
    const out = at.copy ? { ...record } : record;
    if (at.parentKey === "mapping" && at.grandParentKey === "discriminator") {
      // Mapping values that are references resolve against the file they are written in.
      for (const key of keys) {
        const value = record[key];
        if (typeof value === "string" && (value.includes("#") || value.includes("/") || isSpecFile(value)))
          this.#mappings.push({ mapping: out, key, value, file: at.file });
      }
    }
    for (const key of keys) {
      const value = record[key];
      if (value === null || typeof value !== "object") continue;
      if (key === "$ref" || isDataMember(key, value, at.parentKey, at.grandParentKey)) continue;
      out[key] = this.#node(value, child(at, key, key));
    }
    return out;
  }

  #ref(record: Record<string, unknown>, at: Place): unknown {
    const ref = record.$ref as string;
    const here = this.#members(record, at, Object.keys(record));
    const target = resolveRef(ref, at.file);
    const site = { file: at.file, filePointer: `${at.filePointer}/$ref`, pointer: `${at.pointer}/$ref` };
    switch (target.kind) {
      case "invalid":
        this.report("error", "unresolved-ref", `Cannot resolve $ref "${ref}": ${target.reason}`, site);
        return here;
      case "anchor":
        if (target.file !== undefined) {
          this.report(
            "warning",
            "unsupported-ref",
            `$ref "${ref}": plain-name fragments into other files are not supported`,
            site,
          );
        }
        return here;
      case "local":
        if (at.file === this.entry.file) {
          this.#checks.push({ ref, target: target.pointer, at });
          return here;
        }
        return this.#external(ref, at.file, target.pointer, here, at);
      case "file": {
        const refused = refusal(this.policy, target.file, target.remote, ref);
        if (refused) {
          // A warning: the document is not wrong, this run declined to read the target (the ref
          // stays as written and `--strict` still fails on it).
          this.report("warning", refused.code, refused.message, site);
          return here;
        }
        if (!isSpecFile(target.file)) {
          if (at.inExtension) {
            this.report(
              "info",
              "non-spec-ref",
              `$ref "${ref}" in an extension points to a non-JSON/YAML file; left as is`,
              site,
            );
          } else {
            this.report(
              "error",
              "unresolved-ref",
              `Cannot resolve $ref "${ref}": not a JSON or YAML file`,
              site,
            );
          }
          return here;
        }
        if (target.file === this.entry.file) {
          here.$ref = pointerToRef(target.pointer);
          this.#checks.push({ ref, target: target.pointer, at });
          return here;
        }
        return this.#external(ref, target.file, target.pointer, here, at);
      }
    }
  }

  /** Resolves a ref to `pointer` in `file` (not the entry): inline it here, or point to where it is. */
  #external(ref: string, file: string, pointer: string, here: Record<string, unknown>, at: Place): unknown {
    const site = { file: at.file, filePointer: `${at.filePointer}/$ref`, pointer: `${at.pointer}/$ref` };
    const state = this.states.get(file);
    if (state === undefined || state.kind === "read-failed") {
      const why = state?.message || `File not found: ${file}`;
      this.report("error", "unresolved-ref", `Cannot resolve $ref "${ref}": ${why}`, site);
      return here;
    }
    if (state.kind === "parse-failed") {
      if (!this.#reportedFiles.has(file)) {
        this.#reportedFiles.add(file);
        this.reportFile(state.diagnostics);
      }
      this.report(
        "error",
        "unresolved-ref",
        `Cannot resolve $ref "${ref}": ${file} is not valid JSON/YAML`,
        site,
      );
      return here;
    }
    const value = getAtPointer(state.source.value, pointer);
    if (value === undefined) {
      this.report(
        "error",
        "unresolved-ref",
        `Cannot resolve $ref "${ref}": no "${pointer}" in ${file}`,
        site,
      );
      return here;
    }
    const placed = this.#whereInlined(file, pointer);
    // `placed === at.pointer`: this is the entry site claimed for the target, inline it now.
    if (placed !== undefined && placed !== at.pointer) {
      here.$ref = pointerToRef(placed);
      return here;
    }
    this.#placesIn(file).set(pointer, at.pointer);
    const content = this.#node(value, { ...at, file, filePointer: pointer, copy: true, inlineRoot: true });
    if (content !== null && typeof content === "object" && !this.origins.has(content)) {
      this.origins.set(content, { file, pointer });
    }
    const result = withSiblings(content, here);
    if (result !== null && typeof result === "object" && !this.origins.has(result)) {
      this.origins.set(result, { file, pointer });
    }
    return result;
  }

  /** Where content of `file` was (or will be) placed: its pointer → bundled pointer. */
  #placesIn(file: string): Map<string, string> {
    let byPointer = this.#inlined.get(file);
    if (!byPointer) {
      byPointer = new Map();
      this.#inlined.set(file, byPointer);
    }
    return byPointer;
  }

  /** Bundled pointer of `pointer` in `file` if it, or an ancestor of it, was inlined already. */
  #whereInlined(file: string, pointer: string): string | undefined {
    const byPointer = this.#inlined.get(file);
    if (!byPointer) return undefined;
    let prefix = pointer;
    for (;;) {
      const placed = byPointer.get(prefix);
      if (placed !== undefined) return placed + pointer.slice(prefix.length);
      if (prefix === "") return undefined;
      prefix = prefix.slice(0, prefix.lastIndexOf("/"));
    }
  }

  /** Points each mapping value written in another file at where its target landed in the bundle. */
  #rewriteMappings(): void {
    for (const { mapping, key, value, file } of this.#mappings) {
      const target = resolveRef(value, file);
      if (target.kind !== "local" && target.kind !== "file") continue;
      if (target.kind === "local" && file === this.entry.file) continue; // already a pointer into the bundle
      const targetFile = target.kind === "file" ? target.file : file;
      const placed =
        targetFile === this.entry.file ? target.pointer : this.#whereInlined(targetFile, target.pointer);
      if (placed !== undefined) mapping[key] = pointerToRef(placed);
    }
  }

  #runChecks(document: unknown): void {
    const found = new Map<string, boolean>();
    for (const check of this.#checks) {
      let exists = found.get(check.target);
      if (exists === undefined) {
        exists = getAtPointer(document, check.target) !== undefined;
        found.set(check.target, exists);
      }
      if (!exists) {
        this.report(
          "error",
          "unresolved-ref",
          `Cannot resolve $ref "${check.ref}": no "${check.target}" in the document`,
          {
            file: check.at.file,
            filePointer: `${check.at.filePointer}/$ref`,
            pointer: `${check.at.pointer}/$ref`,
          },
        );
      }
    }
  }
}

function child(at: Place, segment: string, parentKey: string): Place {
  // Most keys need no escaping; skipping two regex replacements per node matters on big specs.
  const escaped = segment.includes("~") || segment.includes("/") ? escapePointerSegment(segment) : segment;
  return {
    file: at.file,
    filePointer: `${at.filePointer}/${escaped}`,
    pointer: `${at.pointer}/${escaped}`,
    copy: at.copy,
    inExtension: at.inExtension || segment.startsWith("x-"),
    parentKey,
    grandParentKey: at.parentKey,
    inlineRoot: false,
  };
}

/**
 * A ref with siblings (`summary`, `description`, or schema keywords in 3.1) that gets inlined keeps
 * them: siblings override annotations of the target; when they would override a constraint, both
 * are kept side by side under `allOf` so that neither is lost.
 */
function withSiblings(content: unknown, ref: Record<string, unknown>): unknown {
  const siblings = Object.keys(ref).filter((k) => k !== "$ref");
  if (siblings.length === 0) return content;
  if (content === null || typeof content !== "object" || Array.isArray(content)) return content;
  const target = content as Record<string, unknown>;
  const annotations = new Set(["summary", "description", "title", "deprecated", "readOnly", "writeOnly"]);
  const clash = siblings.some((k) => !annotations.has(k) && !k.startsWith("x-") && Object.hasOwn(target, k));
  const own: Record<string, unknown> = {};
  for (const k of siblings) own[k] = ref[k];
  if (clash) return { allOf: [target, own] };
  return { ...target, ...own };
}
