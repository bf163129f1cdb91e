// BASE64URL of RFC 7515 §2: the URL-safe alphabet without padding. Decoding is strict, because
// Buffer's own decoder skips characters it does not know, and a token that only verifies after
// such repairs is not the token that was signed.

const ALPHABET = /^[A-Za-z0-9_-]*$/;

/** BASE64URL of the bytes (a string counts as its UTF-8 bytes). */
export function encodeBase64url(data: string | Uint8Array): string {
  return (typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data)).toString(
    'base64url',
  );
}

/**
 * The bytes of a BASE64URL segment, or `undefined` when it holds padding, characters outside the
 * alphabet, an impossible length, or stray bits (the one canonical spelling is accepted).
 */
export function decodeBase64url(segment: string): Buffer | undefined {
  if (!ALPHABET.test(segment) || segment.length % 4 === 1) return undefined;
  const bytes = Buffer.from(segment, 'base64url');
  return bytes.toString('base64url') === segment ? bytes : undefined;
}
