/**
 * NDJSON events (`{"recordedBy", "event", "idempotencyKey"?}` per line) through the write
 * path, safe to re-run and to run while the API takes writes:
 *
 * - the file is decoded strictly (decode.ts): a BOM is dropped, GB18030 is recognised, and a
 *   file with undecodable bytes is refused whole before anything is written;
 * - a line without `idempotencyKey` gets one derived from its content (recorder and event,
 *   numbered among identical lines), so a re-run, whole or partial, writes nothing twice;
 * - a line refers to an earlier event by its key — `"ref:KEY"` wherever an event id goes
 *   (`transfer`, `need`, `needs`, `corrects`, …) — rather than by an `evt_N` that other
 *   writers shift.
 */
import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { EventBody } from '../domain/events.ts';
import { Problem } from '../domain/problems.ts';
import { validationProblem } from '../http/problem.ts';
import type { Submission, SubmissionResult } from '../store/ledger-writer.ts';
import { decodeText } from './decode.ts';
import { emptyReport, type ImportReport } from './report.ts';

const Line = z
  .object({
    recordedBy: z.string().min(1),
    event: z.record(z.string(), z.unknown()),
    idempotencyKey: z.string().min(1).max(200).optional(),
  })
  .strict();

/** Fields that hold the id of an earlier event (top level, or inside a correction's replacement). */
const REFERENCE_FIELDS = new Set([
  'transfer',
  'need',
  'needs',
  'corrects',
  'request',
  'dispatch',
  'shipment',
  'complaint',
]);
const REF = /^ref:(.+)$/;

export interface NdjsonImport {
  file: string;
  dryRun: boolean;
  /** Event ids recorded under these keys, by recorder. */
  lookupKeys: (keys: string[]) => Promise<Map<string, Array<{ organization: string; id: string }>>>;
  write?: (batch: Submission[]) => Promise<SubmissionResult[]>;
  /** Each refused line, for the `.rejected.ndjson` file. */
  onRefused?: (line: number, text: string, problem: Problem) => void;
  batchSize?: number;
}

function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refsIn(v, out));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      if (REFERENCE_FIELDS.has(k)) {
        for (const s of Array.isArray(v) ? v : [v])
          if (typeof s === 'string' && REF.test(s)) out.push(REF.exec(s)![1]!);
      } else if (typeof v === 'object') refsIn(v, out);
    }
  return out;
}

function resolveRefs(value: unknown, ids: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveRefs(v, ids));
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => {
        if (!REFERENCE_FIELDS.has(k)) return [k, typeof v === 'object' ? resolveRefs(v, ids) : v];
        const swap = (s: unknown) =>
          typeof s === 'string' && REF.test(s) ? (ids.get(REF.exec(s)![1]!) ?? s) : s;
        return [k, Array.isArray(v) ? v.map(swap) : swap(v)];
      }),
    );
  return value;
}

export async function importNdjson(bytes: Uint8Array, job: NdjsonImport): Promise<ImportReport> {
  const report = emptyReport(job.file, 'events', job.dryRun);
  const decoded = decodeText(bytes);
  report.stages.parse = { format: 'ndjson', encoding: decoded.encoding, sheets: [] };
  const texts = decoded.text.split(/\r?\n/);
  const ids = new Map<string, string>();
  const seen = new Map<string, number>();
  let pending: Array<{
    line: number;
    text: string;
    submission: Submission & { idempotencyKey: string };
    refs: string[];
  }> = [];
  const refuse = (line: number, text: string, problem: Problem) => {
    report.refused += 1;
    report.problems.push({
      row: line,
      field: problem.fields[0]?.path ?? problem.type,
      detail: problem.detail,
    });
    job.onRefused?.(line, text, problem);
  };

  // Keys named by refs that this file does not define are looked up in the ledger once.
  const flush = async () => {
    if (!pending.length) return;
    const batch = pending;
    pending = [];
    const wanted = [...new Set(batch.flatMap((p) => p.refs))].filter((k) => !ids.has(k));
    if (wanted.length) {
      const found = await job.lookupKeys(wanted);
      for (const [k, list] of found) if (list.length === 1) ids.set(k, list[0]!.id);
    }
    const valid: typeof batch = [];
    for (const p of batch) {
      const missing = p.refs.filter((k) => !ids.has(k));
      if (missing.length) {
        refuse(
          p.line,
          p.text,
          new Problem(
            'unknown-reference',
            'Unknown reference',
            `No earlier event has the key "${missing[0]}" (or more than one organization used it).`,
            [{ path: 'event', message: `ref:${missing[0]}` }],
          ),
        );
        continue;
      }
      const body = EventBody.safeParse(resolveRefs(p.submission.body, ids));
      if (!body.success) {
        refuse(p.line, p.text, validationProblem(body.error));
        continue;
      }
      valid.push({ ...p, submission: { ...p.submission, body: body.data } });
    }
    if (job.dryRun || !job.write) {
      const known = await job.lookupKeys(valid.map((v) => v.submission.idempotencyKey));
      for (const v of valid) {
        report.accepted += 1;
        const prior = known
          .get(v.submission.idempotencyKey)
          ?.find((k) => k.organization === v.submission.recordedBy);
        if (prior) {
          report.alreadyImported += 1;
          ids.set(v.submission.idempotencyKey, prior.id);
        } else {
          report.created.events += 1;
          // Not written, so no id yet: later lines that refer to it still check in a dry run.
          ids.set(v.submission.idempotencyKey, 'evt_0');
        }
      }
      return;
    }
    const results = await job.write(valid.map((v) => v.submission));
    results.forEach((r, i) => {
      const v = valid[i]!;
      if (!r.ok) return refuse(v.line, v.text, r.problem);
      report.accepted += 1;
      ids.set(v.submission.idempotencyKey, r.answer.id);
      if (r.replay) report.alreadyImported += 1;
      else report.created.events += 1;
    });
  };

  for (let i = 0; i < texts.length; i++) {
    const text = texts[i]!;
    if (!text.trim()) continue;
    report.rows += 1;
    const lineNo = i + 1;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      refuse(lineNo, text, new Problem('validation', 'Malformed JSON', 'the line is not JSON'));
      continue;
    }
    const parsed = Line.safeParse(json);
    if (!parsed.success) {
      refuse(lineNo, text, validationProblem(parsed.error));
      continue;
    }
    const { recordedBy, event, idempotencyKey } = parsed.data;
    let key = idempotencyKey;
    if (key === undefined) {
      const base = createHash('sha256')
        .update(canonicalize([recordedBy, event])!)
        .digest('hex')
        .slice(0, 32);
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      key = `line:${base}:${n}`;
    }
    const refs = refsIn(event);
    // Lines without references are checked at once, so refusals come in line order.
    if (!refs.length) {
      const body = EventBody.safeParse(event);
      if (!body.success) {
        refuse(lineNo, text, validationProblem(body.error));
        continue;
      }
    }
    // A line that refers to a line still waiting in the batch needs that line's event id first.
    if (refs.some((k) => pending.some((p) => p.submission.idempotencyKey === k))) await flush();
    pending.push({
      line: lineNo,
      text,
      refs,
      submission: { recordedBy, body: event as unknown as EventBody, idempotencyKey: key },
    });
    if (pending.length >= (job.batchSize ?? 2_000)) await flush();
  }
  await flush();
  report.problems.sort((a, b) => a.row - b.row);
  return report;
}
