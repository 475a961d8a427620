/**
 * `contract verify <spec> --base-url <url>`: reads the flags, runs the paths verification and
 * prints the report. Auth comes from `-H "Authorization: Bearer …"` or, when no header names it,
 * from `$CONTRACT_VERIFY_AUTH` (a whole `Authorization` value), so tokens need not be on the
 * command line. Credentials for the spec's security schemes come from `--credential`.
 */
import { randomBytes } from "node:crypto";
import { rename, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { getAtPointer, loadSpec } from "@contract/core";
import {
  CredentialError,
  formatReport,
  isReportFormat,
  REPORT_FORMATS,
  UnreachableError,
  verifyPaths,
} from "@contract/verify";
import type { VerifyFlags } from "../commands/verify.js";
import { CliExit, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from "../exit-codes.js";
import type { CliIO } from "../io.js";

const usage = (message: string) => new CliExit(EXIT_USAGE, `error: ${message}`);

export async function runVerifyPaths(spec: string, flags: VerifyFlags, io: CliIO): Promise<number> {
  const format = flags.format ?? "human";
  if (!isReportFormat(format))
    throw usage(`unknown --format ${format}; use one of ${REPORT_FORMATS.join(", ")}`);
  const baseUrl = parseBaseUrl(flags.baseUrl ?? "");
  const headers = parseHeaders(flags.header ?? []);
  const auth = process.env.CONTRACT_VERIFY_AUTH;
  if (auth && !Object.keys(headers).some((h) => h.toLowerCase() === "authorization"))
    headers.authorization = auth;
  const path = resolve(io.cwd, spec);
  const loaded = await loadSpec(path);
  const credentials = parseCredentials(flags.credential);
  const schemes = getAtPointer(loaded.document, "/components/securitySchemes") ?? {};
  for (const scheme of Object.keys(credentials ?? {}))
    if (!Object.hasOwn(schemes, scheme))
      throw usage(
        `--credential ${scheme}: the spec has no such security scheme (${Object.keys(schemes).join(", ") || "none"})`,
      );
  let report: Awaited<ReturnType<typeof verifyPaths>>;
  try {
    report = await verifyPaths(loaded, {
      baseUrl,
      headers,
      ...optional("credentials", credentials),
      ...optional("tags", flags.tag),
      ...optional("operations", flags.operation),
      ...optional("paths", flags.path),
      seed: flags.seed ?? "1",
      ...optional("maxRequests", count("--max-requests", flags.maxRequests, 0)),
      concurrency: count("--concurrency", flags.concurrency ?? "4", 1) ?? 4,
      timeoutMs: count("--timeout", flags.timeout ?? "10000", 1) ?? 10_000,
      ...optional("rate", count("--rate", flags.rate, 1)),
    });
  } catch (error) {
    if (error instanceof UnreachableError) throw new CliExit(EXIT_USAGE, `error: ${error.message}`);
    if (error instanceof CredentialError) throw usage(`--credential ${error.message}`);
    throw error;
  }
  const text = formatReport(report, format, { cwd: io.cwd, color: io.color && !flags.output, name: spec });
  if (flags.output) await writeAtomic(resolve(io.cwd, flags.output), text);
  else io.stdout(text);
  return report.findings.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function count(flag: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw usage(`${flag} must be an integer ≥ ${min}, got ${JSON.stringify(value)}`);
  return n;
}

function parseBaseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw usage(`--base-url ${JSON.stringify(text)} is not a URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw usage("--base-url must be http(s)");
  if (url.search || url.hash) throw usage("--base-url must not have a query or fragment");
  return url.href.replace(/\/+$/, "");
}

function parseHeaders(lines: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    const name = colon > 0 ? line.slice(0, colon).trim() : "";
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name))
      throw usage(`--header ${JSON.stringify(line)}: expected "Name: value"`);
    out[name.toLowerCase()] = line.slice(colon + 1).trim();
  }
  return out;
}

/**
 * `--credential scheme=value`, or `--credential scheme` with the value in
 * `$CONTRACT_CREDENTIAL_<SCHEME>` (upper case, other characters as `_`) to keep it off the command line.
 */
function parseCredentials(flags: readonly string[] | undefined): Record<string, string> | undefined {
  if (flags === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const flag of flags) {
    const at = flag.indexOf("=");
    const scheme = at === -1 ? flag : flag.slice(0, at);
    if (scheme === "") throw usage(`--credential ${JSON.stringify(flag)}: expected "scheme=value"`);
    const variable = `CONTRACT_CREDENTIAL_${scheme.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
    const value = at === -1 ? process.env[variable] : flag.slice(at + 1);
    if (value === undefined)
      throw usage(`--credential ${scheme}: no value given and $${variable} is not set`);
    out[scheme] = value;
  }
  return out;
}

/** Writes through a temporary file and a rename, so a reader never sees half a report. */
async function writeAtomic(target: string, text: string): Promise<void> {
  const temporary = `${target}.${randomBytes(6).toString("hex")}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, target);
}
