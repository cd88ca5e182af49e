/**
 * The invented world the demo ledger happens in: national bodies in Beijing, five provinces
 * (Henan, Hubei and Hunan for the emergencies, Gansu and Guizhou for the poor counties), each
 * with its Red Cross, charity federation, reserve depot, supplier and a tree of facilities
 * (famous capital hospitals, city hospitals, county hospitals, township health centres and
 * village clinics) placed on real GB/T 2260 regions, plus the donors who give to them.
 *
 * The world is explicit data, not hidden in the event stream, so later modules (needs and
 * coverage) can ask where facilities are, who supplies whom and what each scenario is about.
 */
import type { Catalog, Region } from '../../api/domain/catalog.ts';
import { englishName } from '../../api/import/english-names.ts';
import type { OrganizationKind } from '../../api/domain/events.ts';
import type { Timeline } from './calendar.ts';
import { companyName, demoName, demoNameEn, personName, townshipName, villageName } from './names.ts';
import type { Random } from './random.ts';

export type Tier = 'national' | 'provincial' | 'city' | 'county' | 'township' | 'village' | 'donor';

export interface DemoOrg {
  id: string;
  name: string;
  kind: OrganizationKind;
  region: string;
  anonymous: boolean;
  /** Its English name, with the synthetic mark (set by buildWorld from the Chinese name). */
  nameEn?: string;
  /** Province it works in; null for national bodies and donors. */
  province: string | null;
  tier: Tier;
}

export interface Facility extends DemoOrg {
  kind: 'hospital' | 'health_centre' | 'village_clinic';
  prefecture: string | null;
  county: string | null;
  /** A famous hospital in the provincial capital: where donors send things first. */
  famous: boolean;
  /** In a poor county served by the rural chronic-disease programme. */
  poor: boolean;
  /** The rare-disease programme's designated centre in its province. */
  rareCentre: boolean;
  /** Who normally supplies it (one level up), or null at the top. */
  parent: string | null;
}

export interface ProvinceSetup {
  code: string;
  slug: string;
  nameZh: string;
  capital: string;
  redCross: string;
  charity: string;
  depot: string;
  supplier: string;
  famous: string[];
  cities: string[];
  counties: string[];
  poor: boolean;
}

/** How many of each thing the world has; grows slowly with the number of events. */
export interface WorldSize {
  prefectures: number;
  countiesPerPrefecture: number;
  townshipsPerCounty: number;
  villagesPerTownship: number;
  companies: number;
  people: number;
}

export type Weighted = ReadonlyArray<readonly [string, number]>;

export interface World {
  timeline: Timeline;
  size: WorldSize;
  orgs: DemoOrg[];
  facilities: Facility[];
  provinces: ProvinceSetup[];
  national: {
    foundation: string;
    rareFoundation: string;
    ruralCharity: string;
    reserve: string;
    supplier: string;
  };
  donors: { companies: string[]; pharma: string[]; people: string[] };
  org(id: string): DemoOrg;
  facility(id: string): Facility | undefined;
  province(code: string): ProvinceSetup;
  /** Where an organization passes money or goods on to, with weights; [] when it does not. */
  downstream(id: string, asset: 'money' | 'goods'): Weighted;
}

const provinceSpecs = [
  { code: '410000', slug: 'henan', capital: '410100', prefer: ['410700', '410600', '411300'], poor: false },
  { code: '420000', slug: 'hubei', capital: '420100', prefer: ['421100', '420900', '422800'], poor: false },
  { code: '430000', slug: 'hunan', capital: '430100', prefer: ['430600', '433100', '431200'], poor: false },
  { code: '620000', slug: 'gansu', capital: '620100', prefer: ['621100', '622900', '621200'], poor: true },
  { code: '520000', slug: 'guizhou', capital: '520100', prefer: ['520500', '522600', '522700'], poor: true },
] as const;

/** Where donors live: business districts of the big cities. */
const donorRegions = [
  '110105',
  '110108',
  '310115',
  '310104',
  '440305',
  '440304',
  '440106',
  '330106',
  '320505',
  '420111',
  '410105',
  '510107',
];

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export function worldSize(events: number): WorldSize {
  const s = Math.sqrt(Math.max(events, 1_000) / 30_000);
  return {
    prefectures: clamp(Math.round(3 * s ** 0.55), 2, 10),
    countiesPerPrefecture: clamp(Math.round(2 * s ** 0.4), 1, 6),
    townshipsPerCounty: clamp(Math.round(2 * s ** 0.25), 1, 4),
    villagesPerTownship: clamp(Math.round(2 * s ** 0.25), 1, 4),
    companies: clamp(Math.round(16 * s ** 0.8), 10, 200),
    people: clamp(Math.round(12 * s ** 0.8), 8, 300),
  };
}

export function buildWorld(catalog: Catalog, rng: Random, size: WorldSize, t: Timeline): World {
  const orgs: DemoOrg[] = [];
  const facilities: Facility[] = [];
  const names = new Set<string>();
  const region = (code: string): Region => {
    const r = catalog.region(code);
    if (!r) throw new Error(`demo world: region ${code} is not in the catalogue`);
    return r;
  };
  // English names as an English reader would expect them: places from the catalogue, kinds of
  // institution translated, pinyin for the rest (as the importer names organizations).
  const english = (o: Pick<DemoOrg, 'name' | 'kind'>) => demoNameEn(englishName(o.name, catalog, o.kind));
  const add = <O extends DemoOrg>(o: O): O => {
    orgs.push({ ...o, name: demoName(o.name), nameEn: english(o) });
    return o;
  };
  const facility = (f: Omit<Facility, 'anonymous' | 'name'> & { name: string }): Facility => {
    const full: Facility = { ...f, name: demoName(f.name), nameEn: english(f), anonymous: false };
    orgs.push(full);
    facilities.push(full);
    return full;
  };

  const national = {
    foundation: add({
      id: 'health-aid-foundation',
      name: '华夏医疗救助基金会',
      kind: 'foundation',
      region: '110105',
      anonymous: false,
      province: null,
      tier: 'national',
    }).id,
    rareFoundation: add({
      id: 'rare-disease-foundation',
      name: '蓝光罕见病关爱基金会',
      kind: 'foundation',
      region: '110102',
      anonymous: false,
      province: null,
      tier: 'national',
    }).id,
    ruralCharity: add({
      id: 'rural-health-charity',
      name: '乡村健康慈善会',
      kind: 'charity',
      region: '110101',
      anonymous: false,
      province: null,
      tier: 'national',
    }).id,
    reserve: add({
      id: 'national-medical-reserve',
      name: '国家医药储备中心',
      kind: 'government',
      region: '110102',
      anonymous: false,
      province: null,
      tier: 'national',
    }).id,
    supplier: add({
      id: 'national-pharma-supply',
      name: companyName(rng, names, 'supplier'),
      kind: 'company',
      region: '110108',
      anonymous: false,
      province: null,
      tier: 'national',
    }).id,
  };

  const provinces: ProvinceSetup[] = [];
  for (const spec of provinceSpecs) {
    const p = region(spec.code);
    const capital = region(spec.capital);
    const org = (suffix: string, name: string, kind: OrganizationKind, at: string) =>
      add({
        id: `${spec.slug}-${suffix}`,
        name,
        kind,
        region: at,
        anonymous: false,
        province: spec.code,
        tier: 'provincial',
      }).id;
    const setup: ProvinceSetup = {
      code: spec.code,
      slug: spec.slug,
      nameZh: p.nameZh,
      capital: spec.capital,
      poor: spec.poor,
      redCross: org('red-cross', `${p.nameZh}红十字会`, 'red_cross', spec.code),
      charity: org('charity-federation', `${p.nameZh}慈善总会`, 'charity', spec.code),
      depot: org('reserve-depot', `${p.nameZh}医药储备物流有限公司`, 'reserve_operator', spec.capital),
      supplier: org('pharma-supply', companyName(rng, names, 'supplier'), 'company', spec.capital),
      famous: [],
      cities: [],
      counties: [],
    };
    const top = (id: string, name: string, rareCentre: boolean) =>
      facility({
        id: `${spec.slug}-${id}`,
        name,
        kind: 'hospital',
        region: spec.capital,
        province: spec.code,
        tier: 'provincial',
        prefecture: spec.capital,
        county: null,
        famous: true,
        poor: false,
        rareCentre,
        parent: null,
      }).id;
    setup.famous.push(
      top('provincial-hospital', `${p.nameZh}人民医院`, true),
      top('central-hospital', `${capital.nameZh}中心医院`, false),
    );

    const others = catalog
      .children(spec.code)
      .filter((r) => r.level === 'prefecture' && r.code !== spec.capital);
    const preferred = spec.prefer.map(region);
    const rest = rng.shuffle(others.filter((r) => !(spec.prefer as readonly string[]).includes(r.code)));
    for (const pref of [...preferred, ...rest].slice(0, size.prefectures)) {
      const city = facility({
        id: `city-hospital-${pref.code}`,
        name: `${pref.nameZh}第一人民医院`,
        kind: 'hospital',
        region: pref.code,
        province: spec.code,
        tier: 'city',
        prefecture: pref.code,
        county: null,
        famous: false,
        poor: false,
        rareCentre: false,
        parent: setup.depot,
      });
      setup.cities.push(city.id);
      const children = catalog.children(pref.code).filter((r) => r.level === 'county');
      const rural = children.filter((r) => !r.nameZh.endsWith('区'));
      const pool = rng.shuffle(rural.length >= size.countiesPerPrefecture ? rural : children);
      for (const c of pool.slice(0, size.countiesPerPrefecture)) {
        const county = facility({
          id: `county-hospital-${c.code}`,
          name: `${c.nameZh}人民医院`,
          kind: 'hospital',
          region: c.code,
          province: spec.code,
          tier: 'county',
          prefecture: pref.code,
          county: c.code,
          famous: false,
          poor: spec.poor,
          rareCentre: false,
          parent: city.id,
        });
        setup.counties.push(county.id);
        const townshipStart = rng.int(0, 29);
        for (let i = 1; i <= size.townshipsPerCounty; i++) {
          const town = townshipName(townshipStart + i);
          const centre = facility({
            id: `health-centre-${c.code}-${i}`,
            name: `${c.nameZh}${town}卫生院`,
            kind: 'health_centre',
            region: c.code,
            province: spec.code,
            tier: 'township',
            prefecture: pref.code,
            county: c.code,
            famous: false,
            poor: spec.poor,
            rareCentre: false,
            parent: county.id,
          });
          const villageStart = rng.int(0, 29);
          for (let j = 1; j <= size.villagesPerTownship; j++) {
            facility({
              id: `village-clinic-${c.code}-${i}-${j}`,
              name: `${c.nameZh}${town}${villageName(villageStart + j)}卫生室`,
              kind: 'village_clinic',
              region: c.code,
              province: spec.code,
              tier: 'village',
              prefecture: pref.code,
              county: c.code,
              famous: false,
              poor: spec.poor,
              rareCentre: false,
              parent: centre.id,
            });
          }
        }
      }
    }
    provinces.push(setup);
  }

  const donors = { companies: [] as string[], pharma: [] as string[], people: [] as string[] };
  for (let i = 1; i <= size.companies; i++) {
    const pharma = i % 5 < 2;
    const id = `company-${String(i).padStart(3, '0')}`;
    add({
      id,
      name: companyName(rng, names, pharma ? 'pharma' : 'other'),
      kind: 'company',
      region: rng.pick(donorRegions),
      anonymous: false,
      province: null,
      tier: 'donor',
    });
    donors.companies.push(id);
    if (pharma) donors.pharma.push(id);
  }
  for (let i = 1; i <= size.people; i++) {
    const id = `donor-${String(i).padStart(3, '0')}`;
    // Some named donors asked not to be shown: they have an account, but the portal hides them.
    add({
      id,
      name: personName(rng, names),
      kind: 'individual',
      region: rng.pick(donorRegions),
      anonymous: i % 7 === 0,
      province: null,
      tier: 'donor',
    });
    donors.people.push(id);
  }

  const byId = new Map(orgs.map((o) => [o.id, o]));
  const facilityById = new Map(facilities.map((f) => [f.id, f]));
  const provinceByCode = new Map(provinces.map((p) => [p.code, p]));
  const childrenOf = new Map<string, string[]>();
  for (const f of facilities)
    if (f.parent && facilityById.has(f.parent))
      childrenOf.set(f.parent, [...(childrenOf.get(f.parent) ?? []), f.id]);
  const routes = buildRoutes(national, provinces, facilities, childrenOf);

  return {
    timeline: t,
    size,
    orgs,
    facilities,
    provinces,
    national,
    donors,
    org: (id) => {
      const o = byId.get(id);
      if (!o) throw new Error(`demo world: no organization ${id}`);
      return o;
    },
    facility: (id) => facilityById.get(id),
    province: (code) => provinceByCode.get(code)!,
    downstream: (id, asset) => routes.get(`${id}\u0000${asset}`) ?? [],
  };
}

/**
 * Who passes what to whom. Weights lean toward the famous and the big: Red Cross goods go to
 * capital hospitals three times as readily as to a county hospital, which is how county
 * hospitals end up waiting.
 */
function buildRoutes(
  national: World['national'],
  provinces: ProvinceSetup[],
  facilities: Facility[],
  childrenOf: Map<string, string[]>,
) {
  const routes = new Map<string, Array<[string, number]>>();
  const route = (from: string, asset: 'money' | 'goods', to: string[], weight: number) => {
    const list = routes.get(`${from}\u0000${asset}`) ?? [];
    for (const id of to) list.push([id, weight]);
    routes.set(`${from}\u0000${asset}`, list);
  };
  const poor = provinces.filter((p) => p.poor);
  for (const p of provinces) {
    route(national.foundation, 'money', [p.redCross], 3);
    route(national.foundation, 'money', [p.charity, p.depot], 1);
    route(national.foundation, 'goods', [p.redCross, p.depot], 2);
    route(national.foundation, 'goods', p.famous, 2);
    route(national.foundation, 'goods', p.cities, 0.5);
    route(national.rareFoundation, 'money', [p.famous[0]!], 1);
    route(national.rareFoundation, 'goods', [p.famous[0]!], 1);
    route(national.reserve, 'goods', [p.depot], 1);
    route(p.redCross, 'money', [p.depot], 3);
    route(p.redCross, 'money', p.cities, 1);
    route(p.redCross, 'money', p.counties, 0.4);
    route(p.redCross, 'goods', [p.depot], 2);
    route(p.redCross, 'goods', p.famous, 3);
    route(p.redCross, 'goods', p.cities, 1.5);
    route(p.redCross, 'goods', p.counties, 0.5);
    route(p.charity, 'money', p.counties, 1);
    route(p.charity, 'goods', p.counties, 1);
    route(p.depot, 'goods', p.famous, 1);
    route(p.depot, 'goods', p.cities, 2);
    route(p.depot, 'goods', p.counties, 1);
    for (const f of p.famous) route(f, 'goods', p.cities, 1);
    // Gifts earmarked for another province are passed to that province's Red Cross.
    for (const q of provinces) if (q !== p) route(p.redCross, 'money', [q.redCross], 0.1);
    for (const q of provinces) if (q !== p) route(p.charity, 'money', [q.redCross], 0.1);
  }
  for (const p of poor) {
    route(national.ruralCharity, 'money', p.counties, 1);
    route(national.ruralCharity, 'money', [p.charity], 2);
    route(national.ruralCharity, 'goods', p.counties, 1);
    route(national.ruralCharity, 'goods', p.cities, 1);
  }
  for (const f of facilities) {
    const kids = childrenOf.get(f.id) ?? [];
    if (f.tier === 'city' || f.tier === 'county' || f.tier === 'township') route(f.id, 'goods', kids, 1);
    if (f.tier === 'county') route(f.id, 'money', kids, 1);
  }
  return routes;
}
