/**
 * Keeps every write inside the output folder. A file path from a generator (or from a manifest left
 * on disk, which anyone could edit) is refused unless it is a plain relative path, and every folder on
 * the way must resolve — after following symlinks — inside the real output folder.
 */
import { lstat, mkdir, realpath } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { ContractError } from "@contract/core";

export const MANIFEST_FILE = ".contract-manifest.json";

/** Throws unless `path` is a normalized relative path with `/` separators that stays below the root. */
export function assertSafeRelativePath(path: string): void {
  const fail = (why: string): never => {
    throw new ContractError(`Refusing to write ${JSON.stringify(path)}: ${why}`);
  };
  if (typeof path !== "string" || path.length === 0) fail("empty path");
  if (path.includes("\0")) fail("NUL character in path");
  if (path.includes("\\")) fail("backslash in path (use /)");
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path)) fail("absolute path");
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") fail("empty or '.' path segment");
    if (segment === "..") fail("'..' leaves the output folder");
  }
  if (path === MANIFEST_FILE) fail(`${MANIFEST_FILE} is reserved for contract's manifest`);
}

const isInside = (root: string, candidate: string): boolean => {
  const rel = relative(root, candidate);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !rel.startsWith(sep));
};

const exists = async (path: string): Promise<boolean> =>
  lstat(path).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return false;
      throw error;
    },
  );

/**
 * Absolute path of `path` under `realRoot` (the output folder, already `realpath`ed). With `create`,
 * missing folders are made one level at a time, each checked before going deeper, so a symlinked
 * folder leading elsewhere is refused before anything is created through it. Returns `undefined` when
 * a folder on the way does not exist (and `create` is off): the file is then simply missing.
 */
export async function resolveInside(
  realRoot: string,
  path: string,
  { create }: { create: boolean },
): Promise<string | undefined> {
  assertSafeRelativePath(path);
  const segments = path.split("/");
  const name = segments.pop()!;
  let folder = realRoot;
  for (const segment of segments) {
    const next = join(folder, segment);
    if (!(await exists(next))) {
      if (!create) return undefined;
      await mkdir(next).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "EEXIST") throw error;
      });
    }
    folder = await realpath(next);
    if (!isInside(realRoot, folder)) {
      throw new ContractError(
        `Refusing to write ${path}: ${segment}/ is a symlink that leads outside ${realRoot}`,
      );
    }
  }
  const target = join(folder, name);
  const stat = await lstat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (stat?.isSymbolicLink()) throw new ContractError(`Refusing to write ${path}: it is a symlink`);
  if (stat?.isDirectory()) throw new ContractError(`Cannot write ${path}: a folder has that name`);
  return target;
}
