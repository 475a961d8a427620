import type { VerifyReport } from "@contract/verify";
import { describe, expect, it } from "vitest";
import { printReport } from "../src/verify/print-webhooks-report.js";

const report: VerifyReport = {
  findings: [
    {
      subject: "webhook-receiver",
      rule: "accepted-unsigned",
      severity: "error",
      operation: "order.paid",
      message: "the receiver answered 200 to an unsigned delivery",
      status: 200,
      specPointer: "/webhooks/order.paid/post",
      specLocation: { file: "/repo/openapi.yaml", line: 12, col: 5 },
    },
  ],
  exchanges: 7,
  checked: ["order.paid"],
  skipped: [],
};

async function print(format: string): Promise<string> {
  let out = "";
  await printReport(
    report,
    { format },
    { stdout: (t) => (out += t), stderr: () => {}, cwd: "/repo", color: false },
  );
  return out;
}

describe("verify --webhooks report formats", () => {
  it("writes JUnit XML with the finding as a failure of its webhook", async () => {
    const xml = await print("junit");
    expect(xml).toMatch(/^<\?xml/);
    expect(xml).toContain('name="order.paid"');
    expect(xml).toMatch(/<failure[^>]*accepted-unsigned/);
  });

  it("writes a GitHub annotation on the spec line", async () => {
    const text = await print("github");
    expect(text).toContain("::error file=openapi.yaml,line=12,col=5");
    expect(text).toContain("accepted-unsigned");
  });
});
