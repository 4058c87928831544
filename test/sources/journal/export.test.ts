import { describe, expect, it } from 'vitest';
import { readExportEntries } from '../../../src/sources/journal/read-export.js';
import { MAX_MESSAGE_BYTES } from '../../../src/sources/journal/journal-fields.js';
import { binaryField, collectEntries, fixture } from './read-journal.js';

/** Captured from a real systemd-journald 252 fed with systemd-cat -t kubelet/containerd, the native protocol and /dev/kmsg. */
const REAL = fixture('real-journald-252-kubelet-containerd-kernel.export');
const BOOT = 'e66375b30f6145f2a3df737bac559bc9';

const entry = (...fields: (string | Buffer)[]) => Buffer.concat([...fields.map((field) => (Buffer.isBuffer(field) ? field : Buffer.from(`${field}\n`))), Buffer.from('\n')]);

describe('journalctl -o export', () => {
  it('reads the real export: the first kubelet entry as the header comment shows it', async () => {
    const { entries, formats, issues } = await collectEntries(readExportEntries, REAL);
    expect(issues).toEqual([]);
    expect(entries).toHaveLength(24);
    expect(new Set(formats)).toEqual(new Set(['export']));
    const kubelet = entries.find((e) => e.identifier === 'kubelet');
    expect(kubelet).toMatchObject({
      stamp: { text: '__REALTIME_TIMESTAMP=1795839379640094', utcMs: 1795839379640.094, monotonic: 1120.621955, local: null, bootId: BOOT },
      sourceMonotonic: null,
      transport: 'stdout',
      unit: null,
      identifier: 'kubelet',
      pid: 8830,
      priority: 6,
      message: 'I0527 09:00:05.110852    1025 eviction_manager.go:167] "Failed to admit pod to node" pod="monitoring/prometheus-k8s-0" nodeCondition=[DiskPressure]',
      messageCut: false,
    });
  });

  it('reads binary MESSAGE fields: embedded newlines (native protocol) and a carriage return (stdout)', async () => {
    const { entries } = await collectEntries(readExportEntries, REAL);
    const multiLine = entries.find((e) => e.transport === 'journal');
    expect(multiLine?.message).toBe(
      'I0516 18:34:49.885197    4052 prober.go:107] "Probe failed" probeType="Liveness" pod="default/liveness-exec" podUID="93e17ecc-ab55-461a-b526-29248d2554ad" containerName="liveness" probeResult="failure" output=<\n\tcat: can\'t open \'/tmp/healthy\': No such file or directory\n >',
    );
    const carriageReturn = entries.find((e) => e.message.includes('statuscode: 500'));
    expect(carriageReturn?.message.endsWith('statuscode: 500\r"')).toBe(true);
  });

  it('numbers each entry by its first line, counting every newline byte of the file', async () => {
    const { entries } = await collectEntries(readExportEntries, REAL);
    const starts: number[] = [];
    for (let at = REAL.indexOf('__CURSOR='); at !== -1; at = REAL.indexOf('__CURSOR=', at + 1)) {
      if (at === 0 || REAL[at - 1] === 0x0a) starts.push(1 + countNewlines(REAL.subarray(0, at)));
    }
    expect(entries.map((e) => e.line)).toEqual(starts);
  });

  it('gives the same entries whatever the chunk boundaries', async () => {
    const whole = await collectEntries(readExportEntries, REAL);
    for (const size of [1, 2, 3, 7, 8, 9, 64, 1000]) {
      expect((await collectEntries(readExportEntries, REAL, size)).entries, `chunks of ${size}`).toEqual(whole.entries);
    }
  });

  it('keeps a binary value holding an empty line, ignores unknown fields, joins a repeated MESSAGE', async () => {
    const content = Buffer.concat([
      entry(
        '__CURSOR=s=1',
        '__SEQNUM=7',
        '__SEQNUM_ID=abc',
        '__FUTURE_FIELD=x',
        '__REALTIME_TIMESTAMP=1704110400123456',
        binaryField('MESSAGE', 'first\n\nsecond'),
        'MESSAGE=again',
        'SYSLOG_IDENTIFIER=kubelet',
      ),
      Buffer.from('__CURSOR=s=2\nMESSAGE=last entry without a closing empty line\n'),
    ]);
    const { entries, issues } = await collectEntries(readExportEntries, content, 5);
    expect(issues).toEqual([]);
    expect(entries.map((e) => [e.line, e.message, e.identifier])).toEqual([
      [1, 'first\n\nsecond\nagain', 'kubelet'],
      [13, 'last entry without a closing empty line', null],
    ]);
    expect(entries[0]?.stamp.utcMs).toBe(1704110400123.456);
  });

  it('keeps MESSAGE up to 64 KiB and says it was cut, in both field forms', async () => {
    const big = 'x'.repeat(MAX_MESSAGE_BYTES + 10);
    const content = Buffer.concat([entry(`MESSAGE=${big}`), entry(binaryField('MESSAGE', `\u0001${big}`)), entry('_CMDLINE=' + 'y'.repeat(1_000_000), 'MESSAGE=small')]);
    const { entries } = await collectEntries(readExportEntries, content, 4096);
    expect(entries.map((e) => [e.message.length, e.messageCut])).toEqual([
      [MAX_MESSAGE_BYTES, true],
      [MAX_MESSAGE_BYTES, true],
      [5, false],
    ]);
  });

  it('reports a corrupt binary length with its line and goes on after the next empty line', async () => {
    const corrupt = Buffer.concat([Buffer.from('MESSAGE\n'), Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]), Buffer.from('junk\n')]);
    const content = Buffer.concat([entry('MESSAGE=one'), entry('SYSLOG_IDENTIFIER=kubelet', corrupt, 'MESSAGE=lost with its entry'), entry('MESSAGE=three')]);
    const { entries, issues } = await collectEntries(readExportEntries, content);
    expect(entries.map((e) => e.message)).toEqual(['one', 'three']);
    expect(issues).toEqual([{ line: 4, message: expect.stringMatching(/^binary field MESSAGE claims 9223372036854775807 bytes/) }]);
  });

  it('reports a binary value that overruns its length (no newline after it) and resynchronises', async () => {
    const lying = Buffer.concat([Buffer.from('MESSAGE\n'), Buffer.from([3, 0, 0, 0, 0, 0, 0, 0]), Buffer.from('abcdef\n')]);
    const content = Buffer.concat([entry(lying, 'PRIORITY=3'), entry('MESSAGE=after')]);
    const { entries, issues } = await collectEntries(readExportEntries, content);
    expect(entries.map((e) => e.message)).toEqual(['after']);
    expect(issues).toEqual([{ line: 1, message: expect.stringMatching(/is not followed by a newline/) }]);
  });

  it('reports a file cut inside a binary value and keeps what it had', async () => {
    const content = Buffer.concat([entry('MESSAGE=whole'), Buffer.from('SYSLOG_IDENTIFIER=kubelet\nMESSAGE\n'), Buffer.from([100, 0, 0, 0, 0, 0, 0, 0]), Buffer.from('only a part')]);
    const { entries, issues } = await collectEntries(readExportEntries, content);
    expect(entries.map((e) => [e.message, e.messageCut, e.identifier])).toEqual([
      ['whole', false, null],
      ['only a part', true, 'kubelet'],
    ]);
    expect(issues).toEqual([{ line: 4, message: 'file ends inside the binary field MESSAGE' }]);
  });

  it('reports malformed field names and keeps the rest of the entry', async () => {
    const content = entry('MESSAGE=kept', 'not a field name=1', 'SYSLOG_IDENTIFIER=kubelet');
    const { entries, issues } = await collectEntries(readExportEntries, content);
    expect(entries.map((e) => [e.message, e.identifier])).toEqual([['kept', 'kubelet']]);
    expect(issues).toEqual([{ line: 2, message: 'malformed field name "not a field name"' }]);
  });

  it('reports malformed stamps and boot ids and leaves them unknown', async () => {
    const { entries, issues } = await collectEntries(readExportEntries, entry('__REALTIME_TIMESTAMP=soon', '_BOOT_ID=0f3c', 'MESSAGE=x'));
    expect(entries[0]?.stamp).toMatchObject({ utcMs: null, bootId: null });
    expect(issues.map((issue) => issue.line)).toEqual([1, 1]);
  });
});

function countNewlines(bytes: Buffer): number {
  let count = 0;
  for (const byte of bytes) if (byte === 0x0a) count += 1;
  return count;
}
