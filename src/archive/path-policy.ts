/**
 * One path policy for every archive format and for directories. An entry name is accepted only
 * as a plain relative path: `pods/default_web_0b1c…/app/0.log`. Everything else is rejected with
 * the reason shown in the report's coverage section.
 */
export type PathCheck = { ok: true; path: string } | { ok: false; reason: string };

const CONTROL = /[\u0000-\u001f\u007f]/;

export function checkEntryPath(raw: string): PathCheck {
  if (raw.length === 0) return { ok: false, reason: 'empty name' };
  if (raw.includes('\uFFFD')) return { ok: false, reason: 'name is not valid UTF-8' };
  if (CONTROL.test(raw)) return { ok: false, reason: 'name contains control characters' };
  if (raw.includes('\\')) return { ok: false, reason: 'name contains a backslash' };
  if (raw.startsWith('/')) return { ok: false, reason: 'absolute path' };
  if (/^[A-Za-z]:/.test(raw)) return { ok: false, reason: 'name starts with a drive letter' };

  // `tar` writes `./kernel/dmesg.txt` when run as `tar -C dir .`; that prefix is harmless.
  let path = raw;
  while (path.startsWith('./')) path = path.slice(2);
  if (path.endsWith('/')) path = path.replace(/\/+$/, '');
  if (path === '' || path === '.') return { ok: false, reason: 'names the archive root' };

  const segments = path.split('/');
  if (segments.includes('..')) return { ok: false, reason: 'path escapes the bundle (`..`)' };
  if (segments.some((s) => s === '' || s === '.')) {
    return { ok: false, reason: 'path has empty or `.` segments' };
  }
  if (path.length > 4096) return { ok: false, reason: 'name longer than 4096 characters' };
  return { ok: true, path: path.normalize('NFC') };
}
