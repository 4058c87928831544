/**
 * Each foreign layout's fixture is recognised as its format and gives its real OOM kill once, with
 * the facts the layout holds (pid, pod UID and container id from the cgroup path, QoS class, names
 * where pod logs or link names are there).
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { tempDir, writeBundle } from '../helpers/bundle.js';
import { CONTAINER_ID, POD_UID } from '../helpers/kernel-text.js';
import { reportOf } from '../report/helpers/report-of.js';
import { CONTAINER, FORMAT_FIXTURES, NAMESPACE, POD, type FormatFixture } from './format-fixtures.js';

describe('foreign layouts', () => {
  it.each(Object.keys(FORMAT_FIXTURES))('%s: detected, and its OOM kill comes out once', async (name) => {
    const fixture: FormatFixture = FORMAT_FIXTURES[name as keyof typeof FORMAT_FIXTURES];
    const dir = await tempDir('podmortem-format-');
    try {
      const report = await reportOf(await writeBundle(join(dir.path, 'input.tar.gz'), fixture.spec, 'tar.gz', fixture.wrapper ?? ''));
      expect(report.input.format).toBe(fixture.format);
      expect(report.archive.root).toBe(fixture.wrapper ?? '');
      expect(report.oomKills).toHaveLength(1);
      expect(report.oomKills[0]).toMatchObject({ pid: 41234, process: 'java', podUid: POD_UID, containerId: CONTAINER_ID, qosClass: 'Burstable', scope: 'memcg' });
      if (fixture.names) expect(report.oomKills[0]).toMatchObject({ namespace: NAMESPACE, pod: POD, container: CONTAINER });
      // Every kernel copy of the kill is cited, and one kill is not "a crash loop on memory".
      const kernelFiles = Object.keys(fixture.spec).filter((path) => /dmesg|kern\.log|messages/.test(path) && typeof fixture.spec[path] === 'string');
      expect([...report.oomKillDetails[0]!.seenIn].sort()).toEqual(kernelFiles.sort());
      expect(report.findings.filter((finding) => finding.ruleId === 'container-memory-limit').map((finding) => finding.messageId)).not.toContain('repeated');
      const kernel = report.coverage.find((row) => row.source === 'kernel');
      expect(kernel?.paths.length).toBeGreaterThan(0);
    } finally {
      await dir.remove();
    }
  });
});
