import type { ContractIR } from "@contract/core";

/** One file a generator wants written, relative to the contract's output folder. */
export interface GeneratedFile {
  path: string;
  contents: string;
  /**
   * `generated` files are owned by contract and rewritten at will; `scaffold` files are created once
   * and then belong to the user (handler stubs): the writer never overwrites them.
   */
  ownership: "generated" | "scaffold";
}

/** Options shared by every generator of one contract. */
export interface GenerateContext {
  ir: ContractIR;
  /** Version of the generator, for file headers. */
  generatorVersion: string;
}

/** A generator is pure: IR in, files out, no I/O. */
export type Generator<Options = unknown> = (
  context: GenerateContext,
  options: Options,
) => GeneratedFile[] | Promise<GeneratedFile[]>;
