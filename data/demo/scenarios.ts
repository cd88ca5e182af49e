/**
 * What happens in the demo year, as data: the routine of medical charity plus five stories a
 * transparency portal exists to show. Each scenario says when it runs and how hard (a bump
 * over routine activity), where, which diseases and items it is about, who raises money for
 * it and how donors restrict their gifts. The event stream reads these; a needs module can
 * read the same windows, places, diseases and items to report demand that matches.
 *
 * - henan-flood-2025: a July flood in Henan; gifts pour in, and goods go straight to the
 *   famous Zhengzhou hospitals while county hospitals in the flooded prefectures wait.
 * - respiratory-wave-2025: an autumn COVID-19 wave in Hubei and Hunan: PPE, oxygen, devices.
 * - winter-respiratory-2025: the winter influenza and pneumonia season in all five provinces.
 * - rare-disease-2025: a year-round programme with few, very large gifts for rare diseases.
 * - rural-chronic-2025: dialysis, insulin and hypertension supplies for poor counties in Gansu
 *   and Guizhou.
 */
import type { Restriction } from '../../api/domain/events.ts';
import { bump, dayOf, type Timeline } from './calendar.ts';
import type { Random } from './random.ts';
import type { Weighted, World } from './world.ts';

export interface Scenario {
  id: string;
  titleZh: string;
  titleEn: string;
  /** The appeal it opens (its id is the scenario id), who opens it, and on which day. */
  appeal: { openedBy: string; day: number; region?: string; disease?: string } | null;
  /** Province codes where it happens, and its hot spots (prefecture codes). */
  provinces: string[];
  hotspots: string[];
  /** 0–1 over the year: how active it is on a day. */
  intensity(day: number): number;
  /** Extra events per day at full intensity, relative to routine (1). */
  surge: number;
  /** How often an activity is about it, relative to routine (1), at full intensity. */
  share: number;
  diseases: Weighted;
  items: Weighted;
  fundraisers: Weighted;
  /** The restriction a donor puts on a gift for it (none for an unrestricted gift). */
  restriction(rng: Random): Restriction | undefined;
  /** Share of its goods gifts sent straight to famous capital hospitals. */
  famousShare: number;
  /** Median money gift of a company and of a person, in fen. */
  giftMedian: { company: number; person: number };
}

const always = () => 1;

export function buildScenarios(world: World, t: Timeline): Scenario[] {
  const d = (date: string) => dayOf(t, date);
  const p = (slug: string) => world.provinces.find((x) => x.slug === slug)!;
  const all = world.provinces;
  const { foundation, rareFoundation, ruralCharity } = world.national;

  const routine: Scenario = {
    id: 'routine',
    titleZh: '日常医疗救助',
    titleEn: 'Routine medical aid',
    appeal: null,
    provinces: all.map((x) => x.code),
    hotspots: [],
    intensity: always,
    surge: 0,
    share: 1,
    diseases: [
      ['J06', 3],
      ['J18', 2],
      ['I10', 3],
      ['E11', 3],
      ['I25', 1],
      ['I63', 1],
      ['I21', 0.5],
      ['N18', 1],
      ['C34', 0.5],
      ['C50', 0.5],
      ['C16', 0.3],
      ['C53', 0.3],
      ['A15', 0.5],
      ['B18', 0.5],
      ['B20', 0.3],
      ['P07', 0.5],
      ['O72', 0.3],
      ['H25', 0.5],
      ['Q21', 0.3],
      ['G40', 0.3],
      ['F32', 0.3],
      ['S72', 0.3],
      ['J45', 0.5],
      ['J44', 1],
      ['D50', 0.3],
      ['W54', 0.2],
      ['H90', 0.1],
      ['G80', 0.1],
      ['P59', 0.2],
    ],
    items: [
      ['amoxicillin-capsules', 2],
      ['azithromycin-tablets', 1],
      ['ceftriaxone-injection', 1],
      ['paracetamol-tablets', 1],
      ['metformin-tablets', 1],
      ['amlodipine-tablets', 1.5],
      ['atorvastatin-tablets', 1],
      ['aspirin-enteric-tablets', 1],
      ['insulin-glargine', 0.7],
      ['salbutamol-inhaler', 0.5],
      ['rifampicin-capsules', 0.4],
      ['isoniazid-tablets', 0.4],
      ['entecavir-tablets', 0.3],
      ['tenofovir-df-tablets', 0.3],
      ['oxytocin-injection', 0.5],
      ['magnesium-sulfate-injection', 0.3],
      ['hepatitis-b-vaccine', 0.5],
      ['rabies-vaccine', 0.3],
      ['rabies-immunoglobulin', 0.2],
      ['hpv-bivalent-vaccine', 0.3],
      ['cisplatin-injection', 0.2],
      ['paclitaxel-injection', 0.2],
      ['capecitabine-tablets', 0.2],
      ['trastuzumab-injection', 0.05],
      ['imatinib-tablets', 0.1],
      ['sertraline-tablets', 0.2],
      ['risperidone-tablets', 0.2],
      ['sodium-valproate-tablets', 0.2],
      ['wheelchair', 0.3],
      ['hearing-aid', 0.2],
      ['glucometer', 0.3],
      ['blood-pressure-monitor', 0.3],
      ['patient-monitor', 0.1],
      ['infusion-pump', 0.1],
      ['portable-ultrasound', 0.03],
      ['digital-radiography-system', 0.01],
      ['ecg-machine', 0.05],
      ['defibrillator-aed', 0.05],
      ['neonatal-incubator', 0.03],
      ['neonatal-cpap', 0.03],
      ['neonatal-phototherapy-unit', 0.05],
      ['intraocular-lens', 0.2],
      ['examination-gloves', 0.5],
      ['syringe-5ml', 0.5],
      ['iv-infusion-set', 0.5],
      ['hiv-rapid-test', 0.1],
      ['efavirenz-tablets', 0.1],
      ['poractant-alfa-suspension', 0.05],
    ],
    fundraisers: [
      [foundation, 4],
      ...all.map((x): [string, number] => [x.redCross, 1.2]),
      ...all.map((x): [string, number] => [x.charity, 0.8]),
    ],
    restriction: (rng) => (rng.chance(0.12) ? { region: rng.pick(all).code } : undefined),
    famousShare: 0.35,
    giftMedian: { company: 20_000_000, person: 300_000 },
  };

  const flood: Scenario = {
    id: 'henan-flood-2025',
    titleZh: '河南“7·20”洪灾医疗驰援',
    titleEn: 'Henan July flood medical relief',
    appeal: { openedBy: p('henan').redCross, day: d('2025-07-20'), region: p('henan').code, disease: 'X38' },
    provinces: [p('henan').code],
    hotspots: ['410100', '410700', '410600'],
    intensity: (day) => bump(day, d('2025-07-20'), d('2025-07-25'), d('2025-10-15')),
    surge: 2.5,
    share: 3,
    diseases: [
      ['X38', 3],
      ['T14', 2],
      ['A09', 2],
      ['T07', 1],
      ['J06', 1],
      ['W54', 0.5],
    ],
    items: [
      ['oral-rehydration-salts', 3],
      ['sodium-chloride-infusion', 2],
      ['gauze-dressing', 2],
      ['amoxicillin-capsules', 1.5],
      ['surgical-mask', 1.5],
      ['examination-gloves', 1],
      ['paracetamol-tablets', 1],
      ['medical-oxygen-cylinder', 0.5],
      ['iv-infusion-set', 1],
      ['syringe-5ml', 0.5],
      ['rabies-vaccine', 0.5],
      ['patient-monitor', 0.1],
      ['portable-ultrasound', 0.03],
    ],
    fundraisers: [
      [p('henan').redCross, 4],
      [foundation, 2],
      [p('henan').charity, 1],
    ],
    restriction: (rng) =>
      rng.chance(0.85) ? { appeal: 'henan-flood-2025', region: p('henan').code } : undefined,
    famousShare: 0.55,
    giftMedian: { company: 50_000_000, person: 200_000 },
  };

  const wave: Scenario = {
    id: 'respiratory-wave-2025',
    titleZh: '湘鄂新冠感染高峰驰援',
    titleEn: 'Hubei and Hunan COVID-19 wave',
    appeal: { openedBy: foundation, day: d('2025-09-22'), disease: 'U07' },
    provinces: [p('hubei').code, p('hunan').code],
    hotspots: ['420100', '430100'],
    intensity: (day) => bump(day, d('2025-09-22'), d('2025-10-20'), d('2025-12-15')),
    surge: 1.8,
    share: 2,
    diseases: [
      ['U07', 4],
      ['J18', 3],
      ['J96', 1],
    ],
    items: [
      ['n95-respirator', 3],
      ['protective-coverall', 2],
      ['covid-antigen-test', 2],
      ['face-shield', 1],
      ['surgical-mask', 2],
      ['oxygen-concentrator', 1],
      ['pulse-oximeter', 1.5],
      ['icu-ventilator', 0.1],
      ['noninvasive-ventilator', 0.3],
      ['patient-monitor', 0.3],
      ['medical-oxygen-cylinder', 1],
      ['paracetamol-tablets', 1],
    ],
    fundraisers: [
      [foundation, 3],
      [p('hubei').redCross, 2],
      [p('hunan').redCross, 2],
    ],
    restriction: (rng) => {
      const r = rng.next();
      if (r < 0.55) return { appeal: 'respiratory-wave-2025' };
      if (r < 0.9)
        return {
          appeal: 'respiratory-wave-2025',
          region: rng.chance(0.5) ? p('hubei').code : p('hunan').code,
        };
      return undefined;
    },
    famousShare: 0.6,
    giftMedian: { company: 30_000_000, person: 100_000 },
  };

  const winter: Scenario = {
    id: 'winter-respiratory-2025',
    titleZh: '冬季呼吸道疾病防治行动',
    titleEn: 'Winter respiratory season',
    appeal: { openedBy: foundation, day: d('2025-11-25') },
    provinces: all.map((x) => x.code),
    hotspots: [],
    intensity: (day) => bump(day, d('2025-11-25'), d('2026-01-10'), d('2026-03-10')),
    surge: 1.2,
    share: 1.5,
    diseases: [
      ['J10', 2],
      ['J11', 1],
      ['J18', 3],
      ['J06', 2],
      ['J44', 1.5],
      ['J45', 1],
    ],
    items: [
      ['influenza-vaccine', 2],
      ['oseltamivir-capsules', 2],
      ['amoxicillin-capsules', 1.5],
      ['azithromycin-tablets', 1],
      ['ceftriaxone-injection', 1],
      ['paracetamol-tablets', 1],
      ['ibuprofen-oral-suspension', 1],
      ['salbutamol-inhaler', 1],
      ['budesonide-formoterol-inhaler', 0.5],
      ['oxygen-concentrator', 0.4],
      ['surgical-mask', 1],
      ['noninvasive-ventilator', 0.1],
      ['pulse-oximeter', 0.5],
    ],
    fundraisers: [[foundation, 3], ...all.map((x): [string, number] => [x.redCross, 1])],
    restriction: (rng) => (rng.chance(0.5) ? { appeal: 'winter-respiratory-2025' } : undefined),
    famousShare: 0.3,
    giftMedian: { company: 10_000_000, person: 100_000 },
  };

  const rare: Scenario = {
    id: 'rare-disease-2025',
    titleZh: '罕见病用药援助项目',
    titleEn: 'Rare-disease medicine programme',
    appeal: { openedBy: rareFoundation, day: 0 },
    provinces: all.map((x) => x.code),
    hotspots: [],
    intensity: always,
    surge: 0,
    share: 0.04,
    diseases: [
      ['D66', 3],
      ['G12', 1],
      ['E75', 1],
      ['D67', 1],
      ['E76', 0.5],
      ['E84', 0.5],
      ['E70', 1],
    ],
    items: Object.entries(rareMedicine).map(([, item]): [string, number] => [item, 1]),
    fundraisers: [[rareFoundation, 1]],
    restriction: (rng) => ({
      appeal: 'rare-disease-2025',
      disease: rng.weighted([
        ['D66', 3],
        ['G12', 1],
        ['E75', 1],
        ['D67', 1],
        ['E76', 0.5],
        ['E84', 0.5],
        ['E70', 1],
      ]),
    }),
    famousShare: 0.5,
    giftMedian: { company: 100_000_000, person: 5_000_000 },
  };

  const poor = all.filter((x) => x.poor);
  const chronic: Scenario = {
    id: 'rural-chronic-2025',
    titleZh: '乡村慢病关爱计划',
    titleEn: 'Rural chronic-disease programme',
    appeal: { openedBy: ruralCharity, day: 0 },
    provinces: poor.map((x) => x.code),
    hotspots: [],
    intensity: always,
    surge: 0,
    share: 0.3,
    diseases: [
      ['N18', 3],
      ['E11', 3],
      ['E10', 1],
      ['I10', 2],
    ],
    items: [
      ['dialyzer', 2],
      ['hemodialysis-bloodline-set', 1.5],
      ['peritoneal-dialysis-solution', 1.5],
      ['epoetin-alfa-injection', 1],
      ['insulin-glargine', 1.5],
      ['human-insulin-cartridge', 1.5],
      ['metformin-tablets', 2],
      ['glucose-test-strips', 1.5],
      ['glucometer', 0.5],
      ['amlodipine-tablets', 1.5],
      ['blood-pressure-monitor', 0.5],
      ['hemodialysis-machine', 0.02],
    ],
    fundraisers: [[ruralCharity, 3], ...poor.map((x): [string, number] => [x.charity, 1])],
    restriction: (rng) =>
      rng.chance(0.7)
        ? { appeal: 'rural-chronic-2025', region: rng.pick(poor).code }
        : { appeal: 'rural-chronic-2025' },
    famousShare: 0,
    giftMedian: { company: 20_000_000, person: 200_000 },
  };

  return [routine, flood, wave, winter, rare, chronic];
}

/** The medicine each rare disease of the programme is treated with. */
export const rareMedicine: Record<string, string> = {
  D66: 'factor-viii-concentrate',
  D67: 'prothrombin-complex-concentrate',
  G12: 'nusinersen-injection',
  E75: 'imiglucerase-injection',
  E76: 'laronidase-concentrate',
  E84: 'pancreatin-capsules',
  E70: 'pku-formula',
};

/** Activity level of the whole year on a day: routine 1 plus every scenario's surge. */
export const volume = (scenarios: Scenario[], day: number) =>
  1 + scenarios.reduce((s, x) => s + x.surge * x.intensity(day), 0);

/** The scenario an appeal id or restriction belongs to; routine for none. */
export function scenarioOf(scenarios: Scenario[], appeal: string | undefined): Scenario {
  return scenarios.find((s) => s.id === appeal) ?? scenarios[0]!;
}
