/**
 * Hostnames and FQDNs, mapped label by label so that two hosts of one domain stay in one
 * pseudonym domain, and a pseudonym is still a valid hostname. Labels that say what kind of name
 * it is, not whose (`internal`, `compute`, `svc`, `cluster`, `local`, a cloud region, the
 * top-level domain), stay. A label that embeds an IP address (`ip-10-0-1-5`, `dhcp-192-168-0-66`,
 * `ec2-54-1-2-3`) keeps its form with the address mapped like any other, so the name and the
 * node's IP still agree. Public domains that name software, not a customer (`registry.k8s.io`,
 * `docker.io`, `github.com`), stay whole.
 */
import { originalIpv4, pseudonymIpv4 } from './network-pseudonyms.js';
import { hexLabel, type PseudonymTable } from './pseudonym-table.js';

/** Top-level domains recognised at the end of a dotted name (file extensions such as .sh, .py, .go are left out). */
export const TOP_LEVEL_DOMAINS = [
  'com',
  'net',
  'org',
  'io',
  'internal',
  'local',
  'localdomain',
  'lan',
  'corp',
  'home',
  'intra',
  'intranet',
  'cloud',
  'edu',
  'gov',
  'mil',
  'int',
  'biz',
  'info',
  'dev',
  'eu',
  'de',
  'uk',
  'fr',
  'nl',
  'us',
  'ca',
  'au',
  'jp',
  'ch',
  'at',
  'be',
  'se',
  'dk',
  'fi',
  'es',
  'cz',
  'br',
];

const STRUCTURAL = new Set([
  ...TOP_LEVEL_DOMAINS,
  'ec2',
  'compute',
  'compute-1',
  'amazonaws',
  'aws',
  'eks',
  'elb',
  'ecr',
  'dkr',
  's3',
  'rds',
  'svc',
  'cluster',
  'pod',
  'nodes',
  'cloudapp',
  'azure',
  'windows',
  'core',
  'googleusercontent',
  'goog',
  'c',
  'co',
  'www',
  'api',
  'mail',
  'kubernetes',
  'default',
  // cgroup file names (`memory.events.local`, `memory.stat`): dotted, but files, not hosts.
  'memory',
  'events',
  'stat',
  'swap',
  'pressure',
  'cpu',
  'pids',
  'max',
  'current',
  'peak',
  'high',
  'low',
  'min',
]);

/** Public domains kept whole, with their subdomains. */
const PUBLIC_DOMAINS = [
  'k8s.io',
  'kubernetes.io',
  'docker.io',
  'docker.com',
  'gcr.io',
  'quay.io',
  'ghcr.io',
  'github.com',
  'githubusercontent.com',
  'golang.org',
  'go.dev',
  'google.com',
  'googleapis.com',
  'ubuntu.com',
  'canonical.com',
  'debian.org',
  'redhat.com',
  'fedoraproject.org',
  'centos.org',
  'kernel.org',
  'freedesktop.org',
  'systemd.io',
  'containerd.io',
  'opencontainers.org',
  'cncf.io',
  'amazon.com',
  'microsoft.com',
  'mcr.microsoft.com',
  'example.com',
];

const REGION = /^[a-z]{2}(?:-gov)?-[a-z]+-\d$|^[a-z]+-[a-z]+\d$/;
const IP_LABEL = /^([a-z]+)-(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})$/i;

export function isPublicDomain(name: string): boolean {
  const lower = name.toLowerCase();
  return PUBLIC_DOMAINS.some((domain) => lower === domain || lower.endsWith(`.${domain}`));
}

/** One label's pseudonym: `host-1a2b3c4d`, or `ip-<mapped address>` for a label that embeds one. */
export function pseudonymLabel(table: PseudonymTable, label: string): string {
  const lower = label.toLowerCase();
  if (STRUCTURAL.has(lower) || REGION.test(lower)) return label;
  const embedded = IP_LABEL.exec(label);
  if (embedded && embedded.slice(2, 6).every((octet) => Number(octet) <= 255)) {
    return `${embedded[1]}-${pseudonymIpv4(table, embedded.slice(2, 6).join('.')).replace(/\./g, '-')}`;
  }
  return table.pseudonym('host', lower, hexLabel('host-'));
}

export function pseudonymHostname(table: PseudonymTable, name: string): string {
  if (isPublicDomain(name)) return name;
  return name
    .split('.')
    .map((label) => pseudonymLabel(table, label))
    .join('.');
}

export function originalHostname(table: PseudonymTable, name: string): string {
  return name
    .split('.')
    .map((label) => {
      const embedded = IP_LABEL.exec(label);
      if (embedded) return `${embedded[1]}-${originalIpv4(table, embedded.slice(2, 6).join('.')).replace(/\./g, '-')}`;
      return table.original('host', label) ?? label;
    })
    .join('.');
}
