/**
 * A 16 MB one-line `crictl inspect` (a pod spec with thousands of env pairs, as the
 * last-applied-configuration annotation carries) with many secrets. Redaction is linear, so the
 * real collector under dash and busybox sh redacts all of it within its --timeout: the item is
 * ok, every value is replaced and nothing else changes. The outcome is asserted, not the time.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { archiveIn, copySampleRoot, item, NOW, openBundle, runCollector, scratch, SHELLS, toolFarm } from './helpers/collector.js';

const INSPECTED = 'cc9f5ce2a89d419cec6710972c11310366835d913bb4748fb2b0723d8aa752e9';
const SIZE = 16_000_000;
const shells = SHELLS.filter((shell) => shell.available);

/** The line, and how many secret values it holds. */
function oneLineInspect(): { json: string; secrets: number } {
  const parts: string[] = [];
  let size = 0;
  let n = 0;
  while (size < SIZE) {
    const part =
      `{"key":"DB_PASSWORD","value":"s3cr3t-pw-${n}"},{"key":"PATH","value":"/usr/local/bin:/usr/bin"},` +
      `{"name":"GH_PAT","value":"s3cr3t-pat-${n}"},"API_TOKEN=s3cr3t-tok-${n}","Authorization: Basic s3cr3tYmFzaWM${n}",` +
      `{"memory.max":"536870912","oom_score_adj":${n % 1000}},`;
    parts.push(part);
    size += part.length;
    n += 1;
  }
  return { json: `{"status":{"id":"${INSPECTED}","reason":"OOMKilled"},"info":{"config":{"envs":[${parts.join('')}{"key":"END","value":"x"}]}}}\n`, secrets: n * 4 };
}

describe.each(shells)('a 16 MB one-line JSON under $name', ({ name }) => {
  let dir: string;
  let remove: () => Promise<void>;
  beforeEach(async () => {
    ({ dir, remove } = await scratch(`redact-large-${name}`));
  });
  afterEach(async () => remove());

  it('is redacted completely within --timeout, and the item is ok', async () => {
    const root = await copySampleRoot('oom-burstable-containerd', join(dir, 'root'));
    const { json, secrets } = oneLineInspect();
    await writeFile(join(root, `.tools/data/inspect-${INSPECTED}.json`), json);
    const farm = await toolFarm(join(dir, 'bin'), name, { fakeDirs: [join(root, '.tools')] });
    const out = join(dir, 'out');
    await mkdir(out);
    // The limit leaves room for a machine shared with other work: busybox awk takes about 20 s
    // for this line on one free core, mawk about 7 s.
    const result = await runCollector({ shell: name, path: farm, args: ['--root', root, '--output-dir', out, '--timeout', '120'], env: { PODMORTEM_NOW: String(NOW) } });
    expect(result.code, result.stderr).toBe(0);
    const bundle = await openBundle(await readFile(await archiveIn(out)));
    const path = `runtime/inspect/${INSPECTED}.json`;
    expect(item(bundle, path).status).toBe('ok');
    const collected = bundle.files.get(path)!.toString();
    expect(collected).not.toMatch(/s3cr3t/i);
    expect(bundle.manifest.redactions.find((entry) => entry.path === path)?.count).toBe(secrets);
    // Nothing but the values changed.
    expect(collected.replaceAll('<redacted>', 'X')).toBe(json.replace(/s3cr3t[^"]*/g, 'X'));
  }, 600_000);
});
