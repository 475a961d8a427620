/**
 * Patterns a backtracking engine needs exponential time for (nested quantifiers, as in BeezUP's
 * `profilePictureUrl`): a value that almost matches would stall the process that checks it. The
 * generated validators and the document's own checker (mock, verify) match such patterns with the
 * runtime's linear-time engine, which must answer as V8's RegExp does on every input.
 *
 * The checks that would hang without it run on a worker thread, which is terminated when it has
 * not answered after 30 s: the patterns below take hours on V8 for these inputs (the time
 * doubles with each character), and microseconds in linear time.
 */
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { renderValidators } from "@contract/codegen";
import { buildIR, createRandom, loadSpecFromString } from "@contract/core";
import {
  backtrackingDegree,
  LengthGuardedPattern,
  LinearPattern,
  mayBacktrack,
  patternRegExp,
} from "@contract/runtime/validation";
import { describe, expect, it } from "vitest";
import { writeOut } from "./helpers.js";

// BeezUP's profile picture URL (APIs.guru), and two classic shapes of the same trouble.
const PROFILE_URL = String.raw`^(https?:\/\/)?([\da-z\.-]+)\.([a-z\.]{2,6})([\/\w \.-]*)*\/?$`;
const WORDS = String.raw`^(\w+\s?)*$`;
const PLUS_PLUS = String.raw`^(a+)+$`;
// Quadratic: tried from every position, each try takes the rest of the run of spaces.
const TRAILING_SPACE = String.raw`\s+$`;

const HOSTILE = {
  url: `http://www.example.com/${"segment".repeat(8)}%28`,
  words: `${"word ".repeat(12)}!`,
  plus: `${"a".repeat(48)}!`,
  // V8: about 2 s at 50,000 characters, and four times that for each doubling.
  spaces: `${" ".repeat(400_000)}x`,
};

const spec = `openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Url: {type: string, pattern: ${JSON.stringify(PROFILE_URL)}}
    Words: {type: string, pattern: ${JSON.stringify(WORDS)}}
    Trimmed: {type: string, not: {pattern: ${JSON.stringify(TRAILING_SPACE)}}}
    Labels:
      type: object
      patternProperties:
        ${JSON.stringify(PLUS_PLUS)}: {type: integer}
`;

/** Runs `source` (an ES module whose default export is async and returns JSON) on a worker thread. */
async function answerWithin<T>(name: string, source: string, milliseconds = 30_000): Promise<T> {
  const dir = writeOut(`patterns-backtracking/${name}`, { "task.mjs": source });
  const worker = new Worker(
    `import(${JSON.stringify(`file://${join(dir, "task.mjs")}`)}).then(async (m) => require("node:worker_threads").parentPort.postMessage(await m.default()))`,
    // Without the inherited `@contract/source` condition: Node itself cannot load TypeScript, so
    // the thread imports the built packages.
    { eval: true, execArgv: [] },
  );
  try {
    return await new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer within ${milliseconds} ms`)), milliseconds);
      worker.once("message", (value: T) => {
        clearTimeout(timer);
        resolve(value);
      });
      worker.once("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  } finally {
    await worker.terminate();
  }
}

describe("patterns that backtrack exponentially", () => {
  it("are told apart from ordinary patterns", () => {
    for (const source of [PROFILE_URL, WORDS, PLUS_PLUS, "(a|ab)*c", "^(a?b?)*$", "^(\\d+\\.){1,3}$"])
      expect(mayBacktrack(source, true), source).toBe(true);
    for (const source of ["^[a-z]+$", "^\\d{3}-\\d{4}$", "^(\\+|-)?\\d+$", "^[A-Z]{2}(\\d{2})*$", "^(ab)+$"])
      expect(mayBacktrack(source, true), source).toBe(false);
    expect(patternRegExp(PROFILE_URL, "u")).toBeInstanceOf(LinearPattern);
    expect(patternRegExp("^[a-z]+$", "u")).toBeInstanceOf(RegExp);
    // A back-reference is outside the regular part: it keeps V8's engine.
    expect(patternRegExp("^(a+)+\\1$", "u")).toBeInstanceOf(RegExp);
  });

  it("and patterns whose time grows as a power of the length, for long values", () => {
    expect(backtrackingDegree("^[a-z]+$", true)).toBe(1);
    expect(backtrackingDegree("^\\d{3}-\\d{4}$", true)).toBe(0);
    expect(backtrackingDegree(TRAILING_SPACE, true)).toBe(2);
    expect(backtrackingDegree("^[a-z]+\\d*[a-z]+$", true)).toBe(3);
    expect(backtrackingDegree(PLUS_PLUS, true)).toBe(Number.POSITIVE_INFINITY);
    expect(backtrackingDegree("^(a+)\\1$", true)).toBeUndefined();
    const guarded = patternRegExp(TRAILING_SPACE, "u");
    expect(guarded).toBeInstanceOf(LengthGuardedPattern);
    const limit = (guarded as LengthGuardedPattern).nativeUpTo;
    expect(limit).toBe(3162);
    const native = new RegExp(TRAILING_SPACE, "u");
    for (const value of [
      "a ",
      "a",
      " \n",
      `${" ".repeat(limit)}x`,
      `x${" ".repeat(limit + 1)}`,
      `${" ".repeat(limit + 5)}x`,
    ])
      expect(guarded.test(value), JSON.stringify(value.slice(-3))).toBe(native.test(value));
  });

  it("do not stall the generated validators", async () => {
    const loaded = await loadSpecFromString(spec, { path: "/virtual/openapi.yaml" });
    const dir = writeOut("patterns-backtracking/validators", {
      "validators.js": renderValidators(buildIR(loaded.document)).js,
    });
    const verdicts = await answerWithin<boolean[]>(
      "validators-task",
      `export default async () => {
        const { validators } = await import(${JSON.stringify(`file://${join(dir, "validators.js")}`)});
        const url = validators["schema:Url"], words = validators["schema:Words"], labels = validators["schema:Labels"];
        const trimmed = validators["schema:Trimmed"];
        return [
          trimmed(${JSON.stringify(HOSTILE.spaces)}), trimmed("trailing "),
          url(${JSON.stringify(HOSTILE.url)}), url("https://www.example.com/a/b c.png"),
          words(${JSON.stringify(HOSTILE.words)}), words("two words"),
          labels({ ${JSON.stringify(HOSTILE.plus)}: "x" }), labels({ aaaa: "x" }), labels({ aaaa: 1 }),
        ];
      };`,
    );
    expect(verdicts).toEqual([true, false, false, true, false, true, true, false, true]);
  });

  it("do not stall the document's own checker (mock, verify)", async () => {
    const counts = await answerWithin<number[]>(
      "checker-task",
      `import { createSchemaChecker, loadSpecFromString } from "@contract/core";
      export default async () => {
        const loaded = await loadSpecFromString(${JSON.stringify(spec)}, { path: "/virtual/openapi.yaml" });
        const checker = createSchemaChecker(loaded.document);
        const url = checker("/components/schemas/Url"), words = checker("/components/schemas/Words");
        return [
          url(${JSON.stringify(HOSTILE.url)}).length, url("https://www.example.com/a/b c.png").length,
          words(${JSON.stringify(HOSTILE.words)}).length, words("two words").length,
        ];
      };`,
    );
    expect(counts).toEqual([1, 0, 1, 0]);
  });
});

/** Seeded picks below a bound, from core's generator: the same patterns and inputs on every run. */
function random(seed: number): (below: number) => number {
  const generator = createRandom(seed);
  return (below) => generator.int(0, below - 1);
}

const ITEMS = [
  "a",
  "b",
  "c",
  "-",
  ".",
  "\\d",
  "\\w",
  "\\s",
  "\\W",
  "[a-c]",
  "[^a]",
  "[\\d.-]",
  "\\.",
  "\\u0061",
  "😀",
  "\\p{L}",
];
const QUANTIFIERS = ["", "", "", "*", "+", "?", "{2}", "{1,3}", "{0,}", "*?", "+?"];
const ALPHABET = ["a", "b", "c", "-", ".", "1", " ", "_", "😀", "é", "\n"];

function randomPattern(pick: (below: number) => number, depth = 0): string {
  const parts: string[] = [];
  const length = 1 + pick(4);
  for (let index = 0; index < length; index++) {
    const roll = pick(10);
    let part: string;
    if (roll < 2 && depth < 3) {
      const options = [randomPattern(pick, depth + 1)];
      if (pick(2) === 0) options.push(randomPattern(pick, depth + 1));
      part = `(${pick(2) === 0 ? "?:" : ""}${options.join("|")})`;
    } else if (roll === 2) part = ["^", "$", "\\b", "\\B"][pick(4)] as string;
    else part = ITEMS[pick(ITEMS.length)] as string;
    if (!part.startsWith("^") && !part.startsWith("$") && !part.startsWith("\\b") && !part.startsWith("\\B"))
      part += QUANTIFIERS[pick(QUANTIFIERS.length)];
    parts.push(part);
  }
  return parts.join(pick(6) === 0 ? "|" : "");
}

describe("the linear-time engine", () => {
  it("answers as V8's RegExp does, with and without the u flag (seeded differential)", () => {
    const pick = random(20261207);
    let compared = 0;
    for (let round = 0; round < 600; round++) {
      const source = randomPattern(pick);
      for (const flags of ["u", ""]) {
        let native: RegExp;
        try {
          native = new RegExp(source, flags);
        } catch {
          continue; // e.g. `\p{L}` or a quantified `?` is a syntax error in one of the modes
        }
        const linear = new LinearPattern(source, flags);
        for (let sample = 0; sample < 40; sample++) {
          let input = "";
          // Short inputs where V8 itself may take exponential time.
          for (let length = pick(mayBacktrack(source, flags === "u") ? 6 : 9); length > 0; length--)
            input += ALPHABET[pick(ALPHABET.length)];
          expect(linear.test(input), `/${source}/${flags} on ${JSON.stringify(input)}`).toBe(
            native.test(input),
          );
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(30_000);
  });

  it("answers the same once a pattern has more DFA states than it keeps (the NFA takes over)", () => {
    // The 13th character from the end must be an `a`: 2^13 sets of states for a DFA.
    const source = "(a|b)*a(a|b){12}$";
    const linear = new LinearPattern(source, "u");
    const native = new RegExp(source, "u");
    const pick = random(13);
    for (let sample = 0; sample < 3000; sample++) {
      let input = "";
      for (let length = 10 + pick(30); length > 0; length--) input += pick(2) === 0 ? "a" : "b";
      expect(linear.test(input), input).toBe(native.test(input));
    }
  });

  it("reads the dialect's corners as V8 does", () => {
    const cases: Array<[string, string, string[]]> = [
      // [source, flags, inputs]
      ["^\\u{1F600}+$", "u", ["😀😀", "😀a", ""]],
      ["^.$", "u", ["😀", "a", "\n"]],
      ["^.$", "", ["😀", "a"]],
      ["^\\uD83D\\uDE00$", "u", ["😀", "\uD83D"]],
      ["^a{,2}$", "", ["a{,2}", "a", "aa"]],
      ["^[\\w-\\.]+$", "", ["a-b.c", "a b"]],
      ["^\\cJ\\x41\\0$", "", ["\nA\0", "\nA"]],
      ["^(?<year>\\d{4})-(?:\\d\\d)$", "u", ["2026-12", "2026-1"]],
      ["\\bcat\\b", "u", ["a cat.", "concat"]],
      ["^(|a)+$", "u", ["", "aaa", "b"]],
      ["[]", "u", ["", "a"]],
      ["^[^]$", "u", ["\n", "ab"]],
    ];
    for (const [source, flags, inputs] of cases) {
      const linear = new LinearPattern(source, flags);
      const native = new RegExp(source, flags);
      for (const input of inputs)
        expect(linear.test(input), `/${source}/${flags} on ${JSON.stringify(input)}`).toBe(
          native.test(input),
        );
    }
  });
});
