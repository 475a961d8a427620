/** Generates types.ts + client.ts for a spec into a folder under test/client/.tmp, and type-checks folders. */
import { execFile } from "node:child_process";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { type ClientGeneratorOptions, renderClient, renderTypes } from "@contract/codegen";
import { buildIR, type ContractIR, loadSpec } from "@contract/core";
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
  options: ClientGeneratorOptions & { withAjvValidators?: boolean } = {},
): Promise<GeneratedClient> {
  const dir = path.join(tmpRoot, `${name}-${process.pid}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const loaded = await loadSpec(specFile);
  const ir = buildIR(loaded.document);
  const context = { ir, generatorVersion: "0.0.0-test" };
  const clientSource = renderClient(context, {
    ...options,
    validators: options.validators ?? options.withAjvValidators,
  });
  await writeFile(path.join(dir, "types.ts"), renderTypes(loaded.document as never));
  await writeFile(path.join(dir, "client.ts"), clientSource);
  if (options.withAjvValidators)
    await writeFile(path.join(dir, "validators.ts"), ajvValidatorsSource(dir, specFile));
  return { dir, ir, clientSource };
}

/** validators.ts for a generated folder: the in-process ajv lookup over the spec file. */
export function ajvValidatorsSource(dir: string, specFile: string): string {
  const helper = path
    .relative(dir, path.join(repoRoot, "test/client/helpers/ajv-lookup.js"))
    .split(path.sep)
    .join("/");
  const core = "@contract/core";
  return [
    `import { buildIR, loadSpec } from ${JSON.stringify(core)};`,
    `import { ajvLookup } from ${JSON.stringify(helper.startsWith(".") ? helper : `./${helper}`)};`,
    `const loaded = await loadSpec(${JSON.stringify(specFile)});`,
    "export const lookupValidator = ajvLookup(buildIR(loaded.document));",
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
