/**
 * The connect-time half of the target check: a `lookup` for node:net that resolves a name with the
 * sender's `HostLookup`, refuses the connection when any answer is not a permitted target, and
 * otherwise hands net exactly the addresses it checked. The socket can only connect to an address
 * that was checked, so a DNS answer that changes after an earlier check (rebinding) is caught.
 * (node:net does not call `lookup` for IP literals: the transport checks those itself.)
 */
import type { LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import { type HostLookup, resolvedProblem } from "./targets.js";
import { RefusedTargetError } from "./transport.js";

export function checkedLookup(lookup: HostLookup, refusePrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    resolveChecked(lookup, refusePrivate, hostname, familyOf(options.family)).then(
      (addresses) => {
        if (options.all) return callback(null, addresses);
        const first = addresses[0] as LookupAddress;
        callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ""),
    );
  };
}

async function resolveChecked(
  lookup: HostLookup,
  refusePrivate: boolean,
  hostname: string,
  family: 4 | 6 | undefined,
): Promise<LookupAddress[]> {
  const answered = await lookup(hostname);
  // Every answer is checked, not only those of the family asked for: the name is what is refused.
  const problem = refusePrivate ? resolvedProblem(hostname, answered) : undefined;
  if (problem !== undefined) throw new RefusedTargetError(`${problem}, when connecting`);
  const addresses = answered
    .map((address) => ({ address, family: address.includes(":") ? 6 : 4 }))
    .filter((a) => family === undefined || a.family === family);
  if (addresses.length === 0) {
    const notFound: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
    notFound.code = "ENOTFOUND";
    throw notFound;
  }
  return addresses;
}

/** net asks for a family as 4/6, "IPv4"/"IPv6", or 0/undefined for any. */
function familyOf(family: number | string | undefined): 4 | 6 | undefined {
  if (family === 4 || family === "IPv4") return 4;
  if (family === 6 || family === "IPv6") return 6;
  return undefined;
}
