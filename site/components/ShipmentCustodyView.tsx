/**
 * A shipment's custody, for the page a custody label's QR code opens: first, in the largest
 * type, whether the goods may be used (quarantined, released after an excursion, stayed cold,
 * or no record); then the goods and their lots, the chain of hands from dispatch to receipt
 * with any gap named, and every temperature record as a table. Rendered on the server; the
 * page needs no script, and says everything in words, never by colour alone.
 */
import type { CustodyParty, ShipmentCustody } from '../../api/contract/custody.ts';
import { formatDate, formatDateTime, formatQuantity } from '../lib/format.ts';
import type { Locale } from '../lib/i18n.ts';
import type { Namer } from '../lib/names.ts';
import type { T } from '../lib/strings.ts';

interface Props {
  answer: ShipmentCustody;
  namer: Namer;
  t: T;
  locale: Locale;
  /** The same record as JSON (the API's address). */
  dataHref: string;
}

type Tone = 'bad' | 'warn' | 'ok' | 'plain';

export function ShipmentCustodyView({ answer: a, namer, t, locale, dataHref }: Props) {
  const party = (p: CustodyParty) =>
    (p.name !== null && p.id !== null ? namer.organization(p.id, p.name) : null) ??
    t('shipment.anonymous', {
      kind: t.has(`kind.${p.kind}`) ? t(`kind.${p.kind}` as 'kind.unknown') : p.kind,
    });
  const qty = (n: number) => formatQuantity(n, namer.unit(a.shipment.item), locale);
  const range = a.coldChain.range;
  const excursions = a.temperatures.filter((x) => x.excursion);
  const worst = excursions.reduce(
    (m, x) => (x.outsideMinutes > (m?.outsideMinutes ?? -1) ? x : m),
    excursions[0],
  );

  const status: Array<{ tone: Tone; title: string; body?: string }> = [];
  if (a.quarantine.state === 'quarantined' && worst)
    status.push({
      tone: 'bad',
      title: t('shipment.status.quarantined'),
      body: t('shipment.status.quarantinedBody', {
        minutes: worst.outsideMinutes,
        low: worst.range[0],
        high: worst.range[1],
        tolerance: worst.toleranceMinutes,
      }),
    });
  else if (a.quarantine.state === 'released')
    status.push({
      tone: 'warn',
      title: t('shipment.status.released'),
      body: t('shipment.status.releasedBody', { reason: a.quarantine.releases.at(-1)?.reason ?? '' }),
    });
  else if (a.temperatures.length > 0 && range)
    status.push({
      tone: 'ok',
      title: t('shipment.status.cold', { low: range[0], high: range[1] }),
      body: t('shipment.status.coldBody'),
    });
  else if (a.coldChain.required)
    status.push({
      tone: 'warn',
      title: t('shipment.status.noRecord'),
      body: t('shipment.status.noRecordBody'),
    });
  else status.push({ tone: 'plain', title: t('shipment.status.notCold') });
  status.push(
    a.chain.continuous
      ? { tone: 'ok', title: t('shipment.status.continuous') }
      : { tone: 'warn', title: t('shipment.status.gap'), body: t('shipment.status.gapBody') },
  );

  // The chain in order, with each gap where it falls.
  const gapBefore = new Map(a.chain.gaps.map((g) => [g.before ?? '', g]));
  const steps: Array<{ key: string; kind: 'step' | 'gap'; text: string; detail?: string }> = [
    {
      key: 'dispatch',
      kind: 'step',
      text: t('shipment.chain.dispatched', { from: party(a.shipment.from) }),
      detail: formatDateTime(a.shipment.shippedAt, locale),
    },
  ];
  const gapStep = (g: ShipmentCustody['chain']['gaps'][number]) => ({
    key: `gap-${g.before}`,
    kind: 'gap' as const,
    text: t('shipment.chain.gap', { from: party(g.from), to: party(g.to) }),
  });
  for (const h of a.handovers) {
    const g = gapBefore.get(h.id);
    if (g) steps.push(gapStep(g));
    steps.push({
      key: h.id,
      kind: 'step',
      text: t('shipment.chain.handover', { from: party(h.from), to: party(h.to) }),
      detail: [formatDateTime(h.at, locale), h.place ? t('shipment.chain.place', { place: h.place }) : '']
        .filter(Boolean)
        .join(' · '),
    });
  }
  const r = a.shipment.receipt;
  if (r) {
    const g = gapBefore.get(r.id);
    if (g) steps.push(gapStep(g));
    steps.push({
      key: r.id,
      kind: 'step',
      text: t('shipment.chain.received', { to: party(a.shipment.to), quantity: qty(r.quantity) }),
      detail: formatDateTime(r.occurredAt, locale),
    });
  } else steps.push({ key: 'waiting', kind: 'step', text: t('shipment.chain.waiting') });

  const yesNo = (b: boolean) => (b ? t('shipment.yes') : t('shipment.no'));
  const c = (n: number) => `${n} °C`;
  return (
    <div className="custody">
      <section className="custody-status" aria-label={t('shipment.state')}>
        {status.map((s) => (
          <div key={s.title} className={`custody-verdict custody-${s.tone}`}>
            <p className="custody-verdict-title">
              <span aria-hidden="true">
                {s.tone === 'bad' ? '⛔ ' : s.tone === 'warn' ? '⚠ ' : s.tone === 'ok' ? '✓ ' : ''}
              </span>
              {s.title}
            </p>
            {s.body && <p>{s.body}</p>}
          </div>
        ))}
      </section>

      <section aria-labelledby="custody-goods">
        <h2 id="custody-goods">{t('shipment.goods')}</h2>
        <dl className="custody-facts">
          <dt>{t('shipment.item')}</dt>
          <dd>{namer.item(a.shipment.item)}</dd>
          <dt>{t('shipment.quantity')}</dt>
          <dd>{qty(a.shipment.quantity)}</dd>
          {range && (
            <>
              <dt>{t('shipment.range')}</dt>
              <dd>
                {t('shipment.rangeValue', {
                  low: range[0],
                  high: range[1],
                  tolerance: a.coldChain.toleranceMinutes ?? 0,
                })}
              </dd>
            </>
          )}
          <dt>{t('shipment.from')}</dt>
          <dd>{party(a.shipment.from)}</dd>
          <dt>{t('shipment.to')}</dt>
          <dd>{party(a.shipment.to)}</dd>
          <dt>{t('shipment.state')}</dt>
          <dd>{t(`shipment.state.${a.shipment.state}`)}</dd>
        </dl>
        <h3>{t('shipment.lots')}</h3>
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('shipment.lots')}>
          <table className="custody-table">
            <thead>
              <tr>
                <th scope="col">{t('shipment.lot')}</th>
                <th scope="col">{t('shipment.expires')}</th>
                <th scope="col">{t('shipment.shipped')}</th>
                <th scope="col">{t('shipment.inTransit')}</th>
                <th scope="col">{t('shipment.usable')}</th>
                <th scope="col">{t('shipment.quarantinedNow')}</th>
              </tr>
            </thead>
            <tbody>
              {a.lots.map((l) => (
                <tr key={l.lot}>
                  <th scope="row">{l.lot || t('shipment.lotNone')}</th>
                  <td>{l.expiresOn ? formatDate(`${l.expiresOn}T12:00:00+08:00`, locale) : '—'}</td>
                  <td>{qty(l.shipped)}</td>
                  <td>{qty(l.inTransit)}</td>
                  <td>{qty(l.held)}</td>
                  <td className={l.quarantined > 0 ? 'custody-bad-text' : undefined}>{qty(l.quarantined)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="note">{t('shipment.lotsNote', { holder: party(a.shipment.to) })}</p>
      </section>

      <section aria-labelledby="custody-chain">
        <h2 id="custody-chain">{t('shipment.chain')}</h2>
        <ol className="custody-chain">
          {steps.map((s) => (
            <li key={s.key} className={s.kind === 'gap' ? 'custody-gap' : undefined}>
              <strong>
                {s.kind === 'gap' && <span aria-hidden="true">⚠ </span>}
                {s.text}
              </strong>
              {s.detail && <span className="custody-when">{s.detail}</span>}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="custody-temperatures">
        <h2 id="custody-temperatures">{t('shipment.temperatures')}</h2>
        {a.temperatures.length === 0 ? (
          <p>{t('shipment.temp.none')}</p>
        ) : (
          <div className="table-wrap" tabIndex={0} role="region" aria-label={t('shipment.temperatures')}>
            <table className="custody-table">
              <thead>
                <tr>
                  <th scope="col">{t('shipment.temp.time')}</th>
                  <th scope="col">{t('shipment.temp.min')}</th>
                  <th scope="col">{t('shipment.temp.max')}</th>
                  <th scope="col">{t('shipment.temp.outside')}</th>
                  <th scope="col">{t('shipment.temp.range')}</th>
                  <th scope="col">{t('shipment.temp.readings')}</th>
                  <th scope="col">{t('shipment.temp.logger')}</th>
                  <th scope="col">{t('shipment.temp.excursion')}</th>
                </tr>
              </thead>
              <tbody>
                {a.temperatures.map((x) => (
                  <tr key={x.id}>
                    <th scope="row">{formatDateTime(x.occurredAt, locale)}</th>
                    <td>{c(x.min)}</td>
                    <td>{c(x.max)}</td>
                    <td>{x.outsideMinutes}</td>
                    <td>
                      {x.range[0]}～{x.range[1]} °C
                    </td>
                    <td>{x.readings ?? '—'}</td>
                    <td>{x.logger ?? '—'}</td>
                    <td className={x.excursion ? 'custody-bad-text' : undefined}>{yesNo(x.excursion)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {a.quarantine.releases.length > 0 && (
        <section aria-labelledby="custody-releases">
          <h2 id="custody-releases">{t('shipment.releases')}</h2>
          <ul>
            {a.quarantine.releases.map((x) => (
              <li key={x.id}>
                {t('shipment.release', {
                  holder: party(a.shipment.to),
                  quantity: qty(x.quantity),
                  lot: x.lot,
                  date: formatDate(x.occurredAt, locale),
                  reason: x.reason,
                })}
              </li>
            ))}
          </ul>
        </section>
      )}

      {a.uses.length > 0 && (
        <section aria-labelledby="custody-uses">
          <h2 id="custody-uses">{t('shipment.uses')}</h2>
          <ul>
            {a.uses.map((u) => (
              <li key={`${u.event}-${u.lot}`}>
                {t('shipment.use', {
                  holder: party(u.holder),
                  quantity: qty(u.quantity),
                  lot: u.lot,
                  event: u.event,
                  excursion: u.excursion,
                })}
              </li>
            ))}
          </ul>
        </section>
      )}

      <p className="note">
        {t('shipment.asOf', { size: a.asOf.treeSize })} <a href={dataHref}>{t('shipment.data')}</a>
      </p>
    </div>
  );
}
