#!/usr/bin/env node
/**
 * `npm start`: the demo shop with the bridge and the sandbox acquirer, on one port.
 * PORT, HOST and every variable the bridge reads (DESIGN.md, "Bridge configuration") apply.
 */
import { ConfigError, SANDBOX_DEFAULTS } from '@au-pay/bridge';
import { startShop } from './shop.js';

async function main(): Promise<void> {
  let shop: Awaited<ReturnType<typeof startShop>>;
  try {
    shop = await startShop();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`demo shop: ${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      process.stderr.write(
        `demo shop: port ${process.env.PORT || 3000} is in use. Stop the other server or start with PORT=3001 npm start.\n`,
      );
      process.exit(1);
    }
    throw error;
  }

  const { bridgeConfig: bridge } = shop;
  const lines = [
    '',
    `  au PAY demo shop: ${shop.url}/`,
    '',
    `  orders:           ${shop.url}/orders`,
    `  bridge:           ${bridge.publicUrl} (${bridge.mode})`,
    // A PostgreSQL URL may carry a password.
    `  database:         ${bridge.databaseUrl.replace(/\/\/[^@/]*@/, '//***@')}`,
  ];
  if (bridge.mode === 'sandbox') {
    // Only the published test key is shown; a key set in AU_PAY_SECRET_KEY stays unprinted.
    if (bridge.secretKey === SANDBOX_DEFAULTS.secretKey) {
      lines.push(`  secret key:       ${bridge.secretKey} (the sandbox test key, for curl)`);
    }
    lines.push(
      '  test au IDs:      success@au.example, cancel@au.example, limit@au.example, ... (demo/README.md)',
    );
  }
  lines.push('', '  Press Ctrl+C to stop.', '', '');
  process.stdout.write(lines.join('\n'));

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    shop.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`demo shop: shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `demo shop: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
