/**
 * The bulk downloads the Data & API page lists: every public table of the export (names,
 * titles and descriptions from the export's own table specs, so the page cannot name a file
 * the API does not serve), the event log files, the SQLite snapshot, the data package and
 * the checksums. Sizes and SHA-256 come from the live listing in the browser, since a new
 * export may be made after the site is built.
 */
import { packageFileNames } from '../../api/store/exports/data-package.ts';
import { logFileNames } from '../../api/store/exports/log-files.ts';
import { publicTables } from '../../api/store/exports/public-tables.ts';
import { translator, type Locale } from './i18n.ts';
import { dateTimeOptions, intlLocale } from './format.ts';

export interface DownloadEntry {
  id: string;
  title: string;
  /** The table's name in the files and the SQLite snapshot. */
  code?: string;
  description?: string;
  /** The export describes its tables in English only. */
  descriptionLang?: string;
  files: Array<{ name: string }>;
}

export interface DownloadGroup {
  id: string;
  title: string;
  lede?: string;
  entries: DownloadEntry[];
}

/** File names of one public table, as the export writes them (api/store/exports/bulk-export.ts). */
export const tableFiles = (table: string) => [`${table}.csv`, `${table}.ndjson`];

export function downloadGroups(locale: Locale): DownloadGroup[] {
  const t = translator(locale);
  const zh = locale === 'zh-CN';
  const whole: DownloadEntry[] = [
    {
      id: 'log',
      title: t('data.dl.log'),
      description: t('data.dl.logDesc'),
      files: [
        { name: logFileNames.events },
        { name: logFileNames.checkpoint },
        { name: logFileNames.checkpoints },
        { name: logFileNames.publicKey },
      ],
    },
    {
      id: 'sqlite',
      title: t('data.dl.sqliteFile'),
      description: t('data.dl.sqliteDesc'),
      files: [{ name: packageFileNames.sqlite }],
    },
    {
      id: 'package',
      title: t('data.dl.package'),
      description: t('data.dl.packageDesc'),
      files: [
        { name: packageFileNames.descriptor },
        { name: packageFileNames.sums },
        { name: packageFileNames.signedSums },
      ],
    },
  ];
  const tables: DownloadEntry[] = publicTables.map((spec) => ({
    id: `table-${spec.name}`,
    title: zh ? spec.titleZh : spec.title,
    code: spec.name,
    description: zh ? (spec.descriptionZh ?? spec.description) : spec.description,
    ...(zh && !spec.descriptionZh ? { descriptionLang: 'en' } : {}),
    files: tableFiles(spec.name).map((name) => ({ name })),
  }));
  return [
    { id: 'whole', title: t('data.dl.wholeTitle'), entries: whole },
    {
      id: 'tables',
      title: t('data.dl.tablesTitle', { n: publicTables.length }),
      lede: t('data.dl.tablesLede'),
      entries: tables,
    },
  ];
}

/** What the page's script needs to say, in the page's language. */
export function downloadStrings(locale: Locale): Record<string, string> {
  const t = translator(locale);
  return {
    lang: intlLocale(locale),
    dateTime: JSON.stringify(dateTimeOptions(locale)),
    meta: t('data.dl.meta'),
    metaRows: t('data.dl.metaRows'),
    filled: t('data.dl.filled'),
    failed: t('data.dl.failed'),
  };
}

/** Text with `code` spans, as pieces: the page shows each code piece as code, never its backticks. */
export function codeSpans(text: string): Array<{ code: boolean; text: string }> {
  return text
    .split(/`([^`]+)`/)
    .map((piece, i) => ({ code: i % 2 === 1, text: piece }))
    .filter((p) => p.text !== '');
}
