/**
 * A pod's cgroup names with the systemd driver (cgroup v2): each level a slice, dashes of the
 * UID become underscores, and Guaranteed pods have no QoS level.
 */
import type { PodPlan } from './bundle-plan.js';

/** `kubepods-burstable-pod6f1e2d3c_4b5a_4978_8c1d_2e3f4a5b6c7d.slice` */
export function podSliceName(pod: PodPlan): string {
  const uid = pod.uid.replaceAll('-', '_');
  return pod.qos === 'guaranteed' ? `kubepods-pod${uid}.slice` : `kubepods-${pod.qos}-pod${uid}.slice`;
}

/** The path the kernel prints: `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod<uid_>.slice`. */
export function podSlice(pod: PodPlan): string {
  if (pod.qos === 'guaranteed') return `/kubepods.slice/${podSliceName(pod)}`;
  return `/kubepods.slice/kubepods-${pod.qos}.slice/${podSliceName(pod)}`;
}
