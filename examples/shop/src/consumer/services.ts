/**
 * What the consumer's webhook handlers use: the generated API client and a place to record what
 * they did. The handlers are plain modules the user owns, so they reach their dependencies here
 * rather than through arguments the generated receiver does not know about.
 */
import type { Client } from "../../generated/consumer/client.js";
import type { components } from "../../generated/consumer/types.js";

export interface PaidOrderNotice {
  deliveryId: string | undefined;
  order: components["schemas"]["Order"];
  payment: components["schemas"]["Payment"];
}

export interface ConsumerServices {
  api: Client<true>;
  /** Orders whose payment the consumer has confirmed through the API. */
  paid: PaidOrderNotice[];
  cancelled: string[];
  log: (line: string) => void;
}

let current: ConsumerServices | undefined;

export function provideServices(services: ConsumerServices): void {
  current = services;
}

export function services(): ConsumerServices {
  if (!current) throw new Error("the consumer's services are not set up: call startConsumer first");
  return current;
}
