import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendBytes, sendJson } from './send-answer.js';

const answer = { id: 'pay_1', amount: 1100, itemName: 'テスト商品', nested: { list: [1, null] } };
const shiftJisNg = Buffer.from([0x4e, 0x47, 0x2c, 0x83, 0x65]); // "NG,テ" in Shift_JIS

let base = '';
let server: ReturnType<express.Express['listen']>;
beforeAll(async () => {
  const app = express();
  app.set('etag', false);
  app.all('/ours', (_req, res) => sendJson(res, 201, answer));
  app.all('/express', (_req, res) => {
    res.status(201).json(answer);
  });
  app.post('/bytes', (_req, res) =>
    sendBytes(res, 200, 'text/plain; charset=Shift_JIS', shiftJisNg),
  );
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.close();
});

async function seen(path: string, method = 'POST') {
  const response = await fetch(`${base}${path}`, { method });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    length: response.headers.get('content-length'),
    body: Buffer.from(await response.arrayBuffer()),
  };
}

describe('sendJson', () => {
  it("answers the same status, headers and bytes as Express's res.json", async () => {
    const ours = await seen('/ours');
    expect(ours).toEqual(await seen('/express'));
    expect(ours.type).toBe('application/json; charset=utf-8');
    expect(JSON.parse(ours.body.toString('utf8'))).toEqual(answer);
    expect(Number(ours.length)).toBe(ours.body.length);
  });

  it('leaves the body out of an answer to HEAD, as Express does', async () => {
    const ours = await seen('/ours', 'HEAD');
    expect(ours).toEqual(await seen('/express', 'HEAD'));
    expect(ours.body.length).toBe(0);
  });
});

describe('sendBytes', () => {
  it('sends the bytes as they are, with their Content-Type and length', async () => {
    expect(await seen('/bytes')).toEqual({
      status: 200,
      type: 'text/plain; charset=Shift_JIS',
      length: '5',
      body: shiftJisNg,
    });
  });
});
