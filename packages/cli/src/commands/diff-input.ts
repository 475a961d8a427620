/**
 * The two sides of `contract diff`: a file (or URL), or a git revision and path such as
 * `origin/main:api.yaml`, read straight from git's object store — no checkout, no temp files.
 * Multi-file specs work at a revision too: the loader reads every file through the `readFile`
 * hook, which answers from the same revision.
 */
import { execFile } from "node:child_process";
import { stat } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { promisify } from "node:util";
import {
  ContractError,
  type LoadedSpec,
  type LoadOptions,
  loadSpec,
  type SourceLocation,
} from "@contract/core";

const run = promisify(execFile);

/** Large specs are megabytes; git output is buffered whole. */
const MAX_BUFFER = 512 * 1024 * 1024;

export interface DiffSide {
  /** How the side is printed: the argument as given. */
  label: string;
  spec: LoadedSpec;
}

export async function loadDiffSide(arg: string, cwd: string, options: LoadOptions): Promise<DiffSide> {
  if (/^https?:\/\//i.test(arg)) return { label: arg, spec: await loadSpec(arg, options) };
  const path = resolve(cwd, arg);
  if (await exists(path)) return { label: arg, spec: await loadSpec(path, options) };
  const revision = parseRevisionArg(arg);
  if (!revision) throw new ContractError(`File not found: ${path}`);
  return { label: arg, spec: await loadAtRevision(revision.rev, revision.path, cwd, options) };
}

/** `rev:path` → parts; a bare path (or a Windows drive like `C:\x`) is not a revision. */
export function parseRevisionArg(arg: string): { rev: string; path: string } | undefined {
  const match = /^([^:]+):(.+)$/.exec(arg);
  if (!match || /^[A-Za-z]$/.test(match[1]!)) return undefined;
  return { rev: match[1]!, path: match[2]! };
}

async function loadAtRevision(
  rev: string,
  path: string,
  cwd: string,
  options: LoadOptions,
): Promise<LoadedSpec> {
  const root = await gitRoot(cwd);
  // Like git itself: `./x` and `../x` are relative to the working directory, other paths to the repository root.
  const entry = path.startsWith("./") || path.startsWith("../") ? resolve(cwd, path) : join(root, path);
  const commit = await resolveCommit(root, rev);
  const blobs = new Map<string, Promise<string>>();
  const readFile = (file: string): Promise<string> => {
    const rel = relative(root, file);
    if (rel.startsWith("..") || isAbsolute(rel)) {
      return Promise.reject(
        Object.assign(new Error(`${file} is outside the repository`), { code: "ENOENT" }),
      );
    }
    let blob = blobs.get(rel);
    if (!blob) {
      blob = readBlob(root, commit, rel.split(sep).join("/"), rev);
      blobs.set(rel, blob);
    }
    return blob;
  };
  try {
    await readFile(entry);
  } catch (error) {
    throw new ContractError((error as Error).message);
  }
  const spec = await loadSpec(entry, { ...options, readFile });
  return withRevisionLocations(spec, root, rev);
}

async function gitRoot(cwd: string): Promise<string> {
  try {
    const { stdout } = await run("git", ["rev-parse", "--show-toplevel"], { cwd });
    return stdout.trim();
  } catch (error) {
    throw new ContractError(
      `Not a file, and not in a git repository to read a revision from (${gitMessage(error)})`,
    );
  }
}

async function resolveCommit(root: string, rev: string): Promise<string> {
  try {
    const { stdout } = await run(
      "git",
      ["rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{commit}`],
      {
        cwd: root,
      },
    );
    return stdout.trim();
  } catch {
    throw new ContractError(`Unknown git revision: ${rev}`);
  }
}

async function readBlob(root: string, commit: string, path: string, rev: string): Promise<string> {
  try {
    const { stdout } = await run("git", ["cat-file", "blob", `${commit}:${path}`], {
      cwd: root,
      maxBuffer: MAX_BUFFER,
      encoding: "utf8",
    });
    return stdout;
  } catch (error) {
    throw Object.assign(new Error(`${path} does not exist at ${rev} (${gitMessage(error)})`), {
      code: "ENOENT",
    });
  }
}

/** Locations name the file as `rev:path`, since the working tree may hold something else. */
function withRevisionLocations(spec: LoadedSpec, root: string, rev: string): LoadedSpec {
  const rename = (location: SourceLocation | undefined): SourceLocation | undefined => {
    if (!location) return location;
    const rel = relative(root, location.file);
    return rel.startsWith("..") ? location : { ...location, file: `${rev}:${rel.split(sep).join("/")}` };
  };
  const { locateSource } = spec;
  return {
    ...spec,
    locate: (pointer: string) => rename(spec.locate(pointer)),
    ...(locateSource ? { locateSource: (pointer: string) => rename(locateSource(pointer)) } : {}),
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

function gitMessage(error: unknown): string {
  const stderr = (error as { stderr?: string }).stderr?.trim();
  return stderr || (error as Error).message;
}
