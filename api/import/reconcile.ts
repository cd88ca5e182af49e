/**
 * Stage three, reconcile: names found in a sheet are matched to catalogue keys — items,
 * regions, organizations — each with a score in [0, 1] and the best candidates, after
 * OpenRefine's reconciliation service. A match is taken only when it is exact (a catalogue
 * name, a listed synonym, an alias) or scores at least `threshold`; anything else is left
 * unresolved with its candidates for a person to decide. Nothing is ever merged silently.
 */
import { distance } from 'fastest-levenshtein';
import type { Catalog, Region } from '../domain/catalog.ts';
import type { ImportNames } from './names.ts';
import { nameKey } from './values.ts';

export interface Candidate {
  id: string;
  name: string;
  score: number;
}

export interface Match {
  /** The key taken, or null when unresolved. */
  id: string | null;
  score: number;
  candidates: Candidate[];
  /** Why a candidate was not taken (namesakes, below threshold). */
  reason?: string;
}

/** 1 − edit distance ÷ the longer length: 1 for equal keys, 0 for nothing in common. */
export const similarity = (a: string, b: string) =>
  a === b ? 1 : 1 - distance(a, b) / Math.max(a.length, b.length, 1);

const round = (x: number) => Math.round(x * 1000) / 1000;
const withoutBrackets = (text: string) => text.replace(/[（(【[].*?[)）】\]]/g, '').trim();

/** Ranks `names` (key → ids) against `key`, best first, at most `limit` distinct ids. */
function rank(
  key: string,
  names: Map<string, Set<string>>,
  label: (id: string) => string,
  limit = 3,
): Candidate[] {
  const best = new Map<string, number>();
  for (const [k, ids] of names) {
    let s = similarity(key, k);
    // A name wholly inside the other counts by how much of the longer it covers.
    if (s < 0.9 && k.length >= 2 && (key.includes(k) || k.includes(key)))
      s = Math.max(s, Math.min(key.length, k.length) / Math.max(key.length, k.length));
    for (const id of ids) if (s > (best.get(id) ?? 0)) best.set(id, s);
  }
  return [...best]
    .filter(([, s]) => s > 0.3)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([id, s]) => ({ id, name: label(id), score: round(s) }));
}

const addName = (index: Map<string, Set<string>>, name: string, id: string) => {
  const k = nameKey(name);
  if (k) index.set(k, (index.get(k) ?? new Set()).add(id));
};

export interface OrganizationEntry {
  id: string;
  name: string;
  kind: string;
  region: string;
  aliases: string[];
}

export function createReconciler(
  catalog: Catalog,
  names: ImportNames,
  organizations: readonly OrganizationEntry[],
  threshold = 0.9,
) {
  const itemIndex = new Map<string, Set<string>>();
  for (const i of catalog.items) {
    addName(itemIndex, i.id, i.id);
    addName(itemIndex, i.nameZh, i.id);
    addName(itemIndex, i.nameEn, i.id);
    addName(itemIndex, withoutBrackets(i.nameZh), i.id);
  }
  for (const [id, list] of names.itemNames) for (const n of list) addName(itemIndex, n, id);
  const itemLabel = (id: string) => catalog.item(id)?.nameZh ?? id;

  const decide = (key: string, index: Map<string, Set<string>>, label: (id: string) => string): Match => {
    const exact = index.get(key);
    if (exact?.size === 1) {
      const id = [...exact][0]!;
      return { id, score: 1, candidates: [{ id, name: label(id), score: 1 }] };
    }
    const candidates = rank(key, index, label);
    if (exact && exact.size > 1)
      return { id: null, score: 1, candidates, reason: 'the name fits more than one entry' };
    const [first, second] = candidates;
    if (first && first.score >= threshold && (!second || second.score < first.score))
      return { id: first.id, score: first.score, candidates };
    return {
      id: null,
      score: first?.score ?? 0,
      candidates,
      reason: first ? `best score ${first.score} is below ${threshold}` : 'no candidate',
    };
  };

  const itemCache = new Map<string, Match>();
  /** An item from its name, with the standard ("N95", "GB 19083") when a sheet states one apart. */
  function item(text: string, standard = ''): Match {
    const cacheKey = `${text}\u0000${standard}`;
    const hit = itemCache.get(cacheKey);
    if (hit) return hit;
    const tries = [`${standard}${text}`, text, withoutBrackets(text), `${text}${standard}`].map(nameKey);
    let m: Match | undefined;
    for (const k of tries) {
      if (!k) continue;
      const exact = itemIndex.get(k);
      if (exact?.size === 1) {
        m = decide(k, itemIndex, itemLabel);
        break;
      }
    }
    m ??= decide(nameKey(text), itemIndex, itemLabel);
    itemCache.set(cacheKey, m);
    return m;
  }

  // Regions: full names, names without their generic (县, 市, 区 …) where two characters or
  // more remain, former names and development zones, and codes.
  const regionIndex = new Map<string, Set<string>>();
  const generic = /(特别行政区|自治州|自治县|自治旗|新区|地区|林区|省|市|县|区|旗|盟)$/;
  for (const r of catalog.regions) {
    addName(regionIndex, r.nameZh, r.code);
    addName(regionIndex, r.nameEn, r.code);
    const short = r.nameZh.replace(generic, '');
    if (short.length >= 2) addName(regionIndex, short, r.code);
  }
  for (const a of names.regionAliases) addName(regionIndex, a.name, a.code);
  const regionLabel = (code: string) => {
    const r = catalog.region(code);
    return r
      ? [...catalog.ancestors(code)]
          .reverse()
          .map((a) => a.nameZh)
          .join('') + r.nameZh
      : code;
  };
  const regionKeys = [...regionIndex.keys()].filter((k) => k.length >= 2).sort((a, b) => b.length - a.length);

  const regionCache = new Map<string, Match>();
  /**
   * A region from a name, a code or a free-text address ("湖北省荆州市监利县…镇"): the deepest
   * region named whose ancestors agree with every other region the text names. Namesakes that
   * the text cannot tell apart stay unresolved. `within` narrows to a known province or city.
   */
  function region(text: string, within?: string): Match {
    const cacheKey = `${text}\u0000${within ?? ''}`;
    const hit = regionCache.get(cacheKey);
    if (hit) return hit;
    const key = nameKey(text);
    let result: Match;
    if (/^\d{6}$/.test(key)) {
      const code = [...(regionIndex.get(key) ?? [])][0] ?? (catalog.hasRegion(key) ? key : null);
      result = code
        ? { id: code, score: 1, candidates: [{ id: code, name: regionLabel(code), score: 1 }] }
        : { id: null, score: 0, candidates: [], reason: 'unknown code' };
    } else {
      const found = new Set<string>();
      let rest = key;
      for (const k of regionKeys)
        if (rest.includes(k)) {
          for (const code of regionIndex.get(k)!) found.add(code);
          rest = rest.replace(k, '\u0001');
        }
      const codes = [...found].filter(
        (c) => !within || catalog.isWithin(c, within) || catalog.isWithin(within, c),
      );
      // The codes that agree with the most others: each pair on one line of descent.
      const agrees = (a: string, b: string) =>
        a === b || catalog.isWithin(a, b) || catalog.isWithin(b, a) || sameName(a, b);
      const support = new Map(codes.map((c) => [c, codes.filter((o) => agrees(c, o)).length]));
      const most = Math.max(0, ...support.values());
      const pool = codes.filter((c) => support.get(c) === most);
      const depth = (c: string) => catalog.ancestors(c).length;
      const deepestDepth = Math.max(0, ...pool.map(depth));
      const top = pool.filter((c) => depth(c) === deepestDepth);
      const candidates = (top.length ? top : pool).slice(0, 5).map((id) => ({
        id,
        name: regionLabel(id),
        score: top.length === 1 ? 1 : round(1 / Math.max(top.length, 1)),
      }));
      if (top.length === 1) result = { id: top[0]!, score: 1, candidates };
      else if (top.length > 1)
        result = {
          id: null,
          score: candidates[0]!.score,
          candidates,
          reason: 'namesakes: name the province or city too',
        };
      else {
        const fuzzy = rank(key, regionIndex, regionLabel);
        result = { id: null, score: fuzzy[0]?.score ?? 0, candidates: fuzzy, reason: 'no region named' };
      }
    }
    regionCache.set(cacheKey, result);
    return result;
  }
  /** Two namesake codes (a former name and the current one) count as one place. */
  const sameName = (a: string, b: string) => catalog.region(a)?.nameZh === catalog.region(b)?.nameZh;

  // Organizations: names and aliases; namesakes are told apart by region.
  const orgIndex = new Map<string, Set<string>>();
  const orgBy = new Map(organizations.map((o) => [o.id, o]));
  for (const o of organizations) {
    addName(orgIndex, o.name, o.id);
    for (const a of o.aliases) addName(orgIndex, a, o.id);
  }
  const orgLabel = (id: string) => {
    const o = orgBy.get(id);
    return o ? `${o.name} (${o.kind}, ${o.region})` : id;
  };
  const near = (orgRegion: string, place: string) =>
    catalog.isWithin(orgRegion, place) || catalog.isWithin(place, orgRegion);

  /**
   * An organization by name or alias, with the region the row gives when there is one. Only
   * an exact name or alias is taken; similar names are candidates for a person to confirm,
   * because two hospitals a character apart are two hospitals.
   */
  const orgCache = new Map<string, Match>();
  function organization(text: string, place?: string | null): Match {
    const cacheKey = `${text}\u0000${place ?? ''}`;
    const hit = orgCache.get(cacheKey);
    if (hit) return hit;
    const m = matchOrganization(text, place);
    orgCache.set(cacheKey, m);
    return m;
  }
  function matchOrganization(text: string, place?: string | null): Match {
    const key = nameKey(text);
    const exact = [...(orgIndex.get(key) ?? [])];
    const here = place ? exact.filter((id) => near(orgBy.get(id)!.region, place)) : exact;
    const candidates = rank(key, orgIndex, orgLabel).map((c) =>
      place && !near(orgBy.get(c.id)!.region, place) ? { ...c, score: round(c.score * 0.8) } : c,
    );
    if (here.length === 1) return { id: here[0]!, score: 1, candidates };
    if (exact.length > 1)
      return { id: null, score: 1, candidates, reason: 'namesakes: the region does not tell them apart' };
    if (exact.length === 1)
      return {
        id: null,
        score: 0.8,
        candidates,
        reason: 'the name matches an organization in another region',
      };
    return {
      id: null,
      score: candidates[0]?.score ?? 0,
      candidates,
      reason: candidates[0] ? 'no organization of that name or alias' : 'no candidate',
    };
  }

  /** Catalogue units for a stated quantity, or why they cannot be known. */
  function units(
    itemId: string,
    count: number,
    unit: string | null,
    pack: { size: number; unit: string } | null,
  ) {
    const item = catalog.item(itemId)!;
    const table = names.itemUnits.get(itemId) ?? new Map<string, [number, number]>();
    const ratio = (u: string): [number, number] | undefined =>
      u === item.unitZh || u === item.unit || u === item.unitEn ? [1, 1] : table.get(u);
    if (unit === null) return { ok: true as const, quantity: count };
    let stated: [number, number] | undefined = ratio(unit);
    if (!stated && pack) {
      const inner = ratio(pack.unit);
      if (inner) stated = [inner[0] * pack.size, inner[1]];
    }
    if (!stated)
      return {
        ok: false as const,
        reason: `"${unit}" is not a unit of ${item.nameZh} (counted in ${item.unitZh}); state the pack size, e.g. 10${unit}（50${item.unitZh}/${unit}）`,
      };
    const [num, den] = stated;
    if ((count * num) % den !== 0)
      return {
        ok: false as const,
        reason: `${count} ${unit} is not a whole number of ${item.unitZh} (${den} ${unit} make ${num} ${item.unitZh})`,
      };
    return { ok: true as const, quantity: (count * num) / den };
  }

  return { item, region, organization, units, regionLabel, catalog };
}

export type Reconciler = ReturnType<typeof createReconciler>;
export type { Region };
