/** How many events the log holds: the seq of the last one (seqs start at 1 and leave no gaps). */
import type { Executor } from './bulk-sql.ts';

export async function logSize(sql: Executor): Promise<number> {
  return Number((await sql.execute('SELECT coalesce(max(seq), 0) AS n FROM events')).rows[0]!.n);
}
