/**
 * Differential test of the runtime's format checks against ajv-formats' "full" formats, called
 * directly (no schema compilation in between): the `uri` and `date-time` checks answer common
 * shapes on a fast path before the reference grammar, and must still give ajv-formats' verdict on
 * every string. Inputs: every string of the JSON-Schema-Test-Suite format tests, every string of
 * GitHub's real webhook payloads, hand-written edge cases of the fast paths, and mechanical
 * one-character mutations of all of those (so near misses of the fast shapes are covered).
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { formats } from "@contract/runtime/validation";
import { fixture, GITHUB } from "@contract/test-fixtures";
import { fullFormats } from "ajv-formats/dist/formats.js";
import { describe, expect, it } from "vitest";
import { readJson } from "./helpers.js";

type Check = (value: string) => boolean;

/** ajv-formats' entries are a regex, a function, or `{ validate }` holding one of those. */
function reference(name: string): Check {
  const entry = (fullFormats as Record<string, unknown>)[name];
  const inner =
    typeof entry === "object" && entry !== null && "validate" in entry
      ? (entry as { validate: unknown }).validate
      : entry;
  if (inner instanceof RegExp) return (value) => inner.test(value);
  if (typeof inner === "function") return inner as Check;
  throw new Error(`ajv-formats has no check for ${name}`);
}

function stringsIn(value: unknown, into: Set<string>): Set<string> {
  if (typeof value === "string") into.add(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, into);
  else if (typeof value === "object" && value !== null)
    for (const item of Object.values(value)) stringsIn(item, into);
  return into;
}

const formatDir = fixture("json-schema-test-suite/tests/draft2020-12/optional/format");
const suiteStrings = stringsIn(
  readdirSync(formatDir).map((file) => readJson(join(formatDir, file))),
  new Set(),
);
const payloadStrings = stringsIn(readJson(fixture(GITHUB.examples)), new Set());

/** Near misses and corners of the fast paths' shapes, and of the general grammar behind them. */
const handWritten = [
  "2021-08-19T12:16:32.000-04:00",
  "2021-08-19T12:16:32Z",
  "2021-08-19t12:16:32z",
  "2021-08-19 12:16:32Z",
  "2021-08-19T12:16:32",
  "2021-08-19T12:16:32+0400",
  "2021-08-19T12:16:32+04",
  "2021-08-19T12:16:32.Z",
  "2021-08-19T12:16:32.123456789+23:59",
  "2021-08-19T12:16:32+24:00",
  "2021-08-19T12:16:32+23:60",
  "2021-08-19T24:00:00Z",
  "2021-08-19T23:60:00Z",
  "2021-08-19T23:59:60Z",
  "2021-08-19T23:59:60.5Z",
  "2021-08-19T15:59:60-08:00",
  "2021-08-19T22:59:60+01:00",
  "2021-08-19T12:16:60Z",
  "2021-02-29T00:00:00Z",
  "2020-02-29T00:00:00Z",
  "2000-02-29T00:00:00Z",
  "1900-02-29T00:00:00Z",
  "2021-04-31T00:00:00Z",
  "2021-00-10T00:00:00Z",
  "2021-13-10T00:00:00Z",
  "2021-12-00T00:00:00Z",
  "2021-12-31T00:00:00Z",
  "2021-12-32T00:00:00Z",
  "0000-01-01T00:00:00Z",
  "9999-12-31T23:59:59.999Z",
  "2021-08-19T12:16:32Zt",
  "2021-08-19T12:16:32Z ",
  "2021-08-19TT12:16:32Z",
  "2021-08-19T12:16:32\u00a0Z",
  "2021-08-19\u200aT12:16:32Z",
  "২০২১-08-19T12:16:32Z",
  "2021-08-1９T12:16:32Z",
  "https://api.github.com/repos/octo-org/hello-world/issues{/number}",
  "https://api.github.com/repos/octo-org/hello-world",
  "https://api.github.com:443/repos?per_page=1#top",
  "https://api.github.com:/x",
  "https://user:pass@example.com/",
  "https://[::1]:8080/x",
  "https://[v1.fe]/x",
  "https://192.168.0.1/x",
  "https://example.com/a%20b",
  "https://example.com/a%2",
  "https://example.com/a%zz",
  "https://example.com/a b",
  "https://example.com/a\\b",
  "https://example.com/a|b",
  "https://exämple.com/",
  "https://example.com/?q=a?b/c#f/g?h",
  "https://example.com/#a#b",
  "https://example.com//x",
  "https:///x",
  "https://",
  "https:",
  "HTTPS://EXAMPLE.COM/",
  "1https://example.com/",
  "+https://example.com/",
  "git+ssh://example.com/x.git",
  "urn:isbn:0451450523",
  "mailto:octocat@github.com",
  "//example.com/x",
  "/x/y",
  "x",
  "",
  "octocat@github.com",
  "octo.cat@git-hub.com",
  "octocat@github",
  "octocat@-github.com",
  "octo..cat@github.com",
];

const mutationCharacters = ["", "T", "t", " ", "Z", ":", "/", "%", "@", "[", "#", "?", "-", "0", "9", "é"];

/** Every deletion and replacement of one character by one of `mutationCharacters`. */
function mutations(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i++)
    for (const c of mutationCharacters) out.push(text.slice(0, i) + c + text.slice(i + 1));
  return out;
}

/** A few real strings per shape are enough to mutate: their mutations outnumber them a hundredfold. */
function seeds(check: Check, pool: Iterable<string>, count: number): string[] {
  return [...pool].filter((s) => check(s)).slice(0, count);
}

describe("runtime format checks agree with ajv-formats (full mode)", () => {
  for (const name of ["uri", "date-time", "iso-date-time", "email"]) {
    it(name, () => {
      const check = formats[name];
      if (check === undefined) throw new Error(`the runtime has no ${name} format`);
      // `validate` takes `never` in the table's type (each format its own value type); these are string formats.
      const ours = check.validate as unknown as Check;
      const theirs = reference(name);
      const base = [...suiteStrings, ...payloadStrings, ...handWritten];
      const inputs = new Set(base);
      for (const seed of [...seeds(theirs, payloadStrings, 40), ...handWritten])
        for (const m of mutations(seed)) inputs.add(m);
      const disagreements = [...inputs]
        .filter((s) => ours(s) !== theirs(s))
        .map((s) => ({ input: s, ours: ours(s), ajvFormats: theirs(s) }));
      expect(disagreements).toEqual([]);
      // Both verdicts occur, so agreement is not the trivial one.
      const verdicts = new Set([...inputs].map((s) => ours(s)));
      expect(verdicts).toEqual(new Set([true, false]));
    });
  }
});
