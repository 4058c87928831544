/**
 * The script users carry: joined from its parts, clean under `shellcheck -s sh`, parsed by
 * dash and busybox sh, small functions, and printed as is by `podmortem collector`.
 */
import { spawnSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCollectorScript } from '../../src/collector/collector-script.js';
import { REPO_ROOT, runPodmortem } from '../helpers/cli.js';
import { COLLECTOR, hasCommand, SHELLS } from './helpers/collector.js';

const LIB = join(REPO_ROOT, 'src/collector/lib');
const SHELL_FILES = [COLLECTOR, join(REPO_ROOT, 'src/collector/build.sh'), join(REPO_ROOT, 'samples/regenerate.sh')];

describe('collector script', () => {
  it('is the join of src/collector/lib/*.sh (build.sh --check)', () => {
    const check = spawnSync('sh', [join(REPO_ROOT, 'src/collector/build.sh'), '--check'], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it.skipIf(!hasCommand('shellcheck'))('is clean under shellcheck -s sh', () => {
    const result = spawnSync('shellcheck', ['-s', 'sh', ...SHELL_FILES], { encoding: 'utf8' });
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });

  it.each(SHELLS.filter((shell) => shell.available))('parses under $name', ({ argv }) => {
    const result = spawnSync(argv[0]!, [...argv.slice(1), '-n', COLLECTOR], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('keeps every part under 400 lines and every function under 60', async () => {
    for (const name of await readdir(LIB)) {
      const lines = (await readFile(join(LIB, name), 'utf8')).split('\n');
      expect({ name, long: lines.length > 400 }).toEqual({ name, long: false });
      let start = -1;
      let fn = '';
      lines.forEach((line, index) => {
        const opening = /^([a-z_]+)\(\) \{$/.exec(line);
        if (opening) [start, fn] = [index, opening[1]!];
        if (line === '}' && start >= 0) {
          expect({ fn, lines: Math.min(index - start + 1, 61) }).toEqual({ fn, lines: Math.min(index - start + 1, 60) });
          start = -1;
        }
      });
    }
  });

  it('carries the version of package.json', async () => {
    const { version } = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(await readFile(COLLECTOR, 'utf8')).toContain(`\nCOLLECTOR_VERSION=${version}\n`);
  });

  it('is printed byte for byte by `podmortem collector`', async () => {
    const result = await runPodmortem(['collector']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe((await readCollectorScript()).toString('utf8'));
    expect(result.stdout.startsWith('#!/bin/sh\n')).toBe(true);
  });
});
