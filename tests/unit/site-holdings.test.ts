/**
 * An organization's holdings table labels units that carry no gift as "provenance unknown" in
 * both languages, so stock from an opening balance never passes for a gift's or goes unshown.
 */
import { describe, expect, it } from 'vitest';
import type { Holding } from '../../api/store/queries/holdings.ts';
import { translator, type Locale } from '../../site/lib/i18n.ts';
import { createNamer } from '../../site/lib/names.ts';
import { holdingsTable } from '../../site/lib/organizations.ts';
import { phoneColumns } from '../../site/lib/table.ts';

const holding = (provenanceUnknown: boolean, amount: number): Holding => ({
  asset: 'money:CNY',
  lotCode: '',
  expiresOn: null,
  state: 'held',
  amount,
  restricted: false,
  provenanceUnknown,
});

describe('holdings table', () => {
  it.each([
    ['zh-CN', '来源', '捐赠', '来源不明'],
    ['en', 'Provenance', 'Gifts', 'Provenance unknown'],
  ] as const)('in %s, gives each row its provenance', (locale: Locale, column, gifts, unknown) => {
    const namer = createNamer({ regions: {}, diseases: {}, items: {}, organizations: {} }, locale);
    const table = holdingsTable([holding(false, 500), holding(true, 700)], translator(locale), namer, locale);
    const at = table.columns.findIndex((c) => c.id === 'provenance');
    expect(table.columns[at]!.label).toBe(column);
    expect(table.rows.map((r) => [r[at]!.text, r[at]!.raw])).toEqual([
      [gifts, 'gifts'],
      [unknown, 'unknown'],
    ]);
    // A phone shows each lot's asset, provenance and amount on its card; the rest is one tap away.
    const ids = phoneColumns(table)!.shown.map((i) => table.columns[i]!.id);
    expect(ids).toEqual(['asset', 'provenance', 'amount']);
  });
});
