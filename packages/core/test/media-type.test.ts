import { describe, expect, it } from "vitest";
import { isJsonMediaType, mediaRangeCovers, mediaTypeEssence } from "../src/media-type.js";

describe("media types", () => {
  it("essence drops parameters and case", () => {
    expect(mediaTypeEssence("Application/JSON; charset=utf-8")).toBe("application/json");
    expect(mediaTypeEssence(undefined)).toBe("");
  });
  it.each([
    ["application/json", true],
    ["application/problem+json; charset=utf-8", true],
    ["text/json", true],
    ["application/jsonl", false],
    ["text/plain", false],
  ])("%s is JSON: %s", (mediaType, json) => {
    expect(isJsonMediaType(mediaType)).toBe(json);
  });
  it.each([
    ["*/*", "image/png", true],
    ["*", "image/png", true],
    ["image/*", "image/png; q=1", true],
    ["image/*", "text/plain", false],
    ["application/json", "application/json; charset=utf-8", true],
    ["application/json", "application/problem+json", false],
  ])("%s covers %s: %s", (range, mediaType, covered) => {
    expect(mediaRangeCovers(range, mediaType)).toBe(covered);
  });
});
