/**
 * A spreadsheet of organizations (name, region or address, kind, English name, aliases)
 * through the same stages as any import. Each row is matched against the registry by name
 * and alias with its place: an exact match adds the row's other names as aliases; a similar
 * name, or namesakes the place cannot tell apart, is listed with its candidates and scores and
 * left for a person (the map's `organizations` says which existing id a name is, or "new").
 * A kind read from the sheet is taken as it is; a kind guessed from the name is used only
 * with `--confirm`. English names are pinyin (english-names.ts) where none is given.
 */
import type { OrganizationKind } from '../domain/events.ts';
import { organizationKinds } from '../domain/events.ts';
import { englishName, slugOf } from './english-names.ts';
import type { Cell } from './grid.ts';
import { parseFile, type ParsedFile } from './grid.ts';
import { findLayout } from './layout.ts';
import { linesOf } from './lines.ts';
import type { ImportMap } from './mapping.ts';
import type { Reconciler } from './reconcile.ts';
import { emptyReport, UnresolvedTally, type ImportReport } from './report.ts';
import { cleanText } from './values.ts';

const KIND_WORDS: Array<[RegExp, OrganizationKind]> = [
  [/红十字/, 'red_cross'],
  [/疾病预防控制|疾控|卫生健康委|卫健委|卫生局|政府|指挥部/, 'government'],
  [/储备/, 'reserve_operator'],
  [/社区卫生服务|卫生院|卫生服务站/, 'health_centre'],
  [/卫生室|诊所|卫生所/, 'village_clinic'],
  [/医院|妇幼保健|保健院|医疗中心/, 'hospital'],
  [/基金会/, 'foundation'],
  [/慈善|志愿|公益|协会/, 'charity'],
  [/公司|集团|企业|厂$/, 'company'],
];
const KIND_NAMES: Record<string, OrganizationKind> = {
  医院: 'hospital',
  卫生院: 'health_centre',
  社区卫生服务中心: 'health_centre',
  卫生室: 'village_clinic',
  村卫生室: 'village_clinic',
  红十字会: 'red_cross',
  基金会: 'foundation',
  慈善组织: 'charity',
  公益组织: 'charity',
  企业: 'company',
  公司: 'company',
  政府: 'government',
  政府部门: 'government',
  个人: 'individual',
  储备: 'reserve_operator',
};

export const guessKind = (name: string): OrganizationKind | null =>
  KIND_WORDS.find(([re]) => re.test(name))?.[1] ?? null;

export interface NewOrganizationRow {
  row: number;
  id: string;
  name: string;
  nameEn: string;
  kind: OrganizationKind;
  region: string;
  aliases: string[];
}

export interface OrganizationImport {
  file: string;
  format: ParsedFile['format'];
  map: ImportMap;
  dryRun: boolean;
  confirm: boolean;
  reconciler: Reconciler;
  takenIds: Set<string>;
  create?: (org: NewOrganizationRow) => Promise<void>;
  addAliases?: (organization: string, aliases: string[]) => Promise<void>;
}

export async function importOrganizationSheet(
  bytes: Uint8Array,
  job: OrganizationImport,
): Promise<ImportReport> {
  const report = emptyReport(job.file, 'organizations', job.dryRun);
  const { reconciler, map } = job;
  const parsed = parseFile(bytes, job.format);
  report.stages.parse = {
    format: parsed.format,
    ...(parsed.encoding ? { encoding: parsed.encoding } : {}),
    sheets: parsed.sheets.map((s) => ({ name: s.name, rows: s.rows.length })),
  };
  // In a list of organizations, "名称" names the organization.
  const columnMap = { 名称: 'organization', 单位: 'organization', name: 'organization', ...map.columns };
  const sheet = parsed.sheets.find((s) => !map.sheet || s.name === map.sheet);
  if (!sheet) return report;
  const layout = findLayout(sheet.rows, { columnMap, isItem: () => false, headerRow: map.headerRow });
  const { lines, totals } = linesOf(sheet.rows, layout);
  report.stages.normalise = {
    sheet: sheet.name,
    titles: layout.titles,
    headerRows: layout.headerRows.map((r) => r + 1),
    columns: Object.fromEntries([...layout.columns].map(([c, f]) => [layout.headers[c]!, f])),
    itemColumns: [],
    ignoredColumns: layout.ignored,
    instructions: layout.instructions,
    totalsRowsSkipped: totals,
    unstatedQuantity: [],
  };
  report.rows = lines.length;
  const orgs = new UnresolvedTally();
  const regions = new UnresolvedTally();
  const taken = new Set(job.takenIds);
  const inFile = new Map<string, string>();
  let ready = 0;
  for (const line of lines) {
    const text = (c: Cell | undefined) => cleanText(c ?? null);
    const name = text(line.cells.organization);
    const problem = (field: string, detail: string) => report.problems.push({ row: line.row, field, detail });
    if (!name) {
      report.refused += 1;
      problem('organization', 'no name');
      continue;
    }
    const aliases = text(line.cells.aliases)
      .split(/[;；,，、|/]/)
      .map((a) => a.trim())
      .filter((a) => a && a !== name);
    const placeText = text(line.cells.region) || name;
    const mappedRegion = map.regions[placeText];
    const place = mappedRegion
      ? { id: mappedRegion, candidates: [], reason: undefined }
      : reconciler.region(placeText, map.defaults.region);
    const decided = map.organizations[name];
    const match = decided ? null : reconciler.organization(name, place.id);
    if (decided && decided !== 'new') {
      ready += 1;
      report.accepted += 1;
      if (!job.dryRun) await job.addAliases?.(decided, [name, ...aliases]);
      continue;
    }
    if (match?.id) {
      // Already registered: its other names become aliases.
      ready += 1;
      report.accepted += 1;
      if (!job.dryRun && aliases.length) await job.addAliases?.(match.id, aliases);
      continue;
    }
    if (match && (match.score >= 0.8 || match.reason?.startsWith('namesakes'))) {
      orgs.add(name, match.candidates, `${match.reason}; map it to an id, or to "new"`);
      report.refused += 1;
      problem(
        'organization',
        `"${name}" may be an organization already registered (${match.candidates.map((c) => `${c.id} ${c.score}`).join(', ')})`,
      );
      continue;
    }
    if (!place.id) {
      regions.add(placeText, place.candidates, place.reason);
      report.refused += 1;
      problem('region', `no region found in "${placeText}"`);
      continue;
    }
    const kindText = text(line.cells.kind);
    let kind: OrganizationKind | null = null;
    if (kindText) {
      kind = (organizationKinds as readonly string[]).includes(kindText.toLowerCase())
        ? (kindText.toLowerCase() as OrganizationKind)
        : (KIND_NAMES[kindText] ?? null);
      if (!kind) {
        report.refused += 1;
        problem('kind', `"${kindText}" is not a kind (${organizationKinds.join(', ')})`);
        continue;
      }
    } else {
      kind = guessKind(name);
      if (!kind) {
        report.refused += 1;
        problem('kind', 'no kind given and none can be guessed from the name; add a kind column');
        continue;
      }
      if (!job.confirm) {
        report.refused += 1;
        problem(
          'kind',
          `guessed "${kind}" from the name; run again with --confirm to accept the guessed kinds`,
        );
        continue;
      }
    }
    const nameEn = text(line.cells.nameEn) || englishName(name, reconciler.catalog);
    const twin = inFile.get(`${name}\u0000${place.id}`);
    if (twin) {
      report.refused += 1;
      problem('organization', `the same name and region as row ${twin}`);
      continue;
    }
    inFile.set(`${name}\u0000${place.id}`, String(line.row));
    let id = slugOf(nameEn);
    for (let n = 2; taken.has(id); n++) id = `${slugOf(nameEn)}-${n}`;
    taken.add(id);
    ready += 1;
    report.accepted += 1;
    report.created.organizations += 1;
    if (!job.dryRun) await job.create?.({ row: line.row, id, name, nameEn, kind, region: place.id, aliases });
  }
  report.unresolved = { organizations: orgs.list(), items: [], regions: regions.list() };
  report.stages.reconcile = { lines: lines.length, ready };
  return report;
}
