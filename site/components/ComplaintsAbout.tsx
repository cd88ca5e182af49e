/**
 * The complaints about one gift, event or need that their complainants do not call resolved,
 * with how each stands, and the way to complain about it: on gift pages, built or rendered on
 * request, from the same complaints answer.
 */
import type { ComplaintRow } from '../../api/contract/complaint.ts';
import { standingText } from '../lib/complaints-view.ts';
import type { Locale } from '../lib/i18n.ts';
import type { StringKey, T } from '../lib/strings.ts';

interface Props {
  t: T;
  locale: Locale;
  rows: readonly ComplaintRow[];
  /** The complaint form, about this. */
  formHref: string;
  listHref: string;
}

export function ComplaintsAbout({ t, locale, rows, formHref, listHref }: Props) {
  return (
    <section className="complaints-about" aria-labelledby="complaints-about-h">
      <h2 id="complaints-about-h">{t('complaints.aboutThis.title')}</h2>
      {rows.length === 0 ? (
        <p>{t('complaints.aboutThis.none')}</p>
      ) : (
        <ul>
          {rows.map((r) => (
            <li key={r.id}>
              <strong>{t(`complaints.category.${r.category}` as StringKey)}</strong>
              {': '}
              {r.summary ?? t('complaints.hidden', { reason: r.hidden?.reason ?? '' })} —{' '}
              {standingText(r, t, locale)}
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href={formHref}>{t('complaints.aboutThis.file')}</a> ·{' '}
        <a href={listHref}>{t('complaints.allLink')}</a>
      </p>
    </section>
  );
}
