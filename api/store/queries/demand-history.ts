/**
 * Recorded demand by month, per facility region × item: goods used by facilities, and needs
 * reported that recorded deliveries did not meet. The forecasts, the reserves' days of cover
 * and the benchmark read the same history through this one function.
 */
import type { Client, InValue, Transaction } from '@libsql/client';
import { questionMarks } from '../bulk-sql.ts';

type Sql = Pick<Client | Transaction, 'execute'>;

export interface DemandCell {
  /** The facility's region code. */
  region: string;
  item: string;
  /** `YYYY-MM`, by the local date the event records. */
  month: string;
  used: number;
  unmet: number;
}

export interface DemandFilter {
  regions?: readonly string[];
  item?: string;
  /** Last month counted (`YYYY-MM`), inclusive. */
  until: string;
}

export async function monthlyDemand(sql: Sql, f: DemandFilter): Promise<DemandCell[]> {
  const cells = new Map<string, DemandCell>();
  const cell = (region: string, item: string, month: string) => {
    const key = `${region}|${item}|${month}`;
    let c = cells.get(key);
    if (!c) cells.set(key, (c = { region, item, month, used: 0, unmet: 0 }));
    return c;
  };
  const regionSql = f.regions ? ` AND o.region IN (${questionMarks(f.regions.length)})` : '';
  const regionArgs: InValue[] = f.regions ? [...f.regions] : [];
  const used = await sql.execute({
    sql: `SELECT o.region AS region, substr(f.asset, 7) AS item, substr(e.occurred_at, 1, 7) AS month, sum(f.amount) AS n
          FROM flows f JOIN events e ON e.seq = f.seq JOIN organizations o ON o.id = f.to_org
          WHERE f.kind = 'used' AND f.asset ${f.item ? '= ?' : "LIKE 'goods:%'"}${regionSql}
            AND substr(e.occurred_at, 1, 7) <= ?
          GROUP BY 1, 2, 3`,
    args: [...(f.item ? [`goods:${f.item}`] : []), ...regionArgs, f.until],
  });
  for (const r of used.rows) cell(String(r.region), String(r.item), String(r.month)).used += Number(r.n);
  const needRegionSql = f.regions ? ` AND region IN (${questionMarks(f.regions.length)})` : '';
  const unmet = await sql.execute({
    sql: `SELECT region, item, substr(reported_at, 1, 7) AS month, sum(max(0, quantity - delivered)) AS n
          FROM needs
          WHERE item IS NOT NULL AND quantity_stated = 1 AND status <> 'withdrawn'${f.item ? ' AND item = ?' : ''}${needRegionSql}
            AND substr(reported_at, 1, 7) <= ?
          GROUP BY 1, 2, 3`,
    args: [...(f.item ? [f.item] : []), ...regionArgs, f.until],
  });
  for (const r of unmet.rows) cell(String(r.region), String(r.item), String(r.month)).unmet += Number(r.n);
  return [...cells.values()].filter((c) => c.used !== 0 || c.unmet !== 0);
}
