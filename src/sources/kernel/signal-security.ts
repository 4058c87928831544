/**
 * AppArmor and SELinux denials, in kernel form (dmesg, kern.log) and audit.log form. Samples
 * (real-world wording, values changed; in the kernel-signals and audit-log fixtures):
 *
 *   audit: type=1400 audit(1704112268.123:812): apparmor="DENIED" operation="open" class="file" profile="cri-containerd.apparmor.d" name="/etc/shadow" pid=10233 comm="cat" requested_mask="r" denied_mask="r" fsuid=0 ouid=0
 *     → { kind: 'apparmor-denied', operation: 'open', profile: 'cri-containerd.apparmor.d', name: '/etc/shadow', pid: 10233, comm: 'cat', auditId: '1704112268.123:812' }
 *   type=AVC msg=audit(1704112368.001:820): avc:  denied  { read write } for  pid=5120 comm="nginx" name="app.sock" dev="tmpfs" ino=41231 scontext=system_u:system_r:container_t:s0:c12,c345 tcontext=system_u:object_r:var_run_t:s0 tclass=sock_file permissive=0
 *     → { kind: 'selinux-denied', permissions: ['read', 'write'], pid: 5120, comm: 'nginx', tclass: 'sock_file', permissive: false, … }
 *
 * Audit writes names with spaces or odd bytes as unquoted hex (`name=2F746D702F6D792073637269707420312E7368`).
 */
import type { AppArmorFields, SelinuxFields } from './kernel-signal.js';

const FIELD = /([a-z_]{1,40})=("[^"]{0,4096}"|[^\s"']{1,4096})/g;
const AUDIT_ID = /audit\((\d{1,12}\.\d{1,3}:\d{1,20})\)/;
const HEX = /^(?:[0-9A-F]{2}){1,2048}$/;

/** `key="value"` / `key=value` pairs as printed (quotes kept: they tell plain text from hex). */
function fieldsOf(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const match of text.matchAll(FIELD)) if (!fields.has(match[1]!)) fields.set(match[1]!, match[2]!);
  return fields;
}

function plain(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  return raw.startsWith('"') ? raw.slice(1, -1) : raw;
}

/** Audit prints untrusted strings quoted, or as unquoted hex when they hold spaces or odd bytes. */
function decoded(raw: string | undefined): string | null {
  if (raw === undefined || raw.startsWith('"')) return plain(raw);
  return HEX.test(raw) ? Buffer.from(raw, 'hex').toString('utf8') : raw;
}

function numberOf(raw: string | undefined): number | null {
  return raw !== undefined && /^\d{1,10}$/.test(raw) ? Number(raw) : null;
}

function auditIdOf(text: string, stampText: string): string | null {
  return AUDIT_ID.exec(text)?.[1] ?? AUDIT_ID.exec(stampText)?.[1] ?? null;
}

export function detectAppArmorDenial(text: string, stampText: string): AppArmorFields | null {
  const at = text.indexOf('apparmor="DENIED"');
  if (at < 0) return null;
  const fields = fieldsOf(text.slice(at));
  return {
    kind: 'apparmor-denied',
    operation: plain(fields.get('operation')),
    profile: decoded(fields.get('profile')),
    name: decoded(fields.get('name')),
    pid: numberOf(fields.get('pid')),
    comm: decoded(fields.get('comm')),
    requestedMask: plain(fields.get('requested_mask')),
    deniedMask: plain(fields.get('denied_mask')),
    auditId: auditIdOf(text, stampText),
  };
}

export function detectSelinuxDenial(text: string, stampText: string): SelinuxFields | null {
  const at = text.search(/avc: {1,2}denied/);
  if (at < 0) return null;
  const open = text.indexOf('{', at);
  const close = text.indexOf('}', open);
  if (open < 0 || close < 0 || open - at > 32) return null;
  const fields = fieldsOf(text.slice(close));
  const permissive = plain(fields.get('permissive'));
  return {
    kind: 'selinux-denied',
    permissions: text
      .slice(open + 1, close)
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 32),
    pid: numberOf(fields.get('pid')),
    comm: decoded(fields.get('comm')),
    name: decoded(fields.get('name') ?? fields.get('path')),
    scontext: plain(fields.get('scontext')),
    tcontext: plain(fields.get('tcontext')),
    tclass: plain(fields.get('tclass')),
    permissive: permissive === '1' ? true : permissive === '0' ? false : null,
    auditId: auditIdOf(text, stampText),
  };
}
