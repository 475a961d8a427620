import { describe, expect, it } from "vitest";
import { boundaryOf, scanParts } from "../src/multipart-parts.js";

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString("utf8");

describe("boundaryOf", () => {
  it("reads the boundary parameter, quoted or not", () => {
    expect(boundaryOf("multipart/form-data; boundary=abc")).toBe("abc");
    expect(boundaryOf('multipart/form-data; charset=utf-8; boundary="a b:c"')).toBe("a b:c");
    expect(boundaryOf("multipart/form-data")).toBeUndefined();
  });
});

describe("scanParts", () => {
  it("reads each part's headers and raw content, skipping preamble and epilogue", () => {
    const body = [
      "a preamble",
      "--xyz  ", // transport padding after the delimiter
      'Content-Disposition: form-data; name="a"',
      "X-Folded: one",
      "\ttwo",
      "X-Twice: 1",
      "x-twice: 2",
      "",
      "first\r\n--xy not a delimiter",
      "--xyz",
      "", // a part without headers
      "second",
      "--xyz--",
      "an epilogue",
    ].join("\r\n");
    const parts = scanParts(Buffer.from(body), "xyz");
    expect(parts.map((p) => p.headers)).toEqual([
      { "content-disposition": 'form-data; name="a"', "x-folded": "one two", "x-twice": "1, 2" },
      {},
    ]);
    expect(parts.map((p) => text(p.content))).toEqual(["first\r\n--xy not a delimiter", "second"]);
  });

  it("stops at a body that is cut short", () => {
    expect(
      scanParts(Buffer.from('--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\nno end'), "xyz"),
    ).toEqual([]);
  });
});
