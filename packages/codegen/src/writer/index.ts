/**
 * The writer: the only stage that touches the disk. Given the files of one contract and its output
 * folder it either brings the folder up to date (`write`) or only compares (`check`, nothing written).
 *
 * - generated files: written atomically, and only when the bytes differ (mtimes of unchanged files
 *   stay put, so watchers and incremental builds do not fire);
 * - scaffold files: created when missing, then they belong to the user; contract only extends one
 *   (`replaces`: new handler registrations) while it still holds exactly the bytes the extension
 *   was computed from;
 * - extra files (listed in the manifest from an earlier run, no longer generated): deleted only if
 *   their bytes are still exactly what contract wrote; otherwise left alone and reported as `kept`.
 */
import { mkdir, readFile, realpath, rmdir, stat, unlink } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { ContractError } from "@contract/core";
import type { GeneratedFile } from "../generator.js";
import { GENERATED_MARKER } from "../header.js";
import { createExclusive, writeAtomic } from "./atomic.js";
import { hashContents, type Manifest, readManifest, serializeManifest } from "./manifest.js";
import { assertSafeRelativePath, MANIFEST_FILE, resolveInside } from "./paths.js";

export { assertSafeRelativePath, MANIFEST_FILE } from "./paths.js";

export interface WriteOptions {
  /** Compare only: report stale, missing and extra files, write and delete nothing. */
  check?: boolean;
  /**
   * Generated files of an earlier run that stay as they are (relative path → sha256, as in the
   * manifest): an incremental run that did not rerun their generator. Kept in the manifest, never
   * reported as extra.
   */
  carry?: Record<string, string>;
  /**
   * What the files were generated from, recorded in the manifest (see Manifest.inputs); called
   * after the files are written. Absent: the manifest records none (the next run is a full one).
   */
  inputs?: () => unknown;
}

/** Relative paths, each list sorted. */
export interface WriteReport {
  /** Generated files created or rewritten because their content changed. */
  written: string[];
  /** Generated files already up to date, and scaffold files that already existed. */
  unchanged: string[];
  /** Scaffold files created because they did not exist. */
  scaffolded: string[];
  /** Files generated earlier, no longer generated, deleted (they were untouched since). */
  removed: string[];
  /** Files generated earlier, no longer generated, modified since: left in place, now the user's. */
  kept: string[];
  /** check: generated files whose content differs from what `gen` would write. */
  stale: string[];
  /** check: files `gen` would create. */
  missing: string[];
  /** check: files generated earlier that `gen` would delete (or leave as `kept`). */
  extra: string[];
}

const emptyReport = (): WriteReport => ({
  written: [],
  unchanged: [],
  scaffolded: [],
  removed: [],
  kept: [],
  stale: [],
  missing: [],
  extra: [],
});

const readIfExists = (path: string): Promise<Buffer | undefined> =>
  readFile(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });

export async function writeFiles(
  outDir: string,
  files: readonly GeneratedFile[],
  options: WriteOptions = {},
): Promise<WriteReport> {
  try {
    return await syncFolder(outDir, files, options);
  } catch (error) {
    // File-system failures (a file where the folder should be, permissions, a full disk) are the
    // user's to fix: a located message, not a stack trace.
    const errno = error as NodeJS.ErrnoException;
    if (error instanceof ContractError || typeof errno.code !== "string") throw error;
    throw new ContractError(`Cannot write to ${outDir}: ${errno.message}`);
  }
}

async function syncFolder(outDir: string, files: readonly GeneratedFile[], options: WriteOptions) {
  const check = options.check ?? false;
  const report = emptyReport();
  assertUniquePaths(files);
  for (const file of files)
    assertSafeRelativePath(file.ownership === "scaffold" ? besideOut(file.path).rest : file.path);

  if (!check) await mkdir(outDir, { recursive: true });
  const realRoot = await realpath(outDir).catch(() => undefined);
  if (realRoot === undefined) {
    // check mode and no output folder yet: everything is missing.
    report.missing = files.map((f) => f.path).sort();
    return report;
  }

  const previous = await readManifest(realRoot);
  if (!check) await refuseForeignFiles(realRoot, files, previous);
  const next: Manifest = { files: { ...options.carry } };
  const roots = new Map<number, Promise<string | undefined>>();
  // Files are independent of each other (each report list is sorted below): a few at a time, since
  // one after the other a run with hundreds of handler stubs waits on thousands of file-system round trips.
  await forEachConcurrently(files, WRITE_CONCURRENCY, async (file) => {
    // Encoded once: compared, written and hashed as the same bytes.
    const wanted = Buffer.from(file.contents, "utf8");
    await syncFile(realRoot, roots, file, wanted, check, report);
    if (file.ownership === "generated") next.files[file.path] = hashContents(wanted);
  });
  const kept = new Set([...files.map((f) => f.path), ...Object.keys(options.carry ?? {})]);
  await handleExtras(realRoot, previous, kept, check, report);
  if (!check) {
    if (options.inputs) {
      next.inputs = options.inputs();
      next.stat = await statFiles(realRoot, Object.keys(next.files));
    }
    await writeManifestIfChanged(realRoot, next);
  }

  for (const list of Object.values(report)) list.sort();
  return report;
}

/**
 * A generated file's name may already be taken by a file contract never wrote (not in the manifest,
 * no generated header): the user's own `types.ts`, say. Refuse before writing anything.
 */
async function refuseForeignFiles(realRoot: string, files: readonly GeneratedFile[], previous: Manifest) {
  const foreign: string[] = [];
  for (const file of files) {
    if (file.ownership !== "generated" || previous.files[file.path] !== undefined) continue;
    const target = await resolveInside(realRoot, file.path, { create: false });
    const current = target === undefined ? undefined : await readIfExists(target);
    if (current === undefined || current.equals(Buffer.from(file.contents, "utf8"))) continue;
    if (!current.subarray(0, 512).toString("utf8").includes(GENERATED_MARKER)) foreign.push(file.path);
  }
  if (foreign.length > 0) {
    throw new ContractError(
      `Not overwriting ${foreign.join(", ")} in ${realRoot}: not generated by contract (no record, no header). ` +
        "Move or delete it, or choose another output folder.",
    );
  }
}

/**
 * Scaffold files (user-owned handler stubs) may live next to the output folder, `../<folder>/…`, so
 * that cleaning the output folder keeps them. Generated files never leave it; the manifest lists
 * generated files only, so nothing outside is ever deleted.
 */
function besideOut(path: string): { ups: number; rest: string } {
  let ups = 0;
  let rest = path;
  while (rest.startsWith("../")) {
    ups++;
    rest = rest.slice(3);
  }
  return { ups, rest };
}

/** How many files the writer works on at once. */
const WRITE_CONCURRENCY = 16;

async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  run: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      try {
        await run(items[next++]!);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  // Every file in progress settles before the first failure is thrown: nothing is written after it.
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== undefined) throw failure.error;
}

/**
 * The folder a file is resolved in and its path there (see besideOut). `roots` holds each folder
 * above the output folder once resolved: every handler stub of a run shares it.
 */
async function fileRoot(
  realRoot: string,
  roots: Map<number, Promise<string | undefined>>,
  file: GeneratedFile,
  check: boolean,
) {
  const { ups, rest } = file.ownership === "scaffold" ? besideOut(file.path) : { ups: 0, rest: file.path };
  if (ups === 0) return { root: realRoot, rest };
  let root = roots.get(ups);
  if (root === undefined) {
    const base = resolve(realRoot, ...Array.from({ length: ups }, () => ".."));
    root = (check ? Promise.resolve() : mkdir(base, { recursive: true })).then(() =>
      realpath(base).catch(() => undefined),
    );
    roots.set(ups, root);
  }
  return { root: await root, rest };
}

async function syncFile(
  realRoot: string,
  roots: Map<number, Promise<string | undefined>>,
  file: GeneratedFile,
  wanted: Buffer,
  check: boolean,
  report: WriteReport,
) {
  const { root, rest } = await fileRoot(realRoot, roots, file, check);
  const target = root === undefined ? undefined : await resolveInside(root, rest, { create: !check });
  const current = target === undefined ? undefined : await readIfExists(target);

  if (file.ownership === "scaffold") {
    if (current !== undefined && isPendingExtension(file, current, wanted)) {
      // An extension of the user's file computed from exactly its current bytes (see `replaces`).
      if (check) report.stale.push(file.path);
      else {
        await writeAtomic(target!, wanted);
        report.written.push(file.path);
      }
    } else if (current !== undefined) report.unchanged.push(file.path);
    else if (check) report.missing.push(file.path);
    else if (await createExclusive(target!, wanted)) report.scaffolded.push(file.path);
    else report.unchanged.push(file.path); // appeared meanwhile: the user's now
    return;
  }
  if (current?.equals(wanted)) report.unchanged.push(file.path);
  else if (check) (current === undefined ? report.missing : report.stale).push(file.path);
  else {
    await writeAtomic(target!, wanted);
    report.written.push(file.path);
  }
}

function isPendingExtension(file: GeneratedFile, current: Buffer, wanted: Buffer): boolean {
  return (
    file.replaces !== undefined &&
    !current.equals(wanted) &&
    current.equals(Buffer.from(file.replaces, "utf8"))
  );
}

async function handleExtras(
  realRoot: string,
  previous: Manifest,
  generatedNow: Set<string>,
  check: boolean,
  report: WriteReport,
) {
  for (const [path, hash] of Object.entries(previous.files)) {
    if (generatedNow.has(path)) continue;
    let target: string | undefined;
    try {
      target = await resolveInside(realRoot, path, { create: false });
    } catch {
      continue; // a tampered manifest entry pointing outside: never act on it
    }
    const current = target === undefined ? undefined : await readIfExists(target);
    if (current === undefined) continue;
    if (check) report.extra.push(path);
    else if (hashContents(current) === hash) {
      await unlink(target!);
      await removeEmptyFolders(realRoot, dirname(target!));
      report.removed.push(path);
    } else report.kept.push(path);
  }
}

/** Removes folders emptied by deleting extra files, up to (not including) the output folder. */
async function removeEmptyFolders(realRoot: string, folder: string) {
  while (folder.length > realRoot.length && folder.startsWith(realRoot)) {
    try {
      await rmdir(folder);
    } catch {
      return; // not empty (or not ours to remove)
    }
    folder = dirname(folder);
  }
}

/** [size, mtimeMs] of each generated file (see Manifest.stat); a missing one is left out. */
async function statFiles(realRoot: string, paths: readonly string[]) {
  const stats: Record<string, [number, number]> = {};
  for (const path of paths) {
    const target = await resolveInside(realRoot, path, { create: false }).catch(() => undefined);
    const s = target === undefined ? undefined : await stat(target).catch(() => undefined);
    if (s?.isFile()) stats[path] = [s.size, s.mtimeMs];
  }
  return stats;
}

async function writeManifestIfChanged(realRoot: string, manifest: Manifest) {
  const path = join(realRoot, MANIFEST_FILE);
  const wanted = serializeManifest(manifest);
  const current = await readIfExists(path);
  if (current?.toString("utf8") !== wanted) await writeAtomic(path, wanted);
}

function assertUniquePaths(files: readonly GeneratedFile[]) {
  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(file.path)) throw new Error(`Two generated files share the path ${file.path}`);
    seen.add(file.path);
  }
}
