/**
 * The audit page names what was needed in the page's language: an item by its catalogue name,
 * a need for "any medicine" by its category (never the category's id).
 */
import { describe, expect, it } from 'vitest';
import { translator, type Locale } from '../../site/lib/i18n.ts';
import { createNamer } from '../../site/lib/names.ts';
import { itemOrCategoryName } from '../../site/lib/reserves.ts';

describe('audit rows', () => {
  it.each([
    ['zh-CN', '医用外科口罩', '药品'],
    ['en', 'Surgical mask', 'medicine'],
  ] as const)('in %s, name items and categories', (locale: Locale, mask, medicine) => {
    const namer = createNamer(
      {
        regions: {},
        diseases: {},
        items: { 'surgical-mask': [mask, '只', 'piece'] },
        organizations: {},
      },
      locale,
    );
    const t = translator(locale);
    expect(itemOrCategoryName('surgical-mask', t, namer)).toBe(mask);
    const any = itemOrCategoryName('medicine', t, namer);
    expect(any).toContain(medicine);
    expect(any).not.toBe('medicine');
  });
});
