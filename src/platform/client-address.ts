import { BlockList, isIP } from 'node:net';

/**
 * The address per-address limits count against (sign-ups, failed logins, socket opens). Behind a
 * load balancer every TCP peer is the balancer, so with TRUSTED_PROXIES set the client is read from
 * `X-Forwarded-For`: its entries are taken from the right (the nearest hop first), skipping those
 * that are trusted proxies themselves; the first other one is the client. A client can put anything
 * at the left of the header, never at the right of what its proxies append, so it cannot choose
 * its address. A peer that is not a trusted proxy is the client, whatever it sends.
 */
export type ClientAddressOf = (peer: string | undefined, forwardedFor: string | string[] | undefined) => string;

/** `10.0.0.0/8`, `fd00::/8`, `192.0.2.10`: an address or a CIDR range; null when malformed. */
export function parseProxyEntry(
  entry: string,
): { address: string; prefix: number | null; family: 'ipv4' | 'ipv6' } | null {
  const [address = '', prefixText, extra] = entry.split('/');
  const version = isIP(address);
  if (!version || extra !== undefined) return null;
  const family = version === 4 ? 'ipv4' : 'ipv6';
  if (prefixText === undefined) return { address, prefix: null, family };
  const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  // A range of every address would let any client name its own address.
  if (!(prefix >= 1 && prefix <= (version === 4 ? 32 : 128))) return null;
  return { address, prefix, family };
}

/** An IPv4 address seen through an IPv6 socket (`::ffff:10.0.0.1`) is the IPv4 address. */
function plain(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/** Some proxies append the client's port: `192.0.2.1:5678`, `[2001:db8::1]:443`, `[2001:db8::1]`. */
function withoutPort(entry: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
  if (bracketed) return bracketed[1]!;
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(entry);
  return v4WithPort ? v4WithPort[1]! : entry;
}

export function createClientAddressOf(trustedProxies: readonly string[]): ClientAddressOf {
  if (trustedProxies.length === 0) return (peer) => (peer ? plain(peer) : 'unknown');
  const trusted = new BlockList();
  for (const entry of trustedProxies) {
    const parsed = parseProxyEntry(entry);
    if (!parsed) throw new Error(`not an IP address or CIDR range: "${entry}"`);
    if (parsed.prefix === null) trusted.addAddress(parsed.address, parsed.family);
    else trusted.addSubnet(parsed.address, parsed.prefix, parsed.family);
  }
  const isTrusted = (address: string) => {
    const version = isIP(address);
    return version !== 0 && trusted.check(address, version === 4 ? 'ipv4' : 'ipv6');
  };

  return (peer, forwardedFor) => {
    if (!peer) return 'unknown';
    let client = plain(peer);
    if (!isTrusted(client) || forwardedFor === undefined) return client;
    const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',');
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = plain(withoutPort(hops[i]!.trim()));
      // A malformed entry was written by the client (proxies write addresses): stop at the last good one.
      if (!isIP(hop)) break;
      client = hop;
      if (!isTrusted(hop)) break;
    }
    return client;
  };
}
