import { describe, expect, it } from 'vitest';
import { malformedPathError } from './malformed-path.js';

describe('malformedPathError', () => {
  it('turns the router’s undecodable-parameter error into a 400 invalid_path, in English and Japanese', () => {
    const error = Object.assign(new URIError("Failed to decode param '%E3%81'"), { status: 400 });
    expect(malformedPathError(error)?.toBody()).toEqual({
      error: {
        code: 'invalid_path',
        message: expect.any(String),
        message_ja: expect.any(String),
      },
    });
    expect(malformedPathError(error)?.status).toBe(400);
  });

  it('leaves every other error alone', () => {
    expect(malformedPathError(new URIError('URI malformed'))).toBeNull();
    expect(malformedPathError(Object.assign(new Error('x'), { status: 400 }))).toBeNull();
    expect(malformedPathError('text')).toBeNull();
  });
});
