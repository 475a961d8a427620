import { describe, expect, it } from "vitest";
import { fromHex, hexEquals, toHex } from "../src/webhooks/bytes.js";

describe("fromHex", () => {
  it("decodes every byte value, in either case, as Buffer does", () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const lower = toHex(all);
    expect(fromHex(lower)).toEqual(all);
    expect(fromHex(lower.toUpperCase())).toEqual(all);
    expect(Buffer.from(fromHex(lower)!)).toEqual(Buffer.from(lower, "hex"));
  });

  it("decodes from an offset, leaving what comes before it", () => {
    expect(fromHex("sha256=00ff7a", 7)).toEqual(Uint8Array.of(0x00, 0xff, 0x7a));
    expect(fromHex("sha256=", 7)).toEqual(new Uint8Array(0));
  });

  it.each([
    ["an odd number of digits", "abc", 0],
    ["an odd number after the offset", "sha256=abc", 7],
    ["a letter past f", "0g", 0],
    ["a character just past 9", "0:", 0],
    ["a character just before a", "`0", 0],
    ["a character just past F", "G0", 0],
    ["a non-Latin-1 character", "0\u0130", 0],
    ["a Latin-1 character whose low byte is a digit", "0\u00b1", 0],
    ["a space", "0 ", 0],
    ["an offset past the end", "ab", 3],
  ])("refuses %s", (_name, text, start) => {
    expect(fromHex(text, start)).toBeUndefined();
  });
});

describe("hexEquals", () => {
  const mac = Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 5) & 0xff);
  const hex = Buffer.from(mac).toString("hex");

  it("matches the MAC's digits after the prefix, in either case", () => {
    expect(hexEquals(mac, `sha256=${hex}`, 7)).toBe(true);
    expect(hexEquals(mac, `sha256=${hex.toUpperCase()}`, 7)).toBe(true);
    expect(hexEquals(mac, hex, 0)).toBe(true);
  });

  it.each([
    ["one digit changed", `${hex.slice(0, 63)}${hex[63] === "0" ? "1" : "0"}`],
    ["one byte short", hex.slice(2)],
    ["one byte long", `${hex}00`],
    ["an odd number of digits", hex.slice(1)],
    ["a non-hex digit", `${hex.slice(0, 10)}g${hex.slice(11)}`],
    ["a non-hex first digit of a pair", `x${hex.slice(1)}`],
    ["a non-Latin-1 digit", `${hex.slice(0, 62)}\u0660${hex[63]}`],
    ["no digits", ""],
  ])("does not match %s", (_case, digits) => {
    expect(hexEquals(mac, `sha256=${digits}`, 7)).toBe(false);
  });
});
