/**
 * The report of `contract verify --webhooks/--listen`: human or json, to stdout or `--output`
 * (written atomically). The human text names payloads and webhooks rather than responses and
 * operations; github annotations and JUnit XML are the shared formatters of @contract/verify.
 */
import { rename, writeFile } from "node:fs/promises";
import { relative, resolve } from "node:path";
import { type Finding, formatReport, type VerifyReport } from "@contract/verify";
import type { VerifyFlags } from "../commands/verify.js";
import { CliExit, EXIT_USAGE } from "../exit-codes.js";
import type { CliIO } from "../io.js";

/** Skipped webhooks listed one by one up to this many; beyond, counted. */
const MAX_SKIPPED_SHOWN = 12;

export async function printReport(report: VerifyReport, flags: VerifyFlags, io: CliIO): Promise<void> {
  const format = flags.format ?? "human";
  let text: string;
  if (format === "json") text = `${JSON.stringify(report, null, 2)}\n`;
  else if (format === "human") text = human(report, io.cwd);
  else if (format === "github" || format === "junit")
    text = formatReport(report, format, { cwd: io.cwd, name: "webhooks" });
  else throw new CliExit(EXIT_USAGE, `error: unknown --format ${format}; use human, json, github or junit`);
  if (flags.output === undefined) {
    io.stdout(text);
    return;
  }
  const path = resolve(io.cwd, flags.output);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}

function where(finding: Finding, cwd: string): string {
  const at = finding.specLocation;
  const file = at ? ` (${relative(cwd, at.file) || at.file}:${at.line}:${at.col})` : "";
  return finding.specPointer !== undefined ? `#${finding.specPointer}${file}` : "";
}

function human(report: VerifyReport, cwd: string): string {
  const errors = report.findings.filter((f) => f.severity === "error").length;
  const warnings = report.findings.length - errors;
  let out = "";
  for (const finding of report.findings) {
    out += `${finding.severity === "error" ? "✗" : "!"} ${finding.rule}  ${finding.operation}: ${finding.message}\n`;
    if (finding.instancePointer !== undefined) out += `    payload: ${finding.instancePointer || "(root)"}\n`;
    const spec = where(finding, cwd);
    if (spec) out += `    spec: ${spec}\n`;
  }
  const shown = report.skipped.slice(0, MAX_SKIPPED_SHOWN);
  for (const skip of shown) out += `- skipped ${skip.operation}: ${skip.reason}\n`;
  if (report.skipped.length > shown.length)
    out += `- … ${report.skipped.length - shown.length} more skipped (--format json lists them)\n`;
  const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  out += `${count(report.checked.length, "webhook")} checked, ${count(report.exchanges, "delivery", "deliveries")}: `;
  out += `${count(errors, "error")}, ${count(warnings, "warning")}\n`;
  return out;
}
