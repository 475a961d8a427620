/** Which OpenAPI version the entry declares, and whether this loader can read it. */
import { ContractError, type SourceLocation } from "../diagnostics.js";

export type VersionLine = "3.0" | "3.1" | "3.2";

export function readVersion(
  value: unknown,
  file: string,
  locate: (pointer: string) => SourceLocation | undefined,
): { version: string; line: VersionLine } {
  const fail = (code: string, message: string, pointer = ""): never => {
    throw new ContractError(message, [
      { severity: "error", code, message, pointer, location: locate(pointer) },
    ]);
  };
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return fail(
      "not-an-openapi-document",
      `${file} does not hold an OpenAPI document (expected an object at the top)`,
    );
  }
  const doc = value as Record<string, unknown>;
  if (doc.swagger !== undefined) {
    return fail(
      "unsupported-version",
      `${file}: Swagger ${String(doc.swagger)} is not supported; convert it to OpenAPI 3.x first (e.g. with swagger2openapi)`,
      "/swagger",
    );
  }
  const version = doc.openapi;
  if (version === undefined) {
    return fail("missing-openapi-version", `${file} has no "openapi" field: not an OpenAPI 3.x document`);
  }
  const match = typeof version === "string" ? /^3\.([012])(\.\d+)?(-[\w.]+)?$/.exec(version) : null;
  if (!match) {
    return fail(
      "unsupported-version",
      `${file}: OpenAPI version ${JSON.stringify(version)} is not supported (expected 3.0.x, 3.1.x or 3.2.x)`,
      "/openapi",
    );
  }
  return { version: version as string, line: `3.${match[1]}` as VersionLine };
}
