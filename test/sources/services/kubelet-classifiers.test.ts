/**
 * kubelet lines as they appear on real nodes (GitHub issues, blog posts and support threads quoted
 * in the search results that informed each rule); a few older wordings are rebuilt from the format
 * string of the kubelet release that printed them, and say so.
 */
import { describe, expect, it } from 'vitest';
import { classifyServiceMessage } from '../../../src/sources/services/classify-service-message.js';

const kubelet = (message: string) => classifyServiceMessage({ identifier: 'kubelet', unit: null, message });
const facts = (message: string) => kubelet(message)?.facts ?? null;

const POD = (namespace: string | null, name: string, uid: string | null = null) => ({ namespace, name, uid });

describe('kubelet: eviction manager', () => {
  it.each([
    ['I0928 05:37:59.659033 2865036 eviction_manager.go:369] "Eviction manager: attempting to reclaim" resourceName="ephemeral-storage"', { kind: 'eviction-reclaim', resource: 'ephemeral-storage' }],
    ['W0905 15:42:16.777355   23506 eviction_manager.go:332] eviction manager: attempting to reclaim nodefs', { kind: 'eviction-reclaim', resource: 'nodefs' }],
    [
      'I0322 10:58:41.752662    7481 eviction_manager.go:336] eviction manager: able to reduce ephemeral-storage pressure without evicting pods.',
      { kind: 'eviction-reclaimed-without-evicting', resource: 'ephemeral-storage' },
    ],
    [
      'I0617 16:18:42.212181 3814777 eviction_manager.go:392] "Eviction manager: must evict pod(s) to reclaim" resourceName="ephemeral-storage"',
      { kind: 'eviction-must-evict', resource: 'ephemeral-storage' },
    ],
    ['I0617 03:05:13.803095    5478 eviction_manager.go:346] eviction manager: must evict pod(s) to reclaim imagefs', { kind: 'eviction-must-evict', resource: 'imagefs' }],
    [
      'I1012 19:34:45.445172    2480 eviction_manager.go:595] "Eviction manager: pod is evicted successfully" pod="default/nginx"',
      { kind: 'eviction-pod', outcome: 'evicted', pod: POD('default', 'nginx'), lowResource: null },
    ],
    [
      'E0308 00:29:47.510555   24749 eviction_manager.go:560] "Eviction manager: cannot evict a critical pod" pod="kube-system/calico-node-29x5m"',
      { kind: 'eviction-critical-pod', pod: POD('kube-system', 'calico-node-29x5m') },
    ],
    // kind's known-issues page (a node whose disk fills with no pod on it).
    ['E1207 00:37:53.229638     688 eviction_manager.go:351] eviction manager: eviction thresholds have been met, but no pods are active to evict', { kind: 'eviction-no-pods' }],
    // The structured wording, rebuilt from the klog.ErrorS call of k/k eviction_manager.go (≥ 1.2x).
    ['E1127 09:57:01.330411    1102 eviction_manager.go:381] "Eviction manager: eviction thresholds have been met, but no pods are active to evict"', { kind: 'eviction-no-pods' }],
    ['E1127 09:57:01.330411    1102 eviction_manager.go:620] "Eviction manager: unable to evict any pods from the node"', { kind: 'eviction-unable' }],
  ])('%s', (line, expected) => {
    expect(facts(line)).toEqual(expected);
  });

  it('lists ranked pods in all three renderings, bounded', () => {
    expect(facts('I0308 00:29:47.508884   24749 eviction_manager.go:367] "Eviction manager: pods ranked for eviction" pods=[kube-system/calico-node-29x5m]')).toEqual({
      kind: 'eviction-pods-ranked',
      pods: [POD('kube-system', 'calico-node-29x5m')],
      podCount: 1,
    });
    const quoted = facts(
      'I0617 16:18:42.212966 3814777 eviction_manager.go:410] "Eviction manager: pods ranked for eviction" pods=["flux-system/kustomize-controller-6b7bfd984d-r8m6z","flux-system/source-controller-7c46cc6d8c-62ccl","kube-system/coredns-c4dbffb5f-mdx4c"]',
    );
    expect(quoted).toMatchObject({
      podCount: 3,
      pods: [POD('flux-system', 'kustomize-controller-6b7bfd984d-r8m6z'), POD('flux-system', 'source-controller-7c46cc6d8c-62ccl'), POD('kube-system', 'coredns-c4dbffb5f-mdx4c')],
    });
    const old = facts(
      'I0617 03:05:13.803169    5478 eviction_manager.go:364] eviction manager: pods ranked for eviction: kube-proxy-node-1_kube-system(dc6bd3a06883f50ce46d35fd024f66f2), config-88df876c5-pmk67_ec-prod(e134b5a2-6fc1-11e8-b1d1-0226410ff50c)',
    );
    expect(old).toMatchObject({
      podCount: 2,
      pods: [POD('kube-system', 'kube-proxy-node-1', 'dc6bd3a06883f50ce46d35fd024f66f2'), POD('ec-prod', 'config-88df876c5-pmk67', 'e134b5a2-6fc1-11e8-b1d1-0226410ff50c')],
    });
    const many = Array.from({ length: 80 }, (_, i) => `default/web-${i}`).join(' ');
    expect(facts(`I0101 00:00:00.000000    1 eviction_manager.go:367] "Eviction manager: pods ranked for eviction" pods="[${many}]"`)).toMatchObject({ podCount: 80, pods: { length: 50 } });
  });

  it('reads the reason kubelet gives when it evicts (V(3) "Evicting pod")', () => {
    const line =
      'I1012 19:34:44.999300    2480 eviction_manager.go:377] "Evicting pod" pod="default/nginx" podUID="27aff94d-e0d9-43d1-84d6-9ab000aa57e2" message="The node was low on resource: memory. Threshold quantity: 750Mi, available: 225800Ki. Container nginx was using 4395616Ki, request is 0, has larger consumption of memory. "';
    expect(facts(line)).toEqual({
      kind: 'eviction-pod',
      outcome: 'evicting',
      pod: POD('default', 'nginx', '27aff94d-e0d9-43d1-84d6-9ab000aa57e2'),
      lowResource: { resource: 'memory', threshold: '750Mi', available: '225800Ki' },
    });
  });

  it('reports admission refused under pressure, with the node conditions', () => {
    expect(facts('I0527 09:00:05.110852    1025 eviction_manager.go:167] "Failed to admit pod to node" pod="monitoring/prometheus-k8s-0" nodeCondition=[DiskPressure]')).toEqual({
      kind: 'admission-rejected',
      pod: POD('monitoring', 'prometheus-k8s-0'),
      nodeConditions: ['DiskPressure'],
    });
    // k8s ≤ 1.20 format string: "Failed to admit pod %s - node has conditions: %v".
    expect(
      facts('W0610 10:00:00.000000    1234 eviction_manager.go:160] Failed to admit pod web-0_shop(6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d) - node has conditions: [MemoryPressure DiskPressure]'),
    ).toEqual({
      kind: 'admission-rejected',
      pod: POD('shop', 'web-0', '6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d'),
      nodeConditions: ['MemoryPressure', 'DiskPressure'],
    });
  });
});

describe('kubelet: system OOM, node conditions, image GC, PLEG', () => {
  it('reads the SystemOOM node event with its victim, and the bare klog notice', () => {
    // The event message is the one k/k's oom_watcher_linux.go documents; "Event occurred" is klog's event line format.
    const event =
      'I0415 23:04:52.101000    2480 event.go:307] "Event occurred" object="node1" fieldPath="" kind="Node" apiVersion="" type="Warning" reason="SystemOOM" message="System OOM encountered, victim process: runc:[2:INIT], pid: 98756"';
    expect(kubelet(event)).toMatchObject({ component: 'kubelet', facts: { kind: 'system-oom', victimComm: 'runc:[2:INIT]', victimPid: 98756 } });
    expect(facts('I0415 23:04:52.100000    2480 oom_watcher_linux.go:79] Got sys oom event: &{11207 stress 2024-04-15 23:04:52 +0000 UTC / /kubepods CONSTRAINT_NONE}')).toEqual({
      kind: 'system-oom',
      victimComm: 'stress',
      victimPid: 11207,
    });
  });

  it.each([
    [
      'I0603 15:36:24.878735    5645 kubelet_node_status.go:687] "Recording event message for node" node="node02" event="NodeHasNoDiskPressure"',
      'node02',
      'NodeHasNoDiskPressure',
      'DiskPressure',
      false,
    ],
    [
      'I0903 10:07:19.008233    1187 kubelet_node_status.go:497] "Recording event message for node" node="node-08" event="NodeHasInsufficientMemory"',
      'node-08',
      'NodeHasInsufficientMemory',
      'MemoryPressure',
      true,
    ],
    ['I0101 00:00:00.000000    1187 kubelet_node_status.go:497] "Recording event message for node" node="node-08" event="NodeNotSchedulable"', 'node-08', 'NodeNotSchedulable', null, null],
  ])('%s', (line, node, event, condition, status) => {
    expect(facts(line)).toEqual({ kind: 'node-condition', node, event, condition, status });
  });

  it('reads the event form "Node X status is now: Y"', () => {
    const line =
      'I0101 12:00:00.000000    2480 event.go:307] "Event occurred" object="ip-192-168-39-19.us-west-2.compute.internal" fieldPath="" kind="Node" apiVersion="" type="Normal" reason="NodeHasDiskPressure" message="Node ip-192-168-39-19.us-west-2.compute.internal status is now: NodeHasDiskPressure"';
    expect(facts(line)).toEqual({ kind: 'node-condition', node: 'ip-192-168-39-19.us-west-2.compute.internal', event: 'NodeHasDiskPressure', condition: 'DiskPressure', status: true });
  });

  it('reads image GC failures in both wordings and the high-threshold notice', () => {
    expect(
      facts(
        'E0618 00:00:14.229086  391617 kubelet.go:1551] "Image garbage collection failed multiple times in a row" err="Failed to garbage collect required amount of images. Attempted to free 1290842112 bytes, but only found 0 bytes eligible to free."',
      ),
    ).toEqual({
      kind: 'image-gc-failed',
      bytesToFree: 1290842112,
      bytesFreed: 0,
    });
    // The FreeDiskSpaceFailed event text of k8s ≤ 1.20 ("Wanted to free … but freed …").
    expect(
      facts(
        'W1030 08:00:00.000000    1234 kubelet.go:1300] Image garbage collection failed once. Stats initialization may not have completed yet: failed to garbage collect required amount of images. Wanted to free 4277782937 bytes, but freed 0 bytes',
      ),
    ).toEqual({
      kind: 'image-gc-failed',
      bytesToFree: 4277782937,
      bytesFreed: 0,
    });
    expect(
      facts(
        'I0618 00:00:14.229011  391617 image_gc_manager.go:383] "Disk usage on image filesystem is over the high threshold, trying to free bytes down to the low threshold" usage=85 highThreshold=85 amountToFree=1290842112 lowThreshold=80',
      ),
    ).toEqual({
      kind: 'image-fs-over-threshold',
      usagePercent: 85,
      highThreshold: 85,
      lowThreshold: 80,
      bytesToFree: 1290842112,
    });
  });

  it('reads PLEG is not healthy', () => {
    expect(facts('E1128 14:02:06.631719  308309 kubelet.go:1870] "Skipping pod synchronization" err="PLEG is not healthy: pleg was last seen active 3m0.416753742s ago; threshold is 3m0s"')).toEqual({
      kind: 'pleg-unhealthy',
      lastSeenAgo: '3m0.416753742s',
      threshold: '3m0s',
    });
  });
});

describe('kubelet: pods and containers', () => {
  it('reads crash-loop back-off in the structured and the old wording', () => {
    expect(
      facts(
        'E0212 16:04:12.927526   12104 pod_workers.go:1298] "Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"kube-apiserver\\" with CrashLoopBackOff: \\"back-off 5m0s restarting failed container=kube-apiserver pod=kube-apiserver-ip-172-31-17-197_kube-system(0332406a2c4a3de48df62d6a3422892b)\\"" pod="kube-system/kube-apiserver-ip-172-31-17-197" podUID="0332406a2c4a3de48df62d6a3422892b"',
      ),
    ).toEqual({ kind: 'crash-loop-back-off', pod: POD('kube-system', 'kube-apiserver-ip-172-31-17-197', '0332406a2c4a3de48df62d6a3422892b'), container: 'kube-apiserver', backOff: '5m0s' });
    expect(
      facts(
        'E1211 17:29:21.519957   10264 pod_workers.go:191] Error syncing pod 0f5eb28f-6722-4cf5-ab0f-b62748c018d4 ("memory-request-limit-54ff657644-wm7pj_default(0f5eb28f-6722-4cf5-ab0f-b62748c018d4)"), skipping: failed to "StartContainer" for "memory-demo-ctr" with CrashLoopBackOff: "back-off 5m0s restarting failed container=memory-demo-ctr pod=memory-request-limit-54ff657644-wm7pj_default(0f5eb28f-6722-4cf5-ab0f-b62748c018d4)"',
      ),
    ).toEqual({ kind: 'crash-loop-back-off', pod: POD('default', 'memory-request-limit-54ff657644-wm7pj', '0f5eb28f-6722-4cf5-ab0f-b62748c018d4'), container: 'memory-demo-ctr', backOff: '5m0s' });
  });

  it('reads the BackOff event text "Back-off restarting failed container X in pod Y"', () => {
    const line =
      'I0101 12:00:00.000000    2480 event.go:307] "Event occurred" object="default/demo-app" fieldPath="spec.containers{nginx}" kind="Pod" apiVersion="v1" type="Warning" reason="BackOff" message="Back-off restarting failed container nginx in pod demo-app_default(5da5612b-9738-493c-af51-a213072997f6)"';
    expect(facts(line)).toEqual({ kind: 'crash-loop-back-off', pod: POD('default', 'demo-app', '5da5612b-9738-493c-af51-a213072997f6'), container: 'nginx', backOff: null });
  });

  it('reads probe failures: structured, old, and the Unhealthy event text', () => {
    expect(
      facts(
        'I0507 11:59:37.133005    3782 prober.go:107] "Probe failed" probeType="Readiness" pod="loki-dev-014/loki-dev-014-rollout-operator-58fc68b876-2qhmp" podUID="e6504036-2514-4ecc-b78c-c47061f60c9f" containerName="rollout-operator" probeResult="failure" output="HTTP probe failed with statuscode: 500"',
      ),
    ).toEqual({
      kind: 'probe-failed',
      probeType: 'Readiness',
      pod: POD('loki-dev-014', 'loki-dev-014-rollout-operator-58fc68b876-2qhmp', 'e6504036-2514-4ecc-b78c-c47061f60c9f'),
      container: 'rollout-operator',
      result: 'failure',
      output: 'HTTP probe failed with statuscode: 500',
    });
    expect(
      facts(
        'I0809 06:39:44.340592   13117 prober.go:106] Liveness probe for "basecore-iapi-xlobo-com-5b9ff9c65d-plj4d_ymt-pro(344ce7ef-9afc-11e8-bf1e-9457a56b2f81):basecore-iapi-xlobo-com" failed (failure): Get http://10.200.109.68:6766/warmup: net/http: request canceled (Client.Timeout exceeded while awaiting headers)',
      ),
    ).toEqual({
      kind: 'probe-failed',
      probeType: 'Liveness',
      pod: POD('ymt-pro', 'basecore-iapi-xlobo-com-5b9ff9c65d-plj4d', '344ce7ef-9afc-11e8-bf1e-9457a56b2f81'),
      container: 'basecore-iapi-xlobo-com',
      result: 'failure',
      output: 'Get http://10.200.109.68:6766/warmup: net/http: request canceled (Client.Timeout exceeded while awaiting headers)',
    });
    const event =
      'I0101 12:00:00.000000    2480 event.go:307] "Event occurred" object="default/liveness-http" fieldPath="spec.containers{liveness}" kind="Pod" apiVersion="v1" type="Warning" reason="Unhealthy" message="Liveness probe failed: HTTP probe failed with statuscode: 500"';
    expect(facts(event)).toMatchObject({ kind: 'probe-failed', probeType: 'Liveness', pod: POD('default', 'liveness-http'), output: 'HTTP probe failed with statuscode: 500' });
  });

  it('reads PLEG container events in the Go, JSON and finished renderings', () => {
    expect(
      facts(
        'I1012 19:34:45.357018    2480 kubelet.go:2231] "SyncLoop (PLEG): event for pod" pod="default/nginx" event=&{ID:27aff94d-e0d9-43d1-84d6-9ab000aa57e2 Type:ContainerDied Data:4296b9e2377fddb0e7e42d20223c36771268cb7a1828315331405b66f0030add}',
      ),
    ).toEqual({
      kind: 'container-died',
      pod: POD('default', 'nginx', '27aff94d-e0d9-43d1-84d6-9ab000aa57e2'),
      containerId: '4296b9e2377fddb0e7e42d20223c36771268cb7a1828315331405b66f0030add',
    });
    expect(
      facts(
        'I0828 09:46:33.422286    2955 kubelet.go:2455] "SyncLoop (PLEG): event for pod" pod="default/nginx" event={"ID":"51a5ca8e-4e46-451b-bbac-525543a80861","Type":"ContainerStarted","Data":"ee86fb8be61987b83e1da1338b09fc0a83dcd12f9754455e668b16dc98f20f48"}',
      ),
    ).toEqual({
      kind: 'container-started',
      pod: POD('default', 'nginx', '51a5ca8e-4e46-451b-bbac-525543a80861'),
      containerId: 'ee86fb8be61987b83e1da1338b09fc0a83dcd12f9754455e668b16dc98f20f48',
    });
    expect(
      facts(
        'I0618 00:01:37.088931  391617 generic.go:358] "Generic (PLEG): container finished" podID="1e53a7ad-acc8-4bb3-b6b4-af1b06bfd435" containerID="c6a5c9ea95e7674f67a4cccab573f533ac148039033b3b845a32607fb305b363" exitCode=0',
      ),
    ).toEqual({
      kind: 'container-exited',
      pod: null,
      containerId: 'c6a5c9ea95e7674f67a4cccab573f533ac148039033b3b845a32607fb305b363',
      exitCode: 0,
      pid: null,
    });
    expect(
      facts('I0101 12:00:00.000000    2480 kubelet.go:2231] "SyncLoop (PLEG): event for pod" pod="default/nginx" event=&{ID:27aff94d-e0d9-43d1-84d6-9ab000aa57e2 Type:ContainerRemoved Data:4296}'),
    ).toBeNull();
  });

  it('reads container kills and why they happen', () => {
    expect(
      facts(
        'I0516 18:34:49.885621    4052 kuberuntime_container.go:808] "Killing container with a grace period" pod="default/liveness-exec" podUID="93e17ecc-ab55-461a-b526-29248d2554ad" containerName="liveness" containerID="containerd://05657a9c673d612aedd955a65136ccca36b82ba987831de7844cdc0238f1d707" gracePeriod=30',
      ),
    ).toEqual({
      kind: 'container-killing',
      pod: POD('default', 'liveness-exec', '93e17ecc-ab55-461a-b526-29248d2554ad'),
      container: 'liveness',
      containerId: '05657a9c673d612aedd955a65136ccca36b82ba987831de7844cdc0238f1d707',
      gracePeriodSeconds: 30,
      reason: null,
    });
    expect(
      facts(
        'I0516 18:34:49.885576    4052 kuberuntime_manager.go:1027] "Message for Container of pod" containerName="liveness" containerStatusID={"Type":"containerd","ID":"05657a9c673d612aedd955a65136ccca36b82ba987831de7844cdc0238f1d707"} pod="default/liveness-exec" containerMessage="Container liveness failed liveness probe, will be restarted"',
      ),
    ).toEqual({
      kind: 'container-killing',
      pod: POD('default', 'liveness-exec'),
      container: 'liveness',
      containerId: '05657a9c673d612aedd955a65136ccca36b82ba987831de7844cdc0238f1d707',
      gracePeriodSeconds: null,
      reason: 'Container liveness failed liveness probe, will be restarted',
    });
  });

  it('reads runtime call failures', () => {
    expect(
      facts(
        'E0911 05:49:29.101974     489 remote_runtime.go:176] "RunPodSandbox from runtime service failed" err="rpc error: code = Unknown desc = failed to create containerd task: failed to create shim task: failed to mount rootfs component"',
      ),
    ).toEqual({
      kind: 'runtime-error',
      operation: 'RunPodSandbox',
      pod: null,
      container: null,
      id: null,
      error: 'rpc error: code = Unknown desc = failed to create containerd task: failed to create shim task: failed to mount rootfs component',
    });
    expect(
      facts(
        'E1029 22:04:01.076306    2916 remote_runtime.go:116] "RunPodSandbox from runtime service failed" err="rpc error: code = Unknown desc = cri-o configured with systemd cgroup manager, but did not receive slice as parent: /kubepods/besteffort/pod19da9fa0d08737487dc32786dfe9d250"',
      ),
    ).toMatchObject({ kind: 'runtime-error', operation: 'RunPodSandbox' });
  });

  it('reads exec calls the runtime failed (exec probes and hooks) with the container id, in both wordings', () => {
    // kubernetes/kubernetes#140349: a readiness exec probe timing out.
    expect(
      facts(
        'E0709 00:32:48.042859    6781 remote_runtime.go:479] "ExecSync cmd from runtime service failed" err="rpc error: code = DeadlineExceeded desc = context deadline exceeded" containerID="09f25e22157b58194127df6b7d95a50312805272a34d8a4cf7bcffbab806faa3" cmd=[/bin/sh -c test ! -f /etc/probe/not-ready]',
      ),
    ).toEqual({
      kind: 'runtime-error',
      operation: 'ExecSync',
      pod: null,
      container: null,
      id: '09f25e22157b58194127df6b7d95a50312805272a34d8a4cf7bcffbab806faa3',
      error: 'rpc error: code = DeadlineExceeded desc = context deadline exceeded',
    });
    // containerd/containerd#3781: the printf form of 1.1x kubelets.
    expect(
      facts(
        "E1112 00:14:50.073181    1608 remote_runtime.go:351] ExecSync 7d1dbb28dac3216b2b5cbafa5c6b9dbb4a6565e56d9bd8c6f060ba7487b55501 'sh -c zookeeper-ready 2181' from runtime service failed: rpc error: code = Unknown desc = operation timeout: context deadline exceeded",
      ),
    ).toEqual({
      kind: 'runtime-error',
      operation: 'ExecSync',
      pod: null,
      container: null,
      id: '7d1dbb28dac3216b2b5cbafa5c6b9dbb4a6565e56d9bd8c6f060ba7487b55501',
      error: 'rpc error: code = Unknown desc = operation timeout: context deadline exceeded',
    });
  });

  it('ignores the everyday lines', () => {
    for (const line of [
      'I0516 18:34:04.558677    4052 kubelet.go:2407] "SyncLoop ADD" source="api" pods=["default/liveness-exec"]',
      'I0212 16:04:12.926951   12104 scope.go:117] "RemoveContainer" containerID="a6e080d62a9da0ecdb12f7cd0930a2e024b611a843529f66c285eda5d6f6368f"',
      'I0618 00:01:36.680540  391617 util.go:48] "No ready sandbox for pod can be found. Need to start a new one" pod="image-converter/image-converter-backend-8bc77f4c4-v8w7m"',
    ]) {
      expect(kubelet(line)).toBeNull();
    }
  });
});

describe('who logged it', () => {
  it('labels a klog line by its identifier, or as kubelet when nothing says', () => {
    const line = 'I0928 05:37:59.659033 2865036 eviction_manager.go:369] "Eviction manager: attempting to reclaim" resourceName="ephemeral-storage"';
    expect(classifyServiceMessage({ identifier: 'hyperkube', unit: null, message: line })?.component).toBe('kubelet');
    expect(classifyServiceMessage({ identifier: null, unit: 'kubelet.service', message: line })?.component).toBe('kubelet');
    expect(classifyServiceMessage({ identifier: 'k3s', unit: null, message: line })?.component).toBe('kubelet');
    expect(classifyServiceMessage({ identifier: 'microk8s.daemon-kubelite', unit: null, message: line })?.component).toBe('kubelet');
  });
});

describe('exit codes in free text', () => {
  it('reads "container <id> exited with code N" where a wrapper prints it', () => {
    expect(facts('I0101 12:00:00.000000    2480 wrapper.go:10] Container 4296b9e2377f exited with code 137')).toEqual({
      kind: 'container-exited',
      pod: null,
      containerId: '4296b9e2377f',
      exitCode: 137,
      pid: null,
    });
  });
});
