export interface DeliveryLoadOptions {
  deliveries?: number;
  duplicateShare?: number;
  receivers?: number;
  workers?: number;
  connections?: number;
  /** Jobs each worker runs at once (`concurrency`). Default 16. */
  workerConcurrency?: number;
  /** Deliveries of one batch job each worker runs at once (`batchConcurrency`). Default 16. */
  batchConcurrency?: number;
  /** Kill one worker and Redis mid-run. Default true. */
  crash?: boolean;
  settleMs?: number;
  log?: (line: string) => void;
}

export interface DeliveryLoadResult {
  deliveries: number;
  sends: number;
  requests: number;
  networkErrors: number;
  statuses: Record<string, number>;
  events: string[];
  ackedMs: number;
  processedMs: number;
  lost: number;
  effectsRecorded: number;
  doubledEffects: number;
  handlerRuns: number;
  idsRunTwice: number;
  failedJobs: number;
  openJobs: number;
  /** Most handlers one worker runs at once: `workerConcurrency` × `batchConcurrency`. */
  inFlightPerWorker: number;
}

export function runDeliveryLoad(options?: DeliveryLoadOptions): Promise<DeliveryLoadResult>;
