import { defineConfig, devices } from '@playwright/test';

/**
 * The buyer's journeys in Debian's Chromium, never a downloaded browser: on a desktop and on a
 * phone, each against its own demo shop (bridge + sandbox) on a fresh store.
 *
 * The journeys that move the sandbox clock (`@later`) get a shop of their own per device and run
 * one at a time there: a jump of a month would expire every payment other journeys are paying.
 * The clock is the shop's, so they run beside the other journeys.
 */
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const basePort = Number(process.env.E2E_PORT ?? 4310);

const shops = {
  sqlite: { port: basePort + 1, store: 'sqlite' },
  postgres: { port: basePort + 2, store: 'postgres' },
  later: { port: basePort + 3, store: 'sqlite' },
  laterPhone: { port: basePort + 4, store: 'sqlite' },
} as const;
const urlOf = (shop: keyof typeof shops) => `http://127.0.0.1:${shops[shop].port}`;

const launchOptions = {
  executablePath: chromium,
  args: ['--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-sync'],
};
const desktop = {
  ...devices['Desktop Chrome'],
  viewport: { width: 1280, height: 800 },
  launchOptions,
};
// A current Android phone: its viewport, touch and mobile user agent. The element has to pick its
// smartphone layout from these alone.
const phone = { ...devices['Pixel 7'], launchOptions };

export default defineConfig({
  testDir: 'journeys',
  outputDir: 'test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  workers: process.env.E2E_WORKERS ? Number(process.env.E2E_WORKERS) : 2,
  reporter: 'list',
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
  },
  projects: [
    { name: 'desktop', grepInvert: /@later/, use: { ...desktop, baseURL: urlOf('sqlite') } },
    { name: 'phone', grepInvert: /@later/, use: { ...phone, baseURL: urlOf('sqlite') } },
    {
      name: 'desktop-postgres',
      grep: /@postgres/,
      use: { ...desktop, baseURL: urlOf('postgres') },
    },
    {
      name: 'desktop-later',
      grep: /@later/,
      // One at a time across files too (later-in-time, subscriptions): each moves the shop's clock.
      workers: 1,
      use: { ...desktop, baseURL: urlOf('later') },
    },
    {
      name: 'phone-later',
      grep: /@later/,
      workers: 1,
      use: { ...phone, baseURL: urlOf('laterPhone') },
    },
  ],
  webServer: Object.values(shops).map(({ port, store }) => ({
    command: 'node --conditions=source --import tsx support/serve-shop.ts',
    url: `http://127.0.0.1:${port}/bridge/healthz`,
    // Every browser is 127.0.0.1: a limit far above what the journeys send keeps the limiter in
    // the path without limiting them (the bridge's own tests cover the limits).
    env: { PORT: String(port), E2E_STORE: store, AU_PAY_RATE_LIMIT: '1000' },
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe' as const,
    stderr: 'pipe' as const,
    gracefulShutdown: { signal: 'SIGTERM' as const, timeout: 10_000 },
  })),
});
