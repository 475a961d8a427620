/**
 * The runtime's `uri`, `date-time` and `email` checks vs ajv-formats' full-mode ones (the verdicts
 * they must reproduce, see test/validators/formats-differential.test.ts), in-process, on every
 * string of the 329 real GitHub payloads that ajv-formats accepts as that format (what payloads
 * carry), ×50.
 */
import { readFile } from "node:fs/promises";
import { formats } from "@contract/runtime/validation";
import { fullFormats } from "ajv-formats/dist/formats.js";
import { GITHUB_EXAMPLES } from "../lib/paths.mjs";

const ROUNDS = 50;
const NAMES = ["uri", "date-time", "email"];

const referenceCheck = (entry) => {
  const inner = typeof entry === "object" && !(entry instanceof RegExp) ? entry.validate : entry;
  return inner instanceof RegExp ? (value) => inner.test(value) : inner;
};

function collectStrings(value, into) {
  if (typeof value === "string") into.push(value);
  else if (value !== null && typeof value === "object")
    for (const item of Object.values(value)) collectStrings(item, into);
  return into;
}

function checkAll(samples, checks) {
  let valid = 0;
  for (let round = 0; round < ROUNDS; round++)
    for (const name of NAMES) {
      const check = checks[name];
      for (const text of samples[name]) if (check(text)) valid++;
    }
  const expected = ROUNDS * NAMES.reduce((n, name) => n + samples[name].length, 0);
  if (valid !== expected) throw new Error(`${valid} valid instead of ${expected}`);
}

export default {
  name: "formats-github",
  title: "format checks on GitHub payload strings",
  runs: 7,
  async setup() {
    const strings = collectStrings(JSON.parse(await readFile(GITHUB_EXAMPLES, "utf8")), []);
    const reference = Object.fromEntries(NAMES.map((n) => [n, referenceCheck(fullFormats[n])]));
    const ours = Object.fromEntries(NAMES.map((n) => [n, formats[n].validate]));
    const samples = Object.fromEntries(NAMES.map((n) => [n, strings.filter((s) => reference[n](s))]));
    console.error(
      `formats-github: ${NAMES.map((n) => `${samples[n].length} ${n}`).join(", ")} strings, ×${ROUNDS}`,
    );
    return { samples, reference, ours };
  },
  cases: [
    { name: "ajv-formats (full)", baseline: true, run: (s) => checkAll(s.samples, s.reference) },
    { name: "@contract/runtime formats", run: (s) => checkAll(s.samples, s.ours) },
  ],
};
