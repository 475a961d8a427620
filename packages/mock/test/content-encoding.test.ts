import { describe, expect, it } from "vitest";
import { contentEncodingProblem } from "../src/content-encoding.js";

const form = { lineBreaks: false };
const mime = { lineBreaks: true };

describe("contentEncodingProblem", () => {
  // given: text, encoding, context; want: valid or not
  const cases: [string, string, { lineBreaks: boolean }, boolean][] = [
    ["aGVsbG8=", "base64", form, true],
    ["aGVsbG8", "base64", form, true], // unpadded (RFC 4648 §3.2 lets a spec leave padding out)
    ["aGVsbG8==", "base64", form, false], // padding beyond the group
    ["aGVsb", "base64", form, false], // 5 characters: not whole bytes
    ["a b/cw==", "base64", form, false], // a form's "+" read as a space
    ["aG=Vs", "base64", form, false], // padding inside
    ["aGVs\r\nbG8=", "base64", form, false],
    ["aGVs\r\nbG8=", "base64", mime, true], // MIME wraps lines
    ["_-8=", "base64url", form, true],
    ["+/8=", "base64url", form, false],
    ["NBSWY3DP", "base32", form, true],
    ["NBSWY3D1", "base32", form, false],
    ["D1IMOR3F", "base32hex", form, true],
    ["68656c6C6F", "base16", form, true],
    ["686", "base16", form, false],
    ["caf=C3=A9 soft=\r\nbreak", "quoted-printable", form, true],
    ["1=2", "quoted-printable", form, false],
    ["anything at all", "8bit", form, true], // identity: not checked
    ["anything at all", "x-custom", form, true], // unknown: not checked
  ];
  it.each(cases)("%j in %s", (text, encoding, context, valid) => {
    const problem = contentEncodingProblem(text, encoding, context);
    if (valid) expect(problem).toBeUndefined();
    else expect(problem).toEqual(expect.any(String));
  });

  it("says why, and points out the form's plus sign", () => {
    expect(contentEncodingProblem("a b/cw==", "base64", form)).toBe(
      '" " is not in the base64 alphabet (a + sent unescaped in a form reads as a space)',
    );
    expect(contentEncodingProblem("aGVsb", "base64", form)).toBe(
      "5 characters cannot be a whole number of bytes",
    );
  });
});
