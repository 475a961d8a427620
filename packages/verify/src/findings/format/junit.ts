/**
 * `--format junit`: JUnit XML, which CI systems render as test results. Each checked operation is a
 * test case, failing with one <failure> per finding; skipped operations are skipped test cases.
 */
import type { Finding, VerifyReport } from "../finding.js";
import type { FormatReportOptions } from "./options.js";

/** Escapes text for XML content and attribute values; drops characters XML 1.0 cannot carry. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

export function formatJunit(report: VerifyReport, options: FormatReportOptions = {}): string {
  const suite = options.name ?? "contract verify";
  const byOperation = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const list = byOperation.get(f.operation) ?? [];
    list.push(f);
    byOperation.set(f.operation, list);
  }
  // Findings may name an operation outside `checked` (e.g. a link step); they still need a case.
  const names = [...new Set([...report.checked, ...byOperation.keys()])];
  const cases = names.map((name) => testCase(name, byOperation.get(name) ?? []));
  for (const s of report.skipped) {
    cases.push(
      `    <testcase classname="${escapeXml(suite)}" name="${escapeXml(s.operation)}">\n      <skipped message="${escapeXml(s.reason)}"/>\n    </testcase>`,
    );
  }
  const failures = names.filter((n) => (byOperation.get(n) ?? []).length > 0).length;
  const attrs = `name="${escapeXml(suite)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${report.skipped.length}"`;
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites ${attrs}>`,
    `  <testsuite ${attrs}>`,
    ...cases,
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");

  function testCase(name: string, findings: Finding[]): string {
    const open = `    <testcase classname="${escapeXml(suite)}" name="${escapeXml(name)}"`;
    if (findings.length === 0) return `${open}/>`;
    const failures = findings.map(
      (f) =>
        `      <failure type="${escapeXml(f.rule)}" message="${escapeXml(f.message)}">${escapeXml(failureText(f))}</failure>`,
    );
    return [`${open}>`, ...failures, "    </testcase>"].join("\n");
  }
}

function failureText(f: Finding): string {
  const lines = [`${f.severity} ${f.rule}: ${f.message}`];
  if (f.status !== undefined) lines.push(`status: ${f.status}`);
  if (f.instancePointer !== undefined) lines.push(`response: #${f.instancePointer}`);
  if (f.specPointer !== undefined) lines.push(`spec: #${f.specPointer}`);
  if (f.specLocation) lines.push(`at: ${f.specLocation.file}:${f.specLocation.line}:${f.specLocation.col}`);
  if (f.request) lines.push(`reproduce: ${f.request.curl}`);
  return lines.join("\n");
}
