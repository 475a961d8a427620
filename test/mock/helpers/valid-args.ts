/**
 * Call arguments for an operation that keep the contract: each required parameter from its example
 * when that passes its schema, else synthesized (seeded) until it does, and the body of the default
 * media type the same way. A mock that validates requests must accept every one of them.
 */
import {
  type ContractIR,
  createSchemaChecker,
  getAtPointer,
  type IRHttpOperation,
  type IRParameter,
  payloadFor,
  synthesize,
} from "@contract/core";

type Json = Record<string, unknown>;

const TRANSPORT = new Set(["content-length", "content-type", "host", "connection", "transfer-encoding"]);

export function validArgsFactory(ir: ContractIR): (op: IRHttpOperation) => Json {
  const checker = createSchemaChecker(ir.document);
  const problems = (pointer: string | undefined) => (value: unknown) =>
    pointer ? checker(pointer)(value).map((p) => `${p.pointer} ${p.message}`) : [];

  const parameterValue = (p: IRParameter): unknown => {
    const check = problems(p.schemaPointer ?? p.content?.schemaPointer);
    const declared = getAtPointer(ir.document, p.pointer) as Json | undefined;
    if (declared && "example" in declared && check(declared.example).length === 0) return declared.example;
    const schema = p.schema ?? p.content?.schema ?? true;
    for (let attempt = 0; attempt < 12; attempt++) {
      const value = synthesize(schema, ir.document, { seed: `${p.name}:${attempt}` });
      if (check(value).length === 0) return value;
    }
    throw new Error(`no valid value for parameter ${p.name} (${p.pointer})`);
  };

  return (op) => {
    const args: Json = {};
    for (const location of ["path", "query", "header", "cookie"] as const) {
      const values: Json = {};
      for (const p of op.parameters[location]) {
        // fetch owns the transport headers; a spec that declares `Content-Length` gets the real one.
        if (location === "header" && TRANSPORT.has(p.name.toLowerCase())) continue;
        if (p.required) values[p.name] = parameterValue(p);
      }
      if (Object.keys(values).length > 0) args[location] = values;
    }
    const content = op.requestBody?.content ?? [];
    const media = content.find((c) => c.mediaType === "application/json") ?? content[0];
    // fetch sends no body with GET or HEAD, whatever a spec declares.
    if (media && op.method !== "get" && op.method !== "head") {
      args.contentType = media.mediaType;
      args.body = payloadFor(ir.document, media, { seed: op.id, check: problems(media.schemaPointer) }).value;
    }
    return args;
  };
}

/** A credential for every security scheme of the contract, in the shape the generated client takes. */
export function credentialsFor(ir: ContractIR): Record<string, unknown> {
  return Object.fromEntries(
    ir.securitySchemes.map((s) => [
      s.name,
      s.type === "http" && s.scheme === "basic" ? { username: "user", password: "secret" } : "mock-token",
    ]),
  );
}
