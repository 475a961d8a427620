/** The config file names `contract` looks for in the working folder (a module of its own: see gen/fresh.ts). */
export const CONFIG_FILE_NAMES = [
  "contract.config.json",
  "contract.config.yaml",
  "contract.config.yml",
] as const;
