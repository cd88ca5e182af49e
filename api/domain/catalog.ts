/**
 * The reference catalogues — regions, diseases, items — as zod schemas and one lookup object.
 * Pure: the files are read by api/store/catalog-files.ts and handed in already parsed.
 *
 * A catalogue is checked as a whole when it is built (parents exist and sit one level up or
 * more, every category belongs to the chapter whose range holds its code, every item names
 * known diseases), so a bad data file is refused at start-up rather than found by a user.
 */
import { z } from 'zod';

const Text = z.string().trim().min(1);
const Slug = z.string().regex(/^[a-z][a-z0-9_]*$/, 'a lower-case slug such as maternal_child');

export const REGION_LEVELS = ['province', 'prefecture', 'county'] as const;
export const RegionLevelSchema = z.enum(REGION_LEVELS);
export const RegionCodeSchema = z.string().regex(/^\d{6}$/, 'a six-digit GB/T 2260 region code');

export const RegionSchema = z.strictObject({
  code: RegionCodeSchema,
  level: RegionLevelSchema,
  parent: RegionCodeSchema.nullable(),
  nameZh: Text,
  nameEn: Text,
  population: z.int().positive().nullable(),
  populationSource: Text.nullable(),
});
export const RegionsFileSchema = z.strictObject({ source: Text, regions: z.array(RegionSchema).min(1) });

/** A three-character ICD-10 category (J18); events may carry a subcategory (J18.9) of one. */
export const IcdCategorySchema = z
  .string()
  .regex(/^[A-Z]\d{2}$/, 'a three-character ICD-10 category such as J18');
const ChapterIdSchema = z.string().regex(/^[IVX]+$/, 'a chapter in Roman numerals such as X');

export const DiseaseChapterSchema = z.strictObject({
  id: ChapterIdSchema,
  number: z.int().min(1),
  codeFrom: IcdCategorySchema,
  codeTo: IcdCategorySchema,
  nameZh: Text,
  nameEn: Text,
});
export const DiseaseSchema = z.strictObject({
  code: IcdCategorySchema,
  chapter: ChapterIdSchema,
  nameZh: Text,
  nameEn: Text,
  rare: z.boolean(),
  group: Slug,
});
export const DiseasesFileSchema = z.strictObject({
  source: Text,
  chapters: z.array(DiseaseChapterSchema).min(1),
  categories: z.array(DiseaseSchema),
});

export const ITEM_CATEGORIES = [
  'medicine',
  'vaccine',
  'device',
  'protective_equipment',
  'consumable',
  'service',
] as const;
export const ItemCategorySchema = z.enum(ITEM_CATEGORIES);

/**
 * The temperature range a cold-chain item is kept in, in °C, and how many minutes outside it
 * (summed over a temperature record) are tolerated before the goods are quarantined.
 */
export const StorageRangeSchema = z
  .strictObject({
    lowC: z.number().min(-100).max(100),
    highC: z.number().min(-100).max(100),
    excursionMinutes: z.int().nonnegative(),
  })
  .refine((r) => r.lowC < r.highC, 'lowC must be below highC');
export type StorageRange = z.infer<typeof StorageRangeSchema>;

export const ItemSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a kebab-case id such as n95-respirator'),
  nameZh: Text,
  nameEn: Text,
  category: ItemCategorySchema,
  group: Slug,
  unit: Slug,
  unitZh: Text,
  unitEn: Text,
  packDescription: Text.optional(),
  coldChain: z.boolean(),
  storage: StorageRangeSchema.optional(),
  shelfLifeDays: z.int().positive().nullable(),
  typicalUnitValueMinor: z.int().nonnegative(),
  diseases: z.array(IcdCategorySchema),
});
export const ItemsFileSchema = z.strictObject({
  source: Text,
  categories: z.array(z.strictObject({ id: ItemCategorySchema, nameZh: Text, nameEn: Text })),
  items: z.array(ItemSchema),
});

export type RegionLevel = z.infer<typeof RegionLevelSchema>;
export type Region = z.infer<typeof RegionSchema>;
export type RegionsFile = z.infer<typeof RegionsFileSchema>;
export type DiseaseChapter = z.infer<typeof DiseaseChapterSchema>;
export type Disease = z.infer<typeof DiseaseSchema>;
export type DiseasesFile = z.infer<typeof DiseasesFileSchema>;
export type ItemCategory = z.infer<typeof ItemCategorySchema>;
export type Item = z.infer<typeof ItemSchema>;
export type ItemsFile = z.infer<typeof ItemsFileSchema>;

export interface CatalogFiles {
  regions: RegionsFile;
  diseases: DiseasesFile;
  items: ItemsFile;
}

/** Depth of each level: a parent always has a smaller depth than its child. */
const depth: Record<RegionLevel, number> = { province: 0, prefecture: 1, county: 2 };
const CHAPTER_RANGE = /^([A-Z]\d{2})\s*[-–]\s*([A-Z]\d{2})$/;
/** "J18.9" → "J18"; anything that is not an ICD-10 code → undefined. */
const categoryOf = (code: string) =>
  /^[A-Z]\d{2}(\.[0-9A-Z]{1,4})?$/.test(code) ? code.slice(0, 3) : undefined;

/** Thrown when the catalogue files disagree with each other; names every problem found. */
export class CatalogError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `catalogue is inconsistent: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}`,
    );
  }
}

export type Catalog = ReturnType<typeof createCatalog>;

/**
 * Builds the lookups once. Every method is a closure, so `catalog.isWithin` may be passed
 * around unbound (the ledger hands it to lot selection as a plain function).
 */
export function createCatalog(files: CatalogFiles) {
  const regions = files.regions.regions;
  const chapters = files.diseases.chapters;
  const diseases = files.diseases.categories;
  const items = files.items.items;
  const regionBy = new Map(regions.map((r) => [r.code, r]));
  const chapterBy = new Map(chapters.map((c) => [c.id, c]));
  const diseaseBy = new Map(diseases.map((d) => [d.code, d]));
  const itemBy = new Map(items.map((i) => [i.id, i]));
  const childrenBy = new Map<string, Region[]>();
  for (const r of regions)
    if (r.parent !== null) childrenBy.set(r.parent, [...(childrenBy.get(r.parent) ?? []), r]);
  for (const list of childrenBy.values()) list.sort((a, b) => a.code.localeCompare(b.code));

  const inChapter = (code: string, c: DiseaseChapter) => c.codeFrom <= code && code <= c.codeTo;

  const problems: string[] = [];
  const unique = (what: string, keys: string[]) => {
    const seen = new Set<string>();
    for (const k of keys) seen.has(k) ? problems.push(`duplicate ${what} ${k}`) : seen.add(k);
  };
  unique(
    'region',
    regions.map((r) => r.code),
  );
  unique(
    'chapter',
    chapters.map((c) => c.id),
  );
  unique(
    'disease',
    diseases.map((d) => d.code),
  );
  unique(
    'item',
    items.map((i) => i.id),
  );
  for (const r of regions) {
    const p = r.parent === null ? undefined : regionBy.get(r.parent);
    if (r.parent !== null && !p) problems.push(`region ${r.code} has unknown parent ${r.parent}`);
    if (p && depth[p.level] >= depth[r.level])
      problems.push(`region ${r.code} (${r.level}) sits under ${p.code} (${p.level})`);
    if (r.parent === null && r.level !== 'province')
      problems.push(`region ${r.code} is a ${r.level} without a parent`);
  }
  for (const c of chapters) if (c.codeFrom > c.codeTo) problems.push(`chapter ${c.id} has an empty range`);
  for (const d of diseases) {
    const c = chapterBy.get(d.chapter);
    if (!c) problems.push(`disease ${d.code} names unknown chapter ${d.chapter}`);
    else if (!inChapter(d.code, c))
      problems.push(`disease ${d.code} is outside chapter ${c.id} (${c.codeFrom}–${c.codeTo})`);
  }
  for (const i of items) {
    for (const code of i.diseases)
      if (!diseaseBy.has(code)) problems.push(`item ${i.id} names unknown disease ${code}`);
    // Only goods that are dispensed as medicines need a temperature-controlled chain here.
    if (i.coldChain && i.category !== 'medicine' && i.category !== 'vaccine')
      problems.push(`item ${i.id} is cold-chain but a ${i.category}`);
    if (i.coldChain !== (i.storage !== undefined))
      problems.push(
        `item ${i.id} ${i.coldChain ? 'is cold-chain without' : 'has'} a storage range${i.coldChain ? '' : ' but is not cold-chain'}`,
      );
  }
  if (problems.length > 0) throw new CatalogError(problems);

  /** The region's ancestors, nearest first (not the region itself); [] for unknown codes. */
  const ancestors = (code: string): Region[] => {
    const out: Region[] = [];
    // Bounded by the region count, so even a cycle in hand-edited data cannot loop forever.
    for (let r = regionBy.get(code); r?.parent != null && out.length < regions.length; ) {
      r = regionBy.get(r.parent);
      if (r) out.push(r);
    }
    return out;
  };

  return {
    regions,
    chapters,
    diseases,
    items,
    region: (code: string): Region | undefined => regionBy.get(code),
    hasRegion: (code: string): boolean => regionBy.has(code),
    children: (code: string): Region[] => childrenBy.get(code) ?? [],
    ancestors,
    /** True when `code` is `ancestorCode` or lies beneath it; false when either is unknown. */
    isWithin: (code: string, ancestorCode: string): boolean =>
      regionBy.has(code) && (code === ancestorCode || ancestors(code).some((a) => a.code === ancestorCode)),
    /**
     * The region that holds `code` at `level`. Where the chain skips that level (a Beijing
     * district sits directly under the municipality, a Hubei county-level city directly under
     * the province) the nearest ancestor above the level stands in. A region already at or
     * above `level` is returned as it is: rolling up never goes down.
     */
    rollUp: (code: string, level: RegionLevel): Region | undefined => {
      const r = regionBy.get(code);
      if (!r || depth[r.level] <= depth[level]) return r;
      return ancestors(code).find((a) => depth[a.level] <= depth[level]);
    },
    chapter: (id: string): DiseaseChapter | undefined => chapterBy.get(id),
    /** The catalogued category of an ICD-10 code: "E75.2" gives the E75 row. */
    disease: (code: string): Disease | undefined => diseaseBy.get(categoryOf(code) ?? ''),
    /** Whether the code's three-character category is catalogued (subcategories are not listed). */
    hasDisease: (code: string): boolean => diseaseBy.has(categoryOf(code) ?? ''),
    /**
     * Whether an ICD-10 code falls within a chapter ("X"), a range ("J09-J18"), a category
     * ("E75") or a subcategory ("E75.2"). Matching is by code; the code need not be catalogued.
     */
    diseaseWithin: (code: string, chapterOrCode: string): boolean => {
      const category = categoryOf(code);
      if (!category) return false;
      const chapter = chapterBy.get(chapterOrCode);
      if (chapter) return inChapter(category, chapter);
      const range = CHAPTER_RANGE.exec(chapterOrCode);
      if (range) return range[1]! <= category && category <= range[2]!;
      // "E75" holds "E75.2"; "E75.2" holds "E75.22"; neither holds "E750".
      return (
        code === chapterOrCode ||
        code.startsWith(chapterOrCode.length === 3 ? `${chapterOrCode}.` : chapterOrCode)
      );
    },
    item: (id: string): Item | undefined => itemBy.get(id),
  };
}
