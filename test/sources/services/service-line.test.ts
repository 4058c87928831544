import { describe, expect, it } from 'vitest';
import { parseServiceLine, serviceStamp, severityOf } from '../../../src/sources/services/service-line.js';
import { utcMillis } from '../../../src/sources/time-text.js';
import { readQuoted, scanKeyValues } from '../../../src/sources/services/key-values.js';

describe('parseServiceLine', () => {
  it('takes a structured klog line apart (the sample in the header comment)', () => {
    const line = parseServiceLine(
      'E1128 14:02:06.631719  308309 kubelet.go:1870] "Skipping pod synchronization" err="PLEG is not healthy: pleg was last seen active 3m0.416753742s ago; threshold is 3m0s"',
    );
    expect(line).toMatchObject({
      style: 'klog',
      severity: 'error',
      caller: 'kubelet.go:1870',
      msg: 'Skipping pod synchronization',
      structured: true,
      fields: { err: 'PLEG is not healthy: pleg was last seen active 3m0.416753742s ago; threshold is 3m0s' },
    });
    expect(line.stamp).toEqual({
      text: '1128 14:02:06.631719',
      monotonic: null,
      utcMs: null,
      local: { year: null, month: 11, day: 28, hour: 14, minute: 2, second: 6, micros: 631719 },
      bootId: null,
    });
  });

  it('keeps an old printf-style klog line as free text', () => {
    const line = parseServiceLine('I0617 03:05:13.803095    5478 eviction_manager.go:346] eviction manager: must evict pod(s) to reclaim imagefs');
    expect(line).toMatchObject({ style: 'klog', severity: 'info', structured: false, msg: 'eviction manager: must evict pod(s) to reclaim imagefs' });
  });

  it('reads bracketed Go and JSON renderings as one value', () => {
    const pleg = parseServiceLine(
      'I1012 19:34:45.357018    2480 kubelet.go:2231] "SyncLoop (PLEG): event for pod" pod="default/nginx" event=&{ID:27aff94d-e0d9-43d1-84d6-9ab000aa57e2 Type:ContainerDied Data:4296b9e2377fddb0e7e42d20223c36771268cb7a1828315331405b66f0030add}',
    );
    expect(pleg.fields.event).toBe('&{ID:27aff94d-e0d9-43d1-84d6-9ab000aa57e2 Type:ContainerDied Data:4296b9e2377fddb0e7e42d20223c36771268cb7a1828315331405b66f0030add}');
    const status = parseServiceLine(
      'I0516 18:34:49.885576    4052 kuberuntime_manager.go:1027] "Message for Container of pod" containerName="liveness" containerStatusID={"Type":"containerd","ID":"05657a9c673d612aedd955a65136ccca36b82ba987831de7844cdc0238f1d707"} pod="default/liveness-exec" containerMessage="Container liveness failed liveness probe, will be restarted"',
    );
    expect(status.fields).toMatchObject({
      containerStatusID: '{"Type":"containerd","ID":"05657a9c673d612aedd955a65136ccca36b82ba987831de7844cdc0238f1d707"}',
      pod: 'default/liveness-exec',
      containerMessage: 'Container liveness failed liveness probe, will be restarted',
    });
  });

  it('reads a klog multi-line value, closed or still open', () => {
    const head =
      'I0516 18:34:49.885197    4052 prober.go:107] "Probe failed" probeType="Liveness" pod="default/liveness-exec" podUID="93e17ecc-ab55-461a-b526-29248d2554ad" containerName="liveness" probeResult="failure" output=<';
    expect(parseServiceLine(head)).toMatchObject({ openBlock: 'output', fields: { output: '' } });
    const closed = parseServiceLine(`${head}\n\tcat: can't open '/tmp/healthy': No such file or directory\n >`);
    expect(closed).toMatchObject({ openBlock: null, fields: { output: "cat: can't open '/tmp/healthy': No such file or directory" } });
  });

  it('takes a logrus line apart, Go escapes included', () => {
    const line = parseServiceLine('time="2023-09-01T19:12:33.012922721Z" level=info msg="TaskOOM event container_id:\\"4bcba7fc4369fee4d7d2e6263b58fce52cfc928c6a31cfac4d43c838708991ce\\""');
    expect(line).toMatchObject({
      style: 'logrus',
      severity: 'info',
      msg: 'TaskOOM event container_id:"4bcba7fc4369fee4d7d2e6263b58fce52cfc928c6a31cfac4d43c838708991ce"',
    });
    expect(line.stamp?.utcMs).toBe(Date.UTC(2023, 8, 1, 19, 12, 33) + 12.922);
  });

  it("reads CRI-O's space-separated stamp and logrus' terminal format", () => {
    expect(serviceStamp('2023-05-31 15:54:15.113161747Z')?.utcMs).toBe(Date.UTC(2023, 4, 31, 15, 54, 15) + 113.161);
    expect(serviceStamp('2022-11-05T21:34:04.444635983+08:00')?.utcMs).toBe(Date.UTC(2022, 10, 5, 13, 34, 4) + 444.635);
    expect(serviceStamp('0001-01-01T00:00:00Z')?.utcMs).toBe(utcMillis(1, 1, 1, 0, 0, 0));
    const tty = parseServiceLine('INFO[2023-06-25T08:45:57.810214290Z] StartContainer for "5edd203f85540ce4ca229f6cd588f689dda1845e3076163f4a81fea05284e8bf" returns successfully');
    expect(tty).toMatchObject({ style: 'logrus', severity: 'info', msg: 'StartContainer for "5edd203f85540ce4ca229f6cd588f689dda1845e3076163f4a81fea05284e8bf" returns successfully' });
  });

  it('reads klog JSON output, object references as ns/name', () => {
    const line = parseServiceLine(
      '{"ts":1700000000.5,"caller":"prober/prober.go:107","msg":"Probe failed","v":0,"probeType":"Readiness","pod":{"name":"web-0","namespace":"shop"},"containerName":"web","probeResult":"failure","output":"HTTP probe failed with statuscode: 503"}',
    );
    expect(line).toMatchObject({ style: 'json', msg: 'Probe failed', fields: { pod: 'shop/web-0', probeType: 'Readiness' } });
    expect(line.stamp?.utcMs).toBe(1700000000500);
  });

  it('leaves anything else as plain text', () => {
    expect(parseServiceLine('[238B blob data]')).toMatchObject({ style: 'plain', msg: '[238B blob data]', fields: {} });
    expect(parseServiceLine('{"not":"a log"}').style).toBe('plain');
  });
});

describe('severityOf', () => {
  it.each([
    ['E0212 16:04:12.927526   12104 pod_workers.go:1298] "Error syncing pod, skipping"', 'error'],
    ['W0322 10:58:40.106059    7481 eviction_manager.go:329] eviction manager: attempting to reclaim ephemeral-storage', 'warning'],
    ['time="2022-11-05T21:34:04.444635983+08:00" level=error msg="RunPodSandbox for …"', 'error'],
    ['ERRO[2023-06-25T08:45:57.769400335Z] failed to …', 'error'],
    ['plain text', null],
  ])('%s → %s', (message, severity) => {
    expect(severityOf(message)).toBe(severity);
  });
});

describe('key=value scanning', () => {
  it('unquotes Go escapes: \\" \\\\ \\n \\t \\xNN \\u', () => {
    const quoted = '"a\\"b\\\\c\\nd\\te\\x41\\u00e9" rest';
    expect(readQuoted(quoted, 0)).toEqual({ value: 'a"b\\c\nd\teAé', end: quoted.indexOf(' rest') });
  });

  it('keeps the first of repeated keys and skips words that are not pairs', () => {
    expect(scanKeyValues('a=1 stray b="two words" a=3').fields).toEqual({ a: '1', b: 'two words' });
  });

  it('survives unbalanced brackets and an unterminated quote', () => {
    expect(scanKeyValues('event=&{ID:abc Type:X').fields.event).toBe('&{ID:abc Type:X');
    expect(scanKeyValues('msg="never closed').fields.msg).toBe('never closed');
  });
});
