/**
 * The preset names a config may use are listed by codegen (for the config's JSON Schema; codegen
 * does not depend on the runtime) and by the runtime that implements them. They must agree: a name
 * the schema accepts but the runtime lacks fails at run time, one the runtime has but the schema
 * refuses cannot be configured.
 */
import { readFileSync } from "node:fs";
import { PRESET_NAMES, resolveSignatureScheme } from "@contract/runtime/webhooks";
import { describe, expect, it } from "vitest";

const schema: unknown = JSON.parse(
  readFileSync(new URL("../../packages/cli/schema/config.schema.json", import.meta.url), "utf8"),
);

/** Every `enum` in the schema that lists signature preset names. */
function presetEnums(node: unknown, found: string[][] = []): string[][] {
  if (Array.isArray(node)) for (const item of node) presetEnums(item, found);
  else if (node !== null && typeof node === "object") {
    const record = node as Record<string, unknown>;
    const values = record.enum;
    if (Array.isArray(values) && values.includes("standard-webhooks") && values.includes("github"))
      found.push(values.filter((v): v is string => typeof v === "string" && v !== "hmac"));
    for (const value of Object.values(record)) presetEnums(value, found);
  }
  return found;
}

describe("signature preset names", () => {
  const runtimeNames = ["standard-webhooks", "github", "stripe", ...PRESET_NAMES].sort();
  const enums = presetEnums(schema);

  it("the config schema lists them for the receiver and the sender", () => {
    expect(enums.length).toBeGreaterThanOrEqual(2);
  });

  it("every list in the config schema is the runtime's", () => {
    for (const names of enums) expect([...names].sort()).toEqual(runtimeNames);
  });

  it("the runtime builds a scheme for every name", () => {
    // Hex digits, four at a time: a key that is valid hex (Adyen), base64 and text alike. AWS SNS
    // is configured with the topics it accepts, Plaid with API credentials, HTTP Basic with user:password.
    const special: Record<string, string> = {
      "aws-sns": "arn:aws:sns:us-east-1:123456789012:orders",
      plaid: "client-id:secret",
      "basic-auth": "hooks:00112233445566778899aabbccddeeff",
    };
    const secretOf = (name: string) => special[name] ?? "00112233445566778899aabbccddeeff";
    for (const name of runtimeNames)
      expect(resolveSignatureScheme(name as never, secretOf(name)).name).toBe(name);
  });
});
