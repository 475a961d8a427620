/**
 * `contract mock` over HTTP on 127.0.0.1, on a contract written for it (fixtures/behaviour.yaml):
 * routing and its precedence, 404/405/401/415/406, request validation with pointers into the request
 * and the spec, `Prefer` and `Accept`, determinism of synthesized answers.
 */
import { fileURLToPath } from "node:url";
import { buildIR, createSchemaChecker, loadSpec } from "@contract/core";
import { createMock, PROBLEM_HEADER, type RunningMock, serveMock } from "@contract/mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const SPEC = fileURLToPath(new URL("./fixtures/behaviour.yaml", import.meta.url));
const AUTH = { authorization: "Bearer token" };
const TRACE = { "x-trace": "t-1" };

let running: RunningMock;
let other: RunningMock;
let checkPet: (value: unknown) => unknown[];

beforeAll(async () => {
  const ir = buildIR((await loadSpec(SPEC)).document);
  running = await serveMock(createMock(ir, { seed: 1 }));
  other = await serveMock(createMock(ir, { seed: 2 }));
  checkPet = createSchemaChecker(ir.document)("/components/schemas/Pet");
});
afterAll(async () => {
  await running?.close();
  await other?.close();
});

const get = (path: string, headers: Record<string, string> = {}, base = running.url) =>
  fetch(`${base}${path}`, { headers: { ...AUTH, ...headers } });
const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${running.url}${path}`, {
    method: "POST",
    body,
    headers: { ...AUTH, "content-type": "application/json", ...headers },
  });

interface ProblemJson {
  status: number;
  errors?: { pointer: string; specPointer: string; keyword?: string }[];
}
async function problem(response: Response, status: number): Promise<ProblemJson> {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const body = (await response.json()) as ProblemJson;
  expect(body.status).toBe(status);
  return body;
}

describe("routing", () => {
  it("prefers a concrete segment over a template", async () => {
    expect(await (await get("/pets/mine")).json()).toEqual({ mine: true });
    const pet = await (await get("/pets/12")).json();
    expect(checkPet(pet)).toEqual([]);
  });

  it("matches templates inside a segment and reads every variable", async () => {
    expect((await get("/pets/3/photos/front.png")).status).toBe(200);
    const wrong = await problem(await get("/pets/3/photos/front.gif"), 400);
    expect(wrong.errors?.map((e) => e.pointer)).toEqual(["/path/ext"]);
  });

  it("accepts paths under the servers' base path too", async () => {
    expect(await (await get("/v2/pets/mine")).json()).toEqual({ mine: true });
  });

  it("answers 404 for an unknown path and 405 with Allow for an undeclared method", async () => {
    await problem(await get("/breeders"), 404);
    const response = await fetch(`${running.url}/pets/mine`, { method: "DELETE", headers: AUTH });
    await problem(response, 405);
    // Every path with a GET answers HEAD too, so `Allow` says so.
    expect(response.headers.get("allow")).toBe("GET, HEAD");
    const twin = await fetch(`${running.url}/pets`, { method: "PUT", headers: AUTH });
    await problem(twin, 405);
    expect(twin.headers.get("allow")).toBe("GET, HEAD, POST");
  });
});

describe("HEAD", () => {
  it("answers like the GET of the path: status and headers (Content-Type, Content-Length), no body", async () => {
    for (const [path, headers] of [
      ["/pets", TRACE],
      ["/pets/mine", {}],
      ["/pets?limit=3", { ...TRACE, prefer: "dynamic=true" }],
    ] as const) {
      const got = await get(path, headers);
      const text = await got.text();
      const head = await fetch(`${running.url}${path}`, { method: "HEAD", headers: { ...AUTH, ...headers } });
      expect(head.status).toBe(got.status);
      expect(head.headers.get("content-type")).toBe(got.headers.get("content-type"));
      expect(head.headers.get("content-length")).toBe(String(Buffer.byteLength(text)));
      expect(Number(head.headers.get("content-length"))).toBeGreaterThan(0);
      expect(await head.text()).toBe("");
    }
    const csv = await fetch(`${running.url}/pets`, {
      method: "HEAD",
      headers: { ...TRACE, accept: "text/csv" },
    });
    expect(csv.headers.get("content-type")).toBe("text/csv");
    expect(csv.headers.get("x-rate-remaining")).not.toBeNull();
  });

  it("checks the request as the GET would, and answers 405 with Allow where no GET is declared", async () => {
    const invalid = await fetch(`${running.url}/pets?limit=0`, { method: "HEAD", headers: TRACE });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(invalid.headers.get("content-length"))).toBeGreaterThan(0);
    expect(await invalid.text()).toBe("");
    // A head operation of the spec's own is answered as declared, not by the GET.
    const declared = await fetch(`${running.url}/anything`, { method: "HEAD" });
    expect(declared.status).toBe(200);
    expect(declared.headers.get("x-exists")).toBe("yes");
    expect(declared.headers.get("content-type")).toBeNull();
    const elsewhere = await fetch(`${running.url}/anything`, { method: "DELETE" });
    expect(elsewhere.headers.get("allow")).toBe("GET, HEAD");
    const postOnly = await fetch(`${running.url}/owners`, { method: "HEAD", headers: AUTH });
    expect(postOnly.status).toBe(405);
    expect(postOnly.headers.get("allow")).toBe("POST");
  });
});

describe("security", () => {
  it("answers 401 with a challenge when no declared credential is present", async () => {
    const response = await fetch(`${running.url}/pets/1`);
    await problem(response, 401);
    expect(response.headers.get("www-authenticate")).toContain("Bearer");
  });

  it("accepts any alternative of the requirement, and operations that need none", async () => {
    expect((await fetch(`${running.url}/pets/1`, { headers: { "x-api-key": "k" } })).status).toBe(200);
    expect((await fetch(`${running.url}/pets?limit=2`, { headers: TRACE })).status).toBe(200);
    // Basic where the scheme is bearer is no credential.
    expect((await fetch(`${running.url}/pets/1`, { headers: { authorization: "Basic dTpw" } })).status).toBe(
      401,
    );
  });
});

describe("request validation", () => {
  it("reads parameters by their style and reports each problem with both pointers", async () => {
    const ok = await get("/pets?limit=5&tags=cat|dog&filter[age]=3&filter[name]=Rex", {
      ...TRACE,
      cookie: "session=abcd",
    });
    expect(ok.status).toBe(200);
    const bad = await problem(
      await get("/pets?limit=0&tags=cat|bird&filter[age]=old&filter[color]=red", {
        "x-trace": "nope",
        cookie: "session=a",
      }),
      400,
    );
    const pairs = (bad.errors ?? []).map((e) => `${e.pointer} ${e.specPointer}`);
    expect(pairs).toEqual(
      expect.arrayContaining([
        "/query/limit /paths/~1pets/get/parameters/0/schema",
        "/query/tags/1 /paths/~1pets/get/parameters/1/schema",
        "/query/filter/age /paths/~1pets/get/parameters/2/schema",
        "/query/filter /paths/~1pets/get/parameters/2/schema",
        "/header/X-Trace /paths/~1pets/get/parameters/3/schema",
        "/cookie/session /paths/~1pets/get/parameters/4/schema",
      ]),
    );
    expect(pairs).toHaveLength(6);
  });

  it("splits delimited values before decoding them (an encoded comma belongs to its item)", async () => {
    expect((await get("/pets?names=a%2Cb,c", TRACE)).status).toBe(200);
    expect((await get("/pets?names=d+e,c", TRACE)).status).toBe(200);
    const split = await problem(await get("/pets?names=a,b,c", TRACE), 400);
    expect(split.errors?.map((e) => e.pointer).sort()).toEqual([
      "/query/names",
      "/query/names/0",
      "/query/names/1",
    ]);
  });

  it("reports a missing required header at the parameter", async () => {
    const bad = await problem(await get("/pets"), 400);
    expect(bad.errors).toEqual([
      expect.objectContaining({
        pointer: "/header/X-Trace",
        specPointer: "/paths/~1pets/get/parameters/3",
        keyword: "required",
      }),
    ]);
  });

  it("does not require readOnly properties in a request body (but every other required one)", async () => {
    const created = await post("/owners", JSON.stringify({ name: "Ann", password: "pw" }));
    expect(created.status).toBe(201);
    const missing = await problem(await post("/owners", JSON.stringify({ name: "Ann" })), 400);
    expect(missing.errors?.map((e) => e.pointer)).toEqual(["/body"]);
    expect(JSON.stringify(missing.errors)).toContain("password");
  });

  it("reads label-style path arrays", async () => {
    expect((await get("/colors/.red.blue")).status).toBe(200);
    const bad = await problem(await get("/colors/.red"), 400);
    expect(bad.errors?.[0]?.pointer).toBe("/path/list");
  });

  it("checks the body: required, JSON, schema (pointer into the body), content type (415)", async () => {
    const missing = await problem(await post("/pets", ""), 400);
    expect(missing.errors?.[0]).toMatchObject({
      pointer: "/body",
      specPointer: "/paths/~1pets/post/requestBody",
    });
    const broken = await problem(await post("/pets", "{"), 400);
    expect(broken.errors?.[0]?.keyword).toBe("json");
    const invalid = await problem(
      await post("/pets", JSON.stringify({ name: "", kind: "cow", age: 3 })),
      400,
    );
    expect((invalid.errors ?? []).map((e) => e.pointer).sort()).toEqual([
      "/body",
      "/body/kind",
      "/body/name",
    ]);
    expect(invalid.errors?.[0]?.specPointer).toBe(
      "/paths/~1pets/post/requestBody/content/application~1json/schema",
    );
    await problem(
      await post("/pets", "name=Rex", { "content-type": "application/x-www-form-urlencoded" }),
      415,
    );
    // The lowest declared 2xx (200 before 201) unless Prefer asks for another.
    const answered = await post("/pets", JSON.stringify({ name: "Rex", kind: "dog" }));
    expect(answered.status).toBe(200);
    expect(checkPet(await answered.json())).toEqual([]);
    const created = await post("/pets", JSON.stringify({ name: "Rex", kind: "dog" }), { prefer: "code=201" });
    expect(created.status).toBe(201);
    expect(checkPet(await created.json())).toEqual([]);
  });
});

describe("form bodies", () => {
  const PHOTO_SCHEMA = "/paths/~1pets~1{id}~1photos/post/requestBody/content/multipart~1form-data/schema";
  const FORM_SCHEMA = "/paths/~1adoptions/post/requestBody/content/application~1x-www-form-urlencoded/schema";
  const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const upload = (form: FormData) =>
    fetch(`${running.url}/pets/3/photos`, { method: "POST", body: form, headers: AUTH });
  const adopt = (body: string) =>
    fetch(`${running.url}/adoptions`, {
      method: "POST",
      body,
      headers: { ...AUTH, "content-type": "application/x-www-form-urlencoded" },
    });
  const json = (value: unknown) => new Blob([JSON.stringify(value)], { type: "application/json" });
  const pointers = (body: ProblemJson) => (body.errors ?? []).map((e) => e.pointer).sort();
  /** A multipart body written by hand: FormData cannot give a part headers of its own. */
  const rawMultipart = (parts: { name: string; headers?: string[]; content: string | Uint8Array }[]) => {
    const boundary = "contract-test-boundary";
    const chunks: Buffer[] = [];
    for (const part of parts) {
      const head = [
        `--${boundary}`,
        `Content-Disposition: form-data; name="${part.name}"`,
        ...(part.headers ?? []),
      ];
      chunks.push(
        Buffer.from(`${head.join("\r\n")}\r\n\r\n`),
        Buffer.from(part.content),
        Buffer.from("\r\n"),
      );
    }
    chunks.push(Buffer.from(`--${boundary}--\r\n`));
    return { body: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
  };

  it("reads multipart fields by the schema: numbers, booleans, repeated fields as arrays, JSON parts, files", async () => {
    const form = new FormData();
    form.append("caption", "Rex at the beach");
    form.append("rating", "4");
    form.append("public", "true");
    form.append("tags", "cute");
    form.append("tags", "funny");
    form.append("meta", json({ camera: "X100", iso: 200 }));
    form.append("photo", new Blob([PNG], { type: "image/png" }), "rex.png");
    const response = await upload(form);
    expect(response.status).toBe(201);
    // A lone value of an array field is a list of one.
    const single = new FormData();
    single.append("caption", "Rex");
    single.append("tags", "old");
    single.append("photo", new Blob([PNG], { type: "image/jpeg" }), "rex.jpg");
    expect((await upload(single)).status).toBe(201);
  });

  it("reports multipart problems with pointers into the body and the spec", async () => {
    const form = new FormData();
    form.append("rating", "six");
    form.append("public", "maybe");
    for (const tag of ["cute", "sad", "old", "funny"]) form.append("tags", tag);
    form.append("meta", json({ iso: "high" }));
    form.append("photo", new Blob([PNG], { type: "image/gif" }), "rex.gif");
    form.append("owner", "Ann");
    const bad = await problem(await upload(form), 400);
    // `/body` twice: the missing caption and the undeclared owner.
    expect(pointers(bad)).toEqual([
      "/body",
      "/body",
      "/body/meta",
      "/body/meta/iso",
      "/body/photo",
      "/body/public",
      "/body/rating",
      "/body/tags",
      "/body/tags/1",
    ]);
    expect(bad.errors?.find((e) => e.pointer === "/body/photo")).toMatchObject({
      specPointer:
        "/paths/~1pets~1{id}~1photos/post/requestBody/content/multipart~1form-data/encoding/photo/contentType",
      keyword: "contentType",
    });
    expect(bad.errors?.find((e) => e.pointer === "/body/rating")).toMatchObject({
      specPointer: PHOTO_SCHEMA,
      keyword: "type",
    });
    expect(JSON.stringify(bad.errors)).toContain("caption");
    expect(JSON.stringify(bad.errors)).toContain("owner");
  });

  it("reports a JSON part that is not JSON, and a body that is not multipart at all", async () => {
    const form = new FormData();
    form.append("caption", "Rex");
    form.append("meta", new Blob(["{camera"], { type: "application/json" }));
    form.append("photo", new Blob([PNG], { type: "image/png" }), "rex.png");
    const broken = await problem(await upload(form), 400);
    // Once, as JSON: its text is not also reported as breaking the object schema.
    expect(broken.errors?.map((e) => `${e.pointer} ${e.keyword}`)).toEqual(["/body/meta json"]);
    expect(broken.errors?.[0]?.specPointer).toBe(
      "/paths/~1pets~1{id}~1photos/post/requestBody/content/multipart~1form-data",
    );
    // A plain part (no file name) says its type in its own headers, which Node's parser drops.
    const { body, type } = rawMultipart([
      { name: "caption", headers: ["Content-Type: application/json"], content: '"Rex' },
      { name: "photo", headers: ["Content-Type: image/png"], content: PNG },
    ]);
    const plain = await problem(
      await fetch(`${running.url}/pets/3/photos`, {
        method: "POST",
        body,
        headers: { ...AUTH, "content-type": type },
      }),
      400,
    );
    expect(plain.errors?.map((e) => `${e.pointer} ${e.keyword}`)).toEqual(["/body/caption json"]);
    const garbled = await problem(
      await fetch(`${running.url}/pets/3/photos`, {
        method: "POST",
        body: "--nope\r\ncaption\r\n",
        headers: { ...AUTH, "content-type": "multipart/form-data; boundary=elsewhere" },
      }),
      400,
    );
    expect(garbled.errors).toEqual([
      expect.objectContaining({
        pointer: "/body",
        specPointer: "/paths/~1pets~1{id}~1photos/post/requestBody/content/multipart~1form-data",
        keyword: "multipart",
      }),
    ]);
  });

  const DOCUMENTS = "/paths/~1pets~1{id}~1documents/post/requestBody/content/multipart~1form-data";
  const sendDocument = (parts: Parameters<typeof rawMultipart>[0]) => {
    const { body, type } = rawMultipart(parts);
    return fetch(`${running.url}/pets/3/documents`, {
      method: "POST",
      body,
      headers: { ...AUTH, "content-type": type },
    });
  };
  const issues = (body: ProblemJson) =>
    (body.errors ?? []).map((e) => `${e.pointer} ${e.keyword} ${e.specPointer}`).sort();

  it("checks a part's headers against its Encoding Object (multipart), ignoring a declared Content-Type", async () => {
    const good = await sendDocument([
      { name: "scan", headers: ["X-Scan-Pages: 2", "X-Checksum: 0a1b2c3d"], content: "aGVsbG8gd29ybGQ=" },
      { name: "note", content: "two pages" },
    ]);
    expect(good.status).toBe(201);
    const bad = await problem(
      await sendDocument([{ name: "scan", headers: ["X-Checksum: ZZ"], content: "aGVsbG8gd29ybGQ=" }]),
      400,
    );
    expect(issues(bad)).toEqual([
      `/body/scan/header/X-Checksum pattern ${DOCUMENTS}/encoding/scan/headers/X-Checksum/schema`,
      `/body/scan/header/X-Scan-Pages required ${DOCUMENTS}/encoding/scan/headers/X-Scan-Pages`,
    ]);
    const low = await problem(
      await sendDocument([{ name: "scan", headers: ["X-Scan-Pages: 0"], content: "aGVsbG8gd29ybGQ=" }]),
      400,
    );
    expect(issues(low)).toEqual([
      `/body/scan/header/X-Scan-Pages minimum ${DOCUMENTS}/encoding/scan/headers/X-Scan-Pages/schema`,
    ]);
  });

  it("checks a part's contentEncoding (as its Content-Transfer-Encoding) and contentMediaType", async () => {
    const pages = "X-Scan-Pages: 1";
    // Base64 may be wrapped in lines inside a MIME part, and may say so in Content-Transfer-Encoding.
    const wrapped = await sendDocument([
      {
        name: "scan",
        headers: [pages, "Content-Transfer-Encoding: base64"],
        content: "aGVsbG8g\r\nd29ybGQ=",
      },
      { name: "thumbnail", headers: ["Content-Type: image/png"], content: new Uint8Array([0x89, 0x50]) },
    ]);
    expect(wrapped.status).toBe(201);
    const bad = await problem(
      await sendDocument([
        { name: "scan", headers: [pages], content: "not base64!" },
        { name: "thumbnail", headers: ["Content-Type: image/gif"], content: new Uint8Array([0x47, 0x49]) },
      ]),
      400,
    );
    expect(issues(bad)).toEqual([
      "/body/scan contentEncoding /components/schemas/Base64Scan/contentEncoding",
      `/body/thumbnail contentMediaType ${DOCUMENTS}/schema/properties/thumbnail/contentMediaType`,
    ]);
    const otherTransfer = await problem(
      await sendDocument([
        {
          name: "scan",
          headers: [pages, "Content-Transfer-Encoding: quoted-printable"],
          content: "aGVsbG8=",
        },
      ]),
      400,
    );
    expect(issues(otherTransfer)).toEqual([
      "/body/scan/header/Content-Transfer-Encoding contentEncoding /components/schemas/Base64Scan/contentEncoding",
    ]);
  });

  it("reads url-encoded fields by their encoding: repeated, pipe-delimited, deepObject, JSON", async () => {
    const profile = encodeURIComponent(JSON.stringify({ age: 3 }));
    const ok = await adopt(
      `petId=3&name=Ann+Lee&newsletter=true&days=mon&days=tue&sizes=1|2&address[city]=Oslo&address[zip]=01234&profile=${profile}`,
    );
    expect(ok.status).toBe(204);
    expect((await adopt("petId=1&name=Bo&days=wed")).status).toBe(204);
  });

  it("reports url-encoded problems with pointers into the body and the spec", async () => {
    const profile = encodeURIComponent(JSON.stringify({ age: "old" }));
    const bad = await problem(
      await adopt(
        `petId=x&newsletter=maybe&days=fri&sizes=1|big&address[zip]=12&address[street]=Main&profile=${profile}&extra=1`,
      ),
      400,
    );
    expect(pointers(bad)).toEqual([
      "/body",
      "/body",
      "/body/address",
      "/body/address/zip",
      "/body/days/0",
      "/body/newsletter",
      "/body/petId",
      "/body/profile/age",
      "/body/sizes/1",
    ]);
    expect(new Set(bad.errors?.map((e) => e.specPointer))).toEqual(new Set([FORM_SCHEMA]));
    // contentEncoding: base64 must decode; a "+" sent unescaped reads as a space.
    expect((await adopt("petId=1&name=Bo&signature=a%2Bb/cw==")).status).toBe(204);
    for (const signature of ["a+b/cw==", "abcde", "ab=c"]) {
      const undecodable = await problem(await adopt(`petId=1&name=Bo&signature=${signature}`), 400);
      expect(issues(undecodable), signature).toEqual([
        `/body/signature contentEncoding ${FORM_SCHEMA}/properties/signature/contentEncoding`,
      ]);
    }
    const notJson = await problem(await adopt("petId=1&name=Bo&profile={age"), 400);
    expect(notJson.errors?.map((e) => `${e.pointer} ${e.keyword}`)).toEqual(["/body/profile json"]);
    expect(notJson.errors?.[0]?.specPointer).toBe(
      "/paths/~1adoptions/post/requestBody/content/application~1x-www-form-urlencoded/encoding/profile",
    );
  });
});

describe("CORS (--cors)", () => {
  it("answers preflights and allows every origin", async () => {
    const ir = buildIR((await loadSpec(SPEC)).document);
    const open = await serveMock(createMock(ir, { cors: true }));
    try {
      const preflight = await fetch(`${open.url}/pets`, {
        method: "OPTIONS",
        headers: { origin: "http://app.test", "access-control-request-method": "POST" },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get("access-control-allow-methods")).toBe("GET, HEAD, POST");
      expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
      const answer = await fetch(`${open.url}/pets/1`, { headers: AUTH });
      expect(answer.headers.get("access-control-allow-origin")).toBe("*");
    } finally {
      await open.close();
    }
    // Off by default: OPTIONS is just an undeclared method.
    expect((await fetch(`${running.url}/pets`, { method: "OPTIONS" })).status).toBe(405);
  });
});

describe("answers", () => {
  it("sends the first valid example, Content-Length and the declared headers", async () => {
    const response = await get("/pets", TRACE);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual([
      { id: 1, name: "Rex", kind: "dog" },
      { id: 2, name: "Tom", kind: "cat" },
    ]);
    expect(response.headers.get("content-length")).toBe(String(Buffer.byteLength(text)));
    const remaining = Number(response.headers.get("x-rate-remaining"));
    expect(Number.isInteger(remaining) && remaining >= 0 && remaining <= 100).toBe(true);
    expect(response.headers.get(PROBLEM_HEADER)).toBeNull();
  });

  it("honours Prefer: example, code and dynamic", async () => {
    expect(await (await get("/pets", { ...TRACE, prefer: "example=none" })).json()).toEqual([]);
    await problem(await get("/pets", { ...TRACE, prefer: "example=many" }), 404);
    const notFound = await get("/pets", { ...TRACE, prefer: "code=404" });
    expect(notFound.status).toBe(404);
    expect(notFound.headers.get("content-type")).toBe("application/problem+json");
    expect(typeof ((await notFound.json()) as { title: unknown }).title).toBe("string");
    await problem(await get("/pets", { ...TRACE, prefer: "code=418" }), 400);
    const dynamic = await (await get("/pets", { ...TRACE, prefer: "dynamic=true" })).json();
    expect(dynamic).not.toEqual([
      { id: 1, name: "Rex", kind: "dog" },
      { id: 2, name: "Tom", kind: "cat" },
    ]);
    for (const pet of dynamic as unknown[]) expect(checkPet(pet)).toEqual([]);
  });

  it("is deterministic: same seed and request, same body; another seed, another body", async () => {
    const once = await (await get("/pets/7")).text();
    const again = await (await get("/pets/7")).text();
    const elsewhere = await (await get("/pets/7", {}, other.url)).text();
    expect(again).toBe(once);
    expect(elsewhere).not.toBe(once);
    const dynamicA = await (await get("/pets?limit=3", { ...TRACE, prefer: "dynamic=true" })).text();
    const dynamicB = await (await get("/pets?limit=3", { ...TRACE, prefer: "dynamic=true" })).text();
    const dynamicC = await (await get("/pets?limit=4", { ...TRACE, prefer: "dynamic=true" })).text();
    expect(dynamicB).toBe(dynamicA);
    expect(dynamicC).not.toBe(dynamicA);
  });

  it("answers a declared wildcard media type with the concrete type the client accepts", async () => {
    const asked = await fetch(`${running.url}/anything`, { headers: { accept: "application/vnd.x+json" } });
    expect(asked.headers.get("content-type")).toBe("application/vnd.x+json");
    expect(await asked.json()).toEqual({ ok: true });
    const any = await fetch(`${running.url}/anything`);
    expect(any.headers.get("content-type")).toBe("application/json");
    expect(await any.json()).toEqual({ ok: true });
  });

  it("negotiates the media type from Accept, 406 when none fits, and sends no body for 204", async () => {
    const csv = await get("/pets", { ...TRACE, accept: "text/csv" });
    expect(csv.headers.get("content-type")).toBe("text/csv");
    expect(await csv.text()).toBe("id,name\n1,Rex\n");
    const weighted = await get("/pets", { ...TRACE, accept: "text/csv;q=0.2, application/json" });
    expect(weighted.headers.get("content-type")).toBe("application/json");
    await problem(await get("/pets", { ...TRACE, accept: "image/png" }), 406);
    const gone = await fetch(`${running.url}/pets/3`, { method: "DELETE", headers: AUTH });
    expect(gone.status).toBe(204);
    expect(await gone.text()).toBe("");
  });
});
