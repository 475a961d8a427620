/**
 * Brings the bundled document to 3.1 semantics according to the version it declared: 3.0 is
 * upgraded (moved webhooks keep their source positions), 3.2 is read as 3.1, and a 3.1 document
 * has its `nullable` keywords read as in 3.0 (with one warning).
 */
import type { Diagnostic, SourceLocation } from "../diagnostics.js";
import type { OpenApiDocument } from "../openapi.js";
import { joinPointer, parsePointer } from "../pointer.js";
import { withLazyLocation } from "./lazy-location.js";
import { honourNullableIn31 } from "./nullable-31.js";
import { type Origin, traceOrigin } from "./origins.js";
import { locateInSource, type ParsedSource } from "./source.js";
import { upgradeFrom30 } from "./upgrade-30.js";
import type { VersionLine } from "./version.js";

export interface SemanticsInput {
  document: OpenApiDocument;
  line: VersionLine;
  version: string;
  origins: WeakMap<object, Origin>;
  sources: ReadonlyMap<string, ParsedSource>;
  entryFile: string;
  mayShareObjects: boolean;
  locate: (pointer: string) => SourceLocation | undefined;
}

export function toSemantics31(input: SemanticsInput): Diagnostic[] {
  const { document, line, version, locate } = input;
  const located = (d: Omit<Diagnostic, "location">) => withLazyLocation(d, () => locate(d.pointer));
  if (line === "3.0") return upgrade(input, located);
  const diagnostics: Diagnostic[] = [];
  if (line === "3.2") {
    document.openapi = "3.1.0";
    diagnostics.push(
      located({
        severity: "info",
        code: "read-as-3.1",
        message: `OpenAPI ${version} is read as 3.1: features new in 3.2 are not understood`,
        pointer: "/openapi",
      }),
    );
  }
  for (const d of honourNullableIn31(document, input.mayShareObjects)) diagnostics.push(located(d));
  return diagnostics;
}

function upgrade(
  input: SemanticsInput,
  located: (d: Omit<Diagnostic, "location">) => Diagnostic,
): Diagnostic[] {
  const { document, origins, sources, entryFile } = input;
  // Where each `x-webhooks` entry came from, traced before the upgrade moves it.
  const traces = new Map<string, ReturnType<typeof traceOrigin>>();
  const legacy = document["x-webhooks"];
  if (legacy !== null && typeof legacy === "object") {
    for (const name of Object.keys(legacy)) {
      traces.set(name, traceOrigin(document, origins, entryFile, joinPointer("/x-webhooks", name)));
    }
  }
  const result = upgradeFrom30(document, input.version, input.mayShareObjects);
  for (const { name, item } of result.movedWebhooks) {
    const trace = traces.get(name);
    if (trace && item !== null && typeof item === "object" && !origins.has(item)) {
      origins.set(item, { file: trace.file, pointer: joinPointer("", ...trace.segments) });
    }
  }
  return result.diagnostics.map((d) => {
    // Conflicts are reported at the `x-webhooks` entry, which no longer exists in the document.
    const trace = d.pointer.startsWith("/x-webhooks/")
      ? traces.get(parsePointer(d.pointer)[1] ?? "")
      : undefined;
    const source = trace ? sources.get(trace.file) : undefined;
    return source && trace ? withLazyLocation(d, () => locateInSource(source, trace.segments)) : located(d);
  });
}
