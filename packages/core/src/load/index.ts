/**
 * TEMPORARY single-file loader: the public API of the real loader (multi-file bundling, source
 * positions, 3.0 upgrade) with the simplest body, so that later stages can be built against it.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parse } from "yaml";
import { ContractError, type Diagnostic, type SourceLocation } from "../diagnostics.js";
import type { OpenApiDocument } from "../openapi.js";

export interface LoadOptions {
  /** Allow `$ref`s to http(s) URLs (off by default: a spec must not make the build reach the network). */
  allowRemoteRefs?: boolean;
  /** Allow `$ref`s to files outside the entry file's folder tree (off by default). */
  allowRefsOutsideRoot?: boolean;
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
  /** Text of a file that was read (for code frames). */
  sourceText(file: string): string | undefined;
}

export async function loadSpec(entry: string, _options: LoadOptions = {}): Promise<LoadedSpec> {
  const file = resolve(entry);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new ContractError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  const document = parse(text) as OpenApiDocument;
  return {
    document,
    sourceVersion: String(document.openapi ?? ""),
    entry: file,
    files: [file],
    diagnostics: [],
    locate: () => undefined,
    sourceText: (f) => (f === file ? text : undefined),
  };
}
