import { describe, expect, it } from 'vitest';
import { SandboxClock, SandboxClockError } from './sandbox-clock.js';

/** Real time played by the test. */
function realTime(start = '2025-03-10T10:00:00+09:00') {
  let ms = new Date(start).getTime();
  return {
    now: () => new Date(ms),
    pass: (by: number) => {
      ms += by;
    },
  };
}

describe('SandboxClock', () => {
  it('reads real time until it is moved', () => {
    const real = realTime();
    const clock = new SandboxClock(real.now);
    expect(clock.now().toISOString()).toBe('2025-03-10T01:00:00.000Z');
    expect(clock.offsetMs).toBe(0);
    real.pass(5_000);
    expect(clock.now().toISOString()).toBe('2025-03-10T01:00:05.000Z');
  });

  it('moves forward by an amount, then keeps ticking with real time', () => {
    const real = realTime();
    const clock = new SandboxClock(real.now);
    expect(clock.advance(31 * 60_000).toISOString()).toBe('2025-03-10T01:31:00.000Z');
    expect(clock.offsetMs).toBe(31 * 60_000);
    real.pass(1_000);
    expect(clock.now().toISOString()).toBe('2025-03-10T01:31:01.000Z');
    expect(clock.advance(0).toISOString()).toBe('2025-03-10T01:31:01.000Z');
  });

  it('moves forward to an instant, exactly', () => {
    const real = realTime();
    const clock = new SandboxClock(real.now);
    const target = new Date('2025-04-01T00:00:00+09:00');
    expect(clock.advanceTo(target)).toEqual(target);
    expect(clock.offsetMs).toBe(target.getTime() - real.now().getTime());
  });

  it('never goes back', () => {
    const real = realTime();
    const clock = new SandboxClock(real.now);
    clock.advance(60 * 60_000);
    const error = (() => {
      try {
        clock.advanceTo(new Date('2025-03-10T10:30:00+09:00'));
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(SandboxClockError);
    expect(error).toMatchObject({ code: 'clock_cannot_go_back' });
    expect((error as Error).message).toMatch(/only moves forward.*2025-03-10T01:30:00.000Z/);
    expect(() => clock.advance(-1)).toThrow(
      expect.objectContaining({ code: 'clock_cannot_go_back' }),
    );
    expect(() => clock.advance(Number.NaN)).toThrow(
      expect.objectContaining({ code: 'invalid_request' }),
    );
    expect(() => clock.advanceTo(new Date('nope'))).toThrow(
      expect.objectContaining({ code: 'invalid_request' }),
    );
    expect(clock.now().toISOString()).toBe('2025-03-10T02:00:00.000Z');
  });

  it('resumes from the newest record after a restart, never behind it', () => {
    const real = realTime();
    const clock = new SandboxClock(real.now);
    clock.resumeFrom(null);
    clock.resumeFrom(new Date('2025-03-01T00:00:00Z'));
    expect(clock.offsetMs).toBe(0);
    clock.resumeFrom(new Date('2025-05-01T00:00:00Z'));
    expect(clock.now().toISOString()).toBe('2025-05-01T00:00:00.000Z');
  });
});
