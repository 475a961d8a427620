/**
 * The mock's webhook emitter checks the payload it actually sends, after its JSON round trip: an
 * example holding a value JSON cannot carry (NaN from YAML's `.nan`, a Date, `undefined` in a list,
 * a bigint) is reported instead of being sent changed, and so is a payload that breaks its schema.
 * Real HTTP on 127.0.0.1: the mock's control endpoint and a receiver that records what reaches it.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { buildIR, loadSpec } from "@contract/core";
import { createMock, type RunningMock, serveMock } from "@contract/mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const SPEC = fileURLToPath(new URL("./fixtures/webhook-json.yaml", import.meta.url));
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/** Bodies that reached the receiver, in order. */
const delivered: string[] = [];
let receiver: Server;
let receiverUrl: string;
let fromYaml: RunningMock;
let fromObjects: RunningMock;

/** A document built in code (library use), with values only JavaScript can hold. */
function documentWithJsValues(): unknown {
  const example = (value: unknown) => ({ value });
  return {
    openapi: "3.1.0",
    info: { title: "In code", version: "1.0.0" },
    paths: {},
    webhooks: {
      "job.done": {
        post: {
          operationId: "jobDone",
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: { type: "object", required: ["job"], properties: { job: { type: "string" } } },
                examples: {
                  withDate: example({ job: "j1", at: new Date("2024-05-01T10:00:00Z") }),
                  withUndefinedItem: example({ job: "j1", steps: ["fetch", undefined, "store"] }),
                  withUndefined: example({ job: "j1", note: undefined }),
                  withBigint: example({ job: "j1", bytes: 10n }),
                  plain: example({ job: "j1", steps: ["fetch", "store"], at: "2024-05-01T10:00:00Z" }),
                },
              },
            },
          },
          responses: { "204": { description: "Received." } },
        },
      },
    },
  };
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      delivered.push(Buffer.concat(chunks).toString("utf8"));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  fromYaml = await serveMock(createMock(buildIR((await loadSpec(SPEC)).document), { secret: SECRET }));
  fromObjects = await serveMock(createMock(buildIR(documentWithJsValues() as never), { secret: SECRET }));
});

afterAll(async () => {
  await fromYaml?.close();
  await fromObjects?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

interface EmitAnswer {
  status: number;
  detail?: string;
}

/** Asks the mock to emit; the answer comes once the delivery, if any, is over. */
async function emit(mock: RunningMock, webhook: string, body: Record<string, unknown>): Promise<EmitAnswer> {
  const response = await fetch(`${mock.url}/__contract/emit/${webhook}`, {
    method: "POST",
    body: JSON.stringify({ to: receiverUrl, ...body }),
  });
  return { ...((await response.json()) as { detail?: string }), status: response.status };
}

describe("the emitter sends only what survives JSON and passes the schema", () => {
  it("reports an example holding NaN (YAML .nan) instead of sending it as null", async () => {
    const before = delivered.length;
    const answer = await emit(fromYaml, "reading.taken", {});
    expect(answer.status).toBe(400);
    expect(answer.detail).toBe(
      'the example "notANumber" at #/webhooks/reading.taken/post/requestBody/content/application~1json/examples/notANumber/value changes when sent as JSON: /celsius: NaN is sent as null',
    );
    expect(delivered.length).toBe(before);
  });

  it("reports a named example that breaks the schema instead of sending it", async () => {
    const before = delivered.length;
    const answer = await emit(fromYaml, "reading.taken", { example: "noReading" });
    expect(answer.status).toBe(400);
    expect(answer.detail).toContain(
      "does not pass the webhook's schema: / must have required property 'celsius'",
    );
    expect(delivered.length).toBe(before);
  });

  it("sends a payload that survives, as it is", async () => {
    const before = delivered.length;
    expect((await emit(fromYaml, "reading.taken", { example: "fine" })).status).toBe(200);
    expect(delivered.slice(before).map((body) => JSON.parse(body))).toEqual([
      { sensor: "s1", celsius: 21.5 },
    ]);
  });

  it("reports a Date, a hole of undefined, an undefined property and a bigint, each at its pointer", async () => {
    const before = delivered.length;
    const cases = [
      ["withDate", '/at: a Date is sent as "2024-05-01T10:00:00.000Z"'],
      ["withUndefinedItem", "/steps/1: undefined is sent as null"],
      ["withUndefined", "/note: undefined is left out"],
      ["withBigint", "/bytes: the bigint 10n cannot be written as JSON"],
    ] as const;
    for (const [example, loss] of cases) {
      const answer = await emit(fromObjects, "job.done", { example });
      expect(answer.status, example).toBe(400);
      expect(answer.detail, example).toBe(
        `the example "${example}" at #/webhooks/job.done/post/requestBody/content/application~1json/examples/${example}/value changes when sent as JSON: ${loss}`,
      );
    }
    expect(delivered.length).toBe(before);
    expect((await emit(fromObjects, "job.done", { example: "plain" })).status).toBe(200);
    expect(delivered.length).toBe(before + 1);
  });
});
