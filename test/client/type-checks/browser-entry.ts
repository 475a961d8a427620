/**
 * Runs in headless Chromium (bundled by client-browser.test.ts): a scenario through the generated
 * petstore client, reporting plain values back to the test.
 */
import { ApiError, TimeoutError } from "@contract/runtime/client";
import { createClient } from "./client.js";

async function scenario(baseUrl: string): Promise<Record<string, unknown>> {
  const client = createClient({
    baseUrl,
    auth: { bearerAuth: "good-token" },
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
  });
  const out: Record<string, unknown> = {};

  const pets = await client.listPets({
    query: { tags: ["a b"], status: ["sold", "pending"], filter: { species: "cat" } },
  });
  out.listPets = pets.ok
    ? {
        status: pets.status,
        names: pets.data.map((p) => p.name),
        echo: pets.response.headers.get("x-echo-url"),
      }
    : pets.error;

  const created = await client.createPet({
    contentType: "application/x-www-form-urlencoded",
    body: { name: "Kit", species: "cat", tags: ["x", "y"] },
  });
  out.createPet = created.ok ? created.data : created.error;

  const upload = await client.uploadPhoto({
    path: { petId: 3 },
    contentType: "multipart/form-data",
    body: {
      file: new Blob([new Uint8Array(6)], { type: "image/gif" }),
      caption: "browser",
      meta: { width: 7 },
    },
  });
  out.uploadPhoto = upload.ok ? upload.data : upload.error;

  const note = await client.echoNote({ body: "from chromium" });
  out.echoNote = note.data;

  const flaky = await client.getFlaky({ query: { key: "browser" } });
  out.getFlaky = flaky.ok ? flaky.data.attempt : flaky.status;

  const timedOut = await client.slow({ query: { ms: 2000 }, timeoutMs: 50 }).catch((e: unknown) => e);
  out.timeout = timedOut instanceof TimeoutError ? timedOut.name : String(timedOut);

  const controller = new AbortController();
  const aborted = client
    .slow({ query: { ms: 2000 }, signal: controller.signal })
    .catch((e: unknown) => (e as Error).name);
  controller.abort();
  out.abort = await aborted;

  const throwing = createClient({ baseUrl, throwOnError: true });
  const error = await throwing.deletePet({ path: { petId: 1 } }).catch((e: unknown) => e);
  out.apiError = error instanceof ApiError ? { status: error.status, body: error.body } : String(error);
  return out;
}

(globalThis as { runScenario?: typeof scenario }).runScenario = scenario;
