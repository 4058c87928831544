/**
 * The JSON report written in pieces is `JSON.stringify(report, null, 2)` to the byte: checked on
 * the samples' real reports and on the corners of JSON.stringify (undefined, toJSON, empty and
 * nested containers, a `__proto__` key, text that looks like JSON).
 */
import { describe, expect, it } from 'vitest';
import { jsonPieces } from '../../src/report/index.js';
import { reportOf, samplePath, SAMPLES } from './helpers/report-of.js';

const whole = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const pieced = (value: unknown) => [...jsonPieces(value)].join('');

describe('the JSON report in pieces', () => {
  it.each(SAMPLES)('%s: the same text as JSON.stringify', async (sample) => {
    const report = await reportOf(samplePath(sample));
    expect(pieced(report)).toBe(whole(report));
  });

  it("keeps JSON.stringify's rules at every depth", () => {
    const corners = {
      empty: {},
      emptyList: [],
      nested: [{}, [], [[]], { a: { b: { c: [1, { d: null }] } } }],
      gone: undefined,
      fn: () => 1,
      holes: [undefined, () => 1, Symbol('s'), 'x'],
      date: new Date(Date.UTC(2026, 10, 27, 10, 15, 2)),
      own: { toJSON: (key: string) => ({ key }) },
      text: 'line\nnext "quoted" \\ \u2028 </script> {"a": 1}\n  ',
      numbers: [0, -0, 1.5, Number.NaN, Infinity],
      deep: { list: [{ list: [{ text: 'a\nb' }] }] },
    };
    const withProto = JSON.parse('{"__proto__": {"x": 1}, "y": [1, 2]}') as unknown;
    for (const value of [corners, withProto, [], {}, [1, [2, [3]]], { only: undefined }]) expect(pieced(value)).toBe(whole(value));
  });

  it('hands a large report on in pieces of bounded size', () => {
    const report = { oomKills: Array.from({ length: 3000 }, (_, i) => ({ pid: i, logBefore: Array.from({ length: 5 }, () => 'y'.repeat(100)) })) };
    const pieces = [...jsonPieces(report)];
    expect(pieces.length).toBeGreaterThan(10);
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThan(2 * 64 * 1024);
    expect(pieces.join('')).toBe(whole(report));
  });
});
