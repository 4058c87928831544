/**
 * The note that the evidence was redacted, in words: one sentence for the page's note, the text
 * summary and "copy as text" alike, plus the kinds with their counts for the page's list. A
 * reader of a shared report must see at once that names and addresses in it are pseudonyms.
 */
import type { RedactionNote } from '../model/index.js';
import { counted } from '../util/plural.js';

/**
 * What each rule of `podmortem redact` replaces (src/redact: secret-rules.ts, pseudonymize.ts).
 * A rule this podmortem does not know (a newer one's record) is shown by its name. Labels are plural.
 */
export const REDACTION_KIND_LABELS: Record<string, string> = {
  hostname: 'hostnames',
  ipv4: 'IPv4 addresses',
  ipv6: 'IPv6 addresses',
  mac: 'MAC addresses',
  user: 'user names',
  name: 'namespace, pod, workload and container names',
  keyword: 'keywords',
  'pem-block': 'PEM blocks and private keys',
  'pem-base64': 'base64-encoded PEM blocks',
  'key-value': 'password, token and key values',
  'env-name': 'secret environment variables',
  'env-pair': 'secret environment name/value pairs',
  'secret-flag': 'secret command-line flags',
  authorization: 'authorization headers',
  bearer: 'bearer tokens',
  jwt: 'JSON web tokens',
  'bootstrap-token': 'bootstrap tokens',
  'url-password': 'passwords in URLs',
  'aws-access-key': 'AWS access keys',
  'gcp-key': 'GCP keys',
  'azure-signature': 'Azure signatures',
  'vendor-token': 'vendor API tokens',
  'yaml-block': 'secret YAML blocks',
  'argv-value': 'secret command-line values',
};

export interface RedactionKind {
  rule: string;
  label: string;
  count: number;
  secret: boolean;
}

export interface RedactionView {
  headline: string;
  sentence: string;
  kinds: RedactionKind[];
  caveat: string;
}

export function redactionKinds(note: RedactionNote): RedactionKind[] {
  const kinds = (counts: Record<string, number>, secret: boolean) =>
    Object.entries(counts).map(([rule, count]) => ({ rule, label: Object.hasOwn(REDACTION_KIND_LABELS, rule) ? (REDACTION_KIND_LABELS[rule] as string) : `values of rule ${rule}`, count, secret }));
  return [...kinds(note.pseudonyms, false), ...kinds(note.secrets, true)];
}

export function redactionView(note: RedactionNote | null): RedactionView | null {
  if (note === null) return null;
  const kinds = redactionKinds(note);
  const what = note.scope === 'bundle' ? 'This bundle' : 'This report';
  const how = note.scope === 'bundle' ? 'podmortem redact' : 'analyze --redact';
  return {
    headline: `${what} was redacted by ${note.redactedBy} (${how}).`,
    sentence: redactionSentence(note, kinds),
    kinds,
    caveat: caveat(note),
  };
}

/** "hostnames, IPv4 addresses and MAC addresses were replaced by pseudonyms; 3 secrets removed; 1 binary file dropped." */
function redactionSentence(note: RedactionNote, kinds: RedactionKind[]): string {
  const parts: string[] = [];
  const pseudonymized = kinds.filter((kind) => !kind.secret).map((kind) => kind.label);
  if (pseudonymized.length > 0) parts.push(`${listed(pseudonymized)} were replaced by pseudonyms`);
  const secrets = kinds.filter((kind) => kind.secret);
  const secretCount = secrets.reduce((sum, kind) => sum + kind.count, 0);
  if (secretCount > 0) parts.push(`${counted(secretCount, 'secret')} removed (${listed(secrets.map((kind) => kind.label))})`);
  if (parts.length === 0) parts.push('no value needed replacing');
  if (note.filesDropped > 0) parts.push(`${counted(note.filesDropped, 'binary file')} dropped`);
  if (note.filesSkipped > 0) parts.push(`${counted(note.filesSkipped, 'file')} left out (unreadable)`);
  const sentence = parts.join('; ');
  return `${sentence[0]!.toUpperCase()}${sentence.slice(1)}.`;
}

function caveat(note: RedactionNote): string {
  const pseudonyms = note.privateMap
    ? "Names and addresses in it are pseudonyms: only the sender's private map turns them back."
    : 'Names and addresses in it are pseudonyms. No private map was used: anyone can check a guessed original value against its pseudonym.';
  const source =
    note.scope === 'bundle'
      ? 'This note repeats the record podmortem redact wrote at the top of the bundle: a note of what the tool did, not a proof.'
      : 'The bundle it was made from was not changed.';
  return `${pseudonyms} ${source}`;
}

function listed(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
