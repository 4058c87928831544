import { describe, expect, it } from 'vitest';
import { classifyServiceMessage } from '../../../src/sources/services/classify-service-message.js';

const systemd = (message: string, unit: string | null = null) => classifyServiceMessage({ identifier: 'systemd', unit, message })?.facts ?? null;
const unitState = (unit: string, state: string, extra: object = {}) => ({ kind: 'unit-state', unit, state, exitCode: null, signal: null, result: null, restartCounter: null, ...extra });

describe('systemd unit messages', () => {
  it.each([
    ['kubelet.service: Main process exited, code=exited, status=1/FAILURE', unitState('kubelet.service', 'exited', { exitCode: 1 })],
    ['kubelet.service: main process exited, code=exited, status=1/FAILURE', unitState('kubelet.service', 'exited', { exitCode: 1 })],
    ['kubelet.service: Main process exited, code=exited, status=255/n/a', unitState('kubelet.service', 'exited', { exitCode: 255 })],
    ['emailengine.service: Main process exited, code=killed, status=9/KILL', unitState('emailengine.service', 'exited', { signal: 'KILL' })],
    ["kubelet.service: Failed with result 'exit-code'.", unitState('kubelet.service', 'failed', { result: 'exit-code' })],
    ['kubelet.service: Scheduled restart job, restart counter is at 37.', unitState('kubelet.service', 'restart-scheduled', { restartCounter: 37 })],
    ['mysql.service: A process of this unit has been killed by the OOM killer.', unitState('mysql.service', 'oom-killed')],
    [
      'docker-60ef727c9751aac9084702bca274544f94f1bb070ace95e8a79911c22b01a91d.scope: A process of this unit has been killed by the OOM killer.',
      unitState('docker-60ef727c9751aac9084702bca274544f94f1bb070ace95e8a79911c22b01a91d.scope', 'oom-killed'),
    ],
    ['session-689.scope: Deactivated successfully.', unitState('session-689.scope', 'stopped')],
    ['Unit kubelet.service entered failed state.', unitState('kubelet.service', 'failed')],
    ['Started kubelet.service - kubelet: The Kubernetes Node Agent.', unitState('kubelet.service', 'started')],
  ])('%s', (message, expected) => {
    expect(systemd(message)).toEqual(expected);
  });

  it('takes the unit from the entry when the sentence names only its description', () => {
    expect(systemd('Stopped kubelet: The Kubernetes Node Agent.', 'kubelet.service')).toEqual(unitState('kubelet.service', 'stopped'));
    expect(systemd('Stopped kubelet: The Kubernetes Node Agent.')).toBeNull();
  });

  it('ignores what it has no state for', () => {
    expect(systemd('kubelet.service: Service hold-off time over, scheduling restart.')).toBeNull();
    expect(systemd('Reloading.')).toBeNull();
  });
});
