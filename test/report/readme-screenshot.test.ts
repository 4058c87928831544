/**
 * The README's "Reading the report" shows one screenshot: it must be a real PNG under docs/,
 * there, and wide enough to read (issue 14, point 9). The picture is made by
 * docs/make-screenshot.mjs in real Chromium; this test does not remake it.
 */
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/cli.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('README screenshot', () => {
  it('"Reading the report" shows one PNG from docs/, and the file is a readable PNG', async () => {
    const readme = await readFile(join(REPO_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Reading the report'), readme.indexOf('\n## ', readme.indexOf('### Reading the report')));
    const images = [...section.matchAll(/!\[([^\]]+)\]\(([^)]+)\)/g)].map((match) => ({ alt: match[1] as string, path: match[2] as string }));
    expect(images).toHaveLength(1);
    const [image] = images as [{ alt: string; path: string }];
    expect(image.path).toMatch(/^docs\/[\w-]+\.png$/);
    expect(image.alt.length).toBeGreaterThan(20);
    const png = await readFile(join(REPO_ROOT, image.path));
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    // IHDR: width and height, big-endian, right after the signature and the chunk header.
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(1000);
    expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(600);
  });
});
