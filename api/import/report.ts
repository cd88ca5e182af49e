/**
 * The import report of the contract: `{ rows, accepted, refused, created, unresolved,
 * problems }`, with what each stage saw added beside it. Printed, and written as JSON by
 * `--report`; a dry run reports the same without writing.
 */
import type { Candidate } from './reconcile.ts';

export interface Unresolved {
  text: string;
  count: number;
  candidates: Candidate[];
  reason?: string;
}

export interface ImportProblem {
  row: number;
  field: string;
  detail: string;
}

export interface ImportReport {
  file: string;
  as: string;
  dryRun: boolean;
  rows: number;
  accepted: number;
  refused: number;
  /** Lines already in the ledger from an earlier run: written nothing, counted as accepted. */
  alreadyImported: number;
  created: { organizations: number; events: number };
  unresolved: { organizations: Unresolved[]; items: Unresolved[]; regions: Unresolved[] };
  problems: ImportProblem[];
  stages: {
    parse: { format: string; encoding?: string; sheets: Array<{ name: string; rows: number }> };
    normalise: {
      sheet?: string;
      titles: string[];
      headerRows: number[];
      columns: Record<string, string>;
      itemColumns: Array<{ header: string; standard: string }>;
      ignoredColumns: string[];
      instructions: string[];
      totalsRowsSkipped: number[];
      unstatedQuantity: string[];
    };
    reconcile: { lines: number; ready: number };
    write?: { batches: number };
  };
}

export class UnresolvedTally {
  private readonly byText = new Map<string, Unresolved>();
  add(text: string, candidates: Candidate[], reason?: string) {
    const u = this.byText.get(text);
    if (u) u.count += 1;
    else this.byText.set(text, { text, count: 1, candidates, ...(reason ? { reason } : {}) });
  }
  list(): Unresolved[] {
    return [...this.byText.values()].sort((a, b) => b.count - a.count || a.text.localeCompare(b.text));
  }
}

export function emptyReport(file: string, as: string, dryRun: boolean): ImportReport {
  return {
    file,
    as,
    dryRun,
    rows: 0,
    accepted: 0,
    refused: 0,
    alreadyImported: 0,
    created: { organizations: 0, events: 0 },
    unresolved: { organizations: [], items: [], regions: [] },
    problems: [],
    stages: {
      parse: { format: '', sheets: [] },
      normalise: {
        titles: [],
        headerRows: [],
        columns: {},
        itemColumns: [],
        ignoredColumns: [],
        instructions: [],
        totalsRowsSkipped: [],
        unstatedQuantity: [],
      },
      reconcile: { lines: 0, ready: 0 },
    },
  };
}

/** The human summary printed on stderr. */
export function summary(r: ImportReport): string {
  const u = r.unresolved;
  const lines = [
    `${r.dryRun ? 'dry run: ' : ''}${r.rows} rows, ${r.accepted} accepted${r.alreadyImported ? ` (${r.alreadyImported} already imported)` : ''}, ${r.refused} refused; created ${r.created.events} events, ${r.created.organizations} organizations`,
  ];
  const list = (what: string, items: Unresolved[]) => {
    if (!items.length) return;
    lines.push(`unresolved ${what}:`);
    for (const x of items.slice(0, 20))
      lines.push(
        `  "${x.text}" ×${x.count}${x.candidates.length ? ` — candidates: ${x.candidates.map((c) => `${c.id} (${c.name}) ${c.score}`).join('; ')}` : ''}`,
      );
    if (items.length > 20) lines.push(`  … and ${items.length - 20} more (see the report)`);
  };
  list('organizations', u.organizations);
  list('items', u.items);
  list('regions', u.regions);
  for (const p of r.problems.slice(0, 20)) lines.push(`row ${p.row} ${p.field}: ${p.detail}`);
  if (r.problems.length > 20) lines.push(`… and ${r.problems.length - 20} more problems (see the report)`);
  return lines.join('\n');
}
