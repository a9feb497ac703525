import { BlockList, isIP } from 'node:net';

const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 3],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

/**
 * Loopback, private, link-local, carrier-grade NAT, documentation, multicast and reserved addresses,
 * IPv4 and IPv6. An IPv6 address that carries an IPv4 one is judged by that IPv4 address: mapped
 * (`::ffff:127.0.0.1`, `::ffff:7f00:1`), compatible (`::7f00:1`), NAT64 (`64:ff9b::/96`,
 * `64:ff9b:1::/48`), 6to4 (`2002::/16`) and Teredo (`2001::/32`, whose client address is inverted).
 * Anything that is not an address is refused.
 */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family !== 6) return true;
  const words = ipv6Words(address);
  const embedded = embeddedIpv4(words);
  if (embedded !== undefined) return blocked.check(embedded, 'ipv4');
  return blocked.check(address, 'ipv6');
}

/** The IPv4 address inside an IPv6 one, for the transition formats that carry one. */
function embeddedIpv4(words: number[]): string | undefined {
  const v4 = (high: number, low: number) => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  const zeros = (from: number, to: number) => words.slice(from, to).every((word) => word === 0);
  const w = words;
  if (zeros(0, 5) && (w[5] === 0xffff || w[5] === 0)) return v4(w[6]!, w[7]!); // mapped, compatible
  if (zeros(0, 4) && w[4] === 0xffff && w[5] === 0) return v4(w[6]!, w[7]!); // translated
  if (w[0] === 0x64 && w[1] === 0xff9b && (zeros(2, 6) || w[2] === 1)) return v4(w[6]!, w[7]!); // NAT64
  if (w[0] === 0x2002) return v4(w[1]!, w[2]!); // 6to4
  if (w[0] === 0x2001 && w[1] === 0) return v4(w[6]! ^ 0xffff, w[7]! ^ 0xffff); // Teredo client
  return undefined;
}

/** The eight 16-bit words of a valid IPv6 address (zone removed, embedded dotted IPv4 allowed). */
function ipv6Words(address: string): number[] {
  let text = address.split('%')[0]!.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) =>
    part === '' ? [] : part.split(':').map((word) => Number.parseInt(word, 16));
  const start = parse(head);
  const end = tail === undefined ? [] : parse(tail);
  return [...start, ...Array(8 - start.length - end.length).fill(0), ...end];
}
