/**
 * The generated client in a real browser: bundled with esbuild for the browser platform (which fails on
 * any Node-only import), served with the pet server on 127.0.0.1, driven in headless Chromium.
 */
import { copyFile } from "node:fs/promises";
import * as path from "node:path";
import { build } from "esbuild";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PetServer, startPetServer } from "./fixtures/pet-server.js";
import { generateInto } from "./helpers/generate.js";
import { fixturesDir } from "./helpers/paths.js";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

let server: PetServer;
let browser: Browser;
let bundle = "";

beforeAll(async () => {
  const generated = await generateInto("browser", path.join(fixturesDir, "petstore.yaml"));
  const entry = path.join(generated.dir, "entry.ts");
  await copyFile(path.join(path.dirname(fixturesDir), "type-checks/browser-entry.ts"), entry);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    conditions: ["@contract/source"],
    write: false,
    logLevel: "silent",
  });
  bundle = result.outputFiles[0]?.text ?? "";
  server = await startPetServer((req, res) => {
    if (req.url === "/") {
      res
        .writeHead(200, { "content-type": "text/html" })
        .end('<!doctype html><script type="module" src="/app.js"></script>');
      return true;
    }
    if (req.url === "/app.js") {
      res.writeHead(200, { "content-type": "text/javascript" }).end(bundle);
      return true;
    }
    return false;
  });
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("generated client in headless Chromium", () => {
  it("bundles for the browser without Node built-ins", () => {
    expect(bundle).toContain("runScenario");
    expect(bundle).not.toMatch(/from\s*["']node:/);
  });

  it("runs calls, bodies, retries, timeouts, aborts and errors in the page", async () => {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(`${server.origin}/`);
    await page.waitForFunction(() => "runScenario" in globalThis);
    const result = await page.evaluate(
      (baseUrl) =>
        (globalThis as unknown as { runScenario: (u: string) => Promise<unknown> }).runScenario(baseUrl),
      server.baseUrl,
    );
    expect(pageErrors).toEqual([]);
    expect(result).toEqual({
      listPets: {
        status: 200,
        names: ["Rex", "Tom"],
        echo: "/v1/pets?tags=a%20b&status=sold|pending&filter[species]=cat",
      },
      createPet: { id: 7, name: "Kit", species: "cat", tags: ["x", "y"] },
      uploadPhoto: {
        bytes: 6,
        caption: "browser",
        mediaType: "image/gif",
        meta: { width: 7 },
        metaType: "application/json",
      },
      echoNote: "FROM CHROMIUM",
      getFlaky: 3,
      timeout: "TimeoutError",
      abort: "AbortError",
      apiError: { status: 401, body: { code: 401, message: "needs pets:write" } },
    });
    const fromBrowser = server.received.find((r) => r.url.startsWith("/v1/pets?"));
    expect(fromBrowser?.headers["user-agent"]).toMatch(/HeadlessChrome|Chrome/);
    await page.close();
  });
});
