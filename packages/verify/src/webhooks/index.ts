export {
  payloadMediaType,
  selectWebhooks,
  type WebhookContract,
  type WebhookTarget,
  webhookContract,
} from "./contract.js";
export { checkReceiver, type ReceiverCheckOptions } from "./receiver/run.js";
export {
  createDeliveryChecker,
  type DeliveryChecker,
  type DeliveryCheckOptions,
  type DeliveryVerdict,
  type ReceivedDelivery,
} from "./sender/check-delivery.js";
export { type Listener, type ListenOptions, listenForDeliveries } from "./sender/listen.js";
