/** Complaint challenges already used: each is good for one complaint, across every API process. */
import type { Executor } from './bulk-sql.ts';

export class SpentChallenges {
  constructor(private readonly sql: Executor) {}

  /** Spends a challenge's nonce; false when it was spent before. Forgets challenges long expired. */
  async spend(nonce: string, expiresMs: number, nowMs: number): Promise<boolean> {
    await this.sql.execute({ sql: 'DELETE FROM spent_challenges WHERE expires_ms < ?', args: [nowMs] });
    const rs = await this.sql.execute({
      sql: 'INSERT INTO spent_challenges (nonce, expires_ms) VALUES (?, ?) ON CONFLICT (nonce) DO NOTHING RETURNING nonce',
      args: [nonce, expiresMs],
    });
    return rs.rows.length === 1;
  }
}
