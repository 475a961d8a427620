/**
 * Structural validation: the document against the official OpenAPI JSON Schema of its version.
 *
 * 3.0 documents are checked against the 3.0 schema in the form the author wrote them (the loader's
 * pre-upgrade `sourceDocument`): errors then speak of what is in the file, with pointers of that
 * document (`loaded.locateSource`), and nothing the upgrade rewrote is held against the 3.1 schema.
 */
import type { LoadedSpec } from "../../load/index.js";
import type { OpenApiDocument } from "../../openapi.js";
import { joinPointer, parsePointer } from "../../pointer.js";
import { type CollapsedError, collapseAjvErrors } from "./collapse-errors.js";
import { describeSchemaError, type SchemaFinding } from "./messages.js";
import { type OasSchemaVersion, oasSchemaValidator, readOasSchema } from "./oas-schemas.js";

export const OAS_SCHEMA_RULE = {
  code: "oas-schema",
  severity: "error",
  description:
    "The document must be valid against the official OpenAPI JSON Schema of its version (3.0 or 3.1).",
} as const;

export interface StructureResult {
  version?: OasSchemaVersion;
  findings: SchemaFinding[];
  /**
   * Set for OpenAPI 3.2 documents: they are checked against the 3.1 schema, which does not know
   * 3.2's additions, so its complaints are warnings rather than errors.
   */
  approximate?: boolean;
}

export function checkStructure(loaded: LoadedSpec): StructureResult {
  const document: OpenApiDocument = loaded.sourceDocument ?? loaded.document;
  const declared = typeof document.openapi === "string" ? document.openapi : "";
  const version = schemaVersionFor(declared);
  if (!version) {
    return {
      findings: [
        {
          pointer: document.openapi === undefined ? "" : "/openapi",
          message:
            document.openapi === undefined
              ? "the document has no `openapi` field: it is not an OpenAPI 3.x description"
              : `\`openapi\` is ${JSON.stringify(document.openapi)}: only OpenAPI 3.0.x, 3.1.x and 3.2.x are supported`,
        },
      ],
    };
  }
  // 3.2 is read as 3.1 (see the loader): check it with the 3.1 schema, apart from the version string.
  const subject = declared.startsWith("3.2.") ? { ...document, openapi: "3.1.0" } : document;
  const collapsed = collapseAjvErrors(oasSchemaValidator(version).validate(subject), rootSchema(version));
  if (version === "3.0") collapsed.push(...legacyWebhookErrors(document));
  if (collapsed.length === 0) return { version, findings: [] };
  const seen = new Set<string>();
  const findings: SchemaFinding[] = [];
  for (const c of collapsed) {
    const finding = describeSchemaError(c);
    const key = `${finding.pointer}\0${finding.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(finding);
  }
  return { version, findings, ...(loaded.sourceVersion.startsWith("3.2") ? { approximate: true } : {}) };
}

/**
 * `x-webhooks` (the 3.0 extension the loader upgrades to `webhooks`) is an extension to the 3.0
 * schema, so its path items would go unchecked: they are checked as entries of a `paths` map of an
 * otherwise empty document, and the errors moved back to their `/x-webhooks/<name>` pointers.
 */
function legacyWebhookErrors(document: OpenApiDocument): CollapsedError[] {
  const legacy = document["x-webhooks"];
  if (legacy === null || typeof legacy !== "object" || Array.isArray(legacy)) return [];
  // Path keys must start with "/"; a NUL keeps them apart from anything a document could hold.
  const names = new Map<string, string>();
  const paths: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(legacy as Record<string, unknown>)) {
    if (name.startsWith("x-")) continue; // extensions of `x-webhooks` itself
    const key = `/\u0000webhook${names.size}`;
    names.set(key, name);
    paths[key] = item;
  }
  if (names.size === 0) return [];
  const wrapper = { openapi: document.openapi, info: { title: "", version: "" }, paths };
  const errors = oasSchemaValidator("3.0").validate(wrapper);
  if (errors.length === 0) return [];
  const moved = (pointer: string): string | undefined => {
    const [paths, key, ...rest] = parsePointer(pointer);
    const name = key === undefined ? undefined : names.get(key);
    return paths === "paths" && name !== undefined ? joinPointer("/x-webhooks", name, ...rest) : undefined;
  };
  const out: CollapsedError[] = [];
  for (const c of collapseAjvErrors(errors, rootSchema("3.0"))) {
    const at = moved(c.error.instancePath);
    if (at === undefined) continue;
    const merged =
      c.merged?.kind === "enum" ? { ...c.merged, pointer: moved(c.merged.pointer) ?? at } : c.merged;
    out.push({ error: { ...c.error, instancePath: at }, ...(merged ? { merged } : {}) });
  }
  return out;
}

function schemaVersionFor(openapi: string): OasSchemaVersion | undefined {
  if (/^3\.0\.\d+/.test(openapi)) return "3.0";
  if (/^3\.[12]\.\d+/.test(openapi)) return "3.1";
  return undefined;
}

const roots = new Map<OasSchemaVersion, Record<string, unknown>>();
function rootSchema(version: OasSchemaVersion): Record<string, unknown> {
  let root = roots.get(version);
  if (!root) {
    root = readOasSchema(version);
    roots.set(version, root);
  }
  return root;
}
