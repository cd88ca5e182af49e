/**
 * Phone-first tables: which columns a row's card shows, how the needs board is paged, and
 * that shares never read 0.0% of something or 100.0% of less than everything.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shareLabel } from '../../site/charts/parts-state.ts';
import { formatPercent } from '../../site/lib/format.ts';
import {
  boardPagePath,
  boardPages,
  pagerPages,
  type BoardView,
  type NeedRow,
} from '../../site/lib/needs-board.ts';
import { phoneColumns, type Column } from '../../site/lib/table.ts';

const col = (id: string, extra: Partial<Column> = {}): Column => ({ id, label: id, ...extra });

describe('phone columns', () => {
  it('shows the first column and the key columns on the card, in table order, and the rest behind a tap', () => {
    const columns = [
      col('priority'),
      col('facility', { key: true }),
      col('region'),
      col('still_needed', { key: true, numeric: true }),
      col('disease'),
      col('urgency', { key: true }),
    ];
    expect(phoneColumns({ columns })).toEqual({ shown: [0, 1, 3, 5], rest: [2, 4] });
  });

  it('leaves a table that marks no key column as it was (it scrolls sideways)', () => {
    expect(
      phoneColumns({ columns: [col('a'), col('b'), col('c'), col('d'), col('e'), col('f'), col('g')] }),
    ).toBeNull();
  });

  it('makes no cards when every column is key: there is nothing to fold away', () => {
    expect(phoneColumns({ columns: [col('a'), col('b', { key: true })] })).toBeNull();
  });

  it('always shows the first column and splits every column exactly once', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 12 }), (keys) => {
        const columns = keys.map((k, i) => col(`c${i}`, { key: k }));
        const p = phoneColumns({ columns });
        if (p === null) return;
        expect(p.shown[0]).toBe(0);
        expect([...p.shown, ...p.rest].sort((a, b) => a - b)).toEqual(columns.map((_, i) => i));
        for (const i of p.rest) expect(columns[i]!.key).toBeFalsy();
      }),
    );
  });
});

describe('needs board pages', () => {
  const need = (i: number) => ({ id: `evt_${i}` }) as unknown as NeedRow;
  const view = (key: string, n: number): BoardView => ({
    key,
    kind: key ? 'province' : 'all',
    value: key,
    needs: Array.from({ length: n }, (_, i) => need(i)),
  });

  it('pages each view, every need on exactly one page, the first page at the view’s own address', () => {
    const pages = boardPages([view('', 120), view('410000', 3), view('420000', 0)], 50);
    expect(pages.map((p) => p.path)).toEqual(['', 'page-2', 'page-3', '410000', '420000']);
    expect(pages.filter((p) => p.view.key === '').map((p) => p.needs.length)).toEqual([50, 50, 20]);
    expect(pages.filter((p) => p.view.key === '').flatMap((p) => p.needs.map((n) => n.id))).toEqual(
      view('', 120).needs.map((n) => n.id),
    );
    expect(boardPagePath('priority-1', 2)).toBe('priority-1/page-2');
  });

  it('links the first, the last and the pages near the current one', () => {
    expect(pagerPages(6, 20)).toEqual([1, null, 4, 5, 6, 7, 8, null, 20]);
    expect(pagerPages(1, 3)).toEqual([1, 2, 3]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 500 }), (a, b) => {
        const pages = Math.max(a, b);
        const page = Math.min(a, b);
        const links = pagerPages(page, pages);
        expect(links).toContain(page);
        expect(links[0]).toBe(1);
        expect(links[links.length - 1]).toBe(pages);
        // Never two gaps in a row, and at most 2 + 5 pages + 2 gaps.
        expect(links.length).toBeLessThanOrEqual(9);
      }),
    );
  });
});

describe('shares', () => {
  it('never reads 0.0% for a part that is not nothing, nor 100.0% for less than everything', () => {
    expect(shareLabel(0, 3, 10_000)).toBe('<0.1%');
    expect(shareLabel(0, 0, 10_000)).toBe('0.0%');
    expect(shareLabel(1000, 9_999, 10_000)).toBe('>99.9%');
    expect(shareLabel(1000, 10_000, 10_000)).toBe('100.0%');
    expect(shareLabel(457, 457, 1000)).toBe('45.7%');
    expect(formatPercent(0.0004, 'en')).toBe('<0.1%');
    expect(formatPercent(0, 'en')).toBe('0.0%');
    expect(formatPercent(0.9996, 'zh-CN')).toBe('>99.9%');
    expect(formatPercent(1, 'en')).toBe('100.0%');
    expect(formatPercent(0.004, 'en', 0)).toBe('<1%');
  });
});
