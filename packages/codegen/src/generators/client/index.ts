/**
 * The client generator: `client.ts` with `createClient(...)`, one typed method per operation and a
 * typed `request(method, path, ...)`. Types come from `types.ts` by indexed access
 * (`paths["/pets/{petId}"]["get"]`), so the spec's shapes have one source of truth; the runtime
 * behaviour lives in `@contract/runtime/client`, and this file only carries the per-operation facts.
 */
import { type IRHttpOperation, type PaginationRule, paginationOf } from "@contract/core";
import type { GenerateContext } from "../../generator.js";
import { generatedHeader } from "../../header.js";
import { defineGenerator } from "../define.js";
import { jsdoc } from "./comments.js";
import {
  authOptionsDeclaration,
  schemesLiteral,
  serversLiteral,
  serverVariablesDeclaration,
} from "./declarations.js";
import { camelCase, NameAllocator, operationMethodName, safeIdentifier } from "./names.js";
import { operationsTable } from "./operations-table.js";
import { literal, operationSpec } from "./spec-literal.js";

export interface ClientGeneratorOptions {
  /** Put each operation under its first tag: `client.pets.getPet(...)`. Default false. */
  groupByTag?: boolean;
  /** Import the generated validators so that `validateResponses` checks bodies. Default false. */
  validators?: boolean;
  /** Module specifiers, relative to the output folder unless a package. */
  typesModule?: string;
  validatorsModule?: string;
  /** Name of the `ValidatorLookup` export of the validators module. */
  validatorLookupExport?: string;
  runtimeModule?: string;
  /** Output file name. Default `client.ts`. */
  fileName?: string;
}

interface NamedOperation {
  name: string;
  group?: string;
  op: IRHttpOperation;
  /** How its pages follow one another, when the spec says. */
  pagination?: PaginationRule;
}

/** Assigns method names (and tag groups) so that every name is a unique, valid, non-reserved identifier. */
export function nameOperations(operations: IRHttpOperation[], groupByTag: boolean): NamedOperation[] {
  const names = new NameAllocator();
  const groups = new Map<string, string>();
  if (groupByTag) {
    for (const op of operations) {
      const tag = op.tags[0];
      if (tag !== undefined && !groups.has(tag))
        groups.set(tag, names.take(safeIdentifier(camelCase(tag), "tag")));
    }
  }
  return operations.map((op) => {
    const tag = op.tags[0];
    const group = groupByTag && tag !== undefined ? groups.get(tag) : undefined;
    return { name: names.take(operationMethodName(op)), ...(group ? { group } : {}), op };
  });
}

function methodDoc(op: IRHttpOperation, indent: string): string {
  return jsdoc(
    [
      op.summary,
      op.description,
      `\`${op.method.toUpperCase()} ${op.path}\``,
      op.deprecated ? "@deprecated" : undefined,
    ],
    indent,
  );
}

function member({ name, op, pagination }: NamedOperation, indent: string): string {
  const operation = `paths[${JSON.stringify(op.path)}][${JSON.stringify(op.method)}]`;
  // Where the spec says a page's items are, the method is `Paged`: `paginateItems` takes it.
  const paged = pagination?.results
    ? ` & Paged<ItemsAt<${operation}, ${JSON.stringify(pagination.results)}>>`
    : "";
  return `${methodDoc(op, indent)}${indent}${name}: Call<${operation}, Throw>${paged};`;
}

function clientInterface(named: NamedOperation[]): string {
  const lines: string[] = [];
  const byGroup = new Map<string, NamedOperation[]>();
  for (const n of named) {
    if (n.group) byGroup.set(n.group, [...(byGroup.get(n.group) ?? []), n]);
    else lines.push(member(n, "  "));
  }
  for (const [group, members] of byGroup) {
    lines.push(`  ${group}: {\n${members.map((m) => member(m, "    ")).join("\n")}\n  };`);
  }
  lines.push(
    `  /** Any operation by method and path, e.g. \`request("get", "/pets/{petId}", { path: { petId: 1 } })\`. */`,
    "  request: RequestByPath<paths, Throw>;",
  );
  return [
    "/** The API client; `Throw` is true when created with `throwOnError: true`. */",
    "export interface Client<Throw extends boolean = false> {",
    ...lines,
    "}",
  ].join("\n");
}

function groupsLiteral(named: NamedOperation[]): string | undefined {
  const groups: Record<string, string[]> = {};
  for (const n of named) {
    if (!n.group) continue;
    groups[n.group] ??= [];
    groups[n.group]?.push(n.name);
  }
  return Object.keys(groups).length > 0 ? literal(groups) : undefined;
}

export function renderClient(context: GenerateContext, options: ClientGeneratorOptions = {}): string {
  const { ir } = context;
  const rules = paginationOf(ir).rules;
  const named = nameOperations(ir.operations, options.groupByTag ?? false).map((n) => {
    const pagination = rules.get(n.op.id);
    return pagination ? { ...n, pagination } : n;
  });
  const paged = named.some((n) => n.pagination?.results);
  const runtime = options.runtimeModule ?? "@contract/runtime/client";
  const lookupName = options.validatorLookupExport ?? "validatorFor";
  const operations = operationsTable(named.map((n) => [n.name, operationSpec(n.op, n.pagination)] as const));
  const groups = groupsLiteral(named);
  return [
    generatedHeader({ generator: "client", version: context.generatorVersion }).trimEnd(),
    "import {",
    "  type ApiSpec,",
    "  type BasicCredentials,",
    "  type Call,",
    "  type ClientOptions,",
    "  type Credential,",
    "  createClientCore,",
    ...(paged ? ["  type ItemsAt,", "  type Paged,"] : []),
    "  type RequestByPath,",
    `} from ${JSON.stringify(runtime)};`,
    `import type { paths } from ${JSON.stringify(options.typesModule ?? "./types.js")};`,
    ...(options.validators
      ? [`import { ${lookupName} } from ${JSON.stringify(options.validatorsModule ?? "./validators.js")};`]
      : []),
    "",
    authOptionsDeclaration(ir.securitySchemes),
    serverVariablesDeclaration(ir.servers[0]),
    "const api: ApiSpec = {",
    `  servers: ${serversLiteral(ir.servers)},`,
    `  schemes: ${schemesLiteral(ir.securitySchemes)},`,
    ...(groups ? [`  groups: ${groups},`] : []),
    `  operations: ${operations},`,
    ...(options.validators ? [`  validators: ${lookupName},`] : []),
    "};",
    "",
    clientInterface(named),
    "",
    "export type ClientConfig<Throw extends boolean = false> = ClientOptions<AuthOptions, ServerVariables> & {",
    "  /** Throw `ApiError` on error statuses; methods then resolve to the success results only. */",
    "  throwOnError?: Throw;",
    "};",
    "",
    "/** Creates a client; see `ClientOptions` for the defaults (retries, base URL, validation). */",
    "export function createClient<Throw extends boolean = false>(options: ClientConfig<Throw> = {}): Client<Throw> {",
    "  return createClientCore(api, options) as unknown as Client<Throw>;",
    "}",
    "",
  ].join("\n");
}

const flag = (description: string) => ({ type: "boolean", description }) as const;
const text = (description: string) => ({ type: "string", minLength: 1, description }) as const;

export const clientGenerator = defineGenerator({
  name: "client",
  description:
    "client.ts: createClient() with one typed method per operation (runtime: @contract/runtime/client).",
  enabledByDefault: true,
  optionsSchema: {
    type: "object",
    additionalProperties: false,
    properties: {
      groupByTag: flag("Group methods under their first tag: client.pets.getPet()."),
      validators: flag("Import validators.js so that validateResponses checks bodies against their schemas."),
      typesModule: text("Module that exports `paths` (default ./types.js)."),
      validatorsModule: text("Module of the validators (default ./validators.js)."),
      validatorLookupExport: text("Name of its ValidatorLookup export (default validatorFor)."),
      runtimeModule: text("Runtime module (default @contract/runtime/client)."),
      fileName: text("Output file (default client.ts)."),
    },
  },
  generate(context, options: ClientGeneratorOptions) {
    return [
      {
        path: options.fileName ?? "client.ts",
        contents: renderClient(context, options),
        ownership: "generated",
      },
    ];
  },
});
