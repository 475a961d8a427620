import { describe, expect, it } from "vitest";
import { createRouter, parseKeyTemplate, type RouteInput } from "../src/webhooks/index.js";

const names = ["issues-opened", "push", "repository-dispatch-sample.collected", "order.paid", "/leading"];

const input = (over: Partial<RouteInput> & { headerMap?: Record<string, string> } = {}): RouteInput => ({
  headers: (name) => over.headerMap?.[name],
  payload: over.payload ?? {},
  path: over.path ?? "/",
  accepts: over.accepts ?? (() => undefined),
});

describe("router", () => {
  const github = createRouter(
    { by: "header", header: "X-GitHub-Event", bodyField: "action", separator: "-", normalize: "kebab" },
    names,
  );

  it("header + body field, falling back to the header alone when the body has no field", async () => {
    expect(
      await github(input({ headerMap: { "x-github-event": "issues" }, payload: { action: "opened" } })),
    ).toEqual({
      ok: true,
      webhook: "issues-opened",
    });
    expect(await github(input({ headerMap: { "x-github-event": "push" }, payload: { ref: "x" } }))).toEqual({
      ok: true,
      webhook: "push",
    });
    expect(
      await github(
        input({
          headerMap: { "x-github-event": "repository_dispatch" },
          payload: { action: "sample.collected" },
        }),
      ),
    ).toEqual({ ok: true, webhook: "repository-dispatch-sample.collected" });
  });

  it("an unknown combination is unknown (no guessing with a shorter key)", async () => {
    const result = await github(
      input({ headerMap: { "x-github-event": "issues" }, payload: { action: "teleported" } }),
    );
    expect(result).toMatchObject({ ok: false, key: "issues-teleported" });
    expect(await github(input({ payload: { action: "opened" } }))).toMatchObject({ ok: false });
  });

  it("routes each combination right again and again, also once more names were seen than are remembered", async () => {
    const route = createRouter(
      { by: "header", header: "X-Event", bodyField: "action", separator: "-", normalize: "kebab" },
      names,
    );
    const ask = (event: string | undefined, action?: unknown) =>
      route(
        input({
          headerMap: event === undefined ? {} : { "x-event": event },
          payload: action === undefined ? {} : { action },
        }),
      );
    for (let round = 0; round < 3; round++) {
      expect(await ask("issues", "opened")).toEqual({ ok: true, webhook: "issues-opened" });
      expect(await ask(" Issues ", "OPENED")).toEqual({ ok: true, webhook: "issues-opened" });
      expect(await ask("issues", "closed")).toMatchObject({ ok: false, key: "issues-closed" });
      expect(await ask("push", "opened")).toMatchObject({ ok: false, key: "push-opened" });
      expect(await ask("push")).toEqual({ ok: true, webhook: "push" });
      expect(await ask("push", "")).toEqual({ ok: true, webhook: "push" });
      expect(await ask("order", 7)).toMatchObject({ ok: false, key: "order-7" });
      expect(await ask(undefined, "opened")).toMatchObject({ ok: false });
      // Made-up names past the memory bound: the results stay right as the memory starts over.
      for (let i = 0; i < 1500; i++) {
        expect(await ask(`made-up-${i}`, "opened")).toMatchObject({ ok: false, key: `made-up-${i}-opened` });
      }
    }
  });

  it("body field with dotted paths and a rename map", async () => {
    const route = createRouter({ by: "body", field: "event.kind", map: { paid: "order.paid" } }, names);
    expect(await route(input({ payload: { event: { kind: "paid" } } }))).toEqual({
      ok: true,
      webhook: "order.paid",
    });
    expect(await route(input({ payload: { event: { kind: "__proto__" } } }))).toMatchObject({ ok: false });
    expect(await route(input({ payload: { event: "paid" } }))).toMatchObject({ ok: false });
  });

  it("URL path, percent-decoded, names with slashes included", async () => {
    const route = createRouter({ by: "path", pattern: "/hooks/{webhook}" }, names);
    expect(await route(input({ path: "/hooks/order.paid" }))).toEqual({ ok: true, webhook: "order.paid" });
    expect(await route(input({ path: "/hooks/%2Fleading" }))).toEqual({ ok: true, webhook: "/leading" });
    expect(await route(input({ path: "/hooks/order.paid/" }))).toEqual({ ok: true, webhook: "order.paid" });
    expect(await route(input({ path: "/other/order.paid" }))).toMatchObject({ ok: false });
    expect(await route(input({ path: "/hooks/%E0%A4%A" }))).toMatchObject({ ok: false });
  });

  it("validators: exactly one must accept", async () => {
    const route = createRouter({ by: "validators" }, names);
    expect(await route(input({ accepts: (n) => n === "push" }))).toEqual({ ok: true, webhook: "push" });
    expect(await route(input({ accepts: () => false }))).toMatchObject({ ok: false });
    expect(await route(input({ accepts: (n) => n === "push" || n === "order.paid" }))).toMatchObject({
      ok: false,
      reason: expect.stringContaining("several"),
    });
  });

  it("templates are checked at start-up", () => {
    expect(() => parseKeyTemplate("{query:x}")).toThrow(/header:Name/);
    expect(() => parseKeyTemplate("{body:type|shout}")).toThrow(/unknown filter/);
    // Names of Object.prototype's members are not filters either.
    for (const inherited of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
      expect(() => parseKeyTemplate(`{body:type|${inherited}}`)).toThrow(/unknown filter/);
    }
    expect(() => createRouter({ by: "path", pattern: "/hooks" }, names)).toThrow(/\{webhook\}/);
    expect(parseKeyTemplate("a-{header:X-Y|lower}")).toHaveLength(2);
  });

  it("custom resolvers", async () => {
    const route = createRouter({ by: "custom", resolve: ({ path }) => path.slice(1) }, names);
    expect(await route(input({ path: "/push" }))).toEqual({ ok: true, webhook: "push" });
  });
});
