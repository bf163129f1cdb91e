#!/usr/bin/env node
/**
 * `au-pay-bridge`: the bridge as a standalone server, configured from the environment
 * (DESIGN.md "Bridge configuration"; the table is in the package README).
 */
import type { Server } from 'node:http';
import express from 'express';
import { createBridge } from './bridge.js';
import { type BridgeConfig, ConfigError, loadConfig, SANDBOX_DEFAULTS } from './config.js';
import { createLogger } from './logger.js';

async function main(): Promise<number> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`au-pay-bridge: ${error.message}\n`);
      return 78; // EX_CONFIG
    }
    throw error;
  }

  const logger = createLogger();
  const bridge = createBridge(config, { logger });
  const app = express();
  app.disable('x-powered-by');
  // An ETag hashed from every API answer costs time and serves no cache: answers are no-store
  // or change with each request. /au-pay.js sets a validator of its own.
  app.set('etag', false);
  app.use(bridge);
  try {
    await bridge.ready;
  } catch (error) {
    logger.fatal({ err: error }, 'could not prepare the database');
    await bridge.close().catch(() => {});
    return 1;
  }

  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(config.port, config.host, (error?: Error) =>
      error ? reject(error) : resolve(listening),
    );
  });
  // One write, so that whoever reads the output (a person, a supervisor, a test) sees the banner
  // whole or not at all.
  process.stdout.write(banner(config));

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Stop taking connections, let in-flight requests finish, then stop workers and the store.
    server.close(() => {
      bridge.close().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
    server.closeIdleConnections();
    setTimeout(() => {
      logger.warn('in-flight requests did not finish in 10 s; exiting');
      process.exit(1);
    }, 10_000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return 0;
}

main().then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`au-pay-bridge: ${error instanceof Error ? error.message : error}\n`);
    process.exit(1);
  },
);

/** What the bridge prints once it listens. */
function banner(config: BridgeConfig): string {
  const lines = [`au-pay bridge (${config.mode}) listening on ${config.publicUrl}`];
  if (config.mode === 'sandbox') {
    // Only the published test key is printed: a key of the operator's own is a secret like any
    // other, and output ends up in logs.
    const key =
      config.secretKey === SANDBOX_DEFAULTS.secretKey
        ? config.secretKey
        : 'your own AU_PAY_SECRET_KEY (not printed)';
    lines.push(
      `  sandbox secret key: ${key}`,
      `  sandbox acquirer:   ${config.publicUrl}/sandbox/sbps`,
    );
  }
  return `${lines.join('\n')}\n`;
}
