/**
 * Which diagnostics stop `contract gen`, in one place. `gen` refuses a spec only for findings that
 * make its output wrong or impossible: a schema it cannot translate, a `$ref` it cannot follow, two
 * operations that would generate the same name. Lint-level findings, errors included (two path
 * templates that differ only in parameter names, as in GitHub's own REST description), are printed
 * and generation proceeds; `gen --strict` refuses on every error.
 *
 * `true`: blocks generation. `false`: reported, generation proceeds. A code missing here blocks
 * when it is an error (loader failures such as `parse-error` stop loading before this is asked).
 */
import type { Diagnostic } from "../diagnostics.js";
import { NAME_MAPS } from "./walk.js";

export const GEN_BLOCKING: Readonly<Record<string, boolean>> = {
  // The document's structure and its schemas: generators read them as they are. (Apart from the
  // sections no generator reads: see UNREAD_SECTIONS.)
  "oas-schema": true,
  "schema-object": true,
  "schema-annotation": false,
  // Validators compile such a pattern without the `u` flag, where it means what it says.
  "pattern-non-unicode": false,
  // Validators read it translated (`pattern-dialect`) or do not check it (`pattern-unsupported`).
  "pattern-dialect": false,
  "pattern-unsupported": false,
  // References generators must follow. A refused ref is a warning for `check` (the document may be
  // fine, this run declined to read the target) but the generated code would miss the target.
  "unresolved-ref": true,
  "ref-outside-root": true,
  "remote-ref-refused": true,
  "discriminator-mapping-target": true,
  // Names and parameters the generated code is built from.
  "duplicate-operation-id": true,
  "duplicate-parameter": true,
  "path-param-undeclared": true,
  // A malformed signature extension: the generated receiver and sender would sign another way.
  "webhook-signature-extension": true,
  // Webhook links: the generated `event.links` would call the wrong thing, or nothing typed.
  "link-target-unknown": true,
  "link-parameter-missing": true,
  "link-parameter-unknown": true,
  "link-pointer-unknown": true,
  "link-type-mismatch": true,
  "link-expression-invalid": true,
  // Lint: the generated code is what the spec says, even if the spec should say something else.
  "path-template-ambiguous": false,
  "path-param-unused": false,
  // The key is sent as written, every variable of its query part filled (normalize/query-in-path-key.ts).
  "path-key-query": false,
  "security-scheme-undefined": false,
  "server-variable-default": false,
  "server-variable-undeclared": false,
  "operation-success-response": false,
  "webhook-without-operation": false,
  "request-body-method": false,
  "media-type-invalid": false,
  "discriminator-property-required": false,
  "component-unused": false,
  // The operation gets no pagination rule; `paginate` falls back to Link headers or `next`.
  "pagination-extension": false,
};

/**
 * Top-level parts of a document that no generator reads: the API's metadata (`info`: title,
 * licence, contact, terms of service), its tags and external docs. A document-schema finding
 * there (a `termsOfService` that is not a URI, a contact email without an `@`) cannot make the
 * generated code wrong, so it is lint-level, like a misspelt description.
 */
const UNREAD_SECTIONS = new Set(["info", "tags", "externalDocs"]);

/**
 * Whether the pointer is in a Schema Object's XML Object (`xml`: how the schema maps to XML). No
 * generator reads it (there is no XML serialization), so a finding there is lint-level too, as in
 * openSUSE's Open Build Service description, which puts an `example` in one.
 */
function inXmlObject(pointer: string): boolean {
  const segments = pointer.split("/");
  for (let index = 2; index < segments.length; index++)
    // Right under a map of names (`properties`, `schemas`, `webhooks`...), `xml` is a name.
    if (segments[index] === "xml" && !NAME_MAPS.has(segments[index - 1] as string)) return true;
  return false;
}

const inUnreadSection = (pointer: string) =>
  UNREAD_SECTIONS.has(pointer.split("/")[1] ?? "") || inXmlObject(pointer);

/** Whether `diagnostic` stops `contract gen` (with `strict`, every error does). */
export function blocksGeneration(diagnostic: Diagnostic, options: { strict?: boolean } = {}): boolean {
  const listed = Object.hasOwn(GEN_BLOCKING, diagnostic.code) ? GEN_BLOCKING[diagnostic.code] : undefined;
  const lint = listed === false || (diagnostic.code === "oas-schema" && inUnreadSection(diagnostic.pointer));
  if (listed === true && !lint) return true;
  if (diagnostic.severity !== "error") return false;
  return options.strict === true || (listed === undefined && !lint);
}
