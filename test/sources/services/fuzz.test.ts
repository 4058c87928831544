/**
 * Mutated real service lines (so that the rules' needles are there and their patterns run) and
 * random text through the line parser and the classifier: nothing throws, every event is well
 * formed, and pathological lines take linear time.
 */
import { describe, expect, it } from 'vitest';
import { classifyServiceMessage } from '../../../src/sources/services/classify-service-message.js';
import { ServiceCollector } from '../../../src/sources/services/service-collector.js';
import { parseServiceLine, severityOf } from '../../../src/sources/services/service-line.js';
import { SERVICE_EVENT_KINDS } from '../../../src/sources/services/service-event.js';
import { NO_STAMP } from '../../../src/sources/stamp.js';
import { fixture } from '../journal/read-journal.js';
import { SeededRandom, mutate } from '../../helpers/seeded-random.js';

const REAL_LINES = fixture('real-journald-252-kubelet-containerd-kernel.short')
  .toString('utf8')
  .split('\n')
  .map((line) => line.replace(/^.*?\]: /, ''))
  .concat([
    'I0617 03:05:13.803169    5478 eviction_manager.go:364] eviction manager: pods ranked for eviction: kube-proxy-node-1_kube-system(dc6bd3a06883f50ce46d35fd024f66f2), config-88df876c5-pmk67_ec-prod(e134b5a2-6fc1-11e8-b1d1-0226410ff50c)',
    'time="2019-11-18T13:57:42.642359076+09:00" level=info msg="TaskExit event &TaskExit{ContainerID:72d440531d468f757ce628deac966828b405df842b0a84f4e737d1d464cdd4ab,ID:72d440531d468f757ce628deac966828b405df842b0a84f4e737d1d464cdd4ab,Pid:31408,ExitStatus:0,}"',
    'I0101 12:00:00.000000    2480 event.go:307] "Event occurred" object="default/demo-app" kind="Pod" reason="BackOff" message="Back-off restarting failed container nginx in pod demo-app_default(5da5612b-9738-493c-af51-a213072997f6)"',
    'kubelet.service: Main process exited, code=exited, status=1/FAILURE',
    'E1207 00:37:53.229638     688 eviction_manager.go:351] eviction manager: eviction thresholds have been met, but no pods are active to evict',
    'E0709 00:32:48.042859    6781 remote_runtime.go:479] "ExecSync cmd from runtime service failed" err="rpc error: code = DeadlineExceeded desc = context deadline exceeded" containerID="09f25e22157b58194127df6b7d95a50312805272a34d8a4cf7bcffbab806faa3" cmd=[/bin/sh -c test ! -f /etc/probe/not-ready]',
    "E1112 00:14:50.073181    1608 remote_runtime.go:351] ExecSync 7d1dbb28dac3216b2b5cbafa5c6b9dbb4a6565e56d9bd8c6f060ba7487b55501 'sh -c zookeeper-ready 2181' from runtime service failed: rpc error: code = Unknown desc = operation timeout: context deadline exceeded",
    '{"ts":1700000000.5,"msg":"Probe failed","probeType":"Readiness","pod":{"name":"web-0","namespace":"shop"}}',
  ]);

const IDENTIFIERS = ['kubelet', 'containerd', 'crio', 'systemd', 'dockerd', null, 'k3s'];
const KINDS = new Set<string>(SERVICE_EVENT_KINDS);

describe('service parsers under fuzzing', () => {
  it('never throw on mutated real lines, and only make known kinds of events', () => {
    const random = new SeededRandom(0xc0ffee);
    const collector = new ServiceCollector({ maxEventsPerKind: 10 });
    for (let i = 0; i < 5000; i += 1) {
      const bytes = mutate(random, Buffer.from(random.pick(REAL_LINES)));
      const message = bytes.toString('utf8').slice(0, 70_000);
      const identifier = random.pick(IDENTIFIERS);
      expect(() => parseServiceLine(message)).not.toThrow();
      expect(() => severityOf(message)).not.toThrow();
      const classified = classifyServiceMessage({ identifier, unit: random.int(3) === 0 ? 'kubelet.service' : null, message });
      if (classified) expect(KINDS.has(classified.facts.kind), classified.facts.kind).toBe(true);
      collector.accept({ identifier, unit: null, message, priority: random.int(9) - 1, stamp: NO_STAMP, file: 'f', line: i + 1 });
    }
    const { events, counts } = collector.result();
    for (const event of events) expect(event.text.length).toBeLessThanOrEqual(500);
    expect(counts.reduce((sum, count) => sum + count.lines, 0)).toBe(5000);
  });

  it('reads pathological lines without hanging or throwing (speed: npm run bench)', () => {
    const long = 'x'.repeat(60_000);
    for (const message of [
      `I0101 00:00:00.000000 1 a.go:1] "Eviction manager: pods ranked for eviction" pods=[${'a '.repeat(30_000)}`,
      `I0101 00:00:00.000000 1 a.go:1] "Probe failed" output="${'\\"'.repeat(30_000)}`,
      `I0101 00:00:00.000000 1 a.go:1] "x" event=&{${'{['.repeat(20_000)}`,
      `System OOM encountered, victim process: ${long}`,
      `time="${long}" level=error msg="${'a=b '.repeat(15_000)}`,
      `Disk usage on image filesystem is ${'at 1% '.repeat(10_000)}`,
      `E0101 00:00:00.000000 1 a.go:1] ExecSync 0123456789ab '${"x' from runtime service faile".repeat(2000)} from runtime service failed`,
      `kubelet.service: ${'Main process exited, code='.repeat(2000)}`,
    ]) {
      classifyServiceMessage({ identifier: 'kubelet', unit: null, message });
      classifyServiceMessage({ identifier: 'containerd', unit: null, message });
      classifyServiceMessage({ identifier: 'systemd', unit: null, message });
    }
  });
});
