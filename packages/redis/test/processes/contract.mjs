/** The contract the multi-process test's receivers and workers share (built packages, plain JS). */
export const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

export const definition = {
  webhooks: [{ name: "order.paid", methods: ["post"], mediaTypes: ["application/json"] }],
  signature: "standard-webhooks",
  route: { by: "body", field: "type" },
};

export const connectionOf = (port) => ({ host: "127.0.0.1", port, maxRetriesPerRequest: null });

/** Handler effect, idempotent by delivery id: the id is appended to the log only the first time. */
export const RECORD_EFFECT = `
if redis.call('SET', KEYS[1], ARGV[2], 'NX') then
  redis.call('RPUSH', KEYS[2], ARGV[1])
  return 1
end
return 0`;
