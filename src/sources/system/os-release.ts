/**
 * `/etc/os-release` (os-release(5)): `KEY=value` lines, values optionally in double or single
 * quotes with `\"`, `\\`, `\$`, `` \` `` escapes, `#` comments. Sample (Debian 12):
 *
 *   PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
 *   ID=debian
 *
 *   → { prettyName: 'Debian GNU/Linux 12 (bookworm)', id: 'debian', fields: { PRETTY_NAME: …, ID: 'debian' } }
 */
import type { SourceFile } from '../source-reader.js';
import { BoundedRecord } from '../stats/columns.js';
import { createLineReader, type LineParser, type ReportIssue } from '../stats/line-reader.js';

export interface OsRelease {
  file: string;
  /** Every key as printed, values unquoted. */
  fields: Record<string, string>;
  id: string | null;
  /** `ID_LIKE=rhel fedora` → ['rhel', 'fedora']. */
  idLike: string[];
  name: string | null;
  prettyName: string | null;
  versionId: string | null;
  versionCodename: string | null;
  variantId: string | null;
}

export const MAX_OS_RELEASE_KEYS = 200;

const LINE = /^\s*([A-Za-z0-9_]+)=(.*)$/;

export function createOsReleaseReader() {
  return createLineReader(startOsRelease, (release) => Object.keys(release.fields).length === 0);
}

export function startOsRelease(file: SourceFile, report: ReportIssue): LineParser<OsRelease> {
  const fields = new BoundedRecord<string>(MAX_OS_RELEASE_KEYS);
  return {
    line(text, lineNo) {
      const trimmed = text.trim();
      if (trimmed === '' || trimmed.startsWith('#')) return;
      const match = LINE.exec(trimmed);
      const value = match ? unquote(match[2]!) : null;
      if (!match || value === null) return report(lineNo, 'not a KEY=value line');
      fields.set(match[1]!, value);
    },
    finish() {
      const get = (key: string) => fields.values[key] ?? null;
      if (fields.size === 0) report(null, 'no os-release fields found');
      return {
        file: file.path,
        fields: fields.values,
        id: get('ID'),
        idLike: (get('ID_LIKE') ?? '').split(/\s+/).filter(Boolean),
        name: get('NAME'),
        prettyName: get('PRETTY_NAME'),
        versionId: get('VERSION_ID'),
        versionCodename: get('VERSION_CODENAME'),
        variantId: get('VARIANT_ID'),
      };
    },
  };
}

/** `"Debian \"12\""` → `Debian "12"`; `'x y'` → `x y`; `plain` → `plain`; an unclosed quote → null. */
function unquote(raw: string): string | null {
  const value = raw.trim();
  const quote = value[0];
  if (quote !== '"' && quote !== "'") return value;
  if (value.length < 2 || value[value.length - 1] !== quote) return null;
  const inner = value.slice(1, -1);
  return quote === "'" ? inner : inner.replace(/\\(["\\$`])/g, '$1');
}
