/**
 * Compile-only checks of the client generated from fixtures/petstore.yaml (copied next to it by
 * client-types.test.ts). Every `@ts-expect-error` must be needed, or tsc fails the test.
 */
import { ApiError, paginate } from "@contract/runtime/client";
import { createClient } from "./client.js";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_?: T) => undefined;

const client = createClient({
  baseUrl: "http://127.0.0.1:1/v1",
  serverVariables: { region: "us" },
  auth: {
    bearerAuth: "token",
    basicAuth: { username: "a", password: "b" },
    oauth: async ({ scheme }) => `token-for-${scheme}`,
  },
  retry: { limit: 1 },
  timeoutMs: 1000,
  middleware: [
    { onRequest: ({ request }) => request },
    // Hooks that only look or change a header in place return nothing (the client README's example).
    {
      onRequest: ({ request }) => {
        request.headers.set("x-trace", "t-1");
      },
      onResponse: ({ response }) => {
        void response.status;
      },
      onError: ({ error }) => {
        void error;
      },
    },
    {
      onRequest: async ({ request }) => {
        request.headers.set("x-session", await Promise.resolve("s-1"));
      },
    },
  ],
});

export async function usage(): Promise<void> {
  // Optional parameters only: the argument may be left out.
  await client.listPets();
  const pets = await client.listPets({
    query: { limit: 1, status: ["available"], filter: { species: "dog" } },
  });
  if (pets.ok) {
    assertType<Equal<typeof pets.status, 200>>();
    const names: string[] = pets.data.map((p) => p.name);
    void names;
  } else {
    const code: number = pets.error.code;
    void code;
    // @ts-expect-error an error result has no data
    pets.data.length;
  }

  const created = await client.createPet({ body: { name: "a", species: "b" } });
  if (created.status === 201) {
    const id: number = created.data.id;
    void id;
    // @ts-expect-error a Pet has no `title`
    created.data.title;
  } else if (created.status === 422) {
    const title: string = created.error.title;
    void title;
  } else if (!created.undeclared) {
    // The 4XX range: any 400–499 other than 422.
    const status: 400 | 404 | 499 = created.status === 404 ? 404 : 400;
    void status;
    const message: string = created.error.message;
    void message;
  } else {
    // A status the spec does not declare (a 500, an undeclared 2xx): ok is false, the body unknown.
    assertType<Equal<typeof created.ok, false>>();
    assertType<Equal<typeof created.error, unknown>>();
    // @ts-expect-error 201 is declared, so it is not an undeclared status
    assertType<Equal<typeof created.status, 201>>(created.status === 201);
  }

  // An operation that declares only a 200: the result still has to be narrowed before `data`.
  const points = await client.echoNote({ body: "hi" });
  // @ts-expect-error a 500 (undeclared) has no data: unchecked access does not compile
  points.data.length;
  if (points.ok) {
    assertType<Equal<typeof points.status, 200>>();
  } else {
    assertType<Equal<typeof points.undeclared, true>>();
    const status: number = points.status;
    void status;
  }
  // A 404 declared next to a 200 still narrows by status alone.
  const byId = await client.getPetById({ path: { petId: 1 } });
  if (byId.status === 404) {
    assertType<Equal<typeof byId.ok, false>>();
    assertType<Equal<typeof byId.undeclared, undefined>>();
  }
  await client.createPet({
    contentType: "application/x-www-form-urlencoded",
    body: { name: "a", species: "b", tags: ["x"] },
  });

  await client.uploadPhoto({
    path: { petId: 1 },
    contentType: "multipart/form-data",
    body: { file: new Blob([]) },
  });
  await client.uploadPhoto({
    path: { petId: 1 },
    contentType: "application/octet-stream",
    body: new Uint8Array(2),
  });

  const photo = await client.downloadPhoto({ path: { petId: 1 } });
  if (photo.ok) {
    const blob: Blob = photo.data;
    void blob;
  }
  const stream = await client.downloadPhoto({ path: { petId: 1 }, parseAs: "stream" });
  if (stream.ok) {
    const body: ReadableStream<Uint8Array> | null = stream.data;
    void body;
  }

  const deleted = await client.deletePet({ path: { petId: 1 } });
  if (deleted.status === 204) assertType<Equal<typeof deleted.data, undefined>>();

  const note = await client.echoNote({ body: "hello" });
  if (note.ok) {
    const text: string = note.data;
    void text;
  }

  const report = await client.getReport({ path: { id: "r1" } });
  if (report.ok) {
    const accepted: typeof report.status = 202;
    const state: "ready" | "building" = report.data.state;
    void accepted;
    void state;
  }

  const byPath = await client.request("get", "/pets/{petId}", { path: { petId: 1 } });
  if (byPath.ok) {
    const name: string = byPath.data.name;
    void name;
  }

  const throwing = createClient({ throwOnError: true });
  const pet = await throwing.getPetById({ path: { petId: 1 } });
  const petName: string = pet.data.name; // no check needed: errors throw
  void petName;
  try {
    await throwing.deletePet({ path: { petId: 1 } });
  } catch (error) {
    if (error instanceof ApiError) {
      const status: number = error.status;
      void status;
    }
  }

  // @ts-expect-error wrong path parameter name
  await client.getPetById({ path: { id: 1 } });
  // @ts-expect-error wrong path parameter type
  await client.getPetById({ path: { petId: "1" } });
  // @ts-expect-error required path parameter missing
  await client.getPetById({});
  // @ts-expect-error required arguments left out
  await client.getPetById();
  // @ts-expect-error required body missing
  await client.createPet({});
  // @ts-expect-error body of the wrong shape
  await client.createPet({ body: { name: 1, species: "b" } });
  // @ts-expect-error a media type the operation does not accept
  await client.createPet({ contentType: "application/xml", body: { name: "a", species: "b" } });
  // @ts-expect-error several non-JSON media types: the caller must choose one
  await client.uploadPhoto({ path: { petId: 1 }, body: new Uint8Array(1) });
  const multipart = "multipart/form-data" as const;
  // @ts-expect-error a multipart body missing its required file
  await client.uploadPhoto({ path: { petId: 1 }, contentType: multipart, body: { caption: "x" } });
  // @ts-expect-error a GET takes no body
  await client.listPets({ body: {} });
  // @ts-expect-error unknown query parameter
  await client.listPets({ query: { limt: 1 } });
  // @ts-expect-error query parameter of the wrong enum
  await client.listPets({ query: { status: ["lost"] } });
  // @ts-expect-error header parameters where the operation declares none
  await client.search({ header: { "X-Other": "1" } });
  // @ts-expect-error required query parameter missing
  await client.slow({ query: {} });
  // @ts-expect-error unknown path
  await client.request("get", "/nope");
  // @ts-expect-error a method the path does not have
  await client.request("patch", "/pets");
  // @ts-expect-error unknown security scheme
  createClient({ auth: { nope: "x" } });
  // @ts-expect-error server variable outside its enum
  createClient({ serverVariables: { region: "mars" } });
  // @ts-expect-error basic auth takes username and password
  createClient({ auth: { basicAuth: "user:pass" } });
}

/** Every page of a list: pages are the method's success results, arguments are checked as the method's. */
export async function pages(): Promise<void> {
  for await (const page of paginate(client.listPets, { query: { limit: 100 } })) {
    assertType<Equal<typeof page.ok, true>>();
    assertType<Equal<typeof page.status, 200>>();
    const names: string[] = page.data.map((p) => p.name);
    void names;
  }
  // Optional where the method's arguments are; required where they are.
  paginate(client.listPets);
  paginate(client.getPetById, { path: { petId: 1 } });
  // @ts-expect-error required path parameter missing
  paginate(client.getPetById);
  // @ts-expect-error query parameter of the wrong type
  paginate(client.listPets, { query: { limit: "100" } });
  // Cursors or offsets: the next call's arguments, typed as the method's.
  paginate(
    client.listPets,
    { query: { limit: 10 } },
    {
      next: (page, args) =>
        page.data.length < 10 ? undefined : { ...args, query: { ...args.query, limit: page.data.length } },
      maxPages: 5,
    },
  );
  paginate(
    client.listPets,
    {},
    {
      // @ts-expect-error next returns the method's arguments
      next: () => ({ query: { limit: "x" } }),
    },
  );
}
