import { describe, expect, it } from 'vitest';
import { hardwareErrors } from '../../src/rules/hardware-errors.js';
import { checkRule, MANIFEST, utcAt } from '../helpers/model.js';
import { dmesg, journalKernel, type KernelLine } from './kernel-signal-text.js';

/** Kernel 5.15 wording (test/sources/kernel/fixtures/kernel-signals-dmesg-kernel-5.15.txt). */
const LINKS: KernelLine[] = [
  [6.77125, 'ena 0000:00:05.0 eth0: Link is Up - 10Gbps/Full - flow control off'],
  [1800.000001, 'e1000e 0000:00:19.0 eth1: NIC Link is Down'],
  [1803.500001, 'e1000e 0000:00:19.0 eth1: NIC Link is Up 1000 Mbps Full Duplex, Flow Control: Rx/Tx'],
  [1810.000001, 'mlx5_core 0000:3b:00.0 ens1f0: Link down'],
];
const MACHINE_CHECK: KernelLine[] = [
  [1900.000001, 'mce: [Hardware Error]: Machine check events logged'],
  [1900.000005, 'mce: [Hardware Error]: CPU 0: Machine Check: 0 Bank 5: bd80000000100134'],
  [1900.000008, 'mce: [Hardware Error]: TSC 2f1d8a7c03e1 ADDR 3f21c6e40 MISC 86'],
  [1900.000011, 'mce: [Hardware Error]: PROCESSOR 0:50657 TIME 1704112100 SOCKET 0 APIC 0 microcode 5003604'],
];
const DIMM = 'CPU_SrcID#0_Ha#0_Chan#1_DIMM#0';
const EDAC_CE = (seconds: number, count: number): KernelLine => [
  seconds,
  `EDAC MC0: ${count} CE memory read error on ${DIMM} (channel:1 slot:0 page:0x1f77a02 offset:0x3c0 grain:32 syndrome:0x0 -  area:DRAM err_code:0001:0091 socket:0 ha:0 channel_mask:2 rank:1)`,
];

describe('hardware-errors', () => {
  it('reports a link still down as critical and a link that came back as flapping', async () => {
    const { findings } = await checkRule(hardwareErrors, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': dmesg(LINKS), 'journal/kernel.export': journalKernel(LINKS) });
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'link-down',
        severity: 'critical',
        subject: { device: 'ens1f0' },
        time: utcAt(1810.000001),
        data: expect.objectContaining({ interface: 'ens1f0', driver: 'mlx5_core', downs: 1, flaps: 0, stillDown: true, lastUp: null }),
      }),
      expect.objectContaining({
        messageId: 'link-flapping',
        severity: 'warning',
        subject: { device: 'eth1' },
        time: utcAt(1800.000001),
        data: expect.objectContaining({ interface: 'eth1', driver: 'e1000e', downs: 1, flaps: 1, stillDown: false, firstDown: utcAt(1800.000001), lastUp: utcAt(1803.500001), speed: '1000 Mbps' }),
      }),
    ]);
    expect(findings[1]?.evidence.map((e) => e.excerpt)).toEqual([LINKS[1]![1], LINKS[2]![1]]);
  });

  it('counts each flap of a bonded link', async () => {
    const bond: KernelLine[] = [
      [500, 'bond0: (slave eth2): link status definitely down, disabling slave'],
      [505, 'bond0: (slave eth2): link status definitely up, 25000 Mbps full duplex'],
      [900, 'bond0: (slave eth2): link status definitely down, disabling slave'],
      [903, 'bond0: (slave eth2): link status definitely up, 25000 Mbps full duplex'],
    ];
    const { findings } = await checkRule(hardwareErrors, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': dmesg(bond) });
    expect(findings.map((f) => [f.messageId, f.data.interface, f.data.flaps, f.data.downs, f.data.lastUp])).toEqual([['link-flapping', 'eth2', 2, 2, utcAt(903)]]);
  });

  it('reports a machine check whose status has the UC bit as critical', async () => {
    const { findings } = await checkRule(hardwareErrors, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': dmesg(MACHINE_CHECK) });
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'machine-check',
        severity: 'critical',
        time: utcAt(1900.000001),
        data: expect.objectContaining({ source: 'mce', lines: 2, corrected: false, cpus: [0], banks: [5] }),
      }),
    ]);
  });

  it('reports machine checks whose status says corrected as a warning, and unrated ones as critical', async () => {
    const corrected = MACHINE_CHECK.map(([seconds, text]): KernelLine => [seconds, text.replace('bd80000000100134', '8c00004000010090')]);
    const { findings } = await checkRule(hardwareErrors, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': dmesg(corrected) });
    expect(findings).toEqual([expect.objectContaining({ messageId: 'machine-check-corrected', severity: 'warning', data: expect.objectContaining({ source: 'mce', corrected: true, banks: [5] }) })]);
    const unrated = MACHINE_CHECK.map(([seconds, text]): KernelLine => [seconds, text.replace('bd80000000100134', '400000000000000')]);
    const other = await checkRule(hardwareErrors, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': dmesg(unrated) });
    expect(other.findings.map((f) => [f.messageId, f.severity])).toEqual([['machine-check', 'critical']]);
  });

  it('reports corrected APEI errors as a warning', async () => {
    const apei = dmesg([
      [2500, '{1}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source: 0'],
      [2500.000001, '{1}[Hardware Error]: It has been corrected by h/w and requires no further action'],
      [2500.000002, '{1}[Hardware Error]: event severity: corrected'],
    ]);
    const { findings } = await checkRule(hardwareErrors, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': apei });
    expect(findings).toEqual([expect.objectContaining({ messageId: 'machine-check-corrected', severity: 'warning', data: expect.objectContaining({ source: 'apei', corrected: true }) })]);
  });

  it('sums memory errors per DIMM: corrected alone is a warning, uncorrected is critical', async () => {
    const edac = dmesg([
      EDAC_CE(2000, 1),
      EDAC_CE(2600, 3),
      [
        2700,
        'EDAC MC1: 1 UE memory read error on CPU_SrcID#1_Ha#0_Chan#0_DIMM#1 (channel:0 slot:1 page:0x2a1b3 offset:0x0 grain:32 -  area:DRAM err_code:0001:0090 socket:1 ha:0 channel_mask:1 rank:4)',
      ],
    ]);
    const { findings } = await checkRule(hardwareErrors, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': edac });
    expect(findings.map((f) => [f.messageId, f.severity, f.subject, f.data.corrected, f.data.uncorrected, f.data.lines])).toEqual([
      ['memory-errors', 'critical', { device: 'CPU_SrcID#1_Ha#0_Chan#0_DIMM#1' }, 0, 1, 1],
      ['memory-corrected', 'warning', { device: DIMM }, 4, 0, 2],
    ]);
  });

  it('does not fire on a healthy boot', async () => {
    const boot = dmesg([
      LINKS[0]!,
      [1.902211, 'ata1: SATA link up 6.0 Gbps (SStatus 133 SControl 300)'],
      [6.551233, 'IPv6: ADDRCONF(NETDEV_UP): eth0: link is not ready'],
      [0.9, 'EDAC MC: Ver: 3.0.0'],
      [1.1, 'mce: CPU0: Thermal monitoring enabled (TM1)'],
    ]);
    const { run } = await checkRule(hardwareErrors, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': boot });
    expect(run).toEqual({ ruleId: 'hardware-errors', status: 'ran', findings: 0 });
  });
});
