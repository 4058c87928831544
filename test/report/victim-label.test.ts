/**
 * What the report says of a kill's victim when no source names the pod: the pod uid and container
 * id the cgroup path gave, a container outside Kubernetes, conmon's own scope. Each bundle runs
 * through the real pipeline and is checked in the JSON, the HTML page and the terminal summary.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { DEFAULT_LIMITS } from '../../src/archive/index.js';
import { analyze } from '../../src/pipeline.js';
import { renderHtml, renderSummaryText, type Report } from '../../src/report/index.js';
import { tempDir, writeBundle, type BundleSpec } from '../helpers/bundle.js';
import { MANIFEST } from '../helpers/model.js';
import { at, kubeletJournal, klogTime } from '../rules/service-journal.js';

const UID = '6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d';
const ID = 'cc9f5ce2a89d419cec6710972c11310366835d913bb4748fb2b0723d8aa752e9';
const POD_SLICE = `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${UID.replace(/-/g, '_')}.slice`;

/** A cgroup v2 memcg OOM report (kernel ≥ 5.4) as dmesg prints it; `limit` is the cgroup whose limit was hit. */
function dmesg(task: string, limit = task, comm = 'java', adj = 984): string {
  return [
    `[86412.300000] ${comm} invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=${adj}`,
    '[86412.300100] memory: usage 524288kB, limit 524288kB, failcnt 5402',
    `[86412.300200] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=${limit},task_memcg=${task},task=${comm},pid=41234,uid=1000`,
    `[86412.300300] Memory cgroup out of memory: Killed process 41234 (${comm}) total-vm:1204080kB, anon-rss:523012kB, file-rss:2596kB, shmem-rss:0kB, UID:1000 pgtables:1196kB oom_score_adj:${adj}`,
    '',
  ].join('\n');
}

let work: { path: string; remove: () => Promise<void> };
let counter = 0;
beforeAll(async () => {
  work = await tempDir('podmortem-victim-');
});
afterAll(async () => {
  await work.remove();
});

async function reportOf(spec: BundleSpec): Promise<{ report: Report; html: string; text: string }> {
  counter += 1;
  const input = await writeBundle(join(work.path, `bundle-${counter}`), { 'manifest.json': MANIFEST, ...spec }, 'tar.gz');
  const { report } = await analyze({ input, htmlPath: null, jsonPath: null, limits: DEFAULT_LIMITS, generatedAt: null, stdout: new PassThrough(), failOn: null });
  return { report, html: renderHtml(report), text: renderSummaryText(report) };
}

/** The OOM table's rows, without markup: what a reader of the page sees there. */
function oomSection(html: string): string {
  const start = html.indexOf('<section id="oom-kills"');
  return html
    .slice(start, html.indexOf('</section>', start))
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, ' ');
}

describe('the victim of a kill no source names', () => {
  it('shows the pod uid and the container id when only the kernel report gives them', async () => {
    const { report, html, text } = await reportOf({ 'kernel/dmesg.txt': dmesg(`${POD_SLICE}/cri-containerd-${ID}.scope`) });
    expect(report.oomKills[0]).toMatchObject({ podUid: UID, containerId: ID, pod: null, namespace: null, container: null, qosClass: 'Burstable' });
    expect(report.oomKillDetails[0]?.victimCgroup).toEqual({ owner: 'kubernetes', runtime: 'containerd', containerId: ID, conmon: false, prefix: null, elided: false });
    const rows = oomSection(html);
    expect(rows).toContain(`pod uid ${UID}`);
    expect(rows).toContain('container cc9f5ce2a89d');
    expect(rows).not.toContain('pod unknown');
    expect(text).toContain(`pod uid ${UID}/container cc9f5ce2a89d  "java" (pid 41234)`);
    expect(text).not.toContain('pod unknown');
    const kill = report.timeline.boots.flatMap((boot) => boot.events).find((event) => event.kind === 'oom-kill');
    expect(kill?.subject).toEqual({ namespace: null, pod: UID, container: 'cc9f5ce2a89d' });
  });

  it('says plainly that a docker container outside Kubernetes was hit, with its id and no pod', async () => {
    const path = `/system.slice/docker-${ID}.scope`;
    const { report, html, text } = await reportOf({ 'kernel/dmesg.txt': dmesg(path) });
    expect(report.oomKills[0]).toMatchObject({ podUid: null, pod: null, containerId: ID, qosClass: 'Burstable', qosEvidence: 'oom-score-adj', limitLevel: 'container' });
    expect(report.oomKillDetails[0]).toMatchObject({ attribution: 'cgroup-path', victimCgroup: { owner: 'runtime', runtime: 'docker', containerId: ID } });
    expect(oomSection(html)).toContain('a container outside Kubernetes (docker) container cc9f5ce2a89d');
    expect(text).toContain('a container outside Kubernetes (docker)/container cc9f5ce2a89d');
  });

  it("tells a kill in CRI-O's conmon scope from the workload's, and gives the kill no container", async () => {
    const { report, html, text } = await reportOf({ 'kernel/dmesg.txt': dmesg(`${POD_SLICE}/crio-conmon-${ID}.scope`, POD_SLICE, 'conmon', 0) });
    expect(report.oomKills[0]).toMatchObject({ podUid: UID, containerId: null, container: null, process: 'conmon', limitLevel: 'pod' });
    expect(report.oomKillDetails[0]?.victimCgroup).toMatchObject({ conmon: true, runtime: 'crio', containerId: ID });
    expect(oomSection(html)).toContain("CRI-O's conmon, the monitor of container cc9f5ce2a89d: not the workload");
    expect(text).toContain(`pod uid ${UID} (CRI-O's conmon, the monitor of container cc9f5ce2a89d: not the workload)`);
  });

  it('gives an elided path only what it shows: the container id, no pod and no QoS from the path', async () => {
    const { report, html } = await reportOf({ 'kernel/dmesg.txt': dmesg(`/kubepods.slice/.../cri-containerd-${ID}.scope`, '/kubepods.slice/...', 'java', 0) });
    expect(report.oomKills[0]).toMatchObject({ podUid: null, containerId: ID, qosClass: null, limitLevel: 'node-allocatable' });
    expect(report.oomKillDetails[0]?.victimCgroup).toMatchObject({ owner: 'kubernetes', elided: true });
    expect(oomSection(html)).toContain('pod unknown container cc9f5ce2a89d');
  });

  it("takes the pod's and the container's names from the kubelet's lines when nothing else names them", async () => {
    const kill = '2026-11-27T09:15:14.300Z';
    const lines = at('2026-11-27T09:15:10Z', ['', '']).map(({ at: iso }, i) => ({
      at: iso,
      message:
        i === 0
          ? `I${klogTime(iso)}    2480 prober.go:107] "Probe failed" probeType="Liveness" pod="shop/checkout-7d9f8b6c5-x2x9q" podUID="${UID}" containerName="api" probeResult="failure" output="timeout"`
          : `I${klogTime(iso)}    2480 kuberuntime_container.go:709] "Killing container with a grace period" pod="shop/checkout-7d9f8b6c5-x2x9q" podUID="${UID}" containerName="api" containerID="containerd://${ID}" gracePeriod=30`,
    }));
    const { report, text } = await reportOf({ 'kernel/dmesg.txt': dmesg(`${POD_SLICE}/cri-containerd-${ID}.scope`), 'journal/kubelet.export': kubeletJournal(lines) });
    expect(report.oomKills[0]).toMatchObject({ time: kill, podUid: UID, containerId: ID, namespace: 'shop', pod: 'checkout-7d9f8b6c5-x2x9q', container: 'api' });
    expect(report.oomKillDetails[0]).toMatchObject({ containerNamedBy: 'kubelet-log' });
    expect(report.pods.shown.find((pod) => pod.uid === UID)).toMatchObject({ name: 'checkout-7d9f8b6c5-x2x9q', seenIn: ['kubelet-log'] });
    expect(text).toContain('shop/checkout-7d9f8b6c5-x2x9q/api  "java" (pid 41234)');
  });
});
