/**
 * Fills each required path parameter of a GET operation from the payload of a webhook.
 *
 * The last path parameter identifies the resource the operation returns, so it must be a field of
 * the payload object that matched the response schema: the field named like the parameter
 * (`order_id`), the field its suffix names (`issue_number` → `number`), or, when the parameter names
 * this object (by its property name, the path segment before the parameter or its schema's name),
 * the first identifier field of a compatible type (`id`, `number` for numbers; `id`, `name`,
 * `login`, `slug`... for strings). The other parameters name a parent resource (`owner`, `repo`):
 * they are read from the payload object whose property name matches (`repository` for `repo`),
 * the one nearest the matched object first. A parameter nothing fills means no suggestion.
 */
import type { IRParameter } from "../ir.js";
import type { OpenApiDocument } from "../openapi.js";
import {
  identifierFields,
  keyNouns,
  normalizeNoun,
  nounsMatch,
  refNouns,
  splitParameterName,
} from "./names.js";
import type { PayloadObject } from "./payload-walk.js";
import { admitsNull, scalarTypes } from "./schema-view.js";

export interface ParameterSource {
  name: string;
  /** Property names from the payload root to the value. */
  path: string[];
  /** Why this field, in words. */
  reason: string;
  /** 0..1: 1 for the parameter's own name, less for weaker evidence. */
  score: number;
}

interface Context {
  document: OpenApiDocument;
  operationPath: string;
  matched: PayloadObject;
  matchedRef?: string;
  objects: readonly PayloadObject[];
}

export function mapParameters(
  parameters: readonly IRParameter[],
  context: Context,
): ParameterSource[] | undefined {
  const last = parameters[parameters.length - 1];
  // The operation must address its resource by that parameter (`/issues/{issue_number}`): under
  // `/orgs/{org}/installation` the response is not the thing `org` names.
  if (last === undefined || !context.operationPath.endsWith(`{${last.name}}`)) return undefined;
  const first = fromMatched(last, context);
  if (!first) return undefined;
  // Right to left: a qualifier (`owner` in `/{owner}/{repo}`) is looked for first inside or near
  // the object chosen for the parameter after it (the repository's own `owner`).
  const out: ParameterSource[] = [first];
  for (let i = parameters.length - 2; i >= 0; i--) {
    const parameter = parameters[i];
    const next = out[0];
    if (parameter === undefined || next === undefined) return undefined;
    const source = fromParent(parameter, context, next.path.slice(0, -1));
    if (!source) return undefined;
    out.unshift(source);
  }
  return out;
}

function fromMatched(parameter: IRParameter, context: Context): ParameterSource | undefined {
  const { matched } = context;
  const key = matched.path[matched.path.length - 1];
  const names = [...(key !== undefined ? keyNouns(key) : []), ...refNouns(matched.ref ?? context.matchedRef)];
  // A bare `{id}` names whatever the path segment before it names (`/orders/{id}`).
  const segment = segmentBefore(context.operationPath, parameter.name);
  return pickField(parameter, matched, context.document, (noun) =>
    noun === "" ? names.some((n) => nounsMatch(n, segment)) : names.some((n) => nounsMatch(n, noun)),
  );
}

function fromParent(
  parameter: IRParameter,
  context: Context,
  anchor: readonly string[],
): ParameterSource | undefined {
  const { noun } = splitParameterName(parameter.name);
  if (noun === "") return undefined;
  const matchedAt = context.matched.path.join("/");
  // How well an object's property name names the parameter: 2 for the whole name (`repository`
  // for `repo`), 1 for its last word only (`head_repository`), 0 not at all.
  const naming = (o: PayloadObject) => {
    const key = o.path[o.path.length - 1];
    if (key === undefined) return 0;
    const [whole, ...rest] = keyNouns(key);
    if (whole !== undefined && nounsMatch(whole, noun)) return 2;
    return rest.some((n) => nounsMatch(n, noun)) ? 1 : 0;
  };
  const candidates = context.objects
    // A qualifier names another resource than the one the operation returns.
    .filter((o) => naming(o) > 0 && o.path.join("/") !== matchedAt)
    .sort(
      (a, b) =>
        nearness(b.path, anchor) - nearness(a.path, anchor) ||
        nearness(b.path, context.matched.path) - nearness(a.path, context.matched.path) ||
        naming(b) - naming(a) ||
        a.path.length - b.path.length ||
        // Last, by path: the choice does not depend on the order properties are written in.
        a.path.join("/").localeCompare(b.path.join("/")),
    );
  const tried = new Set<string>();
  for (const object of candidates) {
    const key = object.path.join("/");
    if (tried.has(key)) continue;
    tried.add(key);
    const source = pickField(parameter, object, context.document, () => true);
    if (source)
      return { ...source, reason: `${source.reason}; \`${object.path.join(".")}\` named like the parameter` };
  }
  return undefined;
}

/** The field of `object` that fills `parameter`, or undefined. */
function pickField(
  parameter: IRParameter,
  object: PayloadObject,
  document: OpenApiDocument,
  namesObject: (noun: string) => boolean,
): ParameterSource | undefined {
  const wanted = scalarTypes(document, parameter.schema);
  const { noun, field } = splitParameterName(parameter.name);
  const fits = (name: string) => {
    const schema = object.properties.get(name);
    if (schema === undefined) return undefined;
    return typeFit(wanted, scalarTypes(document, schema));
  };
  const at = (name: string, reason: string, score: number): ParameterSource | undefined => {
    const fit = fits(name);
    return fit === undefined
      ? undefined
      : { name: parameter.name, path: [...object.path, name], reason, score: score * fit };
  };
  const exact = at(parameter.name, "field named like the parameter", 1);
  if (exact) return exact;
  if (!namesObject(noun)) return undefined;
  if (field !== undefined) return at(field, `the parameter's suffix names field \`${field}\``, 0.9);
  // An identifier of the parameter's own type before one that only serializes to it (a string
  // `{owner}` takes `login` rather than the integer `id`).
  const sources = identifierFields(wanted)
    .map((name) => at(name, `identifier field \`${name}\` of the object the parameter names`, 0.7))
    .filter((s): s is ParameterSource => s !== undefined);
  // An identifier is always there: a required, non-nullable field (`login`) before an optional or
  // nullable one (a display `name`).
  const certain = (s: ParameterSource) => isCertain(object, s.path[s.path.length - 1] ?? "", document);
  return (
    sources.find((s) => s.score === 0.7 && certain(s)) ??
    sources.find((s) => s.score === 0.7) ??
    sources.find(certain) ??
    sources[0]
  );
}

function isCertain(object: PayloadObject, field: string, document: OpenApiDocument): boolean {
  const required = Array.isArray(object.schema.required) && object.schema.required.includes(field);
  return required && !admitsNull(document, object.properties.get(field));
}

/** 1 when the field's type is the parameter's, 0.8 when it only serializes to it, undefined otherwise. */
function typeFit(wanted: ReadonlySet<string>, found: ReadonlySet<string>): number | undefined {
  if (found.size === 0 || [...found].some((t) => t === "object" || t === "array")) return undefined;
  if (wanted.size === 0) return 1;
  if ([...found].every((t) => wanted.has(t))) return 1;
  if (wanted.has("number") && [...found].every((t) => t === "integer")) return 1;
  // A string parameter takes the text of a number (`/orders/{id}` with an integer `id` field).
  if (wanted.has("string") && [...found].every((t) => t === "integer")) return 0.8;
  return undefined;
}

/** The static path segment before `{name}`, singular and normalized (`issue` in `/issues/{n}`). */
function segmentBefore(path: string, name: string): string {
  const segments = path.split("/");
  const i = segments.indexOf(`{${name}}`);
  const before = i > 0 ? segments[i - 1] : undefined;
  return before === undefined || before.includes("{") ? "" : normalizeNoun(before);
}

/** Length of the common prefix of two paths: how close an object is to the matched one. */
function nearness(a: readonly string[], b: readonly string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}
