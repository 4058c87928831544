/**
 * Pseudonyms back to originals through a map: for the sender reading a support answer (or a
 * report of the redacted bundle). Values the map does not know stay as they are.
 */
import { originalHostname } from './host-pseudonyms.js';
import { originalIpv4, originalIpv6, originalMac, parseIpv6 } from './network-pseudonyms.js';
import type { PseudonymTable } from './pseudonym-table.js';

const LABELS: [RegExp, 'host' | 'user' | 'name' | 'keyword'][] = [
  [/host-[0-9a-f]{8}/g, 'host'],
  [/user-[0-9a-f]{8}/g, 'user'],
  [/name-[0-9a-f]{8}/g, 'name'],
  [/kw[0-9a-f]{8}/g, 'keyword'],
];

export function reverseText(table: PseudonymTable, text: string): string {
  let out = text.replace(/(?<![0-9A-Fa-f:-])[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}(?![0-9A-Fa-f:-])/g, (mac) => originalMac(table, mac));
  out = out.replace(/(?<![0-9A-Za-z:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4})(?![0-9A-Za-z:])/g, (address) =>
    parseIpv6(address) ? originalIpv6(table, address) : address,
  );
  out = out.replace(/(?<![0-9.])(?:\d{1,3}\.){3}\d{1,3}(?![0-9]|\.\d)/g, (address) => originalIpv4(table, address));
  out = out.replace(/(?<![A-Za-z0-9.])[a-z]+-\d{1,3}-\d{1,3}-\d{1,3}-\d{1,3}(?![A-Za-z0-9])/gi, (label) => originalHostname(table, label));
  for (const [pattern, kind] of LABELS) out = out.replace(pattern, (pseudonym) => table.original(kind, pseudonym) ?? pseudonym);
  return out;
}
