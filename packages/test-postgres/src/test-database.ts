import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * Creates an empty database on the server at `baseUrl` and returns its URL, so that each test file
 * works in a database of its own while sharing one server.
 */
export async function createTestDatabase(baseUrl: string): Promise<string> {
  const name = `test_${randomBytes(8).toString('hex')}`;
  const client = new Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
