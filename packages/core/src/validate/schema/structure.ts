/**
 * Structural validation: the document against the official OpenAPI JSON Schema of its version.
 *
 * 3.0 documents are checked against the 3.0 schema in the form the author wrote them (the loader's
 * pre-upgrade `sourceDocument` when it offers one): errors then speak of what is in the file, and the
 * 3.0 schema also checks Schema Objects, which the 3.1 schema leaves to the JSON Schema dialect.
 */
import type { LoadedSpec } from "../../load/index.js";
import type { OpenApiDocument } from "../../openapi.js";
import { collapseAjvErrors } from "./collapse-errors.js";
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

/** The pre-upgrade document, if the loader exposes it. */
type WithSource = LoadedSpec & { sourceDocument?: OpenApiDocument };

export function checkStructure(loaded: LoadedSpec): StructureResult {
  const document = (loaded as WithSource).sourceDocument ?? loaded.document;
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
  const errors = oasSchemaValidator(version).validate(subject);
  if (errors.length === 0) return { version, findings: [] };
  const collapsed = collapseAjvErrors(errors, rootSchema(version));
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
