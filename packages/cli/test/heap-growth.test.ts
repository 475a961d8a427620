/**
 * `contract gen` limits V8's heap growth on the Node versions where that was measured to lower the
 * peak at no CPU cost (src/gen/heap-growth.ts); elsewhere V8's default stays.
 */
import { describe, expect, it } from "vitest";
import { limitsHeapGrowth } from "../src/gen/heap-growth.js";

describe("limitsHeapGrowth", () => {
  it("on Node 24 and later", () => {
    expect(limitsHeapGrowth("24.0.0")).toBe(true);
    expect(limitsHeapGrowth("24.22.3")).toBe(true);
    expect(limitsHeapGrowth("26.1.0")).toBe(true);
  });

  it("not on Node 20 and 22, where the default already peaks lower and the limit costs CPU", () => {
    expect(limitsHeapGrowth("20.19.0")).toBe(false);
    expect(limitsHeapGrowth("22.23.5")).toBe(false);
    expect(limitsHeapGrowth("23.11.0")).toBe(false);
  });
});
