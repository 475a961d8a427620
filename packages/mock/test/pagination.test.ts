/**
 * How the mock answers a paginated list: which requests ask for a later page, and how a body becomes
 * the first page (a next one announced) or the last (no items, no next), never breaking its schema.
 */
import type { PaginationRule } from "@contract/core";
import { describe, expect, it } from "vitest";
import {
  isLaterPage,
  MOCK_NEXT_CURSOR,
  nextPageUrl,
  type PageRequest,
  pagedBody,
} from "../src/pagination.js";

const request = (over: Partial<PageRequest> = {}): PageRequest => ({
  query: [],
  header: () => undefined,
  cookies: new Map(),
  path: {},
  body: new Uint8Array(0),
  url: "http://127.0.0.1:4010/orders?limit=2",
  ...over,
});
const NEXT = "http://127.0.0.1:4010/orders?limit=2&contract-mock-page=2";
const cursor: PaginationRule = {
  type: "cursor",
  cursor: { in: "query", name: "after" },
  nextCursor: ["next"],
  results: ["data"],
};
const pages: PaginationRule = {
  type: "offset",
  offset: { in: "header", name: "X-Page" },
  unit: "page",
  start: 1,
  results: ["items"],
  numPages: ["total"],
  hasMore: ["more"],
};
const inBody: PaginationRule = { ...cursor, cursor: { in: "body", path: ["page", "after"] } };
const always = () => true;
const first = { later: false, nextUrl: NEXT };
const later = { later: true, nextUrl: NEXT };
const byUrl: PaginationRule = { type: "url", nextUrl: ["links", "next"], results: ["items"] };

describe("isLaterPage", () => {
  it("a cursor given, a page number past the start, a cursor in the JSON body", () => {
    expect(isLaterPage(cursor, request())).toBe(false);
    expect(isLaterPage(cursor, request({ query: [["after", ""]] }))).toBe(false);
    expect(isLaterPage(cursor, request({ query: [["after", "x"]] }))).toBe(true);
    expect(isLaterPage(pages, request({ header: (n) => (n === "x-page" ? "1" : undefined) }))).toBe(false);
    expect(isLaterPage(pages, request({ header: (n) => (n === "x-page" ? "2" : undefined) }))).toBe(true);
    const body = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
    expect(isLaterPage(inBody, request({ body: body({ page: { after: "c" } }) }))).toBe(true);
    expect(isLaterPage(inBody, request({ body: body({ page: {} }) }))).toBe(false);
  });

  it("a url rule: the request the first page linked to, marked with contract-mock-page", () => {
    expect(nextPageUrl(request())).toBe(NEXT);
    expect(isLaterPage(byUrl, request())).toBe(false);
    const linked = new URL(nextPageUrl(request()));
    expect(isLaterPage(byUrl, request({ query: [...linked.searchParams] }))).toBe(true);
  });
});

describe("pagedBody", () => {
  it("the first page announces a next one; a later page is empty and the last", () => {
    expect(pagedBody(cursor, { data: [1, 2], next: null }, first, always)).toEqual({
      data: [1, 2],
      next: MOCK_NEXT_CURSOR,
    });
    expect(pagedBody(cursor, { data: [1, 2], next: "z" }, later, always)).toEqual({ data: [], next: null });
    expect(pagedBody(pages, { items: [1], total: 9, more: false }, first, always)).toEqual({
      items: [1],
      total: 2,
      more: true,
    });
    expect(pagedBody(pages, { items: [1], total: 9, more: true }, later, always)).toEqual({
      items: [],
      total: 9,
      more: false,
    });
  });

  it("a url rule: the first page links to the next, which is empty and links nowhere", () => {
    expect(pagedBody(byUrl, { items: [1], links: { next: null } }, first, always)).toEqual({
      items: [1],
      links: { next: NEXT },
    });
    expect(pagedBody(byUrl, { items: [1], links: { next: "x" } }, later, always)).toEqual({
      items: [],
      links: { next: null },
    });
  });

  it("changes only outputs the body has, and nothing when the result would break the schema", () => {
    expect(pagedBody(cursor, { other: 1 }, later, always)).toBeUndefined();
    expect(pagedBody(cursor, { data: [1], next: "z" }, later, () => false)).toBeUndefined();
    const body = { data: [1], next: "z" };
    pagedBody(cursor, body, later, always);
    expect(body).toEqual({ data: [1], next: "z" });
  });
});
