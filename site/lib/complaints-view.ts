/**
 * How complaints read on a page: the phrase for how one stands, what it is about, the list as a
 * table (with the rest of its fields in the CSV) and the headline counts. No reads here, so the
 * built pages and the pages rendered on request say it the same way.
 */
import type { ComplaintCounts, ComplaintRow } from '../../api/contract/complaint.ts';
import { answerWorkingDays } from '../../api/domain/complaints.ts';
import { formatDate, formatInteger } from './format.ts';
import { localePath, translator, type Locale } from './i18n.ts';
import type { StringKey, T } from './strings.ts';
import { cell, linkCell, type Cell, type Table } from './table.ts';

/** Where the complaint form is, about something or not. */
export const complaintFormPath = (locale: Locale, about?: string) =>
  localePath(locale, `/complaints/new/${about ? `?about=${encodeURIComponent(about)}` : ''}`);

/** How a complaint stands, in one phrase: answered in N working days, overdue, waiting. */
export function standingText(r: ComplaintRow, t: T, locale: Locale): string {
  const n = (v: number) => formatInteger(v, locale);
  if (r.answerWorkingDays !== null) {
    const answered = t(r.answeredLate ? 'complaints.answeredLate' : 'complaints.answeredIn', {
      days: n(r.answerWorkingDays),
    });
    if (!r.complainantSays) return answered;
    return t('complaints.answeredSays', {
      answered,
      says: t(`complaints.says.${r.complainantSays}` as StringKey),
    });
  }
  return r.overdue
    ? t('complaints.overdue', { days: n(r.workingDaysOpen ?? 0), limit: n(answerWorkingDays) })
    : t('complaints.waiting', {
        days: n(r.workingDaysOpen ?? 0),
        due: formatDate(`${r.dueOn}T12:00:00+08:00`, locale),
      });
}

/** What a complaint is about, with a link where the site has a page for it. */
function aboutCell(r: ComplaintRow, t: T, locale: Locale): Cell {
  if (typeof r.about !== 'string')
    return cell(t('anonymous.party', { kind: t(`kind.${r.about.kind}` as StringKey) }), null);
  if (r.aboutKind === 'organization')
    return linkCell(r.organizationName ?? r.about, r.about, localePath(locale, `/organizations/${r.about}/`));
  return cell(
    t(r.aboutKind === 'need' ? 'complaints.aboutNeed' : 'complaints.aboutEvent', { id: r.about }),
    r.about,
  );
}

const summaryText = (r: ComplaintRow, t: T) =>
  r.summary ?? t('complaints.hidden', { reason: r.hidden?.reason ?? '' });

/** The list of complaints, one row each: phone-first, five columns, the rest in the CSV. */
export function complaintsTable(rows: readonly ComplaintRow[], title: string, locale: Locale): Table {
  const t = translator(locale);
  const org = (r: ComplaintRow) =>
    typeof r.organization === 'string'
      ? linkCell(
          r.organizationName ?? r.organization,
          r.organization,
          localePath(locale, `/organizations/${r.organization}/`),
        )
      : cell(t('anonymous.party', { kind: t(`kind.${r.organization.kind}` as StringKey) }), null);
  return {
    title,
    columns: [
      { id: 'filed_on', label: t('complaints.col.filed') },
      { id: 'about', label: t('complaints.col.about') },
      { id: 'organization', label: t('complaints.col.organization') },
      { id: 'summary', label: t('complaints.col.summary') },
      { id: 'standing', label: t('complaints.col.standing') },
    ],
    rows: rows.map((r) => [
      cell(formatDate(r.filedAt, locale), r.filedAt),
      aboutCell(r, t, locale),
      org(r),
      cell(`${t(`complaints.category.${r.category}` as StringKey)}: ${summaryText(r, t)}`, r.summary),
      cell(standingText(r, t, locale), r.status),
    ]),
    csvExtra: {
      ids: [
        'id',
        'category',
        'hidden_reason',
        'due_on',
        'answer_working_days',
        'answered_late',
        'working_days_open',
        'overdue',
        'latest_answer',
        'complainant_says',
      ],
      rows: rows.map((r) => [
        r.id,
        r.category,
        r.hidden?.reason ?? null,
        r.dueOn,
        r.answerWorkingDays,
        r.answeredLate,
        r.workingDaysOpen,
        r.overdue,
        r.answer?.text ?? null,
        r.complainantSays,
      ]),
    },
  };
}

/** Headline counts, as the stats list of a page shows them. */
export function countStats(c: ComplaintCounts, t: T, locale: Locale) {
  const n = (v: number) => formatInteger(v, locale);
  return [
    { value: n(c.filed), label: t('complaints.stat.filed') },
    { value: n(c.open), label: t('complaints.stat.open') },
    { value: n(c.overdue), label: t('complaints.stat.overdue') },
    { value: n(c.answeredInTime), label: t('complaints.stat.inTime') },
    { value: n(c.answeredLate), label: t('complaints.stat.late') },
    {
      value: c.answerWorkingDaysMedian === null ? '—' : n(c.answerWorkingDaysMedian),
      label: t('complaints.stat.median'),
    },
  ];
}
