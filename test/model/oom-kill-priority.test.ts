import { describe, expect, it } from 'vitest';
import { killPriority, killsToShow } from '../../src/model/index.js';

const kill = (podUid: string | null, container: string | null, process = 'java') => ({ podUid, container, containerId: null, process });

describe('killPriority', () => {
  it('puts the latest kill of every container first, then the ones before, later kills first within a round', () => {
    // a1 a2 a3 b1 a4 (time order)
    const kills = [kill('a', 'api'), kill('a', 'api'), kill('a', 'api'), kill('b', 'db'), kill('a', 'api')];
    expect(killPriority(kills)).toEqual([4, 3, 2, 1, 0]);
  });

  it('keeps a one-off kill ahead of a crash loop that came after it', () => {
    const kills = [kill('b', 'db'), ...Array.from({ length: 10 }, () => kill('a', 'api'))];
    expect(killPriority(kills).slice(0, 2)).toEqual([10, 0]);
  });

  it('tells containers of one pod apart, and kills outside pods by process', () => {
    expect(killPriority([kill('a', 'sidecar'), kill('a', 'api'), kill('a', 'api')])).toEqual([2, 0, 1]);
    expect(killPriority([kill(null, null, 'kubelet'), kill(null, null, 'containerd'), kill(null, null, 'containerd')])).toEqual([2, 0, 1]);
  });
});

describe('killsToShow', () => {
  it('returns the most important kills back in time order', () => {
    const kills = [kill('b', 'db'), kill('a', 'api'), kill('a', 'api'), kill('a', 'api')];
    expect(killsToShow(kills, 2)).toEqual([0, 3]);
    expect(killsToShow(kills, 10)).toEqual([0, 1, 2, 3]);
    expect(killsToShow([], 5)).toEqual([]);
  });
});
