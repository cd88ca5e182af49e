/**
 * How an organization is named on a page: by its registered name on a Chinese page, by its
 * English name (given, or read from the Chinese at build time) on an English page.
 */
import { describe, expect, it } from 'vitest';
import { englishName, personNameOf } from '../../api/import/english-names.ts';
import { englishNames } from '../../site/lib/build-data.ts';
import { createNamer } from '../../site/lib/names.ts';
import { organizationName } from '../../site/lib/organization-name.ts';
import { siteCatalog } from '../../site/lib/site-catalog.ts';

const han = /\p{Script=Han}/u;

describe('organization display names', () => {
  it('Chinese pages use the registered name; English pages the English name, else the registered one', () => {
    const org = { name: '河南省红十字会', nameEn: 'Henan Red Cross' };
    expect(organizationName(org, 'zh-CN')).toBe('河南省红十字会');
    expect(organizationName(org, 'en')).toBe('Henan Red Cross');
    expect(organizationName({ name: '某医院', nameEn: '  ' }, 'en')).toBe('某医院');
    expect(organizationName({ name: '某医院', nameEn: null }, 'en')).toBe('某医院');
  });

  it('fills an English name for every organization registered without one, keeping the given ones', () => {
    const catalog = siteCatalog();
    const names = englishNames(
      [
        { id: 'a', name: '河南省红十字会', nameEn: null, kind: 'red_cross' },
        { id: 'b', name: '国家医药储备中心', nameEn: null, kind: 'government' },
        { id: 'c', name: '华夏医疗救助基金会', nameEn: 'China Medical Aid Foundation', kind: 'foundation' },
        { id: 'd', name: '高秀英', nameEn: null, kind: 'individual' },
        { id: 'e', name: '三都水族自治县桃园镇光明村卫生室（示例）', nameEn: null, kind: 'village_clinic' },
      ],
      catalog,
    );
    expect(names).toEqual({
      a: 'Henan Red Cross Society',
      b: 'National Pharmaceutical Reserve Centre',
      c: 'China Medical Aid Foundation',
      d: 'Gao Xiuying',
      e: 'Sandu Shui Autonomous County Taoyuan Town Guangming Village Clinic',
    });
    for (const n of Object.values(names)) expect(n).not.toMatch(han);
  });

  it('names organizations through the page’s name tables, so the island and the page agree', () => {
    const tables = { regions: {}, diseases: {}, items: {}, organizations: { a: 'Henan Red Cross Society' } };
    expect(createNamer(tables, 'en').organization('a', '河南省红十字会')).toBe('Henan Red Cross Society');
    expect(
      createNamer({ ...tables, organizations: undefined }, 'zh-CN').organization('a', '河南省红十字会'),
    ).toBe('河南省红十字会');
  });

  it('reads a person’s name surname first, and two syllables to a word elsewhere', () => {
    expect(personNameOf('刘超')).toBe('Liu Chao');
    expect(englishName('华夏医疗救助基金会', siteCatalog())).toBe('Huaxia Medical Relief Foundation');
  });
});
