/**
 * Name matching between path parameters and payload fields. A path parameter usually names a
 * resource and, optionally, which of its fields it holds: `issue_number` is the `number` of an
 * `issue`, `orderId` the `id` of an `order`, `repo` some field of a `repository`. These rules are
 * generic (no spec's vocabulary), so each match can be explained in one sentence.
 */

/** Field names a parameter's suffix can point at (`order_id` → `id`). */
const FIELD_SUFFIXES = ["id", "number", "num", "name", "slug", "key", "login", "uuid", "code"];

export interface ParameterName {
  /** The resource the parameter names, normalized (`issue` for `issue_number`); "" for `id`. */
  noun: string;
  /** The field the suffix names (`number` for `issue_number`), when there is a suffix. */
  field?: string;
}

export function splitParameterName(name: string): ParameterName {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
  const last = words[words.length - 1];
  if (last !== undefined && FIELD_SUFFIXES.includes(last)) {
    return { noun: normalizeNoun(words.slice(0, -1).join("")), field: last };
  }
  return { noun: normalizeNoun(words.join("")) };
}

/** Lower-case letters and digits only, a plural `s`/`ies` dropped. */
export function normalizeNoun(word: string): string {
  const plain = word.toLowerCase().replace(/[^a-z0-9]/g, "");
  if (plain.length > 4 && plain.endsWith("ies")) return `${plain.slice(0, -3)}y`;
  if (plain.length > 3 && plain.endsWith("s") && !plain.endsWith("ss")) return plain.slice(0, -1);
  return plain;
}

/**
 * Whether two nouns name the same thing: equal, or one abbreviates the other as a prefix of three
 * or four letters (`repo` / `repository`, `org` / `organization`, `pull` / `pullrequest`; longer
 * prefixes are words of their own: `enterprise` is not an `enterprise-team`).
 */
export function nounsMatch(a: string, b: string): boolean {
  if (a.length === 0 || b.length === 0) return false;
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 3 && short.length <= 4 && long.startsWith(short);
}

/** Nouns a property name gives its object: the whole name and its last word (`workflow_run` → `run`). */
export function keyNouns(key: string): string[] {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0);
  return [...new Set([normalizeNoun(key), normalizeNoun(words[words.length - 1] ?? "")])].filter(
    (n) => n.length > 0,
  );
}

/** Field names that identify a resource, most telling first, for a parameter of the given type. */
export function identifierFields(parameterTypes: ReadonlySet<string>): string[] {
  const numeric = parameterTypes.has("integer") || parameterTypes.has("number");
  const text = parameterTypes.size === 0 || parameterTypes.has("string");
  const out: string[] = [];
  if (numeric) out.push("id", "number");
  if (text) out.push("id", "name", "login", "slug", "key", "uuid", "number");
  // Which of these fits the parameter's type best is up to the caller (./parameter-mapping.ts).
  return [...new Set(out)];
}

/**
 * Nouns a `$ref` names: its last piece whole and its last word (`order` for
 * `#/components/schemas/Orders`; `fullrepository` and `repository` for `.../full-repository`).
 */
export function refNouns(ref: string | undefined): string[] {
  if (ref === undefined) return [];
  const name = decodeURIComponent(ref.split("/").pop() ?? "");
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0);
  return [...new Set([normalizeNoun(name), normalizeNoun(words[words.length - 1] ?? "")])].filter(
    (n) => n.length > 0,
  );
}
