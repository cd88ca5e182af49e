import { describe, it, expect, beforeAll } from 'vitest';
import fc from 'fast-check';
import { readFile } from 'node:fs/promises';
import {
  REGION_LEVELS,
  CatalogError,
  createCatalog,
  type Catalog,
  type CatalogFiles,
} from '../../api/domain/catalog.ts';
import { loadCatalogFiles } from '../../api/store/catalog-files.ts';

let files: CatalogFiles;
let catalog: Catalog;

beforeAll(async () => {
  files = await loadCatalogFiles();
  catalog = createCatalog(files);
});

const depth = (level: string) => REGION_LEVELS.indexOf(level as (typeof REGION_LEVELS)[number]);

describe('regions.json', () => {
  it('has unique six-digit codes, sorted', () => {
    const codes = files.regions.regions.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c).toMatch(/^\d{6}$/);
    expect([...codes].sort()).toEqual(codes);
    expect(codes.length).toBeGreaterThan(3000);
  });

  it('gives every region an existing parent at a higher level', () => {
    for (const r of files.regions.regions) {
      if (r.parent === null) {
        expect(r.level).toBe('province');
        continue;
      }
      const parent = catalog.region(r.parent);
      expect(parent, `parent of ${r.code}`).toBeDefined();
      expect(depth(parent!.level)).toBeLessThan(depth(r.level));
    }
  });

  it('has no development zones and no placeholder prefectures', () => {
    for (const r of files.regions.regions) {
      expect(r.code).not.toMatch(/^\d{4}7\d$/);
      expect(r.nameZh).not.toMatch(/^(市辖区|县)$|直辖县级行政区划$/);
    }
  });

  it('has 31 provinces, each with its 2020 census population', () => {
    const provinces = files.regions.regions.filter((r) => r.level === 'province');
    expect(provinces).toHaveLength(31);
    for (const p of provinces) {
      expect(p.population, p.nameZh).toBeGreaterThan(0);
      expect(p.populationSource).toMatch(/2020 census/);
    }
  });

  it('reproduces the census total: 31 provinces plus 2,000,000 servicemen = 1,411,778,724', async () => {
    const sum = files.regions.regions
      .filter((r) => r.level === 'province')
      .reduce((s, p) => s + p.population!, 0);
    // The bulletin's national figure counts active servicemen, who belong to no province.
    const table = JSON.parse(
      await readFile(new URL('../../data/build/population-2020.json', import.meta.url), 'utf8'),
    );
    expect(table.activeServicemen).toBe(2_000_000);
    expect(sum).toBe(1_409_778_724);
    expect(sum + table.activeServicemen).toBe(1_411_778_724);
    expect(catalog.region('440000')!.population).toBe(126_012_510);
    expect(catalog.region('540000')!.population).toBe(3_648_100);
  });

  it('never gives a county a population, and a source whenever there is a figure', () => {
    for (const r of files.regions.regions) {
      if (r.level === 'county') expect(r.population).toBeNull();
      expect(r.population === null).toBe(r.populationSource === null);
    }
  });

  it('names places as expected', () => {
    expect(catalog.region('420100')).toMatchObject({
      nameZh: '武汉市',
      nameEn: 'Wuhan',
      population: 12_326_518,
    });
    expect(catalog.region('410223')!.nameZh).toBe('尉氏县');
    expect(catalog.region('410223')!.nameEn).toMatch(/^Yushi/);
    expect(catalog.region('420116')!.nameEn).toBe('Huangpi District');
    expect(catalog.region('420102')!.nameEn).toBe("Jiang'an District");
    expect(catalog.region('610000')!.nameEn).toBe('Shaanxi');
    expect(catalog.region('150000')!.nameEn).toBe('Inner Mongolia');
    expect(catalog.region('610100')!.nameEn).toBe("Xi'an");
  });
});

describe('region lookups', () => {
  it('walks 420102 → 420100 → 420000', () => {
    expect(catalog.region('420102')!.parent).toBe('420100');
    expect(catalog.ancestors('420102').map((r) => r.code)).toEqual(['420100', '420000']);
    expect(catalog.isWithin('420102', '420000')).toBe(true);
    expect(catalog.isWithin('420102', '420102')).toBe(true);
    expect(catalog.isWithin('420000', '420102')).toBe(false);
    expect(catalog.isWithin('420102', '110000')).toBe(false);
    expect(catalog.isWithin('999999', '999999')).toBe(false);
    expect(catalog.rollUp('420102', 'prefecture')!.code).toBe('420100');
    expect(catalog.rollUp('420102', 'province')!.code).toBe('420000');
    expect(catalog.children('420100').map((r) => r.code)).toContain('420102');
  });

  it('rolls a Beijing district up to the municipality when asked for a prefecture', () => {
    expect(catalog.region('110101')!.parent).toBe('110000');
    expect(catalog.rollUp('110101', 'prefecture')!.code).toBe('110000');
    expect(catalog.rollUp('110000', 'county')!.code).toBe('110000');
    expect(catalog.rollUp('nope', 'province')).toBeUndefined();
  });

  it('keeps rollUp within the ancestors for any region and level', () => {
    const codes = files.regions.regions.map((r) => r.code);
    fc.assert(
      fc.property(fc.constantFrom(...codes), fc.constantFrom(...REGION_LEVELS), (code, level) => {
        const up = catalog.rollUp(code, level)!;
        expect(catalog.isWithin(code, up.code)).toBe(true);
        expect(up.code === code || catalog.ancestors(code).some((a) => a.code === up.code)).toBe(true);
        expect(depth(up.level)).toBeLessThanOrEqual(depth(level));
        const region = catalog.region(code)!;
        if (depth(region.level) <= depth(level)) expect(up.code).toBe(code);
      }),
      { numRuns: 500 },
    );
  });
});

describe('diseases.json', () => {
  it('has the 22 ICD-10 chapters, numbered in order', () => {
    expect(files.diseases.chapters).toHaveLength(22);
    expect(files.diseases.chapters.map((c) => c.number)).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
  });

  it('puts every category in an existing chapter whose range holds its code', () => {
    expect(files.diseases.categories.length).toBeGreaterThanOrEqual(60);
    for (const d of files.diseases.categories) {
      const c = catalog.chapter(d.chapter);
      expect(c, d.code).toBeDefined();
      expect(d.code >= c!.codeFrom && d.code <= c!.codeTo, `${d.code} in ${c!.id}`).toBe(true);
      expect(catalog.diseaseWithin(d.code, d.chapter)).toBe(true);
    }
  });

  it('looks up categories and subcategories', () => {
    expect(catalog.disease('J18')!.nameZh).toBe('肺炎，病原体未特指');
    expect(catalog.disease('N18')!.nameZh).toBe('慢性肾脏病');
    expect(catalog.disease('E75.2')!.code).toBe('E75');
    expect(catalog.hasDisease('E75.2')).toBe(true);
    expect(catalog.hasDisease('Z99')).toBe(false);
    expect(catalog.disease('D66')!.rare).toBe(true);
    expect(catalog.disease('D61')!.rare).toBe(false);
    expect(catalog.diseaseWithin('E75.2', 'E75')).toBe(true);
    expect(catalog.diseaseWithin('E75', 'E75.2')).toBe(false);
    expect(catalog.diseaseWithin('J18.9', 'J09-J18')).toBe(true);
    expect(catalog.diseaseWithin('T30', 'XIX')).toBe(true);
    expect(catalog.diseaseWithin('J18', 'IX')).toBe(false);
  });
});

describe('items.json', () => {
  it('names only catalogued diseases, with unique ids', () => {
    const ids = files.items.items.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const i of files.items.items)
      for (const code of i.diseases) expect(catalog.disease(code), `${i.id} → ${code}`).toBeDefined();
  });

  it('keeps cold chain to medicines and vaccines, and shelf life off devices and services', () => {
    for (const i of files.items.items) {
      if (i.coldChain) expect(['medicine', 'vaccine']).toContain(i.category);
      if (i.category === 'device' || i.category === 'service') expect(i.shelfLifeDays, i.id).toBeNull();
      if (i.category === 'vaccine') expect(i.coldChain, i.id).toBe(true);
    }
    expect(catalog.item('insulin-glargine')).toMatchObject({ category: 'medicine', coldChain: true });
    expect(catalog.item('n95-respirator')!.category).toBe('protective_equipment');
    expect(files.items.categories.map((c) => c.id).sort()).toEqual(
      [...new Set(files.items.items.map((i) => i.category))].sort(),
    );
  });
});

describe('cold-chain storage ranges', () => {
  it('gives every cold-chain item a range and tolerance: 2–8 °C for most, frozen where it applies', () => {
    for (const i of files.items.items) expect(i.storage !== undefined, i.id).toBe(i.coldChain);
    expect(catalog.item('hepatitis-b-vaccine')!.storage).toEqual({ lowC: 2, highC: 8, excursionMinutes: 60 });
    expect(catalog.item('bopv-vaccine')!.storage).toMatchObject({ lowC: -25, highC: -15 });
  });

  it('refuses a cold-chain item without a range, and a range on other goods', () => {
    const broken: CatalogFiles = structuredClone(files);
    const cold = broken.items.items.find((i) => i.coldChain)!;
    delete cold.storage;
    broken.items.items.find((i) => !i.coldChain)!.storage = { lowC: 15, highC: 25, excursionMinutes: 0 };
    expect(() => createCatalog(broken)).toThrow(
      /cold-chain without a storage range.*has a storage range but is not cold-chain|has a storage range but is not cold-chain.*cold-chain without/,
    );
  });
});

describe('createCatalog', () => {
  it('refuses files that disagree with each other', () => {
    const broken: CatalogFiles = structuredClone(files);
    broken.regions.regions.push({ ...broken.regions.regions[1]!, code: '429999', parent: '428888' });
    broken.items.items[0]!.diseases.push('Z99');
    expect(() => createCatalog(broken)).toThrow(CatalogError);
    try {
      createCatalog(broken);
    } catch (e) {
      expect((e as CatalogError).problems).toEqual([
        'region 429999 has unknown parent 428888',
        `item ${broken.items.items[0]!.id} names unknown disease Z99`,
      ]);
    }
  });

  it('works with its methods passed around unbound', () => {
    const { isWithin, rollUp } = catalog;
    expect(isWithin('420102', '420000')).toBe(true);
    expect(rollUp('420102', 'province')!.code).toBe('420000');
  });
});
