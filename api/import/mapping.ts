/**
 * A mapping file (`--map MAP.json`): what the clerk tells the importer after reading a dry
 * run's report. Every part is optional.
 *
 * ```json
 * { "sheet": "需求汇总", "headerRow": 3,
 *   "columns": { "医院（全称）": "organization", "对接人": null },
 *   "items": { "防护服（非医用可）": "protective-coverall" },
 *   "regions": { "开发区": "420113" },
 *   "organizations": { "市一医院": "wuhan-no1-hospital" },
 *   "defaults": { "date": "2020-02-01", "urgency": "72h", "importance": "life", "currency": "CNY", "region": "420000" } }
 * ```
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { importances, urgencies } from '../domain/events.ts';
import { fields } from './layout.ts';

export const ImportMap = z.strictObject({
  sheet: z.string().optional(),
  headerRow: z.int().positive().optional(),
  columns: z.record(z.string(), z.enum(fields).nullable()).default({}),
  items: z.record(z.string(), z.string()).default({}),
  regions: z.record(z.string(), z.string()).default({}),
  organizations: z.record(z.string(), z.string()).default({}),
  defaults: z
    .strictObject({
      date: z.iso.date().optional(),
      timezone: z
        .string()
        .regex(/^[+-]\d{2}:\d{2}$/)
        .default('+08:00'),
      urgency: z.enum(urgencies).default('1w'),
      importance: z.enum(importances).default('function'),
      currency: z.string().length(3).default('CNY'),
      region: z.string().optional(),
      /** What a money column counts: yuan (converted to fen) unless "minor". */
      moneyUnit: z.enum(['major', 'minor', 'wan']).default('major'),
    })
    .default({
      timezone: '+08:00',
      urgency: '1w',
      importance: 'function',
      currency: 'CNY',
      moneyUnit: 'major',
    }),
});
export type ImportMap = z.infer<typeof ImportMap>;

export async function readImportMap(path: string | undefined): Promise<ImportMap> {
  if (!path) return ImportMap.parse({});
  return ImportMap.parse(JSON.parse(await readFile(path, 'utf8')));
}
