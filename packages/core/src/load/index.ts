/**
 * Loading: read the entry file (JSON or YAML), read every file its `$ref`s reach, bundle them into
 * one document, bring it to 3.1 semantics, and keep enough to map any pointer of the result back
 * to `file:line:col`.
 */
import { dirname, join, resolve } from "node:path";
import { ContractError, type Diagnostic, type SourceLocation } from "../diagnostics.js";
import type { OpenApiDocument } from "../openapi.js";
import { joinPointer, parsePointer } from "../pointer.js";
import { Bundler, type RefReporter } from "./bundle.js";
import { crawl } from "./crawl.js";
import { findTooDeep, NESTING_TOO_DEEP, nestingMessage } from "./depth.js";
import { createReader, type ReaderHooks, type ReadOutcome } from "./file-reader.js";
import { withLazyLocation } from "./lazy-location.js";
import { findBrokenLocalRefs } from "./local-refs.js";
import { locateInBundle, type Origin } from "./origins.js";
import type { RefPolicy } from "./ref-policy.js";
import { isRemote } from "./ref-target.js";
import { locateInSource, type ParsedSource, parseSource } from "./source.js";
import { readVersion } from "./version.js";
import { toSemantics31 } from "./version-semantics.js";

export interface LoadOptions extends ReaderHooks {
  /** Allow `$ref`s to http(s) URLs (off by default: a spec must not make the build reach the network). */
  allowRemoteRefs?: boolean;
  /** Allow `$ref`s to files outside the entry file's folder tree (off by default). */
  allowRefsOutsideRoot?: boolean;
}

export interface LoadFromStringOptions extends LoadOptions {
  /**
   * Path the text is reported under and relative `$ref`s are resolved from (default:
   * `openapi.yaml` in the current folder). The file itself is never read.
   */
  path?: string;
}

export interface LoadedSpec {
  /** The bundled document: one object, 3.1-shaped, external `$ref`s rewritten to internal ones. */
  document: OpenApiDocument;
  /** `openapi` as written in the entry file (e.g. `3.0.3`), before any upgrade. */
  sourceVersion: string;
  /** Absolute path of the entry file. */
  entry: string;
  /** Every file read, entry first. */
  files: string[];
  /** Load-time diagnostics (upgrade notices, unresolvable refs...). */
  diagnostics: Diagnostic[];
  /** Source position of the node at `pointer` in the bundled document (nearest known ancestor). */
  locate(pointer: string): SourceLocation | undefined;
  /**
   * 3.0 documents only: the bundled document as written, before the upgrade to 3.1 rewrote it
   * (`check` validates it against the 3.0 schema, so findings speak of what the author wrote).
   */
  sourceDocument?: OpenApiDocument;
  /** Like `locate`, for pointers of `sourceDocument` (set with it). */
  locateSource?(pointer: string): SourceLocation | undefined;
  /** Text of a file that was read (for code frames). */
  sourceText(file: string): string | undefined;
}

export async function loadSpec(entry: string, options: LoadOptions = {}): Promise<LoadedSpec> {
  const file = isRemote(entry) ? new URL(entry).href : resolve(entry);
  const read = createReader(options);
  const outcome = await read(file);
  if (!outcome.ok) {
    throw new ContractError(outcome.message, [
      {
        severity: "error",
        code: outcome.code,
        message: outcome.message,
        pointer: "",
        location: { file, line: 1, col: 1 },
      },
    ]);
  }
  return loadText(file, outcome.text, options, read);
}

/** Loads a spec held in memory; its relative `$ref`s are read from disk next to `options.path`. */
export async function loadSpecFromString(
  text: string,
  options: LoadFromStringOptions = {},
): Promise<LoadedSpec> {
  const file = options.path
    ? isRemote(options.path)
      ? options.path
      : resolve(options.path)
    : join(process.cwd(), "openapi.yaml");
  return loadText(file, text, options, createReader(options));
}

async function loadText(
  file: string,
  text: string,
  options: LoadOptions,
  read: (file: string) => Promise<ReadOutcome>,
): Promise<LoadedSpec> {
  const parsed = parseSource(file, text);
  if (!parsed.ok) {
    const [first] = parsed.diagnostics;
    const where = first?.location ? `${file}:${first.location.line}:${first.location.col}` : file;
    throw new ContractError(`${where}: ${first?.message ?? "cannot parse"}`, parsed.diagnostics);
  }
  const entry = parsed.source;
  const { version, line } = readVersion(entry.value, file, (pointer) =>
    locateInSource(entry, parsePointer(pointer)),
  );

  const policy: RefPolicy = {
    allowRemoteRefs: options.allowRemoteRefs === true,
    allowRefsOutsideRoot: options.allowRefsOutsideRoot === true,
    root: isRemote(file) ? undefined : dirname(file),
  };
  const { states, entryHasExternalRefs, entryLocalRefs } = await crawl(entry, policy, read);
  const sources = new Map<string, ParsedSource>();
  for (const [id, state] of states) if (state.kind === "parsed") sources.set(id, state.source);

  const diagnostics: Diagnostic[] = [];
  const mayShareObjects = [...sources.values()].some((source) => source.mayShareObjects);
  const report: RefReporter = (severity, code, message, at) => {
    const source = sources.get(at.file);
    diagnostics.push(
      withLazyLocation({ severity, code, message, pointer: at.pointer }, () =>
        source ? locateInSource(source, parsePointer(at.filePointer)) : undefined,
      ),
    );
  };
  let document: OpenApiDocument;
  let origins = new WeakMap<object, Origin>();
  if (entryHasExternalRefs) {
    const bundler = new Bundler(entry, states, policy, report, (fileDiagnostics) =>
      diagnostics.push(...fileDiagnostics),
    );
    try {
      document = bundler.bundle() as OpenApiDocument;
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      // Each file reached only from another file is inlined inside it: a chain of hundreds of them
      // nests that deep. Say so instead of crashing.
      const message = `${file}: $refs nest too deeply to bundle (a chain of files each referenced only from the previous one); refer to them from the entry's components instead`;
      throw new ContractError(message, [
        { severity: "error", code: "ref-chain-too-deep", message, pointer: "" },
      ]);
    }
    origins = bundler.origins;
    // Each file is within the nesting limit (./source.ts), but files inlined in one another add up.
    const tooDeep = findTooDeep(document);
    if (tooDeep) {
      const pointer = joinPointer("", ...tooDeep);
      const location = locateInBundle(document, bundler.origins, sources, file, pointer);
      const where = location ? `${location.file}:${location.line}:${location.col}: ` : `${file}: `;
      throw new ContractError(`${where}${nestingMessage()}`, [
        {
          severity: "error",
          code: NESTING_TOO_DEEP,
          message: nestingMessage(),
          pointer,
          ...(location ? { location } : {}),
        },
      ]);
    }
  } else {
    // A single-file spec: nothing to bundle, only its internal refs to check.
    document = entry.value as OpenApiDocument;
    for (const broken of findBrokenLocalRefs(document, entryLocalRefs)) {
      report(
        "error",
        "unresolved-ref",
        `Cannot resolve $ref "${broken.ref}": no "${broken.target}" in the document`,
        {
          file,
          filePointer: broken.pointer,
          pointer: broken.pointer,
        },
      );
    }
  }
  const locate = (pointer: string) => locateInBundle(document, origins, sources, file, pointer);
  // The upgrade rewrites the document in place: keep a copy of what the author wrote, its objects
  // registered with the same origins so its pointers map back to the files too.
  // One file without YAML aliases is a tree with no origins to carry: copied without the bookkeeping.
  const sourceDocument =
    line !== "3.0"
      ? undefined
      : entryHasExternalRefs || mayShareObjects
        ? cloneWithOrigins(document, origins)
        : cloneTree(document);
  diagnostics.push(
    ...toSemantics31({ document, line, version, origins, sources, entryFile: file, mayShareObjects, locate }),
  );

  const files = [file, ...[...sources.keys()].filter((f) => f !== file)];
  return {
    document,
    sourceVersion: version,
    entry: file,
    files,
    diagnostics,
    locate,
    ...(sourceDocument
      ? { sourceDocument, locateSource: sourceLocator(sourceDocument, origins, sources, file) }
      : {}),
    sourceText: (f) => sources.get(f)?.text,
  };
}

/**
 * A deep copy of a document in which no object is reached twice (one JSON file, or YAML without
 * aliases): no table of copies made, about half of cloneWithOrigins' time on GitHub's 13 MB.
 */
function cloneTree<T>(value: T): T {
  const copy = (node: unknown): unknown => {
    if (node === null || typeof node !== "object") return node;
    if (Array.isArray(node)) {
      const items: unknown[] = new Array(node.length);
      for (let i = 0; i < node.length; i++) items[i] = copy(node[i]);
      return items;
    }
    const members: Record<string, unknown> = {};
    for (const key of Object.keys(node))
      setMember(members, key, copy((node as Record<string, unknown>)[key]));
    return members;
  };
  return copy(value) as T;
}

/** `members[key] = value`, except that a `__proto__` member (JSON.parse makes it an own property) must not become the prototype. */
function setMember(members: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__")
    Object.defineProperty(members, key, { value, enumerable: true, writable: true, configurable: true });
  else members[key] = value;
}

/**
 * `locateSource`, built outside loadText: a closure there would keep `sourceDocument` in the scope
 * every other closure of loadText shares (`locate`, `sourceText`), so a caller done with the copy
 * (`contract gen`, once it has validated) could not let it be collected.
 */
function sourceLocator(
  sourceDocument: OpenApiDocument,
  origins: WeakMap<object, Origin>,
  sources: ReadonlyMap<string, ParsedSource>,
  file: string,
): (pointer: string) => SourceLocation | undefined {
  return (pointer) => locateInBundle(sourceDocument, origins, sources, file, pointer);
}

/**
 * A deep copy of the bundled document (objects reached twice, through YAML aliases, stay shared);
 * each copy of an inlined object gets the original's origin.
 */
function cloneWithOrigins<T>(value: T, origins: WeakMap<object, Origin>): T {
  const copies = new Map<object, unknown>();
  const copy = (node: unknown): unknown => {
    if (node === null || typeof node !== "object") return node;
    const done = copies.get(node);
    if (done !== undefined) return done;
    let out: unknown;
    if (Array.isArray(node)) {
      const items: unknown[] = [];
      copies.set(node, items);
      for (const item of node) items.push(copy(item));
      out = items;
    } else {
      const members: Record<string, unknown> = {};
      copies.set(node, members);
      for (const key of Object.keys(node)) {
        setMember(members, key, copy((node as Record<string, unknown>)[key]));
      }
      out = members;
    }
    const origin = origins.get(node);
    if (origin) origins.set(out as object, origin);
    return out;
  };
  return copy(value) as T;
}
