/**
 * Which webhook targets a sender refuses: loopback, private, link-local, unspecified, multicast and
 * reserved addresses (IPv4 and IPv6, IPv4-mapped/-compatible, NAT64 and 6to4 forms included) and
 * `localhost` names, checked on the URL's host and on every address its name resolves to. A
 * consumer-supplied URL must not make a provider's sender reach its own network (SSRF).
 * Pure parsing (no `node:net`), so it runs wherever the sender does.
 */

/** Resolves a host name to IP addresses (default: `node:dns` where available). */
export type HostLookup = (hostname: string) => Promise<readonly string[]>;

function parseIPv4(text: string): number[] | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  const octets = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : Number.NaN));
  return octets.every((o) => o >= 0 && o <= 255) ? octets : undefined;
}

/** Eight 16-bit groups, or undefined when `text` is not an IPv6 address. */
function parseIPv6(text: string): number[] | undefined {
  let address = text.toLowerCase();
  const zone = address.indexOf("%");
  if (zone >= 0) address = address.slice(0, zone);
  let tail: number[] = [];
  const lastColon = address.lastIndexOf(":");
  if (address.slice(lastColon + 1).includes(".")) {
    const v4 = parseIPv4(address.slice(lastColon + 1));
    if (!v4) return undefined;
    tail = [(v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!];
    address = `${address.slice(0, lastColon + 1)}${tail.length ? "0:0" : ""}`;
  }
  const halves = address.split("::");
  if (halves.length > 2) return undefined;
  const groups = (part: string) => (part === "" ? [] : part.split(":"));
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? head.length !== 8 : missing < 1) return undefined;
  const all = [...head, ...Array(halves.length === 2 ? missing : 0).fill("0"), ...rest];
  if (!all.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined;
  const values = all.map((g) => Number.parseInt(g, 16));
  if (tail.length) values.splice(6, 2, ...tail);
  return values;
}

/** Why an IPv4 address is not a public unicast one, or undefined when it is. */
function ipv4Problem(o: number[]): string | undefined {
  const [a, b] = o as [number, number, number, number];
  if (a === 0) return "unspecified/this-network (0.0.0.0/8)";
  if (a === 10) return "private (10.0.0.0/8)";
  if (a === 127) return "loopback (127.0.0.0/8)";
  if (a === 169 && b === 254) return "link-local (169.254.0.0/16)";
  if (a === 172 && b >= 16 && b <= 31) return "private (172.16.0.0/12)";
  if (a === 192 && b === 168) return "private (192.168.0.0/16)";
  if (a === 100 && b >= 64 && b <= 127) return "shared address space (100.64.0.0/10)";
  if (a === 192 && b === 0 && o[2] === 0) return "IETF protocol assignments (192.0.0.0/24)";
  if (a === 198 && (b === 18 || b === 19)) return "benchmarking (198.18.0.0/15)";
  if (a >= 224) return "multicast or reserved (224.0.0.0/3)";
  return undefined;
}

function ipv6Problem(g: number[]): string | undefined {
  const v4 = (hi: number, lo: number) => [hi >> 8, hi & 255, lo >> 8, lo & 255];
  if (g.every((x) => x === 0)) return "unspecified (::)";
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return "loopback (::1)";
  if (g.slice(0, 5).every((x) => x === 0) && (g[5] === 0xffff || g[5] === 0)) {
    const problem = ipv4Problem(v4(g[6]!, g[7]!));
    return problem && `IPv4-mapped ${problem}`;
  }
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) {
    const problem = ipv4Problem(v4(g[6]!, g[7]!));
    return problem && `NAT64 ${problem}`;
  }
  if (g[0] === 0x2002) {
    const problem = ipv4Problem(v4(g[1]!, g[2]!));
    return problem && `6to4 ${problem}`;
  }
  if ((g[0]! & 0xfe00) === 0xfc00) return "unique local (fc00::/7)";
  if ((g[0]! & 0xffc0) === 0xfe80) return "link-local (fe80::/10)";
  if ((g[0]! & 0xffc0) === 0xfec0) return "site-local (fec0::/10)";
  if ((g[0]! & 0xff00) === 0xff00) return "multicast (ff00::/8)";
  return undefined;
}

/** Why `address` (an IP literal) may not be a webhook target; undefined when it may, or is no IP. */
export function addressProblem(address: string): string | undefined {
  const bare = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  const v4 = parseIPv4(bare);
  if (v4) return ipv4Problem(v4);
  const v6 = bare.includes(":") ? parseIPv6(bare) : undefined;
  if (v6) return ipv6Problem(v6);
  return undefined;
}

const isIpLiteral = (host: string) =>
  parseIPv4(host) !== undefined || (host.startsWith("[") && host.endsWith("]"));

/** Why `url` may not be a webhook target (after resolving its name with `lookup`), or undefined. */
export async function targetProblem(
  url: string,
  lookup: HostLookup | undefined,
): Promise<string | undefined> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined; // fetch reports the bad URL itself
  }
  // The URL parser already normalizes 2130706433, 0x7f.1 and ::ffff:127.0.0.1 forms.
  const host = parsed.hostname.toLowerCase().replace(/\.$/, "");
  const literal = addressProblem(host);
  if (literal) return `${host} is ${literal}`;
  if (isIpLiteral(host)) return undefined;
  if (host === "localhost" || host.endsWith(".localhost")) return `${host} is loopback (localhost)`;
  if (!lookup) return undefined;
  let addresses: readonly string[];
  try {
    addresses = await lookup(host);
  } catch {
    return undefined; // a name that does not resolve fails in fetch, as a network error
  }
  return resolvedProblem(host, addresses);
}

/** Why `host`, resolved to `addresses`, may not be a target: the first refused address, or undefined. */
export function resolvedProblem(host: string, addresses: readonly string[]): string | undefined {
  for (const address of addresses) {
    const problem = addressProblem(address);
    if (problem) return `${host} resolves to ${address}, ${problem}`;
  }
  return undefined;
}

/** `node:dns` lookup of every address, where the platform has it (Node, Bun, Deno); else undefined. */
export const defaultLookup: HostLookup = async (hostname) => {
  const specifier = "node:dns";
  let dns: typeof import("node:dns");
  try {
    dns = await import(/* @vite-ignore */ specifier);
  } catch {
    return [];
  }
  const results = await dns.promises.lookup(hostname, { all: true, verbatim: true });
  return results.map((r) => r.address);
};
