/** Helpers shared by the loader tests: temp spec trees and fixture locations. */
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { ContractError, type Diagnostic } from "../../src/diagnostics.js";

export const fixturesDir = fileURLToPath(new URL("../fixtures/load/", import.meta.url));

/** Writes `files` (relative path → text) into a fresh temp folder and returns its path. */
export async function writeTree(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "contract-load-"));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

/** Awaits a rejection with a ContractError and returns it. */
export async function contractError(promise: Promise<unknown>): Promise<ContractError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ContractError);
  return error as ContractError;
}

export function errors(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.severity === "error");
}

/** 1-based line and column of the first occurrence of `needle` in `text` (for expectations). */
export function positionOf(text: string, needle: string, occurrence = 0): { line: number; col: number } {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    if (at === -1) throw new Error(`${JSON.stringify(needle)} not found`);
  }
  const before = text.slice(0, at);
  const line = before.split("\n").length;
  return { line, col: at - before.lastIndexOf("\n") };
}
