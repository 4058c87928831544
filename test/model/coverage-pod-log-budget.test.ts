/**
 * The manifest's `podLogs` (the collector's pod-log budget, per container) is read, and data
 * coverage says what the budget cut: how many containers were kept whole, how many OOM victims
 * went first, how many kept only the end of their current log.
 */
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/sources/index.js';
import { modelFromSpec } from '../helpers/model.js';

const VICTIM = 'pods/shop_api-7d9f8b6c5-x2x9q_6f1e2d3c-4b5a-4968-8776-0123456789ab/api';
const CHATTY = 'pods/batch_etl-5c4b3a291-abcde_0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/etl';
const QUIET = 'pods/web_web-6b5a4c3d2-fghij_1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e/web';
const STALE = 'pods/web_old-6b5a4c3d2-klmno_2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f/old';

function manifest(podLogs: object[]): string {
  return JSON.stringify({ format: 'podmortem-bundle', formatVersion: 1, node: 'n', items: [], podLogs });
}

const RECORDS = [
  { container: VICTIM, round: 'oom-victim', keptBytes: 2_100_000, logBytes: 2_100_000, files: 2, keptFiles: 2, note: 'named by the kernel as an OOM victim: container cc9f5ce2a89d4' },
  { container: CHATTY, round: 'tail', keptBytes: 870_000, logBytes: 2_030_000, files: 2, keptFiles: 1, note: null },
  { container: QUIET, round: 'tail', keptBytes: 4_430, logBytes: 4_430, files: 1, keptFiles: 1, note: null },
  { container: STALE, round: 'none', keptBytes: 0, logBytes: 0, files: 0, keptFiles: 0, note: '1 older than the window, not counted' },
];

describe('the pod-log budget in the manifest', () => {
  it('reads each container record, and drops one with an unknown round', () => {
    const warnings: string[] = [];
    const parsed = parseManifest(manifest([...RECORDS, { container: 'pods/x/y', round: 'lucky', keptBytes: 1 }]), (message) => warnings.push(message));
    expect(parsed?.podLogs).toEqual(RECORDS);
    expect(warnings).toEqual(['manifest field round should be one of oom-victim, tail, newest, none: ignored']);
  });

  it('reads a manifest without podLogs (an older collector) as an empty list', () => {
    expect(parseManifest(JSON.stringify({ format: 'podmortem-bundle', items: [] }), () => {})?.podLogs).toEqual([]);
  });

  it('says in data coverage what the budget cut (out-of-window containers aside), and nothing when it cut nothing', async () => {
    const cut = await modelFromSpec({ 'manifest.json': manifest(RECORDS) });
    expect(cut.coverage.find((row) => row.source === 'podLogs')?.notes).toEqual([
      "budget: 2 of 3 containers' logs kept whole; 1 named by the kernel as OOM victims kept first; 2 kept the end of their current log",
    ]);
    const whole = await modelFromSpec({ 'manifest.json': manifest([RECORDS[0]!, RECORDS[2]!]) });
    expect(whole.coverage.find((row) => row.source === 'podLogs')?.notes).toEqual([]);
  });
});
