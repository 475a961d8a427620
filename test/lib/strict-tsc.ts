import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/** TypeScript 7's compiler (the native one), installed beside 5.9 as `typescript7`. */
export const TYPESCRIPT_7_TSC = join(repoRoot, "test/node_modules/typescript7/bin/tsc");

export interface StrictTscOptions {
  /** The compiler's `tsc` script; default the workspace's TypeScript 5.9. */
  tsc?: string;
  /**
   * Workspace packages read from source (default), or as users get them: their built
   * declarations (`pnpm run build` first).
   */
  packages?: "source" | "built";
}

/**
 * Type-checks `files` of `folder` (inside the repository, so that workspace packages resolve)
 * under the repository's strict settings. Writes the folder's tsconfig.json; resolves with tsc's
 * report, "" when it found nothing.
 */
export async function strictTscReport(
  folder: string,
  files: readonly string[],
  options: StrictTscOptions = {},
): Promise<string> {
  await writeFile(
    join(folder, "tsconfig.json"),
    JSON.stringify({
      extends: relative(folder, join(repoRoot, "tsconfig.base.json")),
      compilerOptions: {
        noEmit: true,
        types: ["node"],
        ...(options.packages === "built" ? {} : { customConditions: ["@contract/source"] }),
        skipLibCheck: true,
      },
      files,
    }),
  );
  const tsc = options.tsc ?? join(repoRoot, "node_modules/typescript/bin/tsc");
  const result = await promisify(execFile)(process.execPath, [
    tsc,
    "-p",
    join(folder, "tsconfig.json"),
  ]).catch((error: { stdout: string }) => ({ stdout: error.stdout }));
  return result.stdout;
}
