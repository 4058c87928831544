import { describe, expect, it } from 'vitest';
import { checkEntryPath } from '../../src/archive/path-policy.js';

describe('checkEntryPath', () => {
  it.each([
    ['pods/default_web_0b1c/app/0.log', 'pods/default_web_0b1c/app/0.log'],
    ['./kernel/dmesg.txt', 'kernel/dmesg.txt'],
    ['podmortem-node-1-20261128T040000Z/', 'podmortem-node-1-20261128T040000Z'],
    ['stats/caf\u0065\u0301.txt', 'stats/caf\u00e9.txt'],
  ])('accepts %j as %j', (raw, path) => {
    expect(checkEntryPath(raw)).toEqual({ ok: true, path });
  });

  it.each([
    ['../etc/passwd', 'path escapes the bundle (`..`)'],
    ['pods/../../etc/shadow', 'path escapes the bundle (`..`)'],
    ['/etc/passwd', 'absolute path'],
    ['C:/Windows/win.ini', 'name starts with a drive letter'],
    ['pods\\..\\x', 'name contains a backslash'],
    ['a\u0000b', 'name contains control characters'],
    ['evil\nname', 'name contains control characters'],
    ['bad-\uFFFD-utf8', 'name is not valid UTF-8'],
    ['a//b', 'path has empty or `.` segments'],
    ['a/./b', 'path has empty or `.` segments'],
    ['', 'empty name'],
    ['./', 'names the archive root'],
  ])('rejects %j: %s', (raw, reason) => {
    expect(checkEntryPath(raw)).toEqual({ ok: false, reason });
  });
});
