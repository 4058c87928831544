import { describe, expect, it } from 'vitest';
import { childProcessOomKill } from '../../src/rules/child-process-oom-kill.js';
import { CONTAINER_ID, oomReport, POD_UID } from '../helpers/kernel-text.js';
import { checkRule, MANIFEST, utcAt } from '../helpers/model.js';

const POD_DIR = `pods/batch_report-worker-5b8c9d7f6-m4kq2_${POD_UID}`;
const LINKS = `report-worker-5b8c9d7f6-m4kq2_batch_worker-${CONTAINER_ID}.log\t/var/log/pods/batch_report-worker-5b8c9d7f6-m4kq2_${POD_UID}/worker/0.log\n`;
const cri = (at: number, text: string) => `${utcAt(at)} stdout F ${text}\n`;

describe('child-process-oom-kill', () => {
  it('reports a kill after which the same attempt kept logging', async () => {
    const spec = {
      'manifest.json': MANIFEST,
      'kernel/dmesg.txt': oomReport(86412.3, { comm: 'convert', pid: 52210 }),
      'containers.txt': LINKS,
      [`${POD_DIR}/worker/0.log`]: cri(86400, 'converting page 3') + cri(86440, 'convert failed, skipping page 3'),
    };
    const { findings } = await checkRule(childProcessOomKill, spec);
    expect(findings).toEqual([
      expect.objectContaining({ messageId: 'silent', data: expect.objectContaining({ process: 'convert', pid: 52210, container: 'worker', victim: `batch/report-worker-5b8c9d7f6-m4kq2/worker` }) }),
    ]);
  });

  it('does not fire when the container restarted after the kill', async () => {
    const spec = {
      'manifest.json': MANIFEST,
      'kernel/dmesg.txt': oomReport(86412.3),
      'containers.txt': LINKS,
      [`${POD_DIR}/worker/0.log`]: cri(86400, 'working'),
      [`${POD_DIR}/worker/1.log`]: cri(86420, 'started again'),
    };
    expect((await checkRule(childProcessOomKill, spec)).findings).toEqual([]);
  });

  it('is skipped without pod logs', async () => {
    const { run } = await checkRule(childProcessOomKill, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': oomReport(86412.3) });
    expect(run).toEqual({ ruleId: 'child-process-oom-kill', status: 'skipped', missing: [['podLogs']] });
  });
});
