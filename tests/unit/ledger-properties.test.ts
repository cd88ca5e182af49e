/**
 * Random workloads against the ledger, checked after every event against an independent
 * balance model (tests/support/workload.ts). fast-check prints the seed and the shrunk
 * workload of any failure, so it replays exactly (`fc.assert(..., { seed, path })`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { play, workload } from '../support/workload.ts';

describe('ledger properties', () => {
  it('conserves every holder and every gift through random workloads, and refusals change nothing', () => {
    let accepted = 0;
    fc.assert(
      fc.property(workload(), (commands) => {
        const { ledger, log, accepted: ok } = play(commands);
        // Every gift's fate adds up (fateOf throws if it does not) and no lot is negative.
        for (const key of ledger.donations.keys()) log.fate(ledger, key);
        for (const id of log.lotIds) expect(ledger.book.get(id)!.amount).toBeGreaterThanOrEqual(0);
        accepted += ok.filter(Boolean).length;
      }),
      { numRuns: 300 },
    );
    // Guards the generator: most random events must be accepted, or the property proves little.
    expect(accepted).toBeGreaterThan(300 * 15);
  });
});
