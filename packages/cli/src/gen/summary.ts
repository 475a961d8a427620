/** What `contract gen` prints: one line per contract, the file lists `--check` is about, timings. */
import type { StageTiming, WriteReport } from "@contract/codegen";
import { palette } from "../format/color.js";
import { displayPath } from "../format/paths.js";

export interface ContractOutcome {
  name: string;
  out: string;
  report: WriteReport;
  timings: StageTiming[];
  ms: number;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
export const formatMs = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`);

export function summarizeWrite(o: ContractOutcome, cwd: string, color: boolean, timings: boolean): string {
  const p = palette(color);
  const r = o.report;
  const parts = [`${r.written.length} written`, `${r.unchanged.length} unchanged`];
  if (r.scaffolded.length) parts.push(`${r.scaffolded.length} scaffolded`);
  if (r.removed.length) parts.push(`${r.removed.length} removed`);
  const lines = [`✓ ${p.bold(o.name)} → ${displayPath(o.out, cwd)}: ${parts.join(", ")} (${formatMs(o.ms)})`];
  for (const path of r.kept) {
    lines.push(
      `  ${p.yellow("kept")} ${path}: no longer generated, but edited since; left in place (delete it if unused)`,
    );
  }
  if (timings) lines.push(...timingLines(o.timings));
  return `${lines.join("\n")}\n`;
}

/** A contract with nothing to do (no input changed, every output intact): nothing was loaded or touched. */
export function summarizeUnchanged(
  o: { name: string; out: string; files: number; ms: number },
  cwd: string,
  color: boolean,
  check: boolean,
): string {
  const where = `${palette(color).bold(o.name)} → ${displayPath(o.out, cwd)}`;
  return check
    ? `✓ ${where}: ${plural(o.files, "file")} up to date, inputs unchanged (${formatMs(o.ms)})\n`
    : `✓ ${where}: nothing changed, ${plural(o.files, "file")} up to date (${formatMs(o.ms)})\n`;
}

/** `--check`: every stale, missing and extra file by name. */
export function summarizeCheck(o: ContractOutcome, cwd: string, color: boolean, timings: boolean): string {
  const p = palette(color);
  const r = o.report;
  const problems = r.stale.length + r.missing.length + r.extra.length;
  const where = `${p.bold(o.name)} → ${displayPath(o.out, cwd)}`;
  const lines =
    problems === 0
      ? [`✓ ${where}: ${plural(r.unchanged.length, "file")} up to date (${formatMs(o.ms)})`]
      : [
          `${p.red("✗")} ${where}: ${[
            r.stale.length ? `${r.stale.length} stale` : "",
            r.missing.length ? `${r.missing.length} missing` : "",
            r.extra.length ? `${r.extra.length} extra` : "",
          ]
            .filter(Boolean)
            .join(", ")} — run \`contract gen\``,
          ...r.stale.map((f) => `  ${p.red("stale  ")} ${f}`),
          ...r.missing.map((f) => `  ${p.red("missing")} ${f}`),
          ...r.extra.map((f) => `  ${p.red("extra  ")} ${f}`),
        ];
  if (timings) lines.push(...timingLines(o.timings));
  return `${lines.join("\n")}\n`;
}

/** `--timings` lines after a one-line summary. */
export const timingText = (timings: readonly StageTiming[]): string =>
  timings.length > 0 ? `${timingLines(timings).join("\n")}\n` : "";

function timingLines(timings: readonly StageTiming[]): string[] {
  return timings.map((t) => `  ${t.stage.padEnd(20)} ${formatMs(t.ms).padStart(9)}`);
}
