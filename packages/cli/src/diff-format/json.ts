/**
 * `--format json`: every change (whatever `--changelog` says: consumers filter), with the verdict.
 * The shape is versioned so scripts can rely on it.
 */
import { type DiffFormatOptions, type DiffReport, failed } from "./report.js";

export const DIFF_JSON_VERSION = 1;

export function formatDiffJson(report: DiffReport, _options: DiffFormatOptions): string {
  const body = {
    version: DIFF_JSON_VERSION,
    base: report.base,
    head: report.head,
    failOn: report.failOn,
    failed: failed(report),
    counts: report.result.counts,
    changes: report.result.changes,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
