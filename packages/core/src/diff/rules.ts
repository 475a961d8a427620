/**
 * Every rule diff can report, declared as data: a stable code, a severity and a one-line message
 * template (`{name}` placeholders). Codes are public API: CI configurations and suppressions refer
 * to them, so they are never renamed once released.
 *
 * Rules about a message's content (schemas, parameters, bodies, statuses) depend on who writes the
 * message. An `input` is written by the contract's consumer (an operation's request, the receiver's
 * acknowledgement of a webhook): it may not become stricter. An `output` is read by the consumer
 * (an operation's response, a webhook's payload): it may not become weaker. Such rules are declared
 * once with a severity per role and expanded into one code per message side below.
 */
import type { ChangeSeverity } from "./types.js";

export interface DiffRule {
  code: string;
  severity: ChangeSeverity;
  message: string;
}

export type Role = "input" | "output";

export interface MessageSide {
  /** Prefix of the codes reported for this side. */
  prefix: string;
  role: Role;
}

/** The four message sides: the roles flip for webhooks because the provider sends the request. */
export const SIDES = {
  request: { prefix: "request", role: "input" },
  response: { prefix: "response", role: "output" },
  webhookPayload: { prefix: "webhook-payload", role: "output" },
  webhookResponse: { prefix: "webhook-response", role: "input" },
} as const satisfies Record<string, MessageSide>;

interface RoleRule {
  rule: string;
  /** Severity when the consumer writes the message; null when the change cannot hurt anyone. */
  input: ChangeSeverity | null;
  /** Severity when the consumer reads the message. */
  output: ChangeSeverity | null;
  message: string;
}

const OPERATION_RULES: DiffRule[] = [
  { code: "path-added", severity: "info", message: "path {path} added" },
  { code: "path-removed", severity: "breaking", message: "path {path} removed" },
  { code: "deprecated-path-removed", severity: "warning", message: "deprecated path {path} removed" },
  { code: "operation-added", severity: "info", message: "{operation} added" },
  { code: "operation-removed", severity: "breaking", message: "{operation} removed" },
  { code: "deprecated-operation-removed", severity: "warning", message: "deprecated {operation} removed" },
  { code: "webhook-added", severity: "info", message: "{operation} added" },
  { code: "webhook-removed", severity: "breaking", message: "{operation} removed" },
  { code: "deprecated-webhook-removed", severity: "warning", message: "deprecated {operation} removed" },
  { code: "operation-deprecated", severity: "info", message: "{operation} deprecated" },
  { code: "webhook-deprecated", severity: "info", message: "{operation} deprecated" },
  {
    code: "operation-id-changed",
    severity: "warning",
    message: "{operation}: operationId changed from {from} to {to}",
  },
  {
    code: "path-parameter-renamed",
    severity: "info",
    message: "{operation}: path parameter {from} renamed to {to}",
  },
  {
    code: "security-requirement-added",
    severity: "breaking",
    message: "{operation}: authentication now required ({to})",
  },
  {
    code: "security-alternative-removed",
    severity: "breaking",
    message: "{operation}: security requirement {from} no longer accepted",
  },
  {
    code: "security-scopes-added",
    severity: "breaking",
    message: "{operation}: security requirement {from} now needs scopes {scopes}",
  },
  {
    code: "security-alternative-added",
    severity: "info",
    message: "{operation}: security requirement {to} added",
  },
  {
    code: "security-requirement-removed",
    severity: "info",
    message: "{operation}: authentication no longer required",
  },
  {
    code: "webhook-security-changed",
    severity: "info",
    message: "{operation}: security changed from {from} to {to}",
  },
];

/** Schema rules; `{at}` names the schema (`schema Pet › tags[]`, `request body application/json`). */
const SCHEMA_RULES: RoleRule[] = [
  {
    rule: "type-changed",
    input: "breaking",
    output: "breaking",
    message: "{at}: type changed from {from} to {to}",
  },
  {
    rule: "type-narrowed",
    input: "breaking",
    output: "info",
    message: "{at}: type narrowed from {from} to {to}",
  },
  {
    rule: "type-widened",
    input: "info",
    output: "breaking",
    message: "{at}: type widened from {from} to {to}",
  },
  { rule: "became-nullable", input: "info", output: "breaking", message: "{at}: became nullable" },
  { rule: "became-non-nullable", input: "breaking", output: "info", message: "{at}: no longer nullable" },
  {
    rule: "enum-value-removed",
    input: "breaking",
    output: "info",
    message: "{at}: enum value {value} removed",
  },
  { rule: "enum-value-added", input: "info", output: "warning", message: "{at}: enum value {value} added" },
  { rule: "enum-added", input: "breaking", output: "info", message: "{at}: now restricted to {values}" },
  {
    rule: "enum-removed",
    input: "info",
    output: "breaking",
    message: "{at}: enum restriction {values} removed",
  },
  { rule: "pattern-added", input: "breaking", output: "info", message: "{at}: pattern {to} added" },
  {
    rule: "pattern-changed",
    input: "breaking",
    output: "warning",
    message: "{at}: pattern changed from {from} to {to}",
  },
  { rule: "pattern-removed", input: "info", output: "warning", message: "{at}: pattern {from} removed" },
  { rule: "format-added", input: "warning", output: "info", message: "{at}: format {to} added" },
  {
    rule: "format-changed",
    input: "warning",
    output: "warning",
    message: "{at}: format changed from {from} to {to}",
  },
  { rule: "format-removed", input: "info", output: "warning", message: "{at}: format {from} removed" },
  {
    rule: "default-changed",
    input: "breaking",
    output: "info",
    message: "{at}: default changed from {from} to {to}",
  },
  { rule: "default-added", input: "info", output: "info", message: "{at}: default {to} added" },
  { rule: "default-removed", input: "warning", output: "info", message: "{at}: default {from} removed" },
  {
    // A closed object (additionalProperties: false) now rejects what clients send today.
    rule: "property-no-longer-accepted",
    input: "breaking",
    output: null,
    message: "{at}: property {name} removed, and additional properties are not allowed",
  },
  {
    rule: "property-removed",
    input: "warning",
    output: "breaking",
    message: "{at}: property {name} removed",
  },
  {
    rule: "required-property-added",
    input: "breaking",
    output: "info",
    message: "{at}: required property {name} added",
  },
  {
    rule: "optional-property-added",
    input: "info",
    output: "info",
    message: "{at}: optional property {name} added",
  },
  {
    rule: "property-became-required",
    input: "breaking",
    output: "info",
    message: "{at}: property {name} became required",
  },
  {
    rule: "property-became-optional",
    input: "info",
    output: "breaking",
    message: "{at}: property {name} became optional",
  },
  {
    rule: "additional-properties-restricted",
    input: "breaking",
    output: "info",
    message: "{at}: additional properties no longer allowed",
  },
  {
    rule: "additional-properties-allowed",
    input: "info",
    output: "warning",
    message: "{at}: additional properties now allowed",
  },
  {
    rule: "unique-items-added",
    input: "breaking",
    output: "info",
    message: "{at}: items must now be unique",
  },
  { rule: "unique-items-removed", input: "info", output: "warning", message: "{at}: items no longer unique" },
  {
    rule: "multiple-of-changed",
    input: "breaking",
    output: "warning",
    message: "{at}: multipleOf changed from {from} to {to}",
  },
  { rule: "keyword-changed", input: "warning", output: "warning", message: "{at}: {keyword} changed" },
  {
    rule: "alternative-removed",
    input: "breaking",
    output: "info",
    message: "{at}: {keyword} alternative {name} removed",
  },
  {
    rule: "alternative-added",
    input: "info",
    output: "breaking",
    message: "{at}: {keyword} alternative {name} added",
  },
];

/**
 * Numeric limits, each expanded into `<keyword>-tightened` / `<keyword>-loosened` rules. An upper
 * bound tightens when lowered or added, a lower bound when raised or added.
 */
export const LIMIT_KEYWORDS = [
  { keyword: "maxLength", bound: "upper" },
  { keyword: "maximum", bound: "upper" },
  { keyword: "exclusiveMaximum", bound: "upper" },
  { keyword: "maxItems", bound: "upper" },
  { keyword: "maxProperties", bound: "upper" },
  { keyword: "minLength", bound: "lower" },
  { keyword: "minimum", bound: "lower" },
  { keyword: "exclusiveMinimum", bound: "lower" },
  { keyword: "minItems", bound: "lower" },
  { keyword: "minProperties", bound: "lower" },
] as const;
export type LimitKeyword = (typeof LIMIT_KEYWORDS)[number]["keyword"];

const LIMIT_RULES: RoleRule[] = LIMIT_KEYWORDS.flatMap(({ keyword }) => [
  {
    rule: `${kebab(keyword)}-tightened`,
    input: "breaking",
    output: "info",
    message: `{at}: ${keyword} {detail}`,
  },
  {
    rule: `${kebab(keyword)}-loosened`,
    input: "info",
    output: "breaking",
    message: `{at}: ${keyword} {detail}`,
  },
]);

/** Request bodies, webhook payloads, responses and acknowledgements; `{at}` is e.g. `request body`. */
const BODY_RULES: RoleRule[] = [
  { rule: "required-body-added", input: "breaking", output: "info", message: "required {at} added" },
  { rule: "optional-body-added", input: "info", output: "info", message: "optional {at} added" },
  { rule: "body-removed", input: "warning", output: "breaking", message: "{at} removed" },
  { rule: "body-became-required", input: "breaking", output: "info", message: "{at} became required" },
  { rule: "body-became-optional", input: "info", output: "breaking", message: "{at} became optional" },
  {
    rule: "media-type-removed",
    input: "breaking",
    output: "breaking",
    message: "{at}: media type {name} removed",
  },
  {
    rule: "error-media-type-removed",
    input: "warning",
    output: "warning",
    message: "{at}: media type {name} removed",
  },
  { rule: "media-type-added", input: "info", output: "info", message: "{at}: media type {name} added" },
  {
    rule: "success-status-removed",
    input: "breaking",
    output: "breaking",
    message: "{at}: success status {name} removed",
  },
  { rule: "status-removed", input: "warning", output: "info", message: "{at}: status {name} removed" },
  { rule: "status-added", input: "info", output: "info", message: "{at}: status {name} added" },
];

/** Parameters and headers; `{noun}` expands to both, `{at}` is e.g. `query parameter limit`. */
const FIELD_RULES: RoleRule[] = [
  { rule: "required-{noun}-added", input: "breaking", output: "info", message: "required {at} added" },
  { rule: "optional-{noun}-added", input: "info", output: "info", message: "optional {at} added" },
  { rule: "{noun}-removed", input: "warning", output: "breaking", message: "{at} removed" },
  { rule: "optional-{noun}-removed", input: "warning", output: "warning", message: "optional {at} removed" },
  { rule: "{noun}-became-required", input: "breaking", output: "info", message: "{at} became required" },
  { rule: "{noun}-became-optional", input: "info", output: "breaking", message: "{at} became optional" },
  {
    rule: "{noun}-style-changed",
    input: "breaking",
    output: "breaking",
    message: "{at}: style changed from {from} to {to}",
  },
  {
    rule: "{noun}-explode-changed",
    input: "breaking",
    output: "breaking",
    message: "{at}: explode changed from {from} to {to}",
  },
  { rule: "{noun}-deprecated", input: "info", output: "info", message: "{at} deprecated" },
  {
    rule: "{noun}-media-type-changed",
    input: "breaking",
    output: "breaking",
    message: "{at}: media type changed from {from} to {to}",
  },
];
const FIELD_NOUNS = ["parameter", "header"] as const;

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function expand(rules: RoleRule[]): DiffRule[] {
  const out: DiffRule[] = [];
  for (const side of Object.values(SIDES)) {
    for (const r of rules) {
      const severity = r[side.role];
      if (severity) out.push({ code: `${side.prefix}-${r.rule}`, severity, message: r.message });
    }
  }
  return out;
}

const fieldRules = FIELD_NOUNS.flatMap((noun) =>
  FIELD_RULES.map((r) => ({ ...r, rule: r.rule.replace("{noun}", noun) })),
);

/** Every rule, by code. */
export const RULES: ReadonlyMap<string, DiffRule> = new Map(
  [...OPERATION_RULES, ...expand([...SCHEMA_RULES, ...LIMIT_RULES, ...BODY_RULES, ...fieldRules])].map(
    (r) => [r.code, r],
  ),
);

/** Code of a role rule on a message side, e.g. (`webhook-payload`, `property-removed`). */
export function sideCode(side: MessageSide, rule: string): string {
  return `${side.prefix}-${rule}`;
}

export function limitRule(keyword: LimitKeyword, tightened: boolean): string {
  return `${kebab(keyword)}-${tightened ? "tightened" : "loosened"}`;
}

export type MessageParams = Record<string, string | number | undefined>;

export function renderMessage(template: string, params: MessageParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = params[key];
    return value === undefined ? whole : String(value);
  });
}
