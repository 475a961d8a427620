/**
 * Config problems as located diagnostics: ajv's errors (instance paths) mapped back to
 * `line:col` of the config file through the YAML document's node ranges (JSON is parsed as YAML,
 * so both formats locate the same way).
 */
import type { Diagnostic } from "@contract/core";
import type { ErrorObject } from "ajv";
import { type Document, isMap } from "yaml";

/** Keywords that only say a value has another shape than one `anyOf` branch wants. */
const SHAPE_KEYWORDS = new Set(["type", "enum", "const"]);

export const configProblem = (
  message: string,
  pointer: string,
  location: Diagnostic["location"],
): Diagnostic => ({
  severity: "error",
  code: "config",
  message,
  pointer,
  ...(location ? { location } : {}),
});

export function nodeOffset(doc: Document, keys: Array<string | number>): number | undefined {
  const node = doc.getIn(keys, true) as { range?: [number, number, number] } | undefined;
  return node?.range?.[0];
}

/** Turns ajv errors into one located diagnostic per problem, in source order. */
export function schemaDiagnostics(
  errors: ErrorObject[],
  doc: Document,
  at: (offset: number) => NonNullable<Diagnostic["location"]>,
): Diagnostic[] {
  // `anyOf` (boolean or options) fails with one error per branch: keep only the deepest errors, and
  // merge the "must be <type>" of each branch at one place into a single message. A branch whose
  // shape matched (an object with a wrong key) speaks for the value: the other branches' "must be
  // boolean" / "must be one of" at the same place are noise. `if` only says its `then` failed, and
  // the `then` branch reports why.
  const shapeOnly = (e: ErrorObject) => SHAPE_KEYWORDS.has(e.keyword);
  const relevant = errors.filter(
    (e) =>
      e.keyword !== "anyOf" &&
      e.keyword !== "if" &&
      !(
        e.schemaPath.includes("/anyOf/") &&
        errors.some(
          (o) =>
            o.instancePath.startsWith(`${e.instancePath}/`) ||
            (shapeOnly(e) &&
              !shapeOnly(o) &&
              o.keyword !== "anyOf" &&
              o.keyword !== "if" &&
              o.instancePath === e.instancePath &&
              o.schemaPath.includes("/anyOf/")),
        )
      ),
  );
  const wrongTypes = new Map<string, { types: string[]; offset: number | undefined }>();
  const out: Diagnostic[] = [];
  for (const e of relevant) {
    const keys = e.instancePath
      .split("/")
      .slice(1)
      .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
      .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    const offset = keys.length === 0 ? 0 : nodeOffset(doc, keys);
    if (e.keyword === "type") {
      const entry = wrongTypes.get(e.instancePath) ?? { types: [], offset };
      entry.types.push(String((e.params as { type: string }).type));
      wrongTypes.set(e.instancePath, entry);
    } else if (e.keyword === "additionalProperties") {
      const extra = String((e.params as { additionalProperty: string }).additionalProperty);
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const what = e.instancePath.endsWith("/generators") ? "generator" : "property";
      const expected = known.length ? `; expected one of: ${known.join(", ")}` : "";
      const pointer = `${e.instancePath}/${extra.replace(/~/g, "~0").replace(/\//g, "~1")}`;
      out.push(
        configProblem(
          `unknown ${what} ${JSON.stringify(extra)}${expected}`,
          pointer,
          at(keyOffset(doc, keys, extra) ?? offset ?? 0),
        ),
      );
    } else if (e.keyword === "required") {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      out.push(
        configProblem(
          `missing required property ${JSON.stringify(missing)}`,
          e.instancePath,
          at(offset ?? 0),
        ),
      );
    } else {
      out.push(configProblem(e.message ?? "is invalid", e.instancePath, at(offset ?? 0)));
    }
  }
  for (const [pointer, { types, offset }] of wrongTypes) {
    out.push(configProblem(`must be ${types.join(" or ")}`, pointer, at(offset ?? 0)));
  }
  return out.sort((a, b) => (a.location?.offset ?? 0) - (b.location?.offset ?? 0));
}

function keyOffset(doc: Document, keys: Array<string | number>, key: string): number | undefined {
  const parent = keys.length === 0 ? doc.contents : doc.getIn(keys, true);
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
  return (pair?.key as { range?: [number, number, number] } | undefined)?.range?.[0];
}
