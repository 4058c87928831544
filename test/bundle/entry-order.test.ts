/**
 * Order never matters (DESIGN.md §3): the same evidence packed in any entry order, inside a wrapper
 * folder or not, with `./` before the names or not, as a tar.gz or as a directory, gives the same
 * JSON report. Only what names the input itself may differ: its file name, size and sha256, the
 * folder the bundle sat in and the archive's entry count (a directory lists its folders too).
 * Every sample (samples/bundles, and the foreign archives in samples/foreign) and every format
 * fixture is packed in every shape.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderJson, type Report } from '../../src/report/index.js';
import { tempDir, writeBundle, type BundleFormat, type BundleSpec } from '../helpers/bundle.js';
import { shuffledSpec, specOfTarball } from '../helpers/bundle-shapes.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { reportOf, samplePath, SAMPLES } from '../report/helpers/report-of.js';
import { FORMAT_FIXTURES, type FormatFixture } from './format-fixtures.js';

/** The foreign samples that are archives (samples/foreign.sh); lone files have no entry order. */
const FOREIGN_DIR = join(REPO_ROOT, 'samples/foreign');
const FOREIGN_ARCHIVES = readdirSync(FOREIGN_DIR)
  .filter((name) => /\.tar\.(gz|xz)$/.test(name))
  .sort();

/** PODMORTEM_ORDER_SEEDS=4,5,6 tries other shuffles locally; CI keeps the fixed ones. */
const SEEDS = (process.env.PODMORTEM_ORDER_SEEDS ?? '1,2,3').split(',').map(Number).filter(Number.isInteger);

interface Shape {
  label: string;
  format: BundleFormat;
  seed: number | null;
  wrapper: boolean;
  dotSlash: boolean;
}

const SHAPES: Shape[] = [
  ...SEEDS.flatMap((seed) => [
    { label: `tar.gz seed ${seed}`, format: 'tar.gz' as const, seed, wrapper: false, dotSlash: false },
    { label: `tar.gz seed ${seed}, wrapper, ./`, format: 'tar.gz' as const, seed, wrapper: true, dotSlash: true },
    { label: `tar.gz seed ${seed}, ./`, format: 'tar.gz' as const, seed, wrapper: false, dotSlash: true },
  ]),
  { label: 'directory', format: 'dir', seed: null, wrapper: false, dotSlash: false },
  { label: 'directory in a wrapper', format: 'dir', seed: null, wrapper: true, dotSlash: false },
];

/** The report as JSON without the fields that name the input rather than its content. */
function contentJson(report: Report): string {
  const { input, archive, ...rest } = report;
  const { root, entries: _entries, unused, ...archiveRest } = archive;
  // Unused files are named by their archive path: the wrapper folder is taken off, as for `root`.
  const sample = unused.sample.map((name) => (name.startsWith(root) ? name.slice(root.length) : name));
  return renderJson({ ...rest, input: { kind: 'any', format: input.format }, archive: { ...archiveRest, unused: { ...unused, sample } } } as unknown as Report);
}

async function reportOfShape(spec: BundleSpec, wrapperName: string, shape: Shape): Promise<Report> {
  const dir = await tempDir('podmortem-order-');
  try {
    const wrapper = shape.wrapper ? wrapperName : '';
    const rename = (name: string) => `${shape.dotSlash ? './' : ''}${wrapper}${name}`;
    const packed = shape.seed === null ? spec : shuffledSpec(spec, shape.seed, rename);
    const name = shape.format === 'dir' ? 'bundle' : 'bundle.tar.gz';
    const path = await writeBundle(join(dir.path, name), packed, shape.format, shape.seed === null ? wrapper : '');
    return await reportOf(path);
  } finally {
    await dir.remove();
  }
}

/** The first differing lines, with a little context: the whole JSON would drown the message. */
function firstDifference(actual: string, expected: string): string {
  const [a, b] = [actual.split('\n'), expected.split('\n')];
  const at = a.findIndex((line, i) => line !== b[i]);
  const from = Math.max(0, at - 3);
  return `line ${at + 1}\n- ${b.slice(from, at + 4).join('\n- ')}\n+ ${a.slice(from, at + 4).join('\n+ ')}`;
}

async function expectSameForEveryShape(spec: BundleSpec, wrapperName: string): Promise<void> {
  const reference = contentJson(await reportOfShape(spec, wrapperName, SHAPES.at(-2) as Shape));
  for (const shape of SHAPES) {
    const json = contentJson(await reportOfShape(spec, wrapperName, shape));
    expect(json === reference, `${shape.label}: the JSON report differs from the directory's:\n${firstDifference(json, reference)}`).toBe(true);
  }
}

describe('the report does not depend on entry order, wrapper folder or ./ prefixes', () => {
  it.each(SAMPLES)(
    'sample %s',
    async (sample) => {
      const { spec, wrapper } = await specOfTarball(samplePath(sample));
      await expectSameForEveryShape(spec, wrapper || 'wrapper/');
    },
    120_000,
  );

  it('covers every foreign archive sample', () => {
    expect(FOREIGN_ARCHIVES.map((name) => name.replace(/-.*/, ''))).toEqual(['eks', 'rancher', 'sos', 'var']);
  });

  it.each(FOREIGN_ARCHIVES)(
    'foreign sample %s',
    async (name) => {
      const { spec, wrapper } = await specOfTarball(join(FOREIGN_DIR, name));
      await expectSameForEveryShape(spec, wrapper || 'wrapper/');
    },
    120_000,
  );

  it.each(Object.keys(FORMAT_FIXTURES))(
    'fixture %s',
    async (name) => {
      const fixture: FormatFixture = FORMAT_FIXTURES[name as keyof typeof FORMAT_FIXTURES];
      await expectSameForEveryShape(fixture.spec, fixture.wrapper ?? 'wrapper/');
    },
    120_000,
  );
});
