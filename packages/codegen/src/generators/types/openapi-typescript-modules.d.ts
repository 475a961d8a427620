// The package ships types for its index only; these deep modules are what the index re-exports.
declare module "openapi-typescript/dist/lib/ts.mjs" {
  export const astToString: typeof import("openapi-typescript").astToString;
  export const enumCache: typeof import("openapi-typescript").enumCache;
}
declare module "openapi-typescript/dist/lib/utils.mjs" {
  export const scanDiscriminators: typeof import("openapi-typescript").scanDiscriminators;
  export const resolveRef: typeof import("openapi-typescript").resolveRef;
}
declare module "openapi-typescript/dist/transform/index.mjs" {
  const transformSchema: typeof import("openapi-typescript").transformSchema;
  export default transformSchema;
}
declare module "openapi-typescript/dist/transform/schema-object.mjs" {
  const transformSchemaObject: typeof import("openapi-typescript").transformSchemaObject;
  export default transformSchemaObject;
}
