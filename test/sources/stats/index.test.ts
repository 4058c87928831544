import { describe, expect, it } from 'vitest';
import { LAYOUT, SOURCE_IDS } from '../../../src/bundle/index.js';
import { createStatsReaders } from '../../../src/sources/stats/index.js';
import { createSystemReaders } from '../../../src/sources/system/index.js';

describe('stats and system reader sets', () => {
  it('has one reader for every stats source of the layout', () => {
    const ids = SOURCE_IDS.filter((id) => LAYOUT[id].group === 'stats');
    expect(Object.keys(createStatsReaders()).sort()).toEqual([...ids].sort());
  });

  it('has one reader for every system source but the journal boots (the journal readers own them) and the unit and kubeconfig files (coverage only), and one for the kubelet config the runtime group lists', () => {
    const ids = SOURCE_IDS.filter((id) => LAYOUT[id].group === 'system' && !['journalBoots', 'kubeletUnit', 'kubeletKubeconfig'].includes(id));
    expect(LAYOUT.kubeletConfig.group).toBe('runtime');
    expect(Object.keys(createSystemReaders()).sort()).toEqual([...ids, 'kubeletConfig'].sort());
  });

  it('gives null (or no pressure) before any file was read', () => {
    const stats = Object.entries(createStatsReaders()).map(([id, reader]) => [id, reader.result()]);
    expect(stats.filter(([id]) => id !== 'pressure').every(([, result]) => result === null)).toBe(true);
    expect(createStatsReaders().pressure.result()).toEqual({ cpu: null, memory: null, io: null, irq: null });
    expect(Object.values(createSystemReaders()).every((reader) => reader.result() === null)).toBe(true);
  });
});
