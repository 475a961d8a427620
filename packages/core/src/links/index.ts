/**
 * Webhook links: a webhook's success responses declare, with standard Link Objects, the API calls
 * that follow a delivery. The model the `check` rules and the webhooks generator share.
 */
export type { DeliverySource, LinkExpression, ParsedExpression } from "./expression.js";
export { parseLinkExpression } from "./expression.js";
export type {
  LinkFinding,
  LinkFindingCode,
  WebhookLink,
  WebhookLinkParameter,
  WebhookLinks,
} from "./model.js";
export { webhookLinks } from "./model.js";
export type { JsonType, SchemaPath } from "./schema-path.js";
export { walkSchemaPath } from "./schema-path.js";
