import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { otherSecret } from "../src/webhooks/receiver/wrong-secret.js";

describe("otherSecret", () => {
  it("gives a private EC JWK another key pair under the same kid (a token naming it must fail)", () => {
    const jwk = {
      ...generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ format: "jwk" }),
      kid: "bfbd5111-8e33-4643-8ced-b2e642a72f3c",
      alg: "ES256",
    };
    const other = JSON.parse(otherSecret(JSON.stringify(jwk)) ?? "null");
    expect(other).toMatchObject({ kty: "EC", crv: "P-256", kid: jwk.kid, alg: "ES256" });
    expect(other.d).toEqual(expect.any(String));
    expect(other.d).not.toBe(jwk.d);
    expect(other.x).not.toBe(jwk.x);
  });

  it("has none for a public JWK or a JWK it cannot read, keeps hex as hex", () => {
    const { d: _d, ...publicJwk } = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({
      format: "jwk",
    });
    expect(otherSecret(JSON.stringify(publicJwk))).toBeUndefined();
    expect(otherSecret("{not json")).toBeUndefined();
    expect(otherSecret("00112233445566778899aabbccddeeff")).toMatch(/^[0-9a-f]{32}$/);
  });
});
