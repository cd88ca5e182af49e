/**
 * English names for organizations that give none: the place they are named after in its
 * catalogue English (which carries the hand-checked readings of place names), the kind of
 * institution translated, and pinyin for the rest, with an override table for the
 * characters pinyin-pro reads wrongly in names.
 */
import { pinyin } from 'pinyin-pro';
import type { Catalog } from '../domain/catalog.ts';

/** Longest first, so 妇幼保健院 wins over 医院. */
const GENERIC: Array<[string, string]> = [
  ['社区卫生服务中心', 'Community Health Service Centre'],
  ['社区卫生服务站', 'Community Health Service Station'],
  ['疾病预防控制中心', 'Center for Disease Control and Prevention'],
  ['卫生健康委员会', 'Health Commission'],
  ['中西医结合医院', 'Hospital of Integrated Chinese and Western Medicine'],
  ['妇幼保健院', 'Maternal and Child Health Hospital'],
  ['中医医院', 'Hospital of Traditional Chinese Medicine'],
  ['人民医院', "People's Hospital"],
  ['中心医院', 'Central Hospital'],
  ['儿童医院', "Children's Hospital"],
  ['传染病医院', 'Infectious Disease Hospital'],
  ['肺科医院', 'Pulmonary Hospital'],
  ['附属医院', 'Affiliated Hospital'],
  ['红十字会', 'Red Cross Society'],
  ['慈善总会', 'Charity Federation'],
  ['疾控中心', 'Center for Disease Control and Prevention'],
  ['卫健委', 'Health Commission'],
  ['基金会', 'Foundation'],
  ['卫生院', 'Health Centre'],
  ['卫生室', 'Clinic'],
  ['医院', 'Hospital'],
  ['诊所', 'Clinic'],
  ['有限公司', 'Co., Ltd.'],
  ['公司', 'Company'],
  ['医药供应链', 'Pharmaceutical Supply Chain'],
  ['医疗器械贸易', 'Medical Device Trading'],
  ['医疗器械', 'Medical Devices'],
  ['生物科技', 'Biotechnology'],
  ['慈善会', 'Charity Association'],
  ['供应链', 'Supply Chain'],
  ['罕见病', 'Rare Disease'],
  ['协会', 'Association'],
  ['大学', 'University'],
  ['分院', 'Branch'],
  ['院区', 'Campus'],
  ['中心', 'Centre'],
  ['国家', 'National'],
  ['乡村', 'Rural'],
  ['医药', 'Pharmaceutical'],
  ['制药', 'Pharmaceutical'],
  ['药业', 'Pharmaceutical'],
  ['医疗', 'Medical'],
  ['储备', 'Reserve'],
  ['物流', 'Logistics'],
  ['配送', 'Distribution'],
  ['救助', 'Relief'],
  ['关爱', 'Care'],
  ['健康', 'Health'],
  ['科技', 'Technology'],
  ['实业', 'Industrial'],
  ['贸易', 'Trading'],
  ['集团', 'Group'],
  ['镇', 'Town'],
  ['乡', 'Township'],
  ['村', 'Village'],
];
const ORDINAL = /^第([一二三四五六七八九十]+)/;
const CHINESE_DIGITS: Record<string, number> = {
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
};
const ordinal = (s: string) =>
  s.length === 1
    ? CHINESE_DIGITS[s]!
    : s.startsWith('十')
      ? 10 + (CHINESE_DIGITS[s[1]!] ?? 0)
      : (CHINESE_DIGITS[s[0]!] ?? 0) * 10 + (CHINESE_DIGITS[s[2] ?? ''] ?? 0);

/** Readings pinyin-pro gets wrong in organization names (place names come from the catalogue). */
export const PINYIN_OVERRIDES: Record<string, string> = {
  陂: 'pi',
  蚌埠: 'bengbu',
  六安: 'lu an',
  长: 'chang',
};

const title = (s: string) => s.replace(/\b[a-z]/g, (c) => c.toUpperCase());
/** Pinyin of a name, one word per part left between the words translated. */
export const pinyinOf = (s: string) => {
  let text = s;
  const pieces: string[] = [];
  for (const [zh, py] of Object.entries(PINYIN_OVERRIDES)) text = text.replaceAll(zh, ` ${py} `);
  for (const part of text.split(/\s+/).filter(Boolean)) {
    if (/^[a-z ]+$/.test(part)) {
      pieces.push(part);
      continue;
    }
    // One word per name part: organization ids are made from these names, so the rule must not
    // change under an existing registry.
    pieces.push(pinyin(part, { toneType: 'none', type: 'array' }).join(''));
  }
  return title(pieces.join(' ').replace(/\s+/g, ' ').trim());
};

/** A person's name: surname, then given name ("Gao Xiuying"). */
export const personNameOf = (s: string) => {
  const syllables = pinyin(s.trim(), { toneType: 'none', type: 'array' });
  return title([syllables[0] ?? '', syllables.slice(1).join('')].join(' ').trim());
};

/** Catalogue place names, longest first; worked out once per catalogue. */
const placesOf = new WeakMap<Catalog, Array<readonly [string, Catalog['regions'][number]]>>();
function places(catalog: Catalog) {
  let list = placesOf.get(catalog);
  if (!list) {
    list = catalog.regions
      .flatMap((r) =>
        [r.nameZh, r.nameZh.replace(/(省|市|县|区)$/, '')]
          .filter((n) => n.length >= 2)
          .map((n) => [n, r] as const),
      )
      .sort((a, b) => b[0].length - a[0].length);
    placesOf.set(catalog, list);
  }
  return list;
}

export function englishName(name: string, catalog: Catalog, kind?: string): string {
  let rest = name.replace(/[（(].*?[)）]/g, '').trim();
  if (kind === 'individual' && /^\p{Script=Han}{2,4}$/u.test(rest)) return personNameOf(rest);
  const words: string[] = [];
  // Places at the start, longest catalogue name first: 湖北省 武汉市 黄陂区 …
  for (let moved = true; moved; ) {
    moved = false;
    for (const [zh, r] of places(catalog))
      if (rest.startsWith(zh)) {
        const en = zh === r.nameZh ? r.nameEn : r.nameEn.replace(/ (District|County|City)$/, '');
        words.push(en);
        rest = rest.slice(zh.length);
        moved = true;
        break;
      }
  }
  const tail: string[] = [];
  while (rest) {
    const ord = ORDINAL.exec(rest);
    if (ord) {
      tail.push(`No. ${ordinal(ord[1]!)}`);
      rest = rest.slice(ord[0].length);
      continue;
    }
    const g = GENERIC.find(([zh]) => rest.startsWith(zh));
    if (g) {
      tail.push(g[1]);
      rest = rest.slice(g[0].length);
      continue;
    }
    // Up to the next generic word or ordinal, in pinyin.
    let end = 1;
    while (
      end < rest.length &&
      !GENERIC.some(([zh]) => rest.startsWith(zh, end)) &&
      !ORDINAL.test(rest.slice(end))
    )
      end++;
    tail.push(pinyinOf(rest.slice(0, end)));
    rest = rest.slice(end);
  }
  return [...words, ...tail].join(' ').replace(/\s+/g, ' ').trim();
}

/** An id from the English name: lower-case words joined by hyphens, at most 64 characters. */
export const slugOf = (english: string) =>
  english
    .toLowerCase()
    .replace(/['’.,]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 56)
    .replace(/-$/, '') || 'org';
