import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { curlCommand, type Finding, formatReport, shellQuote, type VerifyReport } from "../src/index.js";

const request = {
  method: "POST",
  url: "http://127.0.0.1:1/orders?q=a b",
  headers: { "content-type": "application/json" },
  body: `{"note":"it's <&> \\"x\\""}`,
};
const finding: Finding = {
  subject: "paths",
  rule: "response-schema",
  severity: "error",
  operation: "createOrder",
  message: "must have required property 'id', 100% <broken>",
  request: { ...request, curl: curlCommand(request) },
  status: 201,
  instancePointer: "/items/0",
  specPointer: "/components/schemas/Order/required",
  specLocation: { file: "/repo/spec/openapi.yaml", line: 12, col: 7 },
};
const report: VerifyReport = {
  findings: [finding],
  exchanges: 9,
  checked: ["createOrder", "getOrder"],
  skipped: [{ operation: "uploadFile", reason: "filtered out" }],
};

describe("shellQuote / curlCommand", () => {
  it("quotes words a shell would split or expand", () => {
    expect(shellQuote("plain/path")).toBe("plain/path");
    expect(shellQuote("a b")).toBe("'a b'");
    expect(shellQuote("it's $HOME")).toBe(`'it'\\''s $HOME'`);
  });
  it("builds a curl line with method, headers and body", () => {
    expect(curlCommand(request)).toBe(
      `curl -sS -X POST 'http://127.0.0.1:1/orders?q=a b' -H 'content-type: application/json' --data-binary '{"note":"it'\\''s <&> \\"x\\""}'`,
    );
  });
});

it("curlCommand sends multipart fields with --form-string (no @file reads)", () => {
  expect(
    curlCommand({ method: "POST", url: "http://h/notes", headers: {}, form: [["text", "@/etc/passwd"]] }),
  ).toBe("curl -sS -X POST http://h/notes --form-string text=@/etc/passwd");
});

describe("formatReport", () => {
  it("human: finding block, pointers, location relative to cwd, curl and summary", () => {
    const text = formatReport(report, "human", { cwd: "/repo" });
    expect(text).toContain("error response-schema createOrder (status 201)");
    expect(text).toContain("at response #/items/0");
    expect(text).toContain("spec #/components/schemas/Order/required (spec/openapi.yaml:12:7)");
    expect(text).toContain(finding.request?.curl);
    expect(text).toContain("skipped uploadFile: filtered out");
    expect(text.trimEnd().split("\n").at(-1)).toBe("2 checked, 1 skipped, 9 exchanges: 1 error, 0 warnings");
  });
  it("human: says so when nothing was found", () => {
    const text = formatReport({ ...report, findings: [] }, "human");
    expect(text).toMatch(/no findings\n$/);
  });
  it("json: round-trips the report", () => {
    expect(JSON.parse(formatReport(report, "json"))).toEqual(report);
  });
  it("github: one escaped annotation on the spec line", () => {
    const lines = formatReport(report, "github", { cwd: "/repo" }).trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    const line = lines[0] ?? "";
    expect(
      line.startsWith("::error file=spec/openapi.yaml,line=12,col=7,title=response-schema createOrder::"),
    ).toBe(true);
    expect(line).toContain("100%25 <broken>%0Astatus 201%0Aat response #/items/0");
    expect(line).not.toContain("\n");
  });
  it("junit: well-formed XML with a failing case per finding operation and a skipped case", () => {
    const xml = formatReport(report, "junit", { name: "openapi.yaml" });
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(xml);
    const suite = parsed.testsuites.testsuite;
    expect(suite.name).toBe("openapi.yaml");
    expect(suite.tests).toBe("3");
    expect(suite.failures).toBe("1");
    expect(suite.skipped).toBe("1");
    const cases = suite.testcase as {
      name: string;
      failure?: { type: string; message: string; "#text": string };
      skipped?: unknown;
    }[];
    expect(cases.map((c) => c.name)).toEqual(["createOrder", "getOrder", "uploadFile"]);
    expect(cases[0]?.failure?.type).toBe("response-schema");
    expect(cases[0]?.failure?.message).toBe(finding.message);
    expect(cases[0]?.failure?.["#text"]).toContain("response: #/items/0");
    expect(cases[1]?.failure).toBeUndefined();
    expect(cases[2]?.skipped).toBeDefined();
  });
  it("junit: control characters in messages do not break the XML", () => {
    const bad = { ...report, findings: [{ ...finding, message: "bad \u0001 byte" }] };
    expect(XMLValidator.validate(formatReport(bad, "junit"))).toBe(true);
  });
});
