/**
 * The packages as a user gets them: `pnpm pack` each publishable package, install the tarballs
 * with npm into a new project outside the workspace (no pnpm, no workspace links), run
 * `npx contract gen` on a small spec with paths and webhooks, compile a consumer under strict tsc,
 * then run it: a small real API server answers the generated client, the generated sender delivers
 * a webhook to the generated receiver, both on 127.0.0.1.
 *
 * Needs the built packages (`pnpm run build`) and npm; third-party dependencies come from npm's
 * cache or the registry.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const repo = fileURLToPath(new URL("../../", import.meta.url));
const PACKAGES = ["core", "codegen", "runtime", "verify", "mock", "cli"] as const;

/** npm and pnpm read `npm_config_*` from the environment; the test's own runner sets some. */
const cleanEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm_|pnpm_|PNPM_|NODE_OPTIONS$|VITEST|INIT_CWD$)/i.test(key)) env[key] = value;
  }
  return env;
};

const sh = async (command: string, args: string[], cwd: string) => {
  try {
    return await run(command, args, { cwd, env: cleanEnv(), maxBuffer: 32 * 1024 * 1024 });
  } catch (error) {
    const e = error as Error & { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(" ")} failed in ${cwd}:\n${e.stdout ?? ""}\n${e.stderr ?? ""}`);
  }
};

const SPEC = `openapi: 3.1.0
info: { title: Inventory, version: "1.0.0" }
servers: [{ url: "http://127.0.0.1:1/v1" }]
paths:
  /items/{itemId}:
    get:
      operationId: getItem
      parameters:
        - { name: itemId, in: path, required: true, schema: { type: string } }
      responses:
        "200":
          description: The item
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Item" }
        "404":
          description: No such item
          content:
            application/json:
              schema: { type: object, required: [message], properties: { message: { type: string } } }
webhooks:
  item.created:
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [type, data]
              properties:
                type: { const: item.created }
                data: { $ref: "#/components/schemas/Item" }
      responses:
        "200": { description: Received }
components:
  schemas:
    Item:
      type: object
      required: [id, name, stock]
      properties:
        id: { type: string }
        name: { type: string }
        stock: { type: integer, minimum: 0 }
`;

const CONFIG = {
  contracts: [
    {
      name: "inventory",
      spec: "./openapi.yaml",
      out: "./src/generated",
      generators: {
        types: true,
        client: true,
        validators: true,
        webhooks: { signature: "standard-webhooks", route: { by: "body", field: "type" }, drift: "reject" },
        sender: { signature: "standard-webhooks" },
      },
    },
  ],
};

/** The consumer: a real server, the generated client, receiver and sender; prints one JSON line. */
const MAIN = `import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { toNodeListener } from "@contract/runtime/node";
import { createClient } from "./generated/client.js";
import { createWebhookSender } from "./generated/sender.js";
import { createWebhookReceiver, type WebhookEvent } from "./generated/webhooks.js";

const secret = "whsec_cGFja2VkLWluc3RhbGwtdGVzdC1zZWNyZXQ=";
const listen = async (server: ReturnType<typeof createServer>): Promise<string> => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return \`http://127.0.0.1:\${(server.address() as AddressInfo).port}\`;
};

const api = createServer((req, res) => {
  const id = req.url?.match(/^\\/v1\\/items\\/([^/]+)$/)?.[1];
  res.setHeader("content-type", "application/json");
  if (id === "i-1") res.end(JSON.stringify({ id, name: "lamp", stock: 3 }));
  else if (id === "boom") res.writeHead(500).end(JSON.stringify({ oops: true })); // not in the spec
  else res.writeHead(404).end(JSON.stringify({ message: \`no item \${id}\` }));
});
const apiUrl = await listen(api);

const received: Array<WebhookEvent<"item.created">["payload"]> = [];
const receiver = createWebhookReceiver({
  secret,
  handlers: {
    "item.created": async (event) => {
      received.push(event.payload);
    },
  },
});
const hooks = createServer(toNodeListener(receiver, { path: "/webhooks" }));
const hooksUrl = await listen(hooks);

const client = createClient({ baseUrl: \`\${apiUrl}/v1\` });
const found = await client.getItem({ path: { itemId: "i-1" } });
const missing = await client.getItem({ path: { itemId: "i-9" } });
const name: string | undefined = found.ok ? found.data.name : undefined;
const message: string | undefined = !missing.ok && missing.status === 404 ? missing.error.message : undefined;
// A status the spec does not declare: not ok, and \`data\` is only reachable after the check.
const broken = await client.getItem({ path: { itemId: "boom" } });
const undeclared = broken.ok ? broken.data.name : [broken.status, broken.undeclared === true];

// The receiver runs on 127.0.0.1, a target the sender refuses unless told otherwise.
const sender = createWebhookSender({
  secret,
  resolveEndpoint: () => \`\${hooksUrl}/webhooks\`,
  allowPrivateTargets: true,
});
const delivery = await sender.send("item.created", {
  type: "item.created",
  data: { id: "i-2", name: "desk", stock: 1 },
});

console.log(
  JSON.stringify({
    name,
    missing: [missing.status, message],
    undeclared,
    delivered: [delivery.ok, delivery.status],
    received,
  }),
);
api.close();
hooks.close();
`;

const TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    skipLibCheck: false,
    allowJs: true,
    types: ["node"],
    outDir: "dist",
    rootDir: "src",
  },
  include: ["src"],
};

describe("packed packages installed with npm outside the workspace", () => {
  let root: string;
  let project: string;

  beforeAll(async () => {
    for (const name of PACKAGES) {
      if (!existsSync(join(repo, "packages", name, "dist")))
        throw new Error(`packages/${name} is not built: run \`pnpm run build\` first`);
    }
    root = await mkdtemp(join(tmpdir(), "contract-packed-"));
    const tarballs = join(root, "tarballs");
    project = join(root, "app");
    await mkdir(tarballs);
    await mkdir(join(project, "src"), { recursive: true });
    // Each pack reads only its own package folder and writes its own tarball: no need to queue them.
    await Promise.all(
      PACKAGES.map((name) =>
        sh("pnpm", ["pack", "--pack-destination", tarballs], join(repo, "packages", name)),
      ),
    );
    const files = (await readdir(tarballs)).filter((f) => f.endsWith(".tgz")).map((f) => join(tarballs, f));
    expect(files).toHaveLength(PACKAGES.length);

    await writeFile(
      join(project, "package.json"),
      `${JSON.stringify({ name: "packed-app", private: true, type: "module" }, null, 2)}\n`,
    );
    await writeFile(join(project, "tsconfig.json"), `${JSON.stringify(TSCONFIG, null, 2)}\n`);
    await writeFile(join(project, "openapi.yaml"), SPEC);
    await writeFile(join(project, "contract.config.json"), `${JSON.stringify(CONFIG, null, 2)}\n`);
    await writeFile(join(project, "src", "main.ts"), MAIN);
    await sh(
      "npm",
      [
        "install",
        "--prefer-offline",
        "--no-audit",
        "--no-fund",
        ...files,
        "typescript@5.9.3",
        "@types/node@20",
      ],
      project,
    );
  }, 240_000);

  afterAll(async () => {
    // CONTRACT_KEEP_PACKED=1 keeps the project for a look after a failure.
    if (root && !process.env.CONTRACT_KEEP_PACKED) await rm(root, { recursive: true, force: true });
  });

  it("ships publishable manifests: no workspace ranges, no source-only export conditions", async () => {
    for (const name of PACKAGES) {
      const manifest = JSON.parse(
        await readFile(join(project, "node_modules", "@contract", name, "package.json"), "utf8"),
      );
      const text = JSON.stringify(manifest);
      expect(text).not.toContain("workspace:");
      expect(text).not.toContain("@contract/source");
      expect(manifest.engines).toEqual({ node: ">=20.19" });
      expect(manifest.license).toBe("MIT");
      expect(manifest.repository).toBeTruthy();
      const shipped = await readdir(join(project, "node_modules", "@contract", name));
      expect(shipped).toEqual(expect.arrayContaining(["README.md", "CHANGELOG.md", "LICENSE", "dist"]));
    }
  });

  it("runs without the optional Redis package, and `deliveries` says how to add it", async () => {
    const failed = await run("npx", ["--no-install", "contract", "deliveries", "list"], {
      cwd: project,
      env: cleanEnv(),
    }).then(
      () => undefined,
      (error: Error & { code?: number; stderr?: string }) => error,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toContain("npm install @contract/redis ioredis");
    expect(failed?.stderr).not.toContain("    at ");
  });

  // Three processes (gen, a full tsc without skipLibCheck, the app): slow when another test file
  // shares the cores, hence the same room as the install.
  it("generates with `npx contract gen`, compiles under strict tsc and runs against real servers", async () => {
    const gen = await sh("npx", ["--no-install", "contract", "gen"], project);
    expect(gen.stdout).toContain("inventory");
    await sh("npx", ["--no-install", "tsc", "-p", "tsconfig.json"], project);
    const { stdout } = await sh("node", ["dist/main.js"], project);
    expect(JSON.parse(stdout.trim())).toEqual({
      name: "lamp",
      missing: [404, "no item i-9"],
      undeclared: [500, true],
      delivered: [true, 200],
      received: [{ type: "item.created", data: { id: "i-2", name: "desk", stock: 1 } }],
    });
  }, 240_000);
});
