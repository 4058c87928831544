import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { securityDenials } from '../../src/rules/security-denials.js';
import { CONTAINER_ID, POD_UID, v2ContainerPath } from '../helpers/kernel-text.js';
import { checkRule, MANIFEST, utcAt } from '../helpers/model.js';
import { dmesg, psTable, type KernelLine } from './kernel-signal-text.js';

/** Kernel 5.15 wording (test/sources/kernel/fixtures/kernel-signals-dmesg-kernel-5.15.txt). */
const APPARMOR: KernelLine[] = [
  [
    2000.000001,
    'audit: type=1400 audit(1704112268.123:812): apparmor="DENIED" operation="open" class="file" profile="cri-containerd.apparmor.d" name="/etc/shadow" pid=10233 comm="cat" requested_mask="r" denied_mask="r" fsuid=0 ouid=0',
  ],
  [
    2000.100001,
    'audit: type=1400 audit(1704112268.223:813): apparmor="DENIED" operation="exec" profile="cri-containerd.apparmor.d" name=2F746D702F6D792073637269707420312E7368 pid=10240 comm="sh" requested_mask="x" denied_mask="x" fsuid=0 ouid=0',
  ],
];
const NGINX_AVC: KernelLine = [
  2100.000001,
  'audit: type=1400 audit(1704112368.001:820): avc:  denied  { read write } for  pid=5120 comm="nginx" name="app.sock" dev="tmpfs" ino=41231 scontext=system_u:system_r:container_t:s0:c12,c345 tcontext=system_u:object_r:var_run_t:s0 tclass=sock_file permissive=0',
];
const AUDIT_LOG = readFileSync(new URL('../sources/kernel/fixtures/audit-log-selinux-avc.txt', import.meta.url), 'utf8');

const POD_FILES = {
  [`pods/shop_checkout-7d9f8b6c5-x2x9q_${POD_UID}/api/0.log`]: '',
  'containers.txt': `checkout-7d9f8b6c5-x2x9q_shop_api-${CONTAINER_ID}.log\t/var/log/pods/shop_checkout-7d9f8b6c5-x2x9q_${POD_UID}/api/0.log\n`,
};

describe('security-denials', () => {
  it('reports AppArmor denials per process, naming the pod when the pid is in one', async () => {
    const ps = psTable([{ pid: 10233, comm: 'cat', cgroup: v2ContainerPath() }]);
    const { findings } = await checkRule(securityDenials, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': dmesg(APPARMOR), 'stats/ps.txt': ps, ...POD_FILES });
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'apparmor-in-pod',
        severity: 'warning',
        subject: { process: 'cat', namespace: 'shop', pod: 'checkout-7d9f8b6c5-x2x9q', container: 'api' },
        time: utcAt(2000.000001),
        data: expect.objectContaining({
          mechanism: 'apparmor',
          profile: 'cri-containerd.apparmor.d',
          operation: 'open',
          process: 'cat',
          denials: 1,
          target: '/etc/shadow',
          pids: [10233],
          deniedMasks: ['r'],
          containerProfile: true,
          namespace: 'shop',
          pod: 'checkout-7d9f8b6c5-x2x9q',
          container: 'api',
        }),
      }),
      expect.objectContaining({
        messageId: 'apparmor',
        subject: { process: 'sh' },
        data: expect.objectContaining({ operation: 'exec', process: 'sh', target: '/tmp/my script 1.sh', containerProfile: true, pod: null }),
      }),
    ]);
  });

  it('counts a denial once when dmesg and audit.log both hold it, and keeps permissive ones as info', async () => {
    const { findings } = await checkRule(securityDenials, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': dmesg([NGINX_AVC]), 'kernel/audit.log': AUDIT_LOG });
    const nginx = findings.find((f) => f.data.process === 'nginx');
    expect(nginx).toMatchObject({
      messageId: 'selinux',
      severity: 'warning',
      data: {
        mechanism: 'selinux',
        denials: 1,
        permissions: ['read', 'write'],
        tclass: 'sock_file',
        target: 'app.sock',
        scontext: 'system_u:system_r:container_t:s0:c12,c345',
        containerDomain: true,
        permissive: false,
      },
    });
    expect(nginx?.evidence).toHaveLength(1);
    const java = findings.find((f) => f.data.process === 'java');
    expect(java).toMatchObject({ messageId: 'selinux-permissive', severity: 'info', data: { permissions: ['write'], target: '/var/lib/data/app.lock', permissive: true } });
    expect(findings.some((f) => f.data.permissions?.toString() === 'setsecparam')).toBe(false);
  });

  it('groups repeats of one denial and keeps a flood of kinds to twenty findings and a summary', async () => {
    const repeats: KernelLine[] = [1, 2, 3].map((i) => [
      3000 + i,
      `audit: type=1400 audit(1704113000.${i}00:9${i}0): apparmor="DENIED" operation="mknod" profile="docker-default" name="/dev/fuse" pid=8811 comm="fusermount" requested_mask="c" denied_mask="c" fsuid=0 ouid=0`,
    ]);
    const flood: KernelLine[] = Array.from({ length: 22 }, (_, i) => [
      4000 + i,
      `audit: type=1400 audit(1704114000.${String(i).padStart(3, '0')}:2${i}): apparmor="DENIED" operation="open" profile="app-${i}" name="/proc/kcore" pid=${9000 + i} comm="scanner" requested_mask="r" denied_mask="r" fsuid=0 ouid=0`,
    ]);
    const { findings } = await checkRule(securityDenials, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': dmesg([...repeats, ...flood]) });
    expect(findings).toHaveLength(21);
    expect(findings.find((f) => f.data.process === 'fusermount')?.data).toMatchObject({ denials: 3, pids: [8811], firstTime: utcAt(3001), lastTime: utcAt(3003) });
    expect(findings.find((f) => f.messageId === 'more')?.data).toEqual({ groups: 3, denials: 3 });
  });

  it('does not fire on allowed or granted accesses', async () => {
    const allowed = dmesg([
      [
        5000,
        'audit: type=1400 audit(1704115000.001:950): apparmor="ALLOWED" operation="open" profile="complain-me" name="/etc/hosts" pid=700 comm="curl" requested_mask="r" denied_mask="r" fsuid=0 ouid=0',
      ],
      [
        5001,
        'audit: type=1400 audit(1704112600.000:850): avc:  granted  { setsecparam } for  pid=1 comm="systemd" scontext=system_u:system_r:init_t:s0 tcontext=system_u:object_r:security_t:s0 tclass=security',
      ],
      [5002, 'audit: type=1400 audit(1704115000.101:951): apparmor="STATUS" operation="profile_load" profile="unconfined" name="cri-containerd.apparmor.d" pid=880 comm="apparmor_parser"'],
    ]);
    const { run } = await checkRule(securityDenials, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': allowed });
    expect(run).toEqual({ ruleId: 'security-denials', status: 'ran', findings: 0 });
  });
});
