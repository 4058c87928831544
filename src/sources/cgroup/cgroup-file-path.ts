/**
 * Where a cgroup interface file sits: the cgroup path relative to the memory hierarchy root,
 * written with a leading slash exactly as the kernel prints memcg paths, and the file name.
 *
 *   `cgroup/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod6f1e…_….slice/cri-containerd-3b1f….scope/memory.events`
 *     → { cgroupPath: '/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod6f1e…_….slice/cri-containerd-3b1f….scope', file: 'memory.events' }
 *   `sys/fs/cgroup/memory/kubepods/burstable/pod6f1e…/3b1f…/memory.limit_in_bytes` (v1, hand-made bundle)
 *     → { cgroupPath: '/kubepods/burstable/pod6f1e…/3b1f…', file: 'memory.limit_in_bytes' }
 */
export interface CgroupFilePath {
  cgroupPath: string;
  file: string;
}

const BUNDLE_ROOTS = ['cgroup/', 'sys/fs/cgroup/'];
/** The v1 memory controller's mount folder; no kubelet cgroup is named like it. */
const V1_MEMORY_MOUNT = 'memory/';

export function parseCgroupFilePath(path: string): CgroupFilePath | null {
  const root = BUNDLE_ROOTS.find((prefix) => path.startsWith(prefix));
  if (root === undefined) return null;
  let relative = path.slice(root.length);
  if (relative.startsWith(V1_MEMORY_MOUNT)) relative = relative.slice(V1_MEMORY_MOUNT.length);
  const slash = relative.lastIndexOf('/');
  const file = relative.slice(slash + 1);
  if (file === '') return null;
  return { cgroupPath: `/${slash < 0 ? '' : relative.slice(0, slash)}`, file };
}
