/** Types of differential.mjs (plain JavaScript so scripts/check-differential.mjs runs it with node). */
export interface Spec {
  id: string;
  file: string;
  origin: string;
  license: string;
  bytes: number;
}

export interface Finding {
  tool: string;
  code: string;
  pointer: string;
  line?: number;
  file?: string;
  message: string;
  tags?: string[];
}

export type Peer = "redocly" | "spectral";

export interface KnownDifference {
  id: string;
  peer: Peer;
  rule: string;
  side: "ours-only" | "peer-only";
  spec?: string;
  pointer?: string;
  message?: string;
  tag?: string;
  verdict: string;
  reason: string;
}

export interface Disagreement {
  side: "ours-only" | "peer-only";
  rule: string;
  finding: Finding;
  explainedBy?: KnownDifference;
}

export interface Comparison {
  agreements: { rule: string; ours: Finding; theirs?: Finding }[];
  disagreements: Disagreement[];
}

export interface SpecResult {
  spec: Spec;
  ours: Finding[];
  peers: Partial<Record<Peer, Comparison & { findings: Finding[] }>>;
}

export interface Outcome {
  results: SpecResult[];
  rows: KnownDifference[];
}

export interface Summary {
  specs: number;
  findings: Map<string, number>;
  agreements: Map<string, number>;
  byRule: Map<string, number>;
  byVerdict: Map<string, number>;
  unexplained: (Disagreement & { spec: string; peer: Peer })[];
  rowUse: Map<string, number>;
  unusedRows: string[];
}

export const MAPPING: { rule: string; ours: string[]; redocly: unknown[]; spectral: unknown[] }[];
export const PEERS: Peer[];
export const VERDICTS: string[];
export const here: string;
export const repoRoot: string;
export function fullSample(options?: { perProvider?: number; maxBytes?: number }): Spec[];
export function shortSample(): Spec[];
export function runOurs(spec: Spec): Promise<Finding[]>;
export function runRedocly(specs: Spec[]): Promise<Map<string, Finding[]>>;
export function runSpectral(specs: Spec[]): Promise<Map<string, Finding[]>>;
export function mappedRule(tool: string, finding: Finding): string | undefined;
export function compare(ours: Finding[], theirs: Finding[], peer: Peer, entry?: string): Comparison;
export function loadKnownDifferences(): KnownDifference[];
export function explain(
  rows: KnownDifference[],
  peer: Peer,
  specId: string,
  d: Disagreement,
): KnownDifference | undefined;
export function differential(
  specs: Spec[],
  options?: { peers?: Peer[]; batch?: number; log?: (line: string) => void },
): Promise<Outcome>;
export function summarize(outcome: Outcome): Summary;
export function recompare(saved: SpecResult[]): Outcome;
export function renderKnownDifferences(): string;
