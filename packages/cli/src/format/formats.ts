/** The `--format` choices of `contract check`: a module of its own so that registering the command imports no formatter. */
export const OUTPUT_FORMATS = ["human", "json", "github"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
