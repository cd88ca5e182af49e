/**
 * Every string the site asks for exists in both languages. Literal keys are checked as they
 * are written; a key built from a value (`kind.${org.kind}`) is checked for every value its
 * list can take, and a new kind of built key fails here until its list is named below.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { eventStatuses, fateStates, priorities, urgencies } from '../../api/contract/vocabulary.ts';
import {
  complaintCategories,
  itemCategories,
  organizationKinds,
  writeOffReasons,
} from '../../api/domain/events.ts';
import { placeClasses } from '../../site/charts/gift-map-state.ts';
import { custodyStates } from '../../api/contract/custody.ts';
import { dispatchSteps } from '../../api/domain/reserves.ts';
import en from '../../site/i18n/en.json';
import zh from '../../site/i18n/zh-CN.json';
import { makeT } from '../../site/lib/strings.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const sources = readdirSync(join(root, 'site'), { withFileTypes: true, recursive: true })
  .filter((e) => e.isFile() && /\.(ts|tsx|astro)$/.test(e.name))
  .map((e) => join(e.parentPath, e.name));

/** Built keys: the text around `${…}` and every value the placeholder can take. */
const families: Record<string, readonly (string | number)[]> = {
  'kind.*': organizationKinds,
  'state.*': fateStates,
  'state.*.note': fateStates,
  'needs.priority.*': priorities,
  'needs.urgency.*': urgencies,
  'needs.category.*': itemCategories,
  'appeals.status.*': eventStatuses,
  'reason.*': writeOffReasons,
  // Trail edges: the flows that move a gift between holders (terminal flows end in the fate).
  'flow.*': ['donated', 'transferred', 'returned', 'purchased'],
  'gift.restriction.*': ['region', 'disease', 'appeal', 'purpose'],
  'shipment.state.*': custodyStates,
  'activity.*': ['custody_handover', 'temperature_log', 'lot_release'],
  'gift.map.legend.*': placeClasses,
  'verify.reason.*': ['noCheckpoint', 'signature', 'code', 'inclusion', 'network'],
  'nav.*': [
    'overview',
    'track',
    'regions',
    'diseases',
    'needs',
    'appeals',
    'reserves',
    'organizations',
    'data',
    'methodology',
  ],
  'dispatch.step.*': dispatchSteps,
  'needs.col.*': [
    'matches',
    'priority',
    'facility',
    'region',
    'item',
    'still_needed',
    'disease',
    'people',
    'reported_at',
    'urgency',
    'complaints',
  ],
  'complaints.category.*': complaintCategories,
  'complaints.says.*': ['resolved', 'not_resolved'],
  'complaintForm.error.*': ['required', 'too_long', 'invalid', 'unknown'],
  'complaintForm.notice.*': ['expired', 'too_soon', 'used', 'invalid', 'limited'],
  'followUp.notice.*': ['expired', 'too_soon', 'used', 'invalid', 'limited', 'not_answered', 'refused'],
  'followUp.resolved.*': ['yes', 'no'],
};

const literal = /\bt\(\s*'([^']+)'/g;
const built = /\bt\(\s*`([^`]*)`/g;
const helperBuilt = /`(needs\.category\.)\$\{[^}]+\}`/g;

const used = { literal: new Set<string>(), families: new Set<string>() };
for (const file of sources) {
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(literal)) used.literal.add(m[1]!);
  for (const m of text.matchAll(built))
    if (m[1]!.includes('${')) used.families.add(m[1]!.replace(/\$\{[^}]+\}/g, '*'));
    else used.literal.add(m[1]!);
  for (const m of text.matchAll(helperBuilt)) used.families.add(`${m[1]}*`);
}

describe('the strings the site uses', () => {
  const tables = { 'zh-CN': zh as Record<string, string>, en: en as Record<string, string> };

  it('finds literal and built keys in the sources', () => {
    expect(used.literal.size).toBeGreaterThan(100);
    expect(used.families).toContain('kind.*');
  });

  it('has every literal key in both languages', () => {
    for (const [locale, table] of Object.entries(tables))
      expect(
        [...used.literal].filter((k) => !(k in table)),
        locale,
      ).toEqual([]);
  });

  it('knows every kind of built key, and has each of its keys in both languages', () => {
    expect([...used.families].filter((f) => !(f in families))).toEqual([]);
    for (const family of used.families)
      for (const value of families[family]!) {
        const key = family.replace('*', String(value));
        for (const [locale, table] of Object.entries(tables))
          expect(table, `${locale} ${key}`).toHaveProperty([key]);
      }
  });

  it('refuses a missing key instead of showing it as text', () => {
    const t = makeT({ 'gift.title': 'Gift {code}' });
    expect(t('gift.title', { code: 'AT-1' })).toBe('Gift AT-1');
    expect(() => t('gift.fate' as never)).toThrow(/missing string "gift.fate"/);
    expect(t.has('gift.title')).toBe(true);
    expect(t.has('reason.a free-text reason')).toBe(false);
  });
});
