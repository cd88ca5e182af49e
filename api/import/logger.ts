/**
 * Temperature data-logger files, as common loggers export them (CSV, UTF-8 or GB18030, or a
 * spreadsheet): a title or two, a block of device details (serial number, model, start time),
 * a header row naming a time column (or separate date and time columns) and a °C column, then
 * one reading per row, maybe a summary at the end. A whole file becomes ONE `temperature_log`
 * event: lowest and highest reading, minutes outside the range, how many readings, first and
 * last. A reading that cannot be read refuses the file: a summary that skipped readings would
 * hide exactly what it is for.
 *
 * Minutes outside range: each reading stands for the time until the next one (the last for the
 * file's typical interval); the minutes of readings below the low or above the high end are
 * summed and rounded up, so a short excursion is never rounded away.
 */
import { createHash } from 'node:crypto';
import type { EventBody } from '../domain/events.ts';
import type { Submission, SubmissionResult } from '../store/ledger-writer.ts';
import type { Cell, ParsedFile } from './grid.ts';
import { parseFile } from './grid.ts';
import { emptyReport, type ImportProblem, type ImportReport } from './report.ts';
import { cleanText } from './values.ts';

export interface Reading {
  /** Epoch milliseconds. */
  at: number;
  celsius: number;
}

const TIME =
  /^(date\s*[/&-]?\s*time|timestamp|time\s*stamp|日期时间|日期\/时间|记录时间|采集时间|采样时间|时间戳|时间|time)/i;
const DATE_ONLY = /^(date|日期)$/i;
const TIME_ONLY = /^(time|时间)$/i;
const TEMPERATURE = /(temp|温度|℃|°\s*c|\[°c\])/i;
const FAHRENHEIT = /(°\s*f\b|℉)/i;
const NOT_TEMPERATURE = /(humid|湿度|%rh|alarm|报警|status|状态)/i;
const SERIAL = /(serial|s\/n|\bsn\b|序列号|设备编号|设备号|记录仪编号|logger\s*id|device\s*id|编号)/i;

export interface LoggerFile {
  readings: Reading[];
  serial: string | null;
  headerRow: number;
  columns: Record<string, string>;
  titles: string[];
  /** Rows after the header that hold no reading (blank, a summary at the end). */
  skipped: number;
  problems: ImportProblem[];
}

/** `+08:00` → minutes east of UTC. */
export function offsetMinutes(offset: string): number {
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(offset);
  if (!m) throw new Error(`not a UTC offset: ${offset}`);
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

const DATE_TIME =
  /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;
const CLOCK = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/** A timestamp cell (or a date cell and a time cell) as epoch ms; null when it is not one. */
export function parseTimestamp(cell: Cell, timeCell: Cell | undefined, offsetMin: number): number | null {
  if (typeof cell === 'number') {
    // A spreadsheet serial date: days since 1899-12-30, the fraction the time of day (local).
    if (!(cell > 20_000 && cell < 80_000)) return null;
    return Math.round((cell - 25_569) * 86_400_000) - offsetMin * 60_000;
  }
  const date = cell && typeof cell === 'object' ? cell.date : cleanText(cell);
  let text = date;
  if (timeCell !== undefined) {
    const t = typeof timeCell === 'number' ? fractionToClock(timeCell) : cleanText(timeCell);
    if (!CLOCK.test(t)) return null;
    text = `${date} ${t}`;
  }
  const m = DATE_TIME.exec(text);
  if (!m || m[4] === undefined) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as number[];
  if (mo! < 1 || mo! > 12 || d! < 1 || d! > 31 || h! > 23 || mi! > 59 || s! > 59) return null;
  const zone = m[7];
  const offset = zone === undefined ? offsetMin : zone === 'Z' ? 0 : offsetMinutes(zone);
  const ms = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!) - offset * 60_000;
  // Date.UTC rolls 31 February over into March: refuse instead.
  return new Date(ms + offset * 60_000).getUTCDate() === d ? ms : null;
}

function fractionToClock(f: number): string {
  const secs = Math.round((f % 1) * 86_400);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(secs / 3600))}:${pad(Math.floor(secs / 60) % 60)}:${pad(secs % 60)}`;
}

const CELSIUS = /^([+-]?\d+(?:[.,]\d+)?)\s*(?:°\s*C|℃|C)?$/i;

export function parseCelsius(cell: Cell): number | null {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null;
  const m = CELSIUS.exec(cleanText(cell));
  if (!m) return null;
  const v = Number(m[1]!.replace(',', '.'));
  return v >= -100 && v <= 100 ? v : null;
}

/** Finds the header, the device's serial and every reading of a logger sheet. */
export function readLoggerRows(rows: Cell[][], offsetMin: number): LoggerFile {
  const out: LoggerFile = {
    readings: [],
    serial: null,
    headerRow: -1,
    columns: {},
    titles: [],
    skipped: 0,
    problems: [],
  };
  let time = -1;
  let date = -1;
  let clock = -1;
  let temp = -1;
  for (let r = 0; r < Math.min(rows.length, 200) && out.headerRow < 0; r++) {
    const cells = (rows[r] ?? []).map((c) => cleanText(c));
    const t = cells.findIndex((c) => TEMPERATURE.test(c) && !NOT_TEMPERATURE.test(c));
    const ts = cells.findIndex((c) => TIME.test(c) && !DATE_ONLY.test(c) && !TIME_ONLY.test(c));
    const d = cells.findIndex((c) => DATE_ONLY.test(c));
    const k = cells.findIndex((c) => TIME_ONLY.test(c));
    if (t >= 0 && (ts >= 0 || d >= 0 || k >= 0)) {
      out.headerRow = r;
      temp = t;
      if (ts >= 0) time = ts;
      else if (d >= 0 && k >= 0) [date, clock] = [d, k];
      else time = d >= 0 ? d : k;
      out.columns = Object.fromEntries(
        [
          ['time', time],
          ['date', date],
          ['clock', clock],
          ['temperature', temp],
        ]
          .filter(([, i]) => (i as number) >= 0)
          .map(([k2, i]) => [k2 as string, cells[i as number]!]),
      );
      if (FAHRENHEIT.test(cells[t]!))
        out.problems.push({
          row: r + 1,
          field: 'temperature',
          detail: 'readings in °F: export the file in °C',
        });
      break;
    }
    // Above the header: titles and the device block.
    const nonEmpty = cells.filter(Boolean);
    if (nonEmpty.length === 0) continue;
    const s = cells.findIndex((c) => SERIAL.test(c));
    if (s >= 0 && out.serial === null) {
      const inline = /[:：]\s*(.+)$/.exec(cells[s]!)?.[1]?.trim();
      const next = cells.slice(s + 1).find(Boolean);
      const serial = inline || next;
      if (serial) out.serial = serial.slice(0, 100);
    } else if (nonEmpty.length === 1) out.titles.push(nonEmpty[0]!);
  }
  if (out.headerRow < 0) {
    out.problems.push({
      row: 0,
      field: 'header',
      detail:
        'no header row naming a time column (时间 / Time / Date) and a temperature column (温度 / Temperature / °C)',
    });
    return out;
  }
  if (out.problems.length) return out;
  let lastReadingRow = -1;
  const unreadable: ImportProblem[] = [];
  for (let r = out.headerRow + 1; r < rows.length; r++) {
    const row = rows[r] ?? [];
    if (row.every((c) => cleanText(c) === '')) {
      out.skipped++;
      continue;
    }
    const at =
      date >= 0
        ? parseTimestamp(row[date] ?? null, row[clock] ?? null, offsetMin)
        : parseTimestamp(row[time] ?? null, undefined, offsetMin);
    const celsius = parseCelsius(row[temp] ?? null);
    if (at !== null && celsius !== null) {
      out.readings.push({ at, celsius });
      lastReadingRow = r;
      continue;
    }
    out.skipped++;
    unreadable.push({
      row: r + 1,
      field: at === null ? (out.columns.time ?? out.columns.date ?? 'time') : out.columns.temperature!,
      detail:
        at === null
          ? `"${cleanText(row[date >= 0 ? date : time] ?? null)}" is not a date and time (write year-month-day hour:minute)`
          : `"${cleanText(row[temp] ?? null)}" is not a temperature in °C`,
    });
  }
  // Lines after the last reading are a summary or footer; a line between readings is a problem.
  out.problems.push(...unreadable.filter((p) => p.row - 1 < lastReadingRow));
  return out;
}

export interface ReadingSummary {
  min: number;
  max: number;
  outsideMinutes: number;
  readings: number;
  firstReadingAt: number;
  lastReadingAt: number;
  /** The typical interval between readings, in seconds. */
  intervalSeconds: number;
}

/** The summary a `temperature_log` carries. `readings` must not be empty. */
export function summariseReadings(
  readings: readonly Reading[],
  range: readonly [number, number],
): ReadingSummary {
  const sorted = [...readings].sort((a, b) => a.at - b.at);
  const gaps: number[] = [];
  for (let i = 1; i < sorted.length; i++) gaps.push(sorted[i]!.at - sorted[i - 1]!.at);
  const typical = gaps.length ? [...gaps].sort((a, b) => a - b)[gaps.length >> 1]! : 0;
  let min = Infinity;
  let max = -Infinity;
  let outsideMs = 0;
  sorted.forEach((r, i) => {
    if (r.celsius < min) min = r.celsius;
    if (r.celsius > max) max = r.celsius;
    if (r.celsius < range[0] || r.celsius > range[1]) outsideMs += i + 1 < sorted.length ? gaps[i]! : typical;
  });
  return {
    min,
    max,
    outsideMinutes: Math.ceil(outsideMs / 60_000),
    readings: sorted.length,
    firstReadingAt: sorted[0]!.at,
    lastReadingAt: sorted.at(-1)!.at,
    intervalSeconds: Math.round(typical / 1000),
  };
}

/** An instant written in the logger's own offset, as RFC 3339. */
export function instantAt(ms: number, offsetMin: number): string {
  const local = new Date(ms + offsetMin * 60_000).toISOString().slice(0, 19);
  if (offsetMin === 0) return `${local}Z`;
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** What the readings are about: a shipment (its item's range applies) or a lot kept at the recorder. */
export type LoggerTarget = { shipment: string } | { lot: string; item: string };

export interface TemperatureImport {
  file: string;
  format: ParsedFile['format'];
  target: LoggerTarget;
  recordedBy: string;
  /** [low, high] °C the readings are judged against. */
  range: [number, number];
  /** The logger's clock, for timestamps written without an offset (default +08:00). */
  utcOffset: string;
  dryRun: boolean;
  write?: (batch: Submission[]) => Promise<SubmissionResult[]>;
}

/** Reads a logger file and records its summary as one temperature_log (unless a dry run). */
export async function importTemperatures(bytes: Uint8Array, job: TemperatureImport): Promise<ImportReport> {
  const report = emptyReport(job.file, 'temperatures', job.dryRun);
  const offsetMin = offsetMinutes(job.utcOffset);
  const parsed = parseFile(bytes, job.format);
  report.stages.parse = {
    format: parsed.format,
    ...(parsed.encoding ? { encoding: parsed.encoding } : {}),
    sheets: parsed.sheets.map((s) => ({ name: s.name, rows: s.rows.length })),
  };
  // The sheet with the most readings.
  const files = parsed.sheets.map((s) => ({ name: s.name, file: readLoggerRows(s.rows, offsetMin) }));
  const best = files.reduce((a, b) => (b.file.readings.length > a.file.readings.length ? b : a), files[0]!);
  const logger = best.file;
  report.stages.normalise = {
    ...report.stages.normalise,
    sheet: best.name,
    titles: logger.titles,
    headerRows: logger.headerRow >= 0 ? [logger.headerRow + 1] : [],
    columns: logger.columns,
  };
  report.rows = logger.readings.length + logger.problems.filter((p) => p.row > 0).length;
  report.problems = logger.problems;
  report.refused = logger.problems.filter((p) => p.row > 0).length;
  report.accepted = logger.readings.length;
  if (logger.readings.length === 0 && logger.problems.length === 0)
    report.problems.push({ row: 0, field: 'temperature', detail: 'the file holds no readings' });
  report.stages.reconcile = { lines: report.rows, ready: report.problems.length ? 0 : 1 };
  if (report.problems.length) {
    report.accepted = 0;
    report.refused = Math.max(report.refused, 1);
    return report;
  }

  const s = summariseReadings(logger.readings, job.range);
  const body: EventBody = {
    type: 'temperature_log',
    occurredAt: instantAt(s.lastReadingAt, offsetMin),
    ...('shipment' in job.target
      ? { shipment: job.target.shipment }
      : { lot: job.target.lot, item: job.target.item }),
    min: s.min,
    max: s.max,
    outsideMinutes: s.outsideMinutes,
    range: job.range,
    readings: s.readings,
    firstReadingAt: instantAt(s.firstReadingAt, offsetMin),
    lastReadingAt: instantAt(s.lastReadingAt, offsetMin),
    ...(logger.serial ? { logger: logger.serial } : {}),
  };
  // The same readings for the same goods by the same recorder are the same record, however often imported.
  const digest = createHash('sha256');
  for (const r of [...logger.readings].sort((a, b) => a.at - b.at)) digest.update(`${r.at} ${r.celsius}\n`);
  const idempotencyKey = `temperatures:${createHash('sha256')
    .update(JSON.stringify([job.target, job.range, digest.digest('hex')]))
    .digest('hex')
    .slice(0, 32)}`;
  if (job.dryRun || !job.write) return { ...report, stages: { ...report.stages, write: undefined } };
  const [result] = await job.write([{ recordedBy: job.recordedBy, body, idempotencyKey }]);
  report.stages.write = { batches: 1 };
  if (!result!.ok) {
    report.accepted = 0;
    report.refused = report.rows;
    report.problems.push({
      row: 0,
      field: result!.problem.fields[0]?.path ?? 'event',
      detail: result!.problem.detail,
    });
  } else if (result!.replay) report.alreadyImported = report.accepted;
  else report.created.events = 1;
  return report;
}
