/**
 * Generates every generator's output for a spec held in memory and type-checks it the way users
 * compile generated code (strict, noUncheckedIndexedAccess, exactOptionalPropertyTypes), resolving
 * the runtime from source. For tests of real-spec failure classes: each writes its own small spec.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Diagnostic, type LoadedSpec, loadSpecFromString } from "@contract/core";
import ts from "typescript";
import type { GeneratedFile } from "../../src/generator.js";
import type { GeneratorSelection } from "../../src/generators/index.js";
import { generateContract } from "../../src/pipeline.js";

const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const runtimeSrc = join(repoRoot, "packages/runtime/src");

export const ALL_GENERATORS: GeneratorSelection = {
  types: true,
  client: true,
  validators: true,
  webhooks: true,
  sender: true,
};

export interface Generated {
  loaded: LoadedSpec;
  files: Record<string, string>;
  /** Diagnostics the generators reported. */
  reported: Diagnostic[];
}

export async function generateFromText(
  text: string,
  generators: GeneratorSelection = ALL_GENERATORS,
): Promise<Generated> {
  const loaded = await loadSpecFromString(text, { path: join(tmpdir(), "spec-classes", "openapi.yaml") });
  const reported: Diagnostic[] = [];
  const files: GeneratedFile[] = await generateContract(loaded, {
    generators,
    onDiagnostic: (d) => reported.push(d),
  });
  return { loaded, files: Object.fromEntries(files.map((f) => [f.path, f.contents])), reported };
}

/** Writes `files` (path → contents) below `folder`, creating folders as needed. */
export async function writeAll(folder: string, files: Record<string, string>): Promise<void> {
  for (const [path, contents] of Object.entries(files)) {
    await mkdir(dirname(join(folder, path)), { recursive: true });
    await writeFile(join(folder, path), contents);
  }
}

/**
 * Type-checks `roots` with the strictest options users run, resolving the runtime from source.
 * Only the diagnostics of the generated and the test's own files, named relative to `folder`: the
 * runtime is checked with its own settings.
 */
export function strictDiagnostics(roots: string[], folder: string): string[] {
  const program = ts.createProgram(roots, {
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: [],
    lib: ["lib.es2023.d.ts", "lib.dom.d.ts"],
    baseUrl: repoRoot,
    paths: {
      "@contract/runtime": [join(runtimeSrc, "index.ts")],
      "@contract/runtime/client": [join(runtimeSrc, "client/index.ts")],
      "@contract/runtime/webhooks": [join(runtimeSrc, "webhooks/index.ts")],
      "@contract/runtime/validation": [join(runtimeSrc, "validation/index.ts")],
      "@contract/runtime/sender": [join(runtimeSrc, "sender/index.ts")],
    },
  });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file === undefined || !d.file.fileName.startsWith(runtimeSrc))
    .map(
      (d) =>
        `${d.file ? d.file.fileName.replace(folder, "") : ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`,
    );
}

/** Writes `files` (plus `extra` user files) to a temporary folder and returns tsc's diagnostics. */
export async function compileFiles(
  files: Record<string, string>,
  extra: Record<string, string> = {},
): Promise<string[]> {
  const folder = await mkdtemp(join(tmpdir(), "contract-classes-"));
  try {
    const all = { ...files, ...extra };
    await writeAll(folder, all);
    const roots = Object.keys(all)
      .filter((p) => p.endsWith(".ts"))
      .map((p) => join(folder, p));
    return strictDiagnostics(roots, folder);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
