import { describe, expect, it } from 'vitest';
import { cutText, detach, detachStrings, keepText } from '../../src/sources/keep-text.js';

describe('keep-text', () => {
  it('cuts to the limit without ending on half a surrogate pair', () => {
    expect(keepText('abcdef', 10)).toBe('abcdef');
    expect(keepText('abcdef', 3)).toBe('abc');
    expect(cutText('ab😀cd', 3)).toBe('ab');
    expect(keepText('ab😀cd', 4)).toBe('ab😀');
  });

  it('copies text unchanged, including non-ASCII', () => {
    const text = 'Größe überschritten: 日本語のログ '.repeat(3);
    expect(detach(text)).toBe(text);
    expect(detach('short')).toBe('short');
  });

  it('detaches every string of a record in place, keeping references and keys such as __proto__', () => {
    const victim = { comm: 'java worker thread', pid: 7 };
    const record = { victims: [victim], chosen: victim, path: '/kubepods/burstable/pod1234', nested: { list: ['a long enough string', 3, null] } };
    const keyed = JSON.parse('{"__proto__": "a value that is long", "constructor": "another long value"}') as Record<string, string>;
    expect(detachStrings(record)).toBe(record);
    expect(record.victims[0]).toBe(victim);
    expect(record).toEqual({
      victims: [{ comm: 'java worker thread', pid: 7 }],
      chosen: { comm: 'java worker thread', pid: 7 },
      path: '/kubepods/burstable/pod1234',
      nested: { list: ['a long enough string', 3, null] },
    });
    detachStrings(keyed);
    expect(Object.keys(keyed)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(keyed)).toBe(Object.prototype);
    expect(keyed['__proto__']).toBe('a value that is long');
  });
});
