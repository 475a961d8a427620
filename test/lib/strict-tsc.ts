import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Type-checks `files` of `folder` (inside the repository, so that workspace packages resolve)
 * under the repository's strict settings, the workspace packages read from source. Writes the
 * folder's tsconfig.json; resolves with tsc's report, "" when it found nothing.
 */
export async function strictTscReport(folder: string, files: readonly string[]): Promise<string> {
  await writeFile(
    join(folder, "tsconfig.json"),
    JSON.stringify({
      extends: relative(folder, join(repoRoot, "tsconfig.base.json")),
      compilerOptions: {
        noEmit: true,
        types: ["node"],
        customConditions: ["@contract/source"],
        skipLibCheck: true,
      },
      files,
    }),
  );
  const tsc = join(repoRoot, "node_modules/typescript/bin/tsc");
  const result = await promisify(execFile)(process.execPath, [
    tsc,
    "-p",
    join(folder, "tsconfig.json"),
  ]).catch((error: { stdout: string }) => ({ stdout: error.stdout }));
  return result.stdout;
}
