import { describe, expect, it } from 'vitest';
import { LedgerMemo } from '../../api/http/ledger-memo.ts';

const settle = () => new Promise((r) => setImmediate(r));

describe('LedgerMemo', () => {
  it('computes once per log size and serves the kept answer while a fresh one is computed', async () => {
    let size = 1;
    let computed = 0;
    const memo = new LedgerMemo(async () => size);
    const compute = async () => `answer ${++computed} at ${size}`;
    expect(await memo.get('q', compute)).toEqual({ value: 'answer 1 at 1', logSize: 1 });
    expect(await memo.get('q', compute)).toEqual({ value: 'answer 1 at 1', logSize: 1 });
    size = 2;
    // Stale, named by the size it reflects; the refresh runs behind it.
    expect(await memo.get('q', compute)).toEqual({ value: 'answer 1 at 1', logSize: 1 });
    await settle();
    expect(await memo.get('q', compute)).toEqual({ value: 'answer 2 at 2', logSize: 2 });
    expect(computed).toBe(2);
  });

  it('starts one refresh at a time, and keeps the old answer when a refresh fails', async () => {
    let size = 1;
    let calls = 0;
    const memo = new LedgerMemo(async () => size);
    await memo.get('q', async () => 'first');
    size = 2;
    const failing = async () => {
      calls += 1;
      throw new Error('database busy');
    };
    await Promise.all([memo.get('q', failing), memo.get('q', failing), memo.get('q', failing)]);
    expect(calls).toBe(1);
    await settle();
    expect(await memo.get('q', async () => 'second')).toEqual({ value: 'first', logSize: 1 });
    await settle();
    expect(await memo.get('q', async () => 'third')).toEqual({ value: 'second', logSize: 2 });
  });

  it('forgets a first computation that failed, so the next request tries again', async () => {
    const memo = new LedgerMemo(async () => 1);
    await expect(
      memo.get('q', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await settle();
    expect(await memo.get('q', async () => 'ok')).toEqual({ value: 'ok', logSize: 1 });
  });
});

describe('LedgerMemo one at a time', () => {
  it('starts the next computation only when the one before has finished, failed or not', async () => {
    const memo = new LedgerMemo(async () => 1, 8, true);
    const started: string[] = [];
    let finishFirst!: () => void;
    const first = memo.get('a', () => {
      started.push('a');
      return new Promise<string>((resolve) => {
        finishFirst = () => resolve('A');
      });
    });
    const second = memo.get('b', async () => {
      started.push('b');
      throw new Error('b failed');
    });
    const third = memo.get('c', async () => {
      started.push('c');
      return 'C';
    });
    for (let i = 0; i < 5; i++) await settle();
    expect(started).toEqual(['a']);
    finishFirst();
    expect((await first).value).toBe('A');
    await expect(second).rejects.toThrow('b failed');
    expect((await third).value).toBe('C');
    expect(started).toEqual(['a', 'b', 'c']);
  });
});
