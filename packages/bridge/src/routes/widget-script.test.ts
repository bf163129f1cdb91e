import { get, type Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listen } from '../testing/bridge-harness.js';
import { widgetScriptRouter } from './widget-script.js';

let server: Server;
let url: string;

beforeAll(async () => {
  const app = express();
  app.use(widgetScriptRouter());
  ({ server, url } = await listen(app));
});

afterAll(() => new Promise<void>((done) => server.close(() => done())));

// `npm test` builds every package first, so the widget's self-contained file exists here.
it('GET /au-pay.js serves the built <au-pay> element to any origin', async () => {
  const response = await fetch(`${url}/au-pay.js`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
  expect(response.headers.get('access-control-allow-origin')).toBe('*');
  const script = await response.text();
  expect(script).toContain('au-pay');
  expect(script.length).toBeGreaterThan(1000);
});

it('revalidates with its own ETag, even where Express generates none (as in the CLI)', async () => {
  const app = express();
  app.set('etag', false);
  app.use(widgetScriptRouter());
  const bare = await listen(app);
  try {
    const first = await fetch(`${bare.url}/au-pay.js`);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]{43}"$/);
    // node:http, as a browser cache revalidates: fetch() adds Cache-Control: no-cache to a
    // conditional request, which asks for the full answer.
    expect(await statusOf(`${bare.url}/au-pay.js`, etag ?? '')).toBe(304);
    expect(await statusOf(`${bare.url}/au-pay.js`, '"x"')).toBe(200);
  } finally {
    await new Promise<void>((done) => bare.server.close(() => done()));
  }
});

const statusOf = (url: string, ifNoneMatch: string) =>
  new Promise<number | undefined>((resolve, reject) => {
    get(url, { headers: { 'If-None-Match': ifNoneMatch } }, (response) => {
      response.resume();
      resolve(response.statusCode);
    }).on('error', reject);
  });
