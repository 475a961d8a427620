export interface MultiFileSpec {
  /** Absolute path of the entry file (`openapi.yaml`). */
  entry: string;
  /** Number of files written. */
  files: number;
  resources: number;
  operations: number;
  webhooks: number;
}

/** Writes a multi-file OpenAPI 3.1 spec of about `files` (default 2,000) files into `dir`. */
export function writeMultiFileSpec(
  dir: string,
  options?: { files?: number; webhooks?: number },
): Promise<MultiFileSpec>;
