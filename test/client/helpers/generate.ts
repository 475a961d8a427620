/** Generates types.ts + client.ts for a spec into a folder under test/client/.tmp, and type-checks folders. */
import { execFile } from "node:child_process";
import { mkdir, rm, writeFile } from "node:fs/promises";
import * as path from "node:path";
import { promisify } from "node:util";
import {
  type ClientGeneratorOptions,
  renderClient,
  renderTypes,
  validatorsGenerator,
} from "@contract/codegen";
import { buildIR, type ContractIR, loadSpec } from "@contract/core";
import { responsePointers } from "./ajv-lookup.js";
import { repoRoot, tmpRoot } from "./paths.js";

const run = promisify(execFile);

export interface GeneratedClient {
  dir: string;
  ir: ContractIR;
  clientSource: string;
}

export async function generateInto(
  name: string,
  specFile: string,
  options: ClientGeneratorOptions & { withAjvValidators?: boolean; withGeneratedValidators?: boolean } = {},
): Promise<GeneratedClient> {
  // One folder per name, emptied first: test files use distinct names, so parallel files never collide.
  const dir = path.join(tmpRoot, name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const loaded = await loadSpec(specFile);
  const ir = buildIR(loaded.document);
  const context = { ir, generatorVersion: "0.0.0-test" };
  const clientSource = renderClient(context, {
    ...options,
    validators: options.validators ?? (options.withAjvValidators || options.withGeneratedValidators),
  });
  // The IR's document, as the types generator reads it (see normalize/query-in-path-key.ts).
  await writeFile(path.join(dir, "types.ts"), renderTypes(ir.document as never));
  await writeFile(path.join(dir, "client.ts"), clientSource);
  if (options.withAjvValidators)
    await writeFile(path.join(dir, "validators.ts"), ajvValidatorsSource(dir, ir));
  if (options.withGeneratedValidators) {
    for (const file of await validatorsGenerator.generate(context, {})) {
      await writeFile(path.join(dir, file.path), file.contents);
    }
  }
  return { dir, ir, clientSource };
}

/**
 * validators.ts for a generated folder: the in-process ajv lookup over the document, which is embedded
 * as a JSON string (parsed at run time) so that it costs the type-checker nothing.
 */
export function ajvValidatorsSource(dir: string, ir: ContractIR): string {
  const helper = path
    .relative(dir, path.join(repoRoot, "test/client/helpers/ajv-lookup.js"))
    .split(path.sep)
    .join("/");
  return [
    `import { ajvLookup } from ${JSON.stringify(helper)};`,
    `const document = JSON.parse(${JSON.stringify(JSON.stringify(ir.document))}) as object;`,
    `const pointers = JSON.parse(${JSON.stringify(JSON.stringify(responsePointers(ir)))}) as Record<string, string>;`,
    "export const validatorFor = ajvLookup(document, pointers);",
    "",
  ].join("\n");
}

/** Strict `tsc --noEmit` over `files`, resolving workspace packages from source. Returns tsc's output. */
export async function typecheck(dir: string, files: string[]): Promise<{ ok: boolean; output: string }> {
  const tsconfig = {
    compilerOptions: {
      target: "ES2022",
      lib: ["ES2023", "DOM", "DOM.Iterable"],
      module: "NodeNext",
      moduleResolution: "NodeNext",
      customConditions: ["@contract/source"],
      strict: true,
      noUncheckedIndexedAccess: true,
      verbatimModuleSyntax: true,
      skipLibCheck: true,
      noEmit: true,
      types: ["node"],
      typeRoots: [path.join(repoRoot, "node_modules/@types")],
    },
    files,
  };
  await writeFile(path.join(dir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
  try {
    const { stdout } = await run(
      process.execPath,
      [path.join(repoRoot, "node_modules/typescript/bin/tsc"), "-p", dir],
      {
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    return { ok: true, output: stdout };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}
