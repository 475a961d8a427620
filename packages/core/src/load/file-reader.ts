/** Reads local files and (when allowed) remote documents, caching every result by file id. */
import { readFile } from "node:fs/promises";
import { isRemote } from "./ref-target.js";

export type ReadOutcome =
  | { ok: true; text: string }
  | { ok: false; code: "file-not-found" | "file-unreadable"; message: string };

export interface ReaderHooks {
  /** Replaces `fs.readFile` (virtual file systems, editors with unsaved buffers). */
  readFile?: (path: string) => Promise<string>;
  /** Replaces the global `fetch` for remote refs. */
  fetch?: typeof fetch;
}

/** Reads at once at most this many files: a spec of thousands of files must not exhaust file handles. */
const CONCURRENT_READS = 32;

export function createReader(hooks: ReaderHooks): (file: string) => Promise<ReadOutcome> {
  const cache = new Map<string, Promise<ReadOutcome>>();
  let active = 0;
  const waiting: Array<() => void> = [];
  const limited = async (task: () => Promise<ReadOutcome>): Promise<ReadOutcome> => {
    if (active >= CONCURRENT_READS) await new Promise<void>((go) => waiting.push(go));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
  return (file) => {
    let pending = cache.get(file);
    if (!pending) {
      pending = limited(() =>
        isRemote(file) ? fetchText(file, hooks.fetch ?? globalThis.fetch) : readLocal(file, hooks),
      );
      cache.set(file, pending);
    }
    return pending;
  };
}

async function readLocal(file: string, hooks: ReaderHooks): Promise<ReadOutcome> {
  try {
    const text = hooks.readFile ? await hooks.readFile(file) : await readFile(file, "utf8");
    return { ok: true, text };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") {
      return { ok: false, code: "file-not-found", message: `File not found: ${file}` };
    }
    return {
      ok: false,
      code: "file-unreadable",
      message: `Cannot read ${file}: ${(error as Error).message}`,
    };
  }
}

async function fetchText(url: string, fetchImpl: typeof fetch): Promise<ReadOutcome> {
  try {
    const response = await fetchImpl(url, { redirect: "follow" });
    if (response.status === 404 || response.status === 410) {
      return { ok: false, code: "file-not-found", message: `Not found (HTTP ${response.status}): ${url}` };
    }
    if (!response.ok) {
      return { ok: false, code: "file-unreadable", message: `Cannot fetch ${url}: HTTP ${response.status}` };
    }
    return { ok: true, text: await response.text() };
  } catch (error) {
    return {
      ok: false,
      code: "file-unreadable",
      message: `Cannot fetch ${url}: ${(error as Error).message}`,
    };
  }
}
