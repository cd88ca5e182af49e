/** Both languages have every string, with the same placeholders; paths switch language. */
import { describe, expect, it } from 'vitest';
import en from '../../site/i18n/en.json';
import zh from '../../site/i18n/zh-CN.json';
import { localePath, stringsFor, switchLocalePath, translate } from '../../site/lib/i18n.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('UI strings', () => {
  it('has the same keys in Chinese and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });

  it('has the same placeholders in both languages', () => {
    for (const [key, value] of Object.entries(zh))
      expect(placeholders((en as Record<string, string>)[key]!), key).toEqual(placeholders(value));
  });

  it('names every organization kind and every state of a gift', () => {
    for (const k of [
      'individual',
      'company',
      'foundation',
      'charity',
      'red_cross',
      'government',
      'reserve_operator',
      'hospital',
      'health_centre',
      'village_clinic',
    ])
      expect(zh).toHaveProperty(`kind.${k}`);
    for (const s of ['used', 'held', 'in_transit', 'written_off', 'lost'])
      expect(en).toHaveProperty(`state.${s}`);
  });

  it('fills placeholders, and refuses a missing key', () => {
    expect(translate('en', 'gift.title', { code: 'AT-1' })).toBe('Gift AT-1');
    expect(() => translate('en', 'no.such.key' as never)).toThrow(/missing/);
    expect(Object.keys(stringsFor('zh-CN', ['verify.'])).every((k) => k.startsWith('verify.'))).toBe(true);
  });
});

describe('paths', () => {
  it('puts Chinese at the root and English under /en/', () => {
    expect(localePath('zh-CN', '/track/')).toBe('/track/');
    expect(localePath('en', '/track/')).toBe('/en/track/');
    expect(switchLocalePath('/organizations/x/', 'en')).toBe('/en/organizations/x/');
    expect(switchLocalePath('/en/organizations/x/', 'zh-CN')).toBe('/organizations/x/');
    expect(switchLocalePath('/en/', 'zh-CN')).toBe('/');
    expect(switchLocalePath('/', 'en')).toBe('/en/');
  });
});
