/** The webhooks of a contract as the webhook files need them: one entry per webhook name. */
import type { ContractIR, IRWebhook } from "@contract/core";

export interface WebhookModel {
  name: string;
  /** Every operation under this name (one per HTTP method, almost always just `post`). */
  operations: IRWebhook[];
  methods: string[];
  mediaTypes: string[];
  summary?: string;
  /** Pointer of the first operation, for diagnostics. */
  pointer: string;
}

export function webhookModels(ir: ContractIR): WebhookModel[] {
  const byName = new Map<string, WebhookModel>();
  for (const op of ir.webhooks) {
    let model = byName.get(op.name);
    if (!model) {
      model = { name: op.name, operations: [], methods: [], mediaTypes: [], pointer: op.pointer };
      if (op.summary ?? op.description) model.summary = op.summary ?? op.description;
      byName.set(op.name, model);
    }
    model.operations.push(op);
    model.methods.push(op.method);
    for (const content of op.requestBody?.content ?? []) {
      if (!model.mediaTypes.includes(content.mediaType)) model.mediaTypes.push(content.mediaType);
    }
  }
  return [...byName.values()];
}
