import { describe, expect, it } from 'vitest';
import { capText, capTextDeep, cutMarker } from '../../src/util/cap-text.js';

describe('capText', () => {
  it('keeps short text and cuts long text with the marker and the full length in bytes', () => {
    expect(capText('worker-3', 16)).toBe('worker-3');
    expect(capText('é'.repeat(10), 4)).toBe(`éééé${cutMarker(20)}`);
    expect(cutMarker(31457280)).toBe('… cut, 31457280 bytes');
  });

  it('never ends on half a surrogate pair', () => {
    expect(capText('ab😀cd', 3)).toBe('ab… cut, 8 bytes');
  });

  it('does not cut again what a reader already cut', () => {
    const once = capText('x'.repeat(5000), 2048);
    expect(capText(once, 2048)).toBe(once);
    expect(capText(`${'y'.repeat(100)}… cut, 12 bytes`, 10)).toBe(`${'y'.repeat(10)}… cut, 117 bytes`);
  });

  it('caps every string of plain data, as a copy, keeping keys such as __proto__', () => {
    const data = JSON.parse('{"__proto__":"aaaaaaaa","list":["bbbbbbbbbb",3,null,{"c":"cccccccccc"}],"n":1,"t":true}') as Record<string, unknown>;
    const capped = capTextDeep(data, 4);
    expect(Object.getPrototypeOf(capped)).toBe(Object.prototype);
    expect(Object.keys(capped)).toEqual(['__proto__', 'list', 'n', 't']);
    expect(capped['__proto__']).toBe('aaaa… cut, 8 bytes');
    expect(capped.list).toEqual(['bbbb… cut, 10 bytes', 3, null, { c: 'cccc… cut, 10 bytes' }]);
    expect(data.list).toEqual(['bbbbbbbbbb', 3, null, { c: 'cccccccccc' }]);
  });
});
