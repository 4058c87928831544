/**
 * `podmortem collector --manifest`: the DaemonSet way for clusters without debug pods. The
 * printed documents are read back, the ConfigMap must hold the collector script byte for byte,
 * and the DaemonSet container's own command is run (dash) against a fake node tree mounted as
 * /host: it must leave an analyzable bundle in the node's /var/tmp and note its path.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { runPodmortem } from '../helpers/cli.js';
import { FAKE_NOW, makeFakeCluster, toolPath, type FakeCluster } from './fake-cluster.js';

let cluster: FakeCluster | null = null;
afterEach(async () => {
  await cluster?.remove();
  cluster = null;
});

type Json = Record<string, any>;

function documentsOf(text: string): { comments: string[]; documents: Json[] } {
  const [head, ...rest] = text.split(/^---$/m);
  return { comments: head!.split('\n').filter((line) => line !== ''), documents: rest.map((part) => JSON.parse(part) as Json) };
}

describe('podmortem collector --manifest', () => {
  it('prints a namespace, the script as a ConfigMap and a privileged DaemonSet with the host at /host, and the fetch commands', async () => {
    const printed = await runPodmortem(['collector', '--manifest', '--image', 'registry.internal/busybox:1.36', '--since', '6h', '--budget', '64M', '-n', 'pm']);
    expect(printed.code, printed.stderr).toBe(0);
    const script = await runPodmortem(['collector']);
    const { comments, documents } = documentsOf(printed.stdout);
    expect(comments.every((line) => line.startsWith('#'))).toBe(true);
    expect(comments.join('\n')).toContain(`kubectl -n pm exec "$pod" -- sh -c 'cat "$(cat /tmp/podmortem-archive)"' < /dev/null > "$node.tar.gz"`);
    expect(documents.map((document) => [document.kind, document.metadata.name, document.metadata.namespace])).toEqual([
      ['Namespace', 'pm', undefined],
      ['ConfigMap', 'podmortem-collector', 'pm'],
      ['DaemonSet', 'podmortem-collector', 'pm'],
    ]);
    expect(documents[0]!.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(documents[1]!.data['podmortem-collect.sh']).toBe(script.stdout);
    const pod = documents[2]!.spec.template.spec;
    expect([pod.hostPID, pod.hostNetwork, pod.hostIPC]).toEqual([true, true, true]);
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(pod.volumes).toEqual([
      { name: 'host-root', hostPath: { path: '/' } },
      { name: 'script', configMap: { name: 'podmortem-collector' } },
    ]);
    const container = pod.containers[0];
    expect(container.image).toBe('registry.internal/busybox:1.36');
    expect(container.securityContext).toEqual({ privileged: true });
    expect(container.volumeMounts).toEqual([
      { name: 'host-root', mountPath: '/host' },
      { name: 'script', mountPath: '/podmortem', readOnly: true },
    ]);
    expect(container.command[2]).toContain('--node "$NODE_NAME" --since 6h --budget 64M');
  });

  it("runs the container's command against a fake node: the bundle lands in the node's /var/tmp and its path is noted", async () => {
    cluster = await makeFakeCluster([{ name: 'ds-node', root: 'oom-burstable-containerd', behaviour: 'ok' }]);
    const printed = await runPodmortem(['collector', '--manifest']);
    const { documents } = documentsOf(printed.stdout);
    const container = documents[2]!.spec.template.spec.containers[0];
    // The pod's two mounts and its /tmp, moved into the scratch folder.
    const scripts = join(cluster.dir, 'configmap');
    const podTmp = join(cluster.dir, 'pod-tmp');
    await mkdir(scripts);
    await mkdir(podTmp);
    await writeFile(join(scripts, 'podmortem-collect.sh'), documents[1]!.data['podmortem-collect.sh']);
    const command = (container.command[2] as string).replaceAll('/tmp/', `${podTmp}/`).replaceAll('/podmortem/', `${scripts}/`);
    const root = join(cluster.dir, 'roots', 'ds-node');
    const child = spawn(toolPath('dash'), ['-c', command], {
      detached: true,
      stdio: 'ignore',
      env: { PATH: `${root}/.tools:${cluster.state}/bin`, NODE_NAME: 'ds-node', PODMORTEM_HOST_MOUNT: root, PODMORTEM_NOW: String(FAKE_NOW) },
    });
    try {
      let noted = '';
      for (let round = 0; round < 1200 && noted === ''; round += 1) {
        noted = (await readFile(join(podTmp, 'podmortem-archive'), 'utf8').catch(() => '')).trim();
        if (noted === '') await sleep(50);
      }
      expect(noted).toMatch(new RegExp(`^${root}/var/tmp/podmortem-ds-node-\\d{8}T\\d{6}Z\\.tar\\.gz$`));
      const analyzed = await runPodmortem(['analyze', noted, '--json', '-', '--quiet']);
      expect(analyzed.code, analyzed.stderr).toBe(0);
      expect(JSON.parse(analyzed.stdout).node.name).toBe('ds-node');
      // The container keeps running after the collector, so the bundle can be fetched with kubectl exec.
      expect(child.exitCode).toBeNull();
    } finally {
      process.kill(-child.pid!, 'SIGKILL');
    }
  });
});
