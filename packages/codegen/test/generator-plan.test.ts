import { describe, expect, it } from "vitest";
import { GENERATORS } from "../src/index.js";
import { plannedGenerators } from "../src/pipeline.js";
import { GENERATOR_PLAN, plannedGeneratorNames } from "../src/plan.js";

describe("GENERATOR_PLAN (the registry as planning sees it, without the generators' imports)", () => {
  it("lists the registry's generators in its order, with their defaults", () => {
    expect(GENERATOR_PLAN).toEqual(
      GENERATORS.map(({ name, enabledByDefault }) => ({ name, enabledByDefault })),
    );
  });

  it("plans what the registry plans, for the defaults and a selection with dependencies", () => {
    for (const selection of [undefined, { client: { validators: true } }, { webhooks: true, sender: true }]) {
      expect(plannedGeneratorNames(selection)).toEqual(
        plannedGenerators(selection).map(({ generator, options }) => ({ name: generator.name, options })),
      );
    }
  });
});
