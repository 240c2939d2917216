/** The addresses people type ("host:port") as the multiaddrs libp2p dials. */
import { InvalidInputError } from '../core/errors.js';

/** "host:port" (a DNS name, an IPv4 address or a bracketed IPv6 one, "[::1]:4100") as a multiaddr. */
export function hostPortMultiaddr(hostPort: string): string {
  const match = /^(?:\[([0-9a-fA-F:]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(hostPort);
  const port = Number(match?.[3]);
  if (match === null || port < 1 || port > 65535) throw new InvalidInputError(`address must be host:port, not "${hostPort}"`);
  const host = match[1] ?? match[2]!;
  const proto = match[1] !== undefined ? 'ip6' : /^\d{1,3}(\.\d{1,3}){3}$/.test(host) ? 'ip4' : 'dns';
  return `/${proto}/${host}/tcp/${port}`;
}

/** A node's public address as the multiaddr peers dial, with its node id. */
export function publicMultiaddr(hostPort: string, nodeId: string): string {
  return `${hostPortMultiaddr(hostPort)}/p2p/${nodeId}`;
}
