/**
 * Pseudonyms for addresses that keep what a diagnosis reads from them:
 * - IPv4: the class (RFC 1918, CGNAT, public) stays, loopback, link-local, multicast and the
 *   all-zero/all-one addresses stay as they are, and the mapping is prefix-preserving at octet
 *   boundaries (the /8, /16 and /24 are mapped in turn, each under its parent), so addresses in one
 *   subnet stay in one pseudonym subnet and a route still covers what it covered. The host octet
 *   stays: `.1` is still the gateway.
 * - IPv6: loopback, unspecified and multicast stay; link-local keeps `fe80::/64` and maps the
 *   interface id; ULA and global addresses keep their class and map each of the four prefix
 *   hextets under its parent (so one /64 stays one /64), and the interface id unless it is small
 *   (`::1`, `::a`: a convention, not an identity).
 * - MAC: the vendor part (OUI) stays, the device part is mapped; broadcast, zero and multicast stay.
 */
import type { PseudonymTable } from './pseudonym-table.js';

export function pseudonymIpv4(table: PseudonymTable, address: string): string {
  const octets = address.split('.').map(Number);
  const [a, b, c, d] = octets as [number, number, number, number];
  const kept = keptIpv4(a, b);
  if (kept) return address;
  const top = topOctet(table, a);
  // 192.168/16 has no free bit above the /24: its /16 is itself, not a pseudonym.
  const second = a === 192 && b === 168 ? '192.168' : table.pseudonym('ipv4', `${a}.${b}`, (digest) => `${top}.${secondOctet(a, b, digest)}`);
  const third = table.pseudonym('ipv4', `${a}.${b}.${c}`, (digest) => `${second}.${digest[2]}`);
  return `${third}.${d}`;
}

/** The original of a pseudonym IPv4 address, or the address itself when it was never mapped. */
export function originalIpv4(table: PseudonymTable, address: string): string {
  const cut = address.lastIndexOf('.');
  const prefix = table.original('ipv4', address.slice(0, cut));
  return prefix === undefined ? address : `${prefix}${address.slice(cut)}`;
}

function keptIpv4(a: number, b: number): boolean {
  return a === 0 || a === 127 || a >= 224 || (a === 169 && b === 254);
}

const isPrivate = (a: number, b: number) => a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);

/** Private ranges keep their first octet; a public /8 becomes another public /8. */
function topOctet(table: PseudonymTable, a: number): number {
  if (a === 10 || a === 172 || a === 192 || a === 100) return a;
  return Number(
    table.pseudonym('ipv4', `${a}`, (digest) => {
      const candidate = 1 + (digest[0]! % 223);
      return [10, 100, 127, 169, 172, 192].includes(candidate) ? null : `${candidate}`;
    }),
  );
}

/** The second octet stays inside its class: 172.16–31, 192.168, 100.64–127; public stays public. */
function secondOctet(a: number, b: number, digest: Buffer): number {
  const byte = digest[1]!;
  if (a === 172 && b >= 16 && b <= 31) return 16 + (byte % 16);
  if (a === 100 && b >= 64 && b <= 127) return 64 + (byte % 64);
  if (a === 10) return byte;
  // A public first octet that shares its number with a private range must not land in it.
  if (isPrivate(a, byte) || (a === 169 && byte === 254)) return (byte + 128) % 256;
  return byte;
}

/** Eight hextets from an IPv6 text (`::` expanded, an IPv4 tail kept aside); null if malformed. */
export function parseIpv6(text: string): { hextets: number[]; v4Tail: string | null } | null {
  let v4Tail: string | null = null;
  let body = text;
  const v4 = /:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (v4) {
    v4Tail = v4[1]!;
    body = `${text.slice(0, v4.index)}:0:0`;
  }
  const halves = body.split('::');
  if (halves.length > 2) return null;
  const part = (half: string) => (half === '' ? [] : half.split(':'));
  const head = part(halves[0]!);
  const tail = halves.length === 2 ? part(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...new Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (groups.some((group) => !/^[0-9a-fA-F]{1,4}$/.test(group))) return null;
  return { hextets: groups.map((group) => parseInt(group, 16)), v4Tail };
}

/** RFC 5952 text: lower case, no leading zeros, the longest run of two or more zero groups as `::`. */
export function formatIpv6(hextets: number[], v4Tail: string | null = null): string {
  const groups = hextets.map((value) => value.toString(16));
  const count = v4Tail ? 6 : 8;
  let best = { at: -1, length: 1 };
  for (let i = 0; i < count;) {
    if (hextets[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < count && hextets[j] === 0) j++;
    if (j - i > best.length) best = { at: i, length: j - i };
    i = j;
  }
  const shown = groups.slice(0, count);
  const tail = v4Tail ? [v4Tail] : [];
  if (best.at < 0) return [...shown, ...tail].join(':');
  const left = shown.slice(0, best.at).join(':');
  const right = [...shown.slice(best.at + best.length), ...tail].join(':');
  return `${left}::${right}`;
}

export function pseudonymIpv6(table: PseudonymTable, text: string): string {
  const parsed = parseIpv6(text);
  if (!parsed) return text;
  const { hextets, v4Tail } = parsed;
  const first = hextets[0]!;
  if (v4Tail) return formatIpv6(hextets, pseudonymIpv4(table, v4Tail));
  if (first >= 0xff00 || hextets.slice(0, 7).every((value) => value === 0)) return text;
  const out = [...hextets];
  if ((first & 0xffc0) !== 0xfe80) {
    let parent = '';
    for (let i = 0; i < 4; i++) {
      const key = `${parent}${parent ? ':' : ''}${hextets[i]!.toString(16)}`;
      const mapped = table.pseudonym('ipv6', key, (digest) => {
        const value = i === 0 ? classHextet(first, digest.readUInt16BE(0)) : digest.readUInt16BE(0);
        return `${i === 0 ? '' : `${mappedParent(table, parent)}:`}${value.toString(16)}`;
      });
      out[i] = parseInt(mapped.split(':')[i]!, 16);
      parent = key;
    }
  }
  const iid = hextets.slice(4);
  if (iid.slice(0, 3).some((value) => value !== 0)) {
    const mapped = table.pseudonym('ipv6', `iid:${iid.map((value) => value.toString(16)).join(':')}`, (digest) => `iid:${[0, 2, 4, 6].map((at) => digest.readUInt16BE(at).toString(16)).join(':')}`);
    mapped
      .slice(4)
      .split(':')
      .forEach((group, index) => (out[4 + index] = parseInt(group, 16)));
  }
  return formatIpv6(out);
}

function mappedParent(table: PseudonymTable, parent: string): string {
  return table.pseudonym('ipv6', parent, () => null);
}

/** ULA (fc00::/7) stays ULA with its first byte; anything else lands in global unicast 2000::/3. */
function classHextet(first: number, random: number): number {
  if ((first & 0xfe00) === 0xfc00) return (first & 0xff00) | (random & 0xff);
  return 0x2000 | (random & 0x1fff);
}

/** The original of a pseudonym IPv6 address, as far as the table knows it. */
export function originalIpv6(table: PseudonymTable, text: string): string {
  const parsed = parseIpv6(text);
  if (!parsed || parsed.v4Tail) return parsed?.v4Tail ? formatIpv6(parsed.hextets, originalIpv4(table, parsed.v4Tail)) : text;
  const out = [...parsed.hextets];
  const prefix = parsed.hextets
    .slice(0, 4)
    .map((value) => value.toString(16))
    .join(':');
  const original = table.original('ipv6', prefix);
  if (original) original.split(':').forEach((group, index) => (out[index] = parseInt(group, 16)));
  const iid = table.original(
    'ipv6',
    `iid:${parsed.hextets
      .slice(4)
      .map((value) => value.toString(16))
      .join(':')}`,
  );
  if (iid)
    iid
      .slice(4)
      .split(':')
      .forEach((group, index) => (out[4 + index] = parseInt(group, 16)));
  return formatIpv6(out);
}

export function pseudonymMac(table: PseudonymTable, text: string): string {
  const separator = text[2]!;
  const bytes = text.split(/[:-]/).map((byte) => parseInt(byte, 16));
  if (bytes.every((byte) => byte === 0) || bytes.every((byte) => byte === 255) || (bytes[0]! & 1) === 1) return text;
  const key = bytes.map((byte) => byte.toString(16).padStart(2, '0')).join(':');
  const mapped = table.pseudonym('mac', key, (digest) => [...bytes.slice(0, 3), digest[0]!, digest[1]!, digest[2]!].map((byte) => byte.toString(16).padStart(2, '0')).join(':'));
  const shaped = mapped.split(':').join(separator);
  return text === text.toUpperCase() ? shaped.toUpperCase() : shaped;
}

export function originalMac(table: PseudonymTable, text: string): string {
  return table.original('mac', text.toLowerCase().replace(/-/g, ':')) ?? text;
}
