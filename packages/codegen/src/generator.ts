import type { ContractIR, Diagnostic } from "@contract/core";

/** One file a generator wants written, relative to the contract's output folder. */
export interface GeneratedFile {
  path: string;
  contents: string;
  /**
   * `generated` files are owned by contract and rewritten at will; `scaffold` files are created once
   * and then belong to the user (handler stubs): the writer never overwrites them.
   */
  ownership: "generated" | "scaffold";
  /**
   * Scaffold files only: the exact text of the existing user file this content extends (e.g. a
   * handler index with new registrations added). The writer replaces the file only while it still
   * holds exactly these bytes, so an edit made in between is never lost.
   */
  replaces?: string;
}

/** Options shared by every generator of one contract. */
export interface GenerateContext {
  ir: ContractIR;
  /** Version of the generator, for file headers. */
  generatorVersion: string;
  /**
   * Current contents of a file in the output folder (path relative to it), `undefined` if absent.
   * Only generators that extend user-owned files need it; absent in pure runs (tests, --check of a
   * new folder), where they behave as on a first run.
   */
  readExisting?: (path: string) => string | undefined;
  /** Warnings a generator raises about the user's files (e.g. a handler for a removed webhook). */
  report?: (diagnostic: Diagnostic) => void;
  /**
   * Absolute path of the output folder, when known. Scaffold files may then live next to it
   * (`../<folder>/…`): relative imports back into the output folder need its name.
   */
  outDir?: string;
  /** Handler stub folder (relative to the output folder) when the webhooks options name none. */
  defaultHandlersDir?: string;
}

/** A generator is pure: IR in, files out, no I/O. */
export type Generator<Options = unknown> = (
  context: GenerateContext,
  options: Options,
) => GeneratedFile[] | Promise<GeneratedFile[]>;
