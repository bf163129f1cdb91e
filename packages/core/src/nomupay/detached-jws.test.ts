import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CREATE_PAYMENT_REQUEST, PAYMENT_WEBHOOK } from '../testing/nomupay-worked-examples.js';
import { encodeBase64url } from './base64url.js';
import { jwsSigningInput, readDetachedJws, signDetachedJws } from './detached-jws.js';

describe('readDetachedJws', () => {
  it('splits the §4 token into its header and a 32-byte HS256 signature', () => {
    const read = readDetachedJws(PAYMENT_WEBHOOK.signature);
    if (!read.ok) throw new Error(read.message);
    expect(read.jws.header).toEqual(JSON.parse(PAYMENT_WEBHOOK.header));
    expect(read.jws.protectedHeader).toBe(PAYMENT_WEBHOOK.signature.split('.')[0]);
    expect(read.jws.signature).toHaveLength(32);
  });

  it('reads an empty signature, so that alg "none" can be named', () => {
    const read = readDetachedJws(`${encodeBase64url('{"alg":"none"}')}..`);
    expect(read.ok && read.jws.signature.length).toBe(0);
  });

  it.each([
    ['two segments', 'eyJhbGciOiJIUzI1NiJ9.c2ln', /2 dot-separated segments/],
    ['four segments', 'eyJhbGciOiJIUzI1NiJ9...c2ln', /4 dot-separated segments/],
    [
      'an attached payload',
      `eyJhbGciOiJIUzI1NiJ9.${encodeBase64url('{}')}.c2ln`,
      /payload detached/,
    ],
    ['an empty header', '..c2ln', /JSON object/],
    ['a header that is not JSON', `${encodeBase64url('alg=HS256')}..c2ln`, /JSON object/],
    ['a header that is a JSON array', `${encodeBase64url('["HS256"]')}..c2ln`, /JSON object/],
    ['a padded signature', 'eyJhbGciOiJIUzI1NiJ9..c2lnbg==', /not BASE64URL/],
  ])('refuses %s', (_case, token, message) => {
    const read = readDetachedJws(token);
    expect(read.ok).toBe(false);
    expect(!read.ok && read.message).toMatch(message);
  });
});

describe('jwsSigningInput', () => {
  it('is BASE64URL(header) "." BASE64URL(body): the §3 signature verifies over it', () => {
    const [protectedHeader = ''] = CREATE_PAYMENT_REQUEST.signature.split('.');
    const input = jwsSigningInput(protectedHeader, CREATE_PAYMENT_REQUEST.body);
    expect(input.toString('ascii')).toBe(
      `${encodeBase64url(CREATE_PAYMENT_REQUEST.header)}.${Buffer.from(CREATE_PAYMENT_REQUEST.body).toString('base64url')}`,
    );
    const publicKey = createPublicKey({
      key: Buffer.from(CREATE_PAYMENT_REQUEST.publicKey, 'base64'),
      format: 'der',
      type: 'spki',
    });
    const signature = Buffer.from(
      CREATE_PAYMENT_REQUEST.signature.split('..')[1] ?? '',
      'base64url',
    );
    expect(verify('sha256', input, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature)).toBe(
      true,
    );
  });

  it('encodes a string body as UTF-8 and a byte body as it is', () => {
    const text = '{"item":"電子書籍"}';
    expect(jwsSigningInput('h', text)).toEqual(jwsSigningInput('h', Buffer.from(text, 'utf8')));
    expect(jwsSigningInput('h', '').toString()).toBe('h.');
  });
});

describe('signDetachedJws', () => {
  it('keeps the header members in the order given and leaves the payload out', () => {
    const token = signDetachedJws({ b: 1, a: 2 }, 'body', () => Uint8Array.of(1, 2, 3));
    expect(token).toBe(`${encodeBase64url('{"b":1,"a":2}')}..AQID`);
  });

  it('signs the signing input of its own header', () => {
    let signed = '';
    const token = signDetachedJws({ alg: 'HS256' }, 'x', (input) => {
      signed = input.toString();
      return Uint8Array.of(0);
    });
    expect(signed).toBe(`${token.split('.')[0]}.eA`);
  });
});
