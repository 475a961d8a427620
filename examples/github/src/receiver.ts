/**
 * A receiver for GitHub's webhooks, generated from GitHub's own OpenAPI description: signatures
 * checked the GitHub way (`X-Hub-Signature-256`), deliveries routed by `X-GitHub-Event` + `action`
 * (configured in contract.config.json, no GitHub-specific code), payloads validated against
 * GitHub's schemas with the `report` drift policy (GitHub's real deliveries do not always match
 * GitHub's own spec: the handler still runs, and the mismatch is reported).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { toNodeListener } from "@contract/runtime/node";
import { createWebhookReceiver, type WebhookHandlers } from "../generated/webhooks.js";

export interface Received {
  webhook: string;
  deliveryId: string | undefined;
  summary: string;
  valid: boolean;
}

export interface GithubReceiver {
  url: string;
  received: Received[];
  driftReports: string[];
  close(): Promise<void>;
}

export async function startGithubReceiver(options: {
  secret: string;
  port?: number;
  host?: string;
}): Promise<GithubReceiver> {
  const received: Received[] = [];
  const driftReports: string[] = [];
  const note = (webhook: string, deliveryId: string | undefined, summary: string, valid: boolean) =>
    received.push({ webhook, deliveryId, summary, valid });
  // A few typed handlers; webhooks without one are acknowledged and ignored.
  const handlers: WebhookHandlers = {
    push: (event) =>
      note(
        "push",
        event.deliveryId,
        `${event.payload.commits.length} commit(s) to ${event.payload.ref}`,
        event.validation.state === "valid",
      ),
    "issues-opened": (event) =>
      note(
        "issues-opened",
        event.deliveryId,
        `#${event.payload.issue.number} ${event.payload.issue.title}`,
        event.validation.state === "valid",
      ),
    "pull-request-opened": (event) =>
      note(
        "pull-request-opened",
        event.deliveryId,
        `PR #${event.payload.number} by ${event.payload.sender.login}`,
        event.validation.state === "valid",
      ),
    "release-published": (event) =>
      note(
        "release-published",
        event.deliveryId,
        `release ${event.payload.release.tag_name}`,
        event.validation.state === "valid",
      ),
    "star-created": (event) =>
      note(
        "star-created",
        event.deliveryId,
        `starred by ${event.payload.sender.login}`,
        event.validation.state === "valid",
      ),
    ping: (event) =>
      note("ping", event.deliveryId, `zen: ${event.payload.zen ?? ""}`, event.validation.state === "valid"),
  };
  const receiver = createWebhookReceiver({
    secret: options.secret,
    handlers,
    onError: () => {},
    onValidationError: (report) =>
      driftReports.push(
        `${report.webhook}: ${report.errors[0]?.pointer || "/"} ${report.errors[0]?.message}`,
      ),
  });
  const server = createServer(toNodeListener(receiver));
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  return {
    url: `http://${host}:${(server.address() as AddressInfo).port}/`,
    received,
    driftReports,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
