import { describe, expect, it } from 'vitest';
import { newPublicId } from './public-id.js';

describe('newPublicId', () => {
  it('is the prefix, an underscore and 22 base62 characters', () => {
    for (let i = 0; i < 500; i += 1) expect(newPublicId('pay')).toMatch(/^pay_[0-9A-Za-z]{22}$/);
    expect(newPublicId('pev')).toMatch(/^pev_[0-9A-Za-z]{22}$/);
  });

  it('never repeats, across many draws of the random pool', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 20_000; i += 1) ids.add(newPublicId('evt'));
    expect(ids.size).toBe(20_000);
  });

  it('uses each of the 62 characters about equally often', () => {
    const counts = new Map<string, number>();
    const ids = 6200;
    for (let i = 0; i < ids; i += 1) {
      for (const character of newPublicId('x').slice(2)) {
        counts.set(character, (counts.get(character) ?? 0) + 1);
      }
    }
    // 136,400 characters: 2,200 of each on average; a biased or stuck source falls far outside.
    expect(counts.size).toBe(62);
    expect(Math.min(...counts.values())).toBeGreaterThan(1900);
    expect(Math.max(...counts.values())).toBeLessThan(2500);
  });
});
