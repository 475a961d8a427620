/**
 * `verifyPaths`: for every selected operation, valid requests (spec examples first, then seeded
 * synthesized ones) whose answers must match the spec, invalid requests that must get a 4xx, and
 * the operations its `links` lead to, fed with values from the real responses.
 */
import {
  buildIR,
  type IRHttpOperation,
  isJsonMediaType,
  type LoadedSpec,
  mediaTypeEssence,
  type PaginationRule,
  paginationOf,
} from "@contract/core";
import { curlCommand } from "../findings/curl.js";
import type { Finding, VerifyReport } from "../findings/finding.js";
import { hideSecrets, REDACTED } from "../findings/redact.js";
import { createBudget } from "./budget.js";
import { credentialForms, credentialsFor } from "./credentials.js";
import { linksOf } from "./links.js";
import { type InvalidRequest, invalidRequests } from "./negative.js";
import type { VerifyPathsOptions } from "./options.js";
import { firstPageBody, firstPageParams, itemsOf, nextStep, PAGES_FOLLOWED } from "./pagination.js";
import {
  bodyValue,
  buildRequest,
  type PlannedRequest,
  parameterValues,
  type RequestContext,
  sendableMedia,
} from "./request.js";
import { checkResponse, declaredResponse, type Problem } from "./responses.js";
import { createValidator } from "./schema-check.js";
import { operationName, selectOperations } from "./select.js";
import { type Exchange, isInsideBase, ResponseTooLargeError, send } from "./send.js";

/** Nothing answered at the base URL: the run says nothing about the provider. */
export class UnreachableError extends Error {}

/** How deep `links` are followed from one response (create → get → delete is two steps). */
const LINK_DEPTH = 3;

export async function verifyPaths(loaded: LoadedSpec, options: VerifyPathsOptions): Promise<VerifyReport> {
  const ir = buildIR(loaded.document);
  const document = loaded.document;
  const ctx: RequestContext = {
    document,
    baseUrl: options.baseUrl,
    headers: options.headers ?? {},
    validateRequest: createValidator(document, "request"),
    credentialsFor: (op) =>
      options.credentials === undefined
        ? undefined
        : credentialsFor(op, ir.securitySchemes, options.credentials, document),
  };
  const validateResponse = createValidator(document, "response");
  const budget = createBudget(options);
  const seed = String(options.seed ?? 1);
  const samples = Math.max(1, options.samples ?? 3);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const { selected, filteredOut } = selectOperations(ir.operations, options);
  const report: VerifyReport = {
    findings: [],
    exchanges: 0,
    checked: [],
    skipped: filteredOut.map((op) => ({ operation: operationName(op), reason: "filtered out" })),
  };
  let answered = 0;
  const networkErrors: string[] = [];

  // Headers given by the user carry credentials: reports end up in CI logs, so their values are hidden.
  const userHeaders = new Set(Object.keys(options.headers ?? {}).map((h) => h.toLowerCase()));
  // Credentials also travel in query strings and cookies: their values are hidden wherever they appear.
  const secrets = credentialForms(ir.securitySchemes, options.credentials ?? {});
  const finding = (op: IRHttpOperation, sent: PlannedRequest, problem: Problem, status?: number) => {
    const request = {
      ...sent,
      url: hideSecrets(sent.url, secrets),
      headers: redact(sent.headers, userHeaders, secrets),
    };
    const f: Finding = {
      subject: "paths",
      rule: problem.rule,
      severity: "error",
      operation: operationName(op),
      message: problem.message,
      request: {
        method: request.method,
        url: request.url,
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        curl: curlCommand(request),
      },
      specPointer: problem.specPointer,
    };
    if (status !== undefined) f.status = status;
    if (problem.instancePointer !== undefined) f.instancePointer = problem.instancePointer;
    const location = loaded.locate(problem.specPointer);
    if (location) f.specLocation = location;
    report.findings.push(f);
  };

  /** Sends within the budget; undefined when the budget is spent or nothing answered. */
  const exchange = async (op: IRHttpOperation, request: PlannedRequest): Promise<Exchange | undefined> => {
    if (!(await budget.take())) return undefined;
    report.exchanges++;
    try {
      const result = await send(
        options.baseUrl,
        request,
        timeoutMs,
        options.maxResponseBytes ?? 16 * 1024 * 1024,
      );
      answered++;
      return result;
    } catch (error) {
      if (error instanceof ResponseTooLargeError) {
        answered++;
        finding(op, request, { rule: "response-too-large", message: error.message, specPointer: op.pointer });
        return undefined;
      }
      const message = describeNetworkError(error);
      // A timeout means something is listening but slow: that is a finding, not an unreachable base URL.
      if (!isTimeout(error)) networkErrors.push(message);
      finding(op, request, { rule: "no-response", message, specPointer: op.pointer });
      return undefined;
    } finally {
      budget.release();
    }
  };

  const checkValid = async (op: IRHttpOperation, request: PlannedRequest, depth: number): Promise<void> => {
    const result = await exchange(op, request);
    if (!result) return;
    for (const problem of checkResponse(op, result, validateResponse, request.method, document))
      finding(op, request, problem, result.status);
    if (options.links === false || depth >= LINK_DEPTH || result.status >= 300) return;
    const response = declaredResponse(op, result.status);
    if (!response) return;
    const body = parseJsonBody(result);
    for (const link of linksOf(
      document,
      response,
      ir.operations,
      request,
      result.status,
      result.headers,
      body,
    )) {
      const target = link.target;
      const params = parameterValues(target, document, seed, 0);
      for (const [where, values] of Object.entries(link.params))
        Object.assign(params[where as keyof typeof params], values);
      const media = sendableMedia(target);
      if (target.requestBody?.required && !media) continue;
      const value = media ? bodyValue(target, media, ctx, seed, 0) : undefined;
      await checkValid(target, buildRequest(target, ctx, params, media, value), depth + 1);
    }
  };

  const pagination = options.pagination === false ? undefined : paginationOf(ir);

  /** Checks `request`'s answer as any valid request's; the answer, when it is a success to read on from. */
  const checkPage = async (op: IRHttpOperation, request: PlannedRequest): Promise<Exchange | undefined> => {
    const result = await exchange(op, request);
    if (!result) return undefined;
    for (const problem of checkResponse(op, result, validateResponse, request.method, document))
      finding(op, request, problem, result.status);
    return result.status >= 200 && result.status < 300 ? result : undefined;
  };

  /** The list from its first page on, as the spec's rule pages it (see ./pagination.ts). */
  const followPages = async (op: IRHttpOperation, rule: PaginationRule, sample: PlannedRequest) => {
    const specPointer = pagination?.pointers.get(op.id) ?? op.pointer;
    let request = buildRequest(
      op,
      ctx,
      firstPageParams(rule, sample.params),
      sample.media,
      firstPageBody(rule, sample.bodyValue),
    );
    let result = await checkPage(op, request);
    const cursors = new Set<string>();
    const urls = new Set([request.url]);
    let before: unknown[] | undefined;
    for (let page = 0; result && page <= PAGES_FOLLOWED; page++) {
      const body = parseJsonBody(result);
      const read = itemsOf(rule, op.id, body, specPointer);
      if ("problem" in read) return finding(op, request, read.problem, result.status);
      if (
        before &&
        read.items &&
        read.items.length > 0 &&
        JSON.stringify(read.items) === JSON.stringify(before)
      )
        return finding(
          op,
          request,
          {
            rule: "pagination-stuck",
            message: `page ${page + 1} has the same ${read.items.length} item(s) as page ${page}: the server ignores what moves the list on, and a client would read it forever`,
            specPointer,
          },
          result.status,
        );
      if (page === PAGES_FOLLOWED) return;
      before = read.items;
      const step = nextStep(rule, op.id, request, body, specPointer);
      if (step.kind === "end") return;
      if (step.kind === "problem") return finding(op, request, step.problem, result.status);
      let next: PlannedRequest;
      if (step.kind === "url") {
        // A next page elsewhere is not this provider's to verify.
        if (!isInsideBase(options.baseUrl, step.url)) return;
        if (urls.has(step.url))
          return finding(op, request, loop(`the next page's URL ${step.url}`, specPointer), result.status);
        urls.add(step.url);
        next = { ...request, url: step.url };
      } else {
        if (step.cursor !== undefined && cursors.has(step.cursor))
          return finding(op, request, loop(`the next cursor ${step.cursor}`, specPointer), result.status);
        if (step.cursor !== undefined) cursors.add(step.cursor);
        next = buildRequest(op, ctx, step.params, request.media, step.body);
      }
      request = next;
      result = await checkPage(op, request);
    }
  };

  const checkInvalid = async (op: IRHttpOperation, valid: PlannedRequest): Promise<void> => {
    const invalid: Array<InvalidRequest & { withoutCredentials?: true }> = invalidRequests(
      op,
      valid,
      document,
      ctx.validateRequest,
      userHeaders,
    );
    const credentials = ctx.credentialsFor(op);
    if (credentials && !credentials.optional) {
      invalid.push({
        description: "credentials left out",
        params: valid.params,
        bodyValue: valid.bodyValue,
        specPointer: credentials.specPointer,
        withoutCredentials: true,
      });
    }
    for (const bad of invalid) {
      const request = buildRequest(op, ctx, bad.params, valid.media, bad.bodyValue, !bad.withoutCredentials);
      const result = await exchange(op, request);
      if (!result) continue;
      if (result.status >= 200 && result.status < 300) {
        finding(
          op,
          request,
          {
            rule: bad.withoutCredentials ? "accepted-without-credentials" : "accepted-invalid-request",
            message: `an invalid request (${bad.description}) was answered ${result.status}; a 4xx was expected`,
            specPointer: bad.specPointer,
          },
          result.status,
        );
      } else if (result.status >= 500) {
        finding(
          op,
          request,
          {
            rule: "server-error",
            message: `an invalid request (${bad.description}) was answered ${result.status}; a 4xx was expected`,
            specPointer: bad.specPointer,
          },
          result.status,
        );
      }
    }
  };

  const verifyOperation = async (op: IRHttpOperation): Promise<void> => {
    const media = sendableMedia(op);
    if (op.requestBody?.required && !media) {
      const types = op.requestBody.content.map((c) => c.mediaType).join(", ");
      report.skipped.push({ operation: operationName(op), reason: `cannot build a ${types} body` });
      return;
    }
    report.checked.push(operationName(op));
    let first: PlannedRequest | undefined;
    for (let sample = 0; sample < samples; sample++) {
      const params = parameterValues(op, document, seed, sample);
      const value =
        media && (op.requestBody?.required || sample % 2 === 0)
          ? bodyValue(op, media, ctx, seed, sample)
          : undefined;
      const request = buildRequest(op, ctx, params, value === undefined ? undefined : media, value);
      first ??= request;
      await checkValid(op, request, 0);
    }
    const rule = pagination?.rules.get(op.id);
    if (first && rule) await followPages(op, rule, first);
    if (first && options.negative !== false) await checkInvalid(op, first);
  };

  await Promise.all(selected.map(verifyOperation));
  if (budget.refused > 0) {
    report.skipped.push({
      operation: "(run)",
      reason: `${budget.refused} request(s) not sent: --max-requests ${options.maxRequests} reached`,
    });
  }
  if (answered === 0 && networkErrors.length > 0 && networkErrors.length === report.findings.length)
    throw new UnreachableError(`nothing answered at ${options.baseUrl}: ${networkErrors[0]}`);
  report.checked.sort();
  report.findings.sort((a, b) => a.operation.localeCompare(b.operation));
  return report;
}

function redact(
  headers: Record<string, string>,
  secret: ReadonlySet<string>,
  secretValues: readonly string[],
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      secret.has(name) ? REDACTED : hideSecrets(value, secretValues),
    ]),
  );
}

const loop = (what: string, specPointer: string): Problem => ({
  rule: "pagination-loop",
  message: `${what} was already used: a client paging through the list would read it forever`,
  specPointer,
});

function parseJsonBody(result: Exchange): unknown {
  if (!isJsonMediaType(mediaTypeEssence(result.headers.get("content-type")))) return undefined;
  try {
    return JSON.parse(result.text);
  } catch {
    return undefined;
  }
}

const isTimeout = (error: unknown) => error instanceof Error && error.name === "TimeoutError";

function describeNetworkError(error: unknown): string {
  if (error instanceof Error) {
    if (isTimeout(error)) return "no answer before the timeout";
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return `request failed: ${cause?.code ?? cause?.message ?? error.message}`;
  }
  return `request failed: ${String(error)}`;
}
