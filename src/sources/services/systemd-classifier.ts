/**
 * systemd (PID 1) messages about the units that run the node: the kubelet restarting, the runtime
 * killed by the OOM killer. systemd ≥ 240 prefixes unit messages with the unit name; `Started` /
 * `Stopped` name the unit's description (≥ 252 also the unit). Real lines:
 *
 *   kubelet.service: Main process exited, code=exited, status=1/FAILURE
 *   emailengine.service: Main process exited, code=killed, status=9/KILL
 *   kubelet.service: Failed with result 'exit-code'.
 *   kubelet.service: Scheduled restart job, restart counter is at 5.
 *   mysql.service: A process of this unit has been killed by the OOM killer.
 *   Started kubelet.service - kubelet: The Kubernetes Node Agent.
 *   kubelet.service: main process exited, code=exited, status=1/FAILURE   (systemd 219, CentOS 7)
 *   Unit kubelet.service entered failed state.
 */
import type { ServiceFacts, UnitState } from './service-event.js';

const UNIT = /^([\w@.:\\-]+\.(?:service|scope|slice|socket|mount|timer|target)): (.*)$/s;

/** `unit` is the entry's UNIT field (the unit PID 1 is talking about), when the entry has one. */
export function classifySystemdMessage(message: string, unit: string | null): ServiceFacts | null {
  const prefixed = UNIT.exec(message);
  if (prefixed) return unitMessage(prefixed[1] as string, prefixed[2] as string);
  const entered = /^Unit ([\w@.:\\-]+) entered failed state/.exec(message);
  if (entered) return state(entered[1] as string, 'failed');
  const job = /^(Started|Stopped) (.+?)\.?$/s.exec(message);
  if (!job) return null;
  const named = /^([\w@.:\\-]+\.service) - /.exec(job[2] as string)?.[1];
  const subject = unit ?? named;
  if (!subject) return null;
  return state(subject, job[1] === 'Started' ? 'started' : 'stopped');
}

function unitMessage(unit: string, rest: string): ServiceFacts | null {
  const exited = /^main process exited, code=(\w+), status=(\d+)\/(\S+)/i.exec(rest);
  if (exited) {
    const byCode = exited[1] === 'exited';
    return { ...state(unit, 'exited'), exitCode: byCode ? Number(exited[2]) : null, signal: byCode ? null : (exited[3] as string) };
  }
  const failed = /^Failed with result '([^']+)'/.exec(rest);
  if (failed) return { ...state(unit, 'failed'), result: failed[1] as string };
  const restart = /^Scheduled restart job, restart counter is at (\d+)/.exec(rest);
  if (restart) return { ...state(unit, 'restart-scheduled'), restartCounter: Number(restart[1]) };
  if (rest.startsWith('A process of this unit has been killed by the OOM killer')) return state(unit, 'oom-killed');
  if (rest.startsWith('Start request repeated too quickly')) return state(unit, 'start-limit-hit');
  if (rest.startsWith('Deactivated successfully') || rest === 'Succeeded.') return state(unit, 'stopped');
  return null;
}

function state(unit: string, unitState: UnitState): Extract<ServiceFacts, { kind: 'unit-state' }> {
  return { kind: 'unit-state', unit, state: unitState, exitCode: null, signal: null, result: null, restartCounter: null };
}
