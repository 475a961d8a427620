/**
 * `contract trigger` against generated receivers served on 127.0.0.1: every webhook of the shop
 * example and of the Redocly museum spec, with the spec's example and with a synthesized payload.
 * The receiver is the generated `webhooks.ts` + `validators.js` (drift policy `reject`), so a
 * delivery that reaches the handler is authentic and valid against its schema.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { toNodeListener } from "@contract/runtime/node";
import { fixture } from "@contract/test-fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "./helpers-gen.js";

const repo = fileURLToPath(new URL("../../../", import.meta.url));
const work = fileURLToPath(new URL("../.tmp-trigger/", import.meta.url));
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

const SPECS = {
  shop: join(repo, "examples/shop/openapi.yaml"),
  museum: fixture("redocly-museum/openapi.yaml"),
};
/** The shop's events name themselves in `type` (as its config says); the museum's are told apart by their validators. */
const ROUTES: Partial<Record<keyof typeof SPECS, unknown>> = { shop: { by: "body", field: "type" } };

interface Received {
  webhook: string;
  payload: unknown;
  valid: boolean;
}

interface Target {
  url: string;
  received: Received[];
  webhooks: string[];
  validate: (webhook: string, payload: unknown) => boolean;
}

const servers: Server[] = [];
const targets: Partial<Record<keyof typeof SPECS, Target>> = {};

/** Generates the contract into a folder of its own, imports the generated receiver and serves it. */
async function serveGenerated(name: keyof typeof SPECS): Promise<Target> {
  const out = join(work, name);
  const gen = await run(["gen", SPECS[name], "--out", out], repo);
  expect(gen.code, gen.stderr).toBe(0);
  const webhooksModule = await import(pathToFileURL(join(out, "webhooks.ts")).href);
  const validators = await import(pathToFileURL(join(out, "validators.js")).href);
  const webhooks: string[] = webhooksModule.webhookDefinition.webhooks.map((w: { name: string }) => w.name);
  const received: Received[] = [];
  const handlers = Object.fromEntries(
    webhooks.map((webhook) => [
      webhook,
      (event: { payload: unknown; validation: { valid?: boolean } | string }) => {
        received.push({ webhook, payload: event.payload, valid: true });
      },
    ]),
  );
  const receiver = webhooksModule.createWebhookReceiver({
    secret: SECRET,
    handlers,
    drift: "reject",
    onError: () => {},
    onValidationError: () => {},
    ...(ROUTES[name] ? { route: ROUTES[name] } : {}),
  });
  const server = createServer(toNodeListener(receiver));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
  const validate = (webhook: string, payload: unknown) =>
    validators.validatorFor(`webhook:${webhook}:application/json`)?.(payload) ?? false;
  return { url, received, webhooks, validate };
}

beforeAll(async () => {
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  targets.shop = await serveGenerated("shop");
  targets.museum = await serveGenerated("museum");
}, 120_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  await rm(work, { recursive: true, force: true });
});

const trigger = (args: string[]) => run(["trigger", ...args], repo);

for (const name of Object.keys(SPECS) as Array<keyof typeof SPECS>) {
  describe(`every webhook of ${name}`, () => {
    for (const mode of ["example or synthesized", "synthesized"] as const) {
      it(`is delivered, verified, valid and handled (${mode})`, async () => {
        const target = targets[name] as Target;
        expect(target.webhooks.length).toBeGreaterThan(0);
        for (const webhook of target.webhooks) {
          const before = target.received.length;
          const extra = mode === "synthesized" ? ["--synthesize", "--seed", "11"] : [];
          const result = await trigger([
            webhook,
            "--url",
            target.url,
            "--secret",
            SECRET,
            "--spec",
            SPECS[name],
            ...extra,
          ]);
          expect(result.code, `${webhook}\n${result.stdout}\n${result.stderr}`).toBe(0);
          expect(result.stderr).not.toMatch(/does not match the schema/);
          const got = target.received.slice(before);
          expect(got.map((r) => r.webhook)).toEqual([webhook]);
          expect(target.validate(webhook, got[0]?.payload)).toBe(true);
          expect(result.stdout).toContain(`→ POST ${target.url}`);
          expect(result.stdout).toMatch(/← 200/);
        }
      });
    }
  });
}

describe("contract trigger", () => {
  it("prefers the spec's example and says where the payload came from", async () => {
    const target = targets.shop as Target;
    const result = await trigger([
      "order.paid",
      "--url",
      target.url,
      "--secret",
      SECRET,
      "--spec",
      SPECS.shop,
    ]);
    expect(result.stdout).toContain(`payload: the spec's example "paid"`);
    expect(target.received.at(-1)?.payload).toMatchObject({ id: "evt_2Yb3dNq", type: "order.paid" });
  });

  it("synthesizes the same payload for the same seed", async () => {
    const target = targets.shop as Target;
    const args = [
      "order.shipped",
      "--url",
      target.url,
      "--secret",
      SECRET,
      "--spec",
      SPECS.shop,
      "--seed",
      "5",
    ];
    await trigger(args);
    const first = target.received.at(-1)?.payload;
    await trigger(args);
    expect(target.received.at(-1)?.payload).toEqual(first);
    await trigger([...args.slice(0, -1), "6"]);
    expect(target.received.at(-1)?.payload).not.toEqual(first);
  });

  it("signs with the scheme the receiver expects (--signature stripe)", async () => {
    const out = join(work, "shop");
    const webhooksModule = await import(pathToFileURL(join(out, "webhooks.ts")).href);
    const handled: unknown[] = [];
    const stripeSecret = "whsec_stripe_style_secret";
    const receiver = webhooksModule.createWebhookReceiver({
      secret: stripeSecret,
      signature: "stripe",
      route: ROUTES.shop,
      handlers: { "order.paid": (event: { payload: unknown }) => void handled.push(event.payload) },
      onError: () => {},
    });
    const server = createServer(toNodeListener(receiver));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const base = ["order.paid", "--url", url, "--spec", SPECS.shop, "--signature", "stripe"];
    const ok = await trigger([...base, "--secret", stripeSecret]);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/stripe-signature: t=\d+,v1=[0-9a-f]{64}/);
    expect(handled).toHaveLength(1);
    const wrong = await trigger([...base, "--secret", "whsec_another"]);
    expect(wrong.code).toBe(1);
    expect(handled).toHaveLength(1);
  });

  it("signs with provider presets: Ed25519 (--signature discord, private key) and URL-signing (twilio)", async () => {
    const { generateKeyPairSync } = await import("node:crypto");
    const keys = generateKeyPairSync("ed25519");
    const publicHex = keys.publicKey.export({ format: "der", type: "spki" }).subarray(12).toString("hex");
    const privatePem = keys.privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    const out = join(work, "shop");
    const webhooksModule = await import(pathToFileURL(join(out, "webhooks.ts")).href);
    const cases = [
      {
        signature: "discord",
        receiverSecret: publicHex,
        senderSecret: privatePem,
        header: /x-signature-ed25519: [0-9a-f]{128}/,
      },
      {
        signature: "twilio",
        receiverSecret: "twilio-token",
        senderSecret: "twilio-token",
        header: /x-twilio-signature: \S+/,
      },
      // Options on the command line, as JSON.
      {
        signature: '{"type":"hmac","header":"X-Shop-Signature","prefix":"sha256="}',
        receiverSecret: "hmac-secret",
        senderSecret: "hmac-secret",
        header: /x-shop-signature: sha256=[0-9a-f]{64}/,
      },
      // Signed inside the body.
      {
        signature: "mailgun",
        receiverSecret: "mailgun-key",
        senderSecret: "mailgun-key",
        header: /"token":\s*"[0-9a-f]{50}",\s*"signature":\s*"[0-9a-f]{64}"/,
      },
    ];
    for (const { signature, receiverSecret, senderSecret, header } of cases) {
      const handled: unknown[] = [];
      const receiver = webhooksModule.createWebhookReceiver({
        secret: receiverSecret,
        signature: signature.startsWith("{") ? JSON.parse(signature) : signature,
        route: ROUTES.shop,
        handlers: { "order.paid": (event: { payload: unknown }) => void handled.push(event.payload) },
        onError: () => {},
      });
      const server = createServer(toNodeListener(receiver));
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const ok = await trigger([
        "order.paid",
        "--url",
        url,
        "--spec",
        SPECS.shop,
        "--signature",
        signature,
        "--secret",
        senderSecret,
      ]);
      expect(ok.code, ok.stdout + ok.stderr).toBe(0);
      expect(ok.stdout.toLowerCase(), ok.stdout).toMatch(header);
      expect(ok.stdout + ok.stderr).not.toContain(privatePem.split("\n")[1]!);
      expect(handled, signature).toHaveLength(1);
    }
  });

  it("exits 1 when the receiver rejects the delivery (wrong secret → 401)", async () => {
    const target = targets.shop as Target;
    const before = target.received.length;
    const wrong = "whsec_dGhpcyBpcyBub3QgdGhlIHNlY3JldA==";
    const result = await trigger([
      "order.paid",
      "--url",
      target.url,
      "--secret",
      wrong,
      "--spec",
      SPECS.shop,
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/← 401/);
    expect(result.stderr).toContain("the receiver answered 401");
    expect(target.received.length).toBe(before);
  });

  it("sends a payload file as is, warning when it does not match the schema (and the receiver says 400)", async () => {
    const target = targets.shop as Target;
    const file = join(work, "bad.json");
    await writeFile(
      file,
      JSON.stringify({ type: "order.paid", id: "evt_1", created_at: "2026-01-01T00:00:00Z" }),
    );
    const result = await trigger([
      "order.paid",
      "--url",
      target.url,
      "--secret",
      SECRET,
      "--spec",
      SPECS.shop,
      "--payload",
      file,
    ]);
    expect(result.stdout).toContain(`payload from ${file}`);
    expect(result.stderr).toMatch(
      /warning: the payload does not match the schema: \(root\) must have required property 'data'/,
    );
    expect(result.stdout).toMatch(/← 400/);
    expect(result.code).toBe(1);
  });

  it("--list shows the webhooks", async () => {
    const result = await trigger(["--list", "--spec", SPECS.shop]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /3 webhooks:\n {2}order\.paid \(orderPaid\) {2}POST application\/json {2}\[example\] {2}— An order was paid/,
    );
  });

  it("reads the contract from the config", async () => {
    const result = await trigger([
      "--list",
      "--config",
      "examples/shop/contract.config.json",
      "--contract",
      "consumer",
    ]);
    expect(result.stdout + result.stderr).toContain("order.cancelled");
  });

  it("refuses what it cannot do with exit code 2", async () => {
    const target = targets.shop as Target;
    const { generateKeyPairSync } = await import("node:crypto");
    const publicPem = generateKeyPairSync("ed25519")
      .publicKey.export({ format: "pem", type: "spki" })
      .toString();
    const base = ["--secret", SECRET, "--spec", SPECS.shop];
    const cases: Array<[string[], RegExp]> = [
      [
        ["order.nope", "--url", target.url, ...base],
        /no webhook "order.nope".*known: order.paid, order.cancelled, order.shipped/,
      ],
      [["order.paid", ...base], /missing --url/],
      [["order.paid", "--url", "ftp://x", ...base], /not an http\(s\) URL/],
      [["order.paid", "--url", target.url, "--spec", SPECS.shop], /missing --secret/],
      [
        ["order.paid", "--url", target.url, ...base, "--payload", join(work, "missing.json")],
        /cannot read --payload/,
      ],
      [
        ["order.paid", "--url", target.url, ...base, "--example", "nope"],
        /no example named "nope" \(available: paid\)/,
      ],
      [["order.paid", "--url", target.url, ...base, "--signature", "smoke-signals"], /unknown --signature/],
      [
        ["order.paid", "--url", target.url, ...base, "--signature", "{type: hmac}"],
        /--signature .* is not JSON/,
      ],
      [
        ["order.paid", "--url", target.url, ...base, "--signature", '{"type":"smoke"}'],
        /--signature needs "type"/,
      ],
      // A scheme that cannot sign with what it was given: said before anything is sent.
      [
        ["order.paid", "--url", target.url, ...base, "--signature", "aws-sns"],
        /cannot sign with this scheme and secret: aws-sns: secrets must name the topic ARNs/,
      ],
      [
        [
          "order.paid",
          "--url",
          target.url,
          "--spec",
          SPECS.shop,
          "--signature",
          "discord",
          "--secret",
          publicPem,
        ],
        /cannot sign with this scheme and secret: discord/,
      ],
    ];
    for (const [args, message] of cases) {
      const result = await trigger(args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr).toMatch(message);
    }
  });

  it("exits 2 when nothing listens at the URL", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/`;
    await new Promise((r) => closed.close(r));
    const result = await trigger(["order.paid", "--url", url, "--secret", SECRET, "--spec", SPECS.shop]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no receiver answered .*ECONNREFUSED/);
  });
});

describe("contract trigger, headers and bodies a webhook declares", () => {
  const spec = `openapi: 3.1.0
info: { title: t, version: "1" }
webhooks:
  ping:
    post:
      parameters:
        - { name: X-Event-Kind, in: header, required: true, example: ping, schema: { type: string } }
        - { name: X-Request-Id, in: header, example: 0b989ba4-242f-11e5-81e1-c7b6966d2516, schema: { type: string } }
        - { name: X-Attempt, in: header, schema: { type: integer, minimum: 1, maximum: 1 } }
      responses: { "204": { description: ok } }
`;

  it("sends declared headers (example, fresh UUID, synthesized) and no body when none is declared", async () => {
    const file = join(work, "ping.yaml");
    await writeFile(file, spec);
    const seen: Array<{ headers: Record<string, unknown>; body: string }> = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        seen.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const args = ["ping", "--url", url, "--secret", SECRET, "--spec", file, "-H", "X-Extra: yes"];
    const first = await trigger(args);
    const second = await trigger(args);
    expect(first.code, first.stderr).toBe(0);
    expect(second.code).toBe(0);
    expect(first.stdout).toContain("no payload: the webhook declares no request body");
    expect(seen[0]?.body).toBe("");
    expect(seen[0]?.headers).toMatchObject({ "x-event-kind": "ping", "x-attempt": "1", "x-extra": "yes" });
    expect(seen[0]?.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen[0]?.headers["x-request-id"]).not.toBe("0b989ba4-242f-11e5-81e1-c7b6966d2516");
    expect(seen[0]?.headers["x-request-id"]).not.toBe(seen[1]?.headers["x-request-id"]);
  });
});

/**
 * Writes `spec` to `name` and runs trigger with `args` against a receiver on 127.0.0.1 that answers
 * 204 and keeps each JSON body it was sent.
 */
async function triggerAgainst(name: string, spec: string, args: string[]) {
  const file = join(work, name);
  await writeFile(file, spec);
  const bodies: unknown[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      bodies.push(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      res.writeHead(204).end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const result = await trigger([...args, "--url", url, "--secret", SECRET, "--spec", file]);
  return { result, bodies };
}

describe("contract trigger checks the payload in the request direction", () => {
  // A webhook is a request (provider → consumer): a required readOnly property may be absent, a
  // required writeOnly one may not, as the generated receiver's validators read it.
  const spec = `openapi: 3.1.0
info: { title: t, version: "1" }
webhooks:
  account.created:
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [id, password, name]
              properties:
                id: { type: string, readOnly: true }
                password: { type: string, writeOnly: true }
                name: { type: string }
      responses: { "204": { description: ok } }
`;

  async function triggerWith(payload: unknown) {
    const body = join(work, "directions.json");
    await writeFile(body, JSON.stringify(payload));
    const { result } = await triggerAgainst("directions.yaml", spec, ["account.created", "--payload", body]);
    return result;
  }

  it("a required readOnly property may be absent", async () => {
    const result = await triggerWith({ password: "s3cret", name: "Ada" });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain("does not match the schema");
  });

  it("a required writeOnly property may not", async () => {
    const result = await triggerWith({ id: "acc_1", name: "Ada" });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(
      /warning: the payload does not match the schema: \(root\) must have required property 'password'/,
    );
  });
});

describe("contract trigger checks the payload as it is sent", () => {
  // YAML reads `.nan` and `.inf` as numbers, which pass `type: number` in memory; JSON writes them
  // as null, so the receiver would get a payload its schema refuses.
  const spec = `openapi: 3.1.0
info: { title: t, version: "1" }
webhooks:
  reading.taken:
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [celsius]
              properties:
                celsius: { type: number }
            examples:
              broken: { value: { celsius: .nan } }
              fine: { value: { celsius: 21.5 } }
      responses: { "204": { description: ok } }
`;

  const triggerReading = (extra: string[]) =>
    triggerAgainst("readings.yaml", spec, ["reading.taken", ...extra]);

  it("passes over an example JSON would change and sends the next one", async () => {
    const { result, bodies } = await triggerReading([]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/skipped the spec's example at #.*broken.*\/celsius: NaN is sent as null/);
    expect(bodies).toEqual([{ celsius: 21.5 }]);
  });

  it("warns about a named example JSON changes, and checks what is sent against the schema", async () => {
    const { result, bodies } = await triggerReading(["--example", "broken"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(
      /warning: the payload changes when sent as JSON: \/celsius: NaN is sent as null/,
    );
    expect(result.stderr).toMatch(/warning: the payload does not match the schema: \/celsius must be number/);
    expect(bodies).toEqual([{ celsius: null }]);
  });
});
