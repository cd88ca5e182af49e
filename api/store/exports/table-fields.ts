/** Building blocks of the export's table specs (public-tables.ts): a typed field, and organization columns. */
import type { FieldSpec, FieldType } from './public-tables.ts';

export const field = (
  name: string,
  type: FieldType,
  sql: string,
  title: string,
  titleZh: string,
  description: string,
  extra: Partial<FieldSpec> = {},
): FieldSpec => ({ name, type, sql, title, titleZh, description, ...extra });

/** An organization column that is empty for organizations flagged anonymous. */
export function org(alias: string, idSql: string) {
  return {
    join: `LEFT JOIN organizations ${alias} ON ${alias}.id = ${idSql}`,
    id: `CASE WHEN ${alias}.anonymous = 1 THEN NULL ELSE ${idSql} END`,
    name: `CASE WHEN ${alias}.anonymous = 1 THEN NULL ELSE ${alias}.name END`,
  };
}

/** An organization's id and name columns, both empty for an organization registered as anonymous. */
export const orgFields = (prefix: string, o: ReturnType<typeof org>, en: string, zh: string): FieldSpec[] => [
  field(
    prefix,
    'string',
    o.id,
    en,
    zh,
    `organization id (organizations.id); empty for an organization registered as anonymous`,
  ),
  field(
    `${prefix}_name`,
    'string',
    o.name,
    `${en} name`,
    `${zh}名称`,
    'organization name; empty for an organization registered as anonymous',
  ),
];
