import { describe, expect, it } from 'vitest';
import { CONTAINER_ID, oomReport, POD_UID, v2ContainerPath } from '../helpers/kernel-text.js';
import { MANIFEST, modelFromSpec } from '../helpers/model.js';

const RESTARTED_ID = 'aa11'.repeat(16);
const events = (oomKill: number) => `low 0\nhigh 0\nmax 12\noom ${oomKill}\noom_kill ${oomKill}\n`;

describe('unrecordedOomKills', () => {
  it('counts a recorded kill of a container whose cgroup is gone against its pod, not against the running container', async () => {
    const running = `cgroup${v2ContainerPath()}`;
    const pod = running.replace(/\/cri-containerd-[^/]+$/, '');
    const model = await modelFromSpec({
      'manifest.json': MANIFEST,
      'kernel/dmesg.txt': oomReport(86412.3, { taskMemcg: v2ContainerPath(POD_UID, RESTARTED_ID) }),
      [`${running}/memory.events`]: events(0),
      [`${pod}/memory.events`]: events(2),
    });
    expect(model.unrecordedOomKills).toEqual({
      counters: { vmstat: false, cgroups: 2 },
      kernelCoversCurrentBoot: true,
      droppedKernelEvents: 0,
      kernelFiles: ['kernel/dmesg.txt'],
      scopes: [expect.objectContaining({ scope: 'pod', podUid: POD_UID, counted: 2, recorded: 1, unrecorded: 1, container: null })],
    });
  });

  it('says nothing is missing when the counters equal the kills', async () => {
    const model = await modelFromSpec({
      'manifest.json': MANIFEST,
      'kernel/dmesg.txt': oomReport(86412.3),
      [`cgroup${v2ContainerPath()}/memory.events`]: events(1),
      'stats/proc-vmstat.txt': 'oom_kill 1\n',
    });
    expect(model.unrecordedOomKills.scopes).toEqual([]);
    expect(model.unrecordedOomKills.counters).toEqual({ vmstat: true, cgroups: 1 });
    expect(model.oomKills.map((kill) => kill.containerId)).toEqual([CONTAINER_ID]);
  });
});
