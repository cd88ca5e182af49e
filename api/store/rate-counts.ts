/** Shared request counts for rate limits: one row per key and window, added to atomically. */
import type { Client } from '@libsql/client';

export class RateCounts {
  constructor(private readonly client: Client) {}

  /** Adds `delta` to the count of `key` in `window` and answers the count now, over all processes. */
  async add(key: string, window: number, delta: number): Promise<number> {
    const rs = await this.client.execute({
      sql: `INSERT INTO rate_counts (key, window, count) VALUES (?, ?, ?)
            ON CONFLICT (key, window) DO UPDATE SET count = count + excluded.count RETURNING count`,
      args: [key, window, delta],
    });
    return Number(rs.rows[0]!.count);
  }

  /** Forgets windows that ended before `window`. */
  async prune(window: number): Promise<void> {
    await this.client.execute({ sql: 'DELETE FROM rate_counts WHERE window < ?', args: [window] });
  }
}
