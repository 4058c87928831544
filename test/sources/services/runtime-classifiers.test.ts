import { describe, expect, it } from 'vitest';
import { classifyServiceMessage } from '../../../src/sources/services/classify-service-message.js';

const as = (identifier: string | null, message: string) => classifyServiceMessage({ identifier, unit: null, message });
const containerd = (message: string) => as('containerd', message)?.facts ?? null;

const SANDBOX_OOM = '4bcba7fc4369fee4d7d2e6263b58fce52cfc928c6a31cfac4d43c838708991ce';

describe('containerd', () => {
  it('reads TaskOOM in the 1.7+ protobuf rendering and the older Go struct rendering', () => {
    expect(containerd(`time="2023-09-01T19:12:33.012922721Z" level=info msg="TaskOOM event container_id:\\"${SANDBOX_OOM}\\""`)).toEqual({ kind: 'task-oom', containerId: SANDBOX_OOM });
    expect(containerd('time="2019-03-28T12:22:02.843493956-05:00" level=info msg="TaskOOM event &TaskOOM{ContainerID:af134047d061f40b4ed78434de3ed8e292ff017a0e86b216e689e883ab450b30,}"')).toEqual({
      kind: 'task-oom',
      containerId: 'af134047d061f40b4ed78434de3ed8e292ff017a0e86b216e689e883ab450b30',
    });
  });

  it('reads TaskExit of the container itself, not of an exec inside it', () => {
    expect(
      containerd(
        'time="2025-03-18T10:21:52.551980894Z" level=info msg="TaskExit event container_id:\\"62e04a72b1c5bb855056e55b44513a36a9f338baa5ee997b5ea20858b61fa058\\" id:\\"62e04a72b1c5bb855056e55b44513a36a9f338baa5ee997b5ea20858b61fa058\\" pid:4020 exit_status:2 exited_at:{seconds:1742293282 nanos:547387052}"',
      ),
    ).toEqual({ kind: 'container-exited', pod: null, containerId: '62e04a72b1c5bb855056e55b44513a36a9f338baa5ee997b5ea20858b61fa058', exitCode: 2, pid: 4020 });
    expect(
      containerd(
        'time="2019-11-18T13:57:42.642359076+09:00" level=info msg="TaskExit event &TaskExit{ContainerID:72d440531d468f757ce628deac966828b405df842b0a84f4e737d1d464cdd4ab,ID:72d440531d468f757ce628deac966828b405df842b0a84f4e737d1d464cdd4ab,Pid:31408,ExitStatus:0,ExitedAt:2019-11-18 13:57:42.618338639 +0900 UTC,}"',
      ),
    ).toEqual({ kind: 'container-exited', pod: null, containerId: '72d440531d468f757ce628deac966828b405df842b0a84f4e737d1d464cdd4ab', exitCode: 0, pid: 31408 });
    expect(
      containerd(
        'time="2025-03-18T10:21:52.551980894Z" level=info msg="TaskExit event container_id:\\"62e04a72b1c5bb855056e55b44513a36a9f338baa5ee997b5ea20858b61fa058\\" id:\\"f3a1c0de9b7e\\" pid:4100 exit_status:1 exited_at:{seconds:1742293282 nanos:1}"',
      ),
    ).toBeNull();
  });

  it('ties sandbox ids to pods and container ids to names', () => {
    expect(
      containerd(
        'time="2024-08-28T09:46:32.480291720Z" level=info msg="RunPodSandbox for &PodSandboxMetadata{Name:nginx,Uid:51a5ca8e-4e46-451b-bbac-525543a80861,Namespace:default,Attempt:0,} returns sandbox id \\"ee86fb8be61987b83e1da1338b09fc0a83dcd12f9754455e668b16dc98f20f48\\""',
      ),
    ).toEqual({
      kind: 'sandbox-created',
      pod: { namespace: 'default', name: 'nginx', uid: '51a5ca8e-4e46-451b-bbac-525543a80861' },
      attempt: 0,
      sandboxId: 'ee86fb8be61987b83e1da1338b09fc0a83dcd12f9754455e668b16dc98f20f48',
    });
    expect(
      containerd(
        'time="2024-11-29T18:13:11.682692569Z" level=info msg="CreateContainer within sandbox \\"3cfe7b007c290255f1a416b2bd9404604e6ef5967348211d30cd41e00912fe17\\" for &ContainerMetadata{Name:nginx,Attempt:0,} returns container id \\"c65a36d4090569f70b6badb5b6127ad773ebd7e5ce18d3872b8e93ee4fb52cab\\""',
      ),
    ).toEqual({
      kind: 'container-created',
      sandboxId: '3cfe7b007c290255f1a416b2bd9404604e6ef5967348211d30cd41e00912fe17',
      container: 'nginx',
      attempt: 0,
      containerId: 'c65a36d4090569f70b6badb5b6127ad773ebd7e5ce18d3872b8e93ee4fb52cab',
    });
    expect(
      containerd('time="2023-11-11T17:48:11.940123665-05:00" level=info msg="StartContainer for \\"4d606ea6c582a29fba80579f108e45430a27848d54d72065b47e2efbd3778503\\" returns successfully"'),
    ).toEqual({
      kind: 'container-started',
      pod: null,
      containerId: '4d606ea6c582a29fba80579f108e45430a27848d54d72065b47e2efbd3778503',
    });
  });

  it('reads error-level lines as runtime errors, naming the operation and pod when shown', () => {
    expect(
      containerd(
        'time="2022-11-05T21:34:04.444635983+08:00" level=error msg="RunPodSandbox for &PodSandboxMetadata{Name:kube-controller-manager-master,Uid:1ab5ceb5a63fb5f500a8507ef20d279d,Namespace:kube-system,Attempt:0,} failed, error" error="failed to get sandbox image \\"registry.k8s.io/pause:3.6\\": i/o timeout"',
      ),
    ).toEqual({
      kind: 'runtime-error',
      operation: 'RunPodSandbox',
      pod: { namespace: 'kube-system', name: 'kube-controller-manager-master', uid: '1ab5ceb5a63fb5f500a8507ef20d279d' },
      container: null,
      id: null,
      error: 'failed to get sandbox image "registry.k8s.io/pause:3.6": i/o timeout',
    });
    expect(
      containerd(
        'T14:44:52.439833260+07:00" level=error msg="failed to handle container TaskExit event &TaskExit{ContainerID:513f9b55e96a531360dc266d6c13124c5b7a2e027552245912203ab96b60e98f,ID:513f9b55e96a531360dc266d6c13124c5b7a2e027552245912203ab96b60e98f,Pid:211974,ExitStatus:0,ExitedAt:2023-09-06 07:44:42.439304235 +0000 UTC,XXX_unrecognized:[],}" error="failed to stop container: context deadline exceeded: unknown"',
      ),
    ).toBeNull(); // a line cut at its start is not a logrus line: nothing to trust
    expect(
      containerd(
        'time="2023-09-06T14:44:52.439833260+07:00" level=error msg="failed to handle container TaskExit event &TaskExit{ContainerID:513f9b55e96a531360dc266d6c13124c5b7a2e027552245912203ab96b60e98f,ID:513f9b55e96a531360dc266d6c13124c5b7a2e027552245912203ab96b60e98f,Pid:211974,ExitStatus:0,ExitedAt:2023-09-06 07:44:42.439304235 +0000 UTC,XXX_unrecognized:[],}" error="failed to stop container: context deadline exceeded: unknown"',
      ),
    ).toMatchObject({
      kind: 'runtime-error',
      operation: null,
      id: '513f9b55e96a531360dc266d6c13124c5b7a2e027552245912203ab96b60e98f',
      error: 'failed to stop container: context deadline exceeded: unknown',
    });
  });

  it('ignores info lines it has no rule for', () => {
    expect(containerd('time="2025-05-16T18:02:43.772965922Z" level=info msg="cleaning up dead shim" namespace=k8s.io')).toBeNull();
  });
});

describe('CRI-O', () => {
  it('reads its lifecycle lines and its space-separated stamps', () => {
    const started = as(
      'crio',
      'time="2023-05-31 15:54:15.113161747Z" level=info msg="Started container" PID=112627 containerID=ad41a2b86a0eb8ee5cf725eea052b245e0ed3441af420abb7f2bd32d12918c5b description=default/web-0/app file="server/container_start.go:117" id=1ec53ace-a210-4b2e-9ff3-bd071254e0c7 name=/runtime.v1.RuntimeService/StartContainer sandboxID=daa684cb30db2925d39ed08c56ed607823c3fa7a40032c2af2bfa7edb0178881',
    );
    expect(started).toMatchObject({
      component: 'crio',
      facts: { kind: 'container-started', pod: { namespace: 'default', name: 'web-0', uid: null }, containerId: 'ad41a2b86a0eb8ee5cf725eea052b245e0ed3441af420abb7f2bd32d12918c5b' },
      line: { stamp: { utcMs: Date.UTC(2023, 4, 31, 15, 54, 15) + 113.161 } },
    });
  });
});

describe('logrus lines from an unnamed source', () => {
  it('are read with the runtime rules and labelled runtime', () => {
    expect(as(null, `time="2023-09-01T19:12:33.012922721Z" level=info msg="TaskOOM event container_id:\\"${SANDBOX_OOM}\\""`)).toMatchObject({ component: 'runtime', facts: { kind: 'task-oom' } });
  });
});
