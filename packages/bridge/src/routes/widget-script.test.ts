import type { Server } from 'node:http';
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
