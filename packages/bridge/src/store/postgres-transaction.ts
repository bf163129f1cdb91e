import { DatabaseError, type Pool, type PoolClient } from 'pg';

// serialization_failure and deadlock_detected: the database gave up on the transaction, not on
// the request, and asks for it to be run again.
const RETRYABLE_CODES = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 5;

/**
 * Runs `work` between BEGIN and COMMIT on one pooled connection, rolling back when it throws and
 * running it again (after a short random pause) when the database reports a serialization failure
 * or a deadlock; `work` must therefore be safe to repeat.
 */
export async function inTransaction<T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    let connectionBroken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      connectionBroken = await rollback(client);
      const retryable = error instanceof DatabaseError && RETRYABLE_CODES.has(error.code ?? '');
      if (!retryable || attempt === MAX_ATTEMPTS) throw error;
    } finally {
      // A connection that could not even roll back is destroyed rather than reused.
      client.release(connectionBroken);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt));
  }
}

async function rollback(client: PoolClient): Promise<Error | undefined> {
  try {
    await client.query('ROLLBACK');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}
