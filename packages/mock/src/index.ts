/**
 * `@contract/mock`: a mock server for an OpenAPI 3.x contract. It routes every operation, validates
 * requests (400 with pointers into the request and the spec), answers with the spec's examples or
 * seeded synthesized bodies that pass the response schemas, honours `Prefer` like Prism, and pushes
 * signed webhooks through the runtime's sender.
 */
export { EmitError, type EmitRequest, type EmitSettings, findWebhook } from "./emit.js";
export {
  CONTROL_PREFIX,
  createMock,
  loadMock,
  type Mock,
  type MockOptions,
  type MockRequest,
  type Reply,
  summarize,
} from "./mock.js";
export type { Problem, RequestIssue } from "./problem.js";
export { PROBLEM_HEADER } from "./response.js";
export { type RequestLogEntry, type RunningMock, type ServeOptions, serveMock } from "./server.js";
