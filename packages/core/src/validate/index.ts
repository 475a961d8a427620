/**
 * validate: structural validation against the official OpenAPI JSON Schema plus the semantic rules
 * no schema expresses. Input is what the loader produced; output is located, sorted diagnostics.
 */
import type { Diagnostic, Severity } from "../diagnostics.js";
import type { ContractIR } from "../ir.js";
import type { LoadedSpec } from "../load/index.js";
import { buildIR } from "../normalize/index.js";
import { GEN_BLOCKING } from "./blocking.js";
import { type DescriptionIndex, indexDescription } from "./description-index.js";
import { type RuleContext, SEMANTIC_RULES } from "./rules/index.js";
import { refUnresolved } from "./rules/ref-unresolved.js";
import {
  checkSchemaObjects,
  PATTERN_DIALECT_RULE,
  PATTERN_NON_UNICODE_RULE,
  PATTERN_UNSUPPORTED_RULE,
  SCHEMA_ANNOTATION_RULE,
  SCHEMA_KEYWORD_RULES,
  SCHEMA_OBJECT_RULE,
} from "./schema/schema-objects.js";
import { checkStructure, OAS_SCHEMA_RULE } from "./schema/structure.js";
import { sortDiagnostics } from "./sort.js";
import { operationsOf, pathItemSites } from "./walk.js";

export { blocksGeneration, GEN_BLOCKING } from "./blocking.js";
export { type Rule, type RuleContext, type RuleFinding, SEMANTIC_RULES } from "./rules/index.js";
export { oasSchemaCompileMs } from "./schema/oas-schemas.js";
export {
  PATTERN_DIALECT_RULE,
  PATTERN_NON_UNICODE_RULE,
  PATTERN_UNSUPPORTED_RULE,
  SCHEMA_ANNOTATION_RULE,
  SCHEMA_OBJECT_RULE,
} from "./schema/schema-objects.js";
export { OAS_SCHEMA_RULE } from "./schema/structure.js";
export { sortDiagnostics } from "./sort.js";

export interface ValidateOptions {
  /** Diagnostic codes to leave out: rule codes (`oas-schema` included) and loader codes (`nullable-in-3.1`). */
  skip?: readonly string[];
  /**
   * Which findings to return (default: all). The others are dropped before they are located: on a
   * large file each location means scanning its text, which a caller that prints only some
   * findings (`contract gen`: the errors and what stops generation) should not pay for.
   */
  keep?: (finding: Omit<Diagnostic, "location">) => boolean;
}

/** One line per check `validateSpec` runs: for docs and `contract check --list-rules`. */
export const VALIDATION_RULES: ReadonlyArray<{
  code: string;
  severity: Severity;
  description: string;
  /** Whether a finding of this rule stops `contract gen` (see ./blocking.ts). */
  blocksGen: boolean;
}> = [
  OAS_SCHEMA_RULE,
  SCHEMA_OBJECT_RULE,
  SCHEMA_ANNOTATION_RULE,
  PATTERN_NON_UNICODE_RULE,
  PATTERN_DIALECT_RULE,
  PATTERN_UNSUPPORTED_RULE,
  ...SEMANTIC_RULES.map(({ code, severity, description }) => ({ code, severity, description })),
].map((rule) => ({ ...rule, blocksGen: GEN_BLOCKING[rule.code] ?? rule.severity === "error" }));

/**
 * Validates a loaded spec: the loader's own diagnostics, the OAS schema, then every rule. Returns
 * all diagnostics located (when the loader knows positions) and in source order.
 */
export function validateSpec(loaded: LoadedSpec, options: ValidateOptions = {}): Diagnostic[] {
  const skip = new Set(options.skip ?? []);
  const keep = options.keep ?? (() => true);
  // The loader's diagnostics locate themselves when `location` is first read (withLazyLocation).
  const out: Diagnostic[] = loaded.diagnostics.filter((d) => !skip.has(d.code) && keep(d));
  const locateIn = (document: "bundled" | "source", pointer: string) => {
    try {
      return document === "source" && loaded.locateSource
        ? loaded.locateSource(pointer)
        : loaded.locate(pointer);
    } catch {
      return undefined;
    }
  };
  const add = (
    code: string,
    severity: Severity,
    message: string,
    pointer: string,
    document: "bundled" | "source" = "bundled",
  ) => {
    if (!keep({ severity, code, message, pointer })) return;
    const location = locateIn(document, pointer);
    out.push({ severity, code, message, pointer, ...(location ? { location } : {}) });
  };

  if (!skip.has(OAS_SCHEMA_RULE.code)) {
    const structure = checkStructure(loaded);
    // A 3.0 document is checked as written (`sourceDocument`): its pointers are that document's.
    const checked = loaded.sourceDocument ? "source" : "bundled";
    // The 3.0 schema checks Schema Objects too; the loader's `schema-object` / `schema-annotation`
    // findings already say it (with their own severity): do not say it twice.
    const schemaObjectPointers = new Set(
      loaded.diagnostics.filter((d) => Object.hasOwn(SCHEMA_KEYWORD_RULES, d.code)).map((d) => d.pointer),
    );
    const saidBySchemaObject = (pointer: string) =>
      checked === "source" &&
      (schemaObjectPointers.has(pointer) ||
        // The loader checks webhooks after moving them from `x-webhooks`.
        (pointer.startsWith("/x-webhooks/") && schemaObjectPointers.has(`/${pointer.slice(3)}`)));
    for (const f of structure.findings) {
      if (saidBySchemaObject(f.pointer)) continue;
      if (structure.approximate)
        add(
          OAS_SCHEMA_RULE.code,
          "warning",
          `${f.message} (checked against the OpenAPI 3.1 schema)`,
          f.pointer,
          checked,
        );
      else add(OAS_SCHEMA_RULE.code, OAS_SCHEMA_RULE.severity, f.message, f.pointer, checked);
    }
  }
  // 3.0 documents are checked by the loader, before the upgrade rewrites their Schema Objects.
  if (!loaded.sourceVersion.startsWith("3.0")) {
    for (const f of checkSchemaObjects(loaded.document)) {
      const rule = SCHEMA_KEYWORD_RULES[f.rule];
      if (!skip.has(rule.code)) add(rule.code, rule.severity, f.message, f.pointer);
    }
  }
  const context = ruleContext(loaded);
  // The loader reports `$ref`s it could not follow; do not say it twice.
  const loaderErrors = new Set(
    loaded.diagnostics.filter((d) => d.severity === "error").map((d) => d.pointer),
  );
  for (const rule of SEMANTIC_RULES) {
    if (skip.has(rule.code)) continue;
    for (const f of rule.check(context)) {
      if (rule.code === refUnresolved.code && loaderErrors.has(f.pointer)) continue;
      add(rule.code, rule.severity, f.message, f.pointer);
    }
  }
  return sortDiagnostics(dedupe(out));
}

function ruleContext(loaded: LoadedSpec): RuleContext {
  const { document } = loaded;
  let ir: ContractIR | undefined;
  let index: DescriptionIndex | undefined;
  const pathItems = pathItemSites(document);
  return {
    document,
    sourceVersion: loaded.sourceVersion,
    get ir() {
      ir ??= buildIR(document);
      return ir;
    },
    get index() {
      index ??= indexDescription(document);
      return index;
    },
    pathItems,
    operations: pathItems.flatMap((site) => operationsOf(document, site)),
  };
}

/** The loader and a rule may both notice the same thing (an unresolvable `$ref`); say it once. */
function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}\0${d.pointer}\0${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
