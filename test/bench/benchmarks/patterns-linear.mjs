/**
 * The runtime's linear-time pattern engine (`LinearPattern`, used for patterns with nested
 * quantifiers) vs V8's backtracking RegExp and re2js (RE2's JavaScript port, the engine ajv
 * suggests against ReDoS), in-process, on patterns with nested quantifiers from public API
 * descriptions (APIs.guru) and ordinary values for them, matching and not, ×2,000. On a hostile
 * value V8 would not finish at all (test/validators/patterns-backtracking.test.ts), so these are the
 * inputs where it is at its best.
 */
import { LinearPattern } from "@contract/runtime/validation";
import { RE2JS } from "re2js";

const ROUNDS = 2_000;

/** [pattern, values]: AWS ARNs (Smithy models), BeezUP's picture URL, a slug, a dotted version. */
const CASES = [
  [
    String.raw`arn:[\w+=/,.@-]+:[\w+=/,.@-]+:[\w+=/,.@-]*:[0-9]*:[\w+=,.@-]+(/[\w+=,.@-]+)*`,
    ["arn:aws:iam::123456789012:role/service-role/my-role", "arn:aws:s3:::bucket", "not an arn"],
  ],
  [
    String.raw`^(https?:\/\/)?([\da-z\.-]+)\.([a-z\.]{2,6})([\/\w \.-]*)*\/?$`,
    ["https://www.example.com/users/pictures/me.png", "example.org", "ftp://example.com/a%20b"],
  ],
  [String.raw`^([a-z0-9]+-)*[a-z0-9]+$`, ["my-service-name-42", "a", "Bad_Name"]],
  [String.raw`^([0-2])\.([0-9]|([0-3][0-9]))((\.([0-9]+)){0,126})$`, ["1.3.6.1.4.1", "2.25.1", "3.1"]],
];

function checkAll(matchers, expected) {
  let matched = 0;
  for (let round = 0; round < ROUNDS; round++)
    for (let index = 0; index < CASES.length; index++) {
      const test = matchers[index];
      for (const value of CASES[index][1]) if (test(value)) matched++;
    }
  if (matched !== expected) throw new Error(`${matched} matches instead of ${expected}`);
}

export default {
  name: "patterns-linear",
  title: "pattern checks with nested quantifiers: V8 RegExp vs LinearPattern vs re2js",
  runs: 7,
  setup() {
    const native = CASES.map(([source]) => {
      const regExp = new RegExp(source, "u");
      return (value) => regExp.test(value);
    });
    const linear = CASES.map(([source]) => {
      const pattern = new LinearPattern(source, "u");
      return (value) => pattern.test(value);
    });
    const re2 = CASES.map(([source]) => {
      const pattern = RE2JS.compile(source);
      return (value) => pattern.matcher(value).find();
    });
    let perRound = 0;
    CASES.forEach(([, values], index) => {
      for (const value of values) {
        const verdict = native[index](value);
        if (linear[index](value) !== verdict || re2[index](value) !== verdict)
          throw new Error(`engines disagree on ${JSON.stringify(value)}`);
        if (verdict) perRound++;
      }
    });
    return { native, linear, re2, expected: perRound * ROUNDS };
  },
  cases: [
    { name: "V8 RegExp (backtracking)", baseline: true, run: (s) => checkAll(s.native, s.expected) },
    { name: "@contract/runtime LinearPattern", run: (s) => checkAll(s.linear, s.expected) },
    { name: "re2js", run: (s) => checkAll(s.re2, s.expected) },
  ],
};
