import { describe, expect, it } from 'vitest';
import { pooledRandomBytes } from './random-pool.js';

describe('pooledRandomBytes', () => {
  it('hands out the bytes asked for, never the same bytes twice, across many pool draws', () => {
    // 4096-byte pools: 2,000 draws of 32 bytes span about 16 of them.
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i += 1) {
      const bytes = pooledRandomBytes(32);
      expect(bytes.length).toBe(32);
      seen.add(bytes.toString('hex'));
    }
    expect(seen.size).toBe(2000);
  });

  it('leaves bytes already handed out as they were when the pool is replaced', () => {
    const first = pooledRandomBytes(64);
    const copy = Buffer.from(first);
    for (let i = 0; i < 200; i += 1) pooledRandomBytes(100);
    expect(first.equals(copy)).toBe(true);
  });

  it('gives every byte value, roughly evenly', () => {
    const counts = new Array<number>(256).fill(0);
    for (let i = 0; i < 1024; i += 1)
      for (const byte of pooledRandomBytes(64)) counts[byte] = (counts[byte] ?? 0) + 1;
    // 65,536 bytes: 256 of each value on average; a stuck or zeroed pool fails at once.
    expect(Math.min(...counts)).toBeGreaterThan(150);
    expect(Math.max(...counts)).toBeLessThan(380);
  });

  it('refuses more than one pool at a time', () => {
    expect(() => pooledRandomBytes(4097)).toThrow(RangeError);
  });
});
