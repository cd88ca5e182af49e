/**
 * One gift's public story: what it was, where every unit of it is now (parts that add up to
 * the gift), the trail it took, what it paid for, and its corrections. The same component
 * renders a pre-built gift page at build time and a live answer in the gift lookup.
 */
import type { ReactNode } from 'react';
import { splitLargestRemainder } from '../../api/domain/amounts.ts';
import { giftPlaces, placeClass, placeClasses, type PlaceClass } from '../charts/gift-map-state.ts';
import { partsModel, shareLabel } from '../charts/parts-state.ts';
import { donorNode, fateStates, stateNode, trailLayout, type FateState } from '../charts/trail-state.ts';
import { formatDate } from '../lib/format.ts';
import { giftAmount, giftAsset, partAmount, viewAsset, type GiftAnswer } from '../lib/gift-types.ts';
import type { MapGeometry } from '../lib/geo.ts';
import type { Locale } from '../lib/i18n.ts';
import type { Namer } from '../lib/names.ts';
import type { StringKey, T } from '../lib/strings.ts';
import { cell, type Table } from '../lib/table.ts';
import { DataTable } from './DataTable.tsx';
import { GiftCustody } from './GiftCustody.tsx';
import { GiftMapView } from './GiftMapView.tsx';
import { PartsBar } from './PartsBar.tsx';
import { TrailGraph } from './TrailGraph.tsx';

interface Props {
  answer: GiftAnswer;
  namer: Namer;
  t: T;
  locale: Locale;
  /** The verification panel, placed after the facts. */
  verify?: ReactNode;
  /** Level of the section headings: 2 on a gift page, 3 under the lookup's heading. */
  level?: 2 | 3;
  /** Province outlines for the map of where the gift went; without them only its table shows. */
  map?: MapGeometry;
}

/** Holders named one by one in the summary; the rest are counted together. */
const holdersShown = 8;
/** Rows of a detail table shown before the rest are folded away. */
const rowsShown = 10;

export function GiftView({ answer, namer, t, locale, verify, level = 2, map }: Props) {
  const H = level === 2 ? 'h2' : 'h3';
  const Sub = level === 2 ? 'h3' : 'h4';
  const asset = giftAsset(answer);
  const total = giftAmount(answer);
  const code = answer.receiptCode;
  const orgs = new Map(answer.trail.nodes.map((n) => [n.id, n]));
  const orgName = (id: string | null) => {
    if (id === null) return donorLabel(answer, t, namer);
    // One registered anonymous is named by neither id nor name: only by its kind.
    if (id.startsWith('anonymous:'))
      return t('anonymous.party', { kind: t(`kind.${id.slice(10)}` as StringKey) });
    return namer.organization(id, orgs.get(id)?.name ?? id);
  };
  const kind = (k: string) => t(`kind.${k}` as StringKey);
  const csv = (table: Table, suffix: string) => ({
    csvName: `aidtrail-${code}-${suffix}.csv`,
    csvLabel: t('common.csvLabel', { action: t('common.csv'), title: table.title }),
    csvText: t('common.csv'),
  });

  // ---- fate ----
  const fate = answer.fate.map((p) => ({ ...p, n: partAmount(p) }));
  const byState = fateStates.map((s) => ({
    key: s,
    value: fate.filter((p) => p.state === s).reduce((a, p) => a + p.n, 0),
  }));
  const parts = partsModel(byState, 600);
  const partLabel = Object.fromEntries(fateStates.map((s) => [s, t(`state.${s}`)]));
  const partValue = Object.fromEntries(byState.map((s) => [s.key, namer.amountShort(asset, s.value)]));
  const shares = fate.length
    ? splitLargestRemainder(
        1000,
        fate.map((p) => p.n),
      )
    : [];
  const detail = (p: GiftAnswer['fate'][number]) =>
    [
      p.state === 'used' && p.disease ? namer.disease(p.disease) : '',
      p.reason ? reasonLabel(p.reason, t) : '',
      p.breach ? t('gift.fate.breach') : '',
    ]
      .filter(Boolean)
      .join('; ');
  const fateTable: Table = {
    title: t('gift.fate.title'),
    columns: [
      { id: 'holder', label: t('gift.fate.holder') },
      { id: 'state', label: t('gift.fate.state'), key: true },
      { id: 'now_asset', label: t('gift.fate.now') },
      { id: 'amount', label: t('gift.fate.amount'), numeric: true, key: true },
      { id: 'share_permille', label: t('gift.fate.share'), numeric: true, key: true },
      { id: 'detail', label: t('gift.fate.detail') },
    ],
    rows: fate.map((p, i) => [
      cell(orgName(p.holder), p.holder),
      cell(t(`state.${p.state}`), p.state),
      cell(namer.asset(viewAsset(p.asset)), viewAsset(p.asset)),
      cell(namer.amount(asset, p.n), p.n),
      cell(shareLabel(shares[i] ?? 0, p.n, total), shares[i] ?? 0),
      cell(detail(p)),
    ]),
    footer: [
      t('common.total'),
      '',
      '',
      namer.amount(
        asset,
        fate.reduce((a, p) => a + p.n, 0),
      ),
      fate.length ? '100.0%' : '',
      '',
    ],
    csvExtra: {
      ids: ['gift_asset', 'disease', 'reason', 'breach'],
      rows: fate.map((p) => [asset, p.disease, p.reason, p.breach]),
    },
  };

  // ---- in short: by holder ----
  const byHolder = new Map<string, { n: number; states: Map<string, number> }>();
  for (const p of fate) {
    const h = byHolder.get(p.holder) ?? { n: 0, states: new Map<string, number>() };
    h.n += p.n;
    h.states.set(p.state, (h.states.get(p.state) ?? 0) + p.n);
    byHolder.set(p.holder, h);
  }
  const holders = [...byHolder.entries()].sort((a, b) => b[1].n - a[1].n || a[0].localeCompare(b[0]));
  const topHolders = holders.slice(0, holdersShown);
  const restHolders = holders.slice(holdersShown);
  const holderShares = holders.length
    ? splitLargestRemainder(
        1000,
        holders.map(([, h]) => h.n),
      )
    : [];
  const statesText = (states: Map<string, number>) =>
    fateStates
      .filter((s) => states.has(s))
      .map((s) => `${t(`state.${s}`)} ${namer.amountShort(asset, states.get(s)!)}`)
      .join(locale === 'zh-CN' ? '；' : '; ');
  const restStates = new Map<string, number>();
  for (const [, h] of restHolders)
    for (const [s, n] of h.states) restStates.set(s, (restStates.get(s) ?? 0) + n);
  const restAmount = restHolders.reduce((a, [, h]) => a + h.n, 0);
  const holdersTable: Table = {
    title: t('gift.summary.holdersTitle'),
    columns: [
      { id: 'holder', label: t('gift.fate.holder') },
      { id: 'amount', label: t('gift.fate.amount'), numeric: true, key: true },
      { id: 'share_permille', label: t('gift.fate.share'), numeric: true, key: true },
      { id: 'states', label: t('gift.summary.states') },
    ],
    rows: [
      ...topHolders.map(([id, h], i) => [
        cell(orgName(id), id),
        cell(namer.amount(asset, h.n), h.n),
        cell(shareLabel(holderShares[i] ?? 0, h.n, total), holderShares[i] ?? 0),
        cell(statesText(h.states)),
      ]),
      ...(restHolders.length
        ? [
            [
              cell(t('gift.summary.others', { n: restHolders.length }), 'others'),
              cell(namer.amount(asset, restAmount), restAmount),
              cell(
                shareLabel(
                  holderShares.slice(holdersShown).reduce((a, b) => a + b, 0),
                  restAmount,
                  total,
                ),
                holderShares.slice(holdersShown).reduce((a, b) => a + b, 0),
              ),
              cell(statesText(restStates)),
            ],
          ]
        : []),
    ],
    footer: [t('common.total'), namer.amount(asset, total), fate.length ? '100.0%' : '', ''],
  };

  // ---- places ----
  const places = giftPlaces(
    { fate: fate.map((p) => ({ holder: p.holder, amount: p.n })), nodes: answer.trail.nodes },
    (region) => (region ? namer.province(region) : ''),
  );
  const sep = locale === 'zh-CN' ? '、' : ', ';
  const placeName = (code: string) => (code ? namer.region(code) : t('gift.map.unknownRegion'));
  const placeCls: Record<string, PlaceClass> = {};
  const placeLabel: Record<string, string> = {};
  const placeNames: Record<string, string> = {};
  for (const r of places) {
    if (!r.province) continue;
    placeCls[r.province] = placeClass(r);
    placeNames[r.province] = placeName(r.province);
    placeLabel[r.province] =
      r.amount > 0
        ? t('gift.map.label', {
            name: placeName(r.province),
            amount: namer.amountShort(asset, r.amount),
            share: shareLabel(r.permille, r.amount, total),
          })
        : t('gift.map.labelPassed', { name: placeName(r.province) });
  }
  const placesTable: Table = {
    title: t('gift.map.tableTitle'),
    columns: [
      { id: 'province', label: t('gift.map.province') },
      { id: 'amount', label: t('gift.fate.amount'), numeric: true, key: true },
      { id: 'share_permille', label: t('gift.fate.share'), numeric: true, key: true },
      { id: 'holders', label: t('gift.map.holders') },
    ],
    rows: places.map((r) => [
      cell(placeName(r.province), r.province),
      cell(namer.amount(asset, r.amount), r.amount),
      cell(r.amount > 0 ? shareLabel(r.permille, r.amount, total) : '—', r.permille),
      cell(
        [
          r.holders.map(orgName).join(sep),
          r.passedHolders.length
            ? t('gift.map.passedList', { list: r.passedHolders.map(orgName).join(sep) })
            : '',
        ]
          .filter(Boolean)
          .join(locale === 'zh-CN' ? '；' : '; '),
        r.holders.join(';'),
      ),
    ]),
    csvExtra: {
      ids: ['passed_through', 'gift_asset', 'map_class'],
      rows: places.map((r) => [r.passedHolders.join(';'), asset, placeClass(r)]),
    },
  };
  const reachedPlaces = places.filter((r) => r.amount > 0);
  const passedPlaces = places.filter((r) => r.amount === 0 && r.province);
  const mapDesc = t('gift.map.desc', {
    n: reachedPlaces.length,
    list: reachedPlaces
      .map((r) => `${placeName(r.province)} ${shareLabel(r.permille, r.amount, total)}`)
      .join(sep),
    passed: passedPlaces.length
      ? passedPlaces.map((r) => placeName(r.province)).join(sep)
      : t('gift.map.passedNone'),
  });
  const legend: Array<[PlaceClass, string]> = [
    ...placeClasses.map((c) => [c, t(`gift.map.legend.${c}`)] as [PlaceClass, string]),
    ['passed', t('gift.map.legend.passed')],
    ['none', t('gift.map.legend.none')],
  ];

  // ---- trail ----
  const layout = trailLayout(
    {
      edges: answer.trail.edges,
      fate: fate.map((p) => ({ state: p.state as FateState, holder: p.holder, amount: p.n })),
    },
    { minWidth: 640, columnWidth: 190, labelRoom: 170 },
  );
  const nodeLabel: Record<string, string> = { [donorNode]: donorLabel(answer, t, namer) };
  for (const n of answer.trail.nodes) nodeLabel[n.id] = orgName(n.id);
  for (const s of fateStates) nodeLabel[stateNode(s)] = t(`state.${s}`);
  const nodeValue: Record<string, string> = {};
  for (const n of layout.nodes) nodeValue[n.id] = namer.amountShort(asset, n.value);
  for (const l of layout.links) nodeValue[`${l.source}>${l.target}`] = namer.amountShort(asset, l.value);
  const movement = (e: GiftAnswer['trail']['edges'][number]) =>
    e.kind === 'purchased'
      ? t('flow.purchased', { item: namer.asset(e.asset) })
      : t(`flow.${e.kind}` as StringKey);
  const hopsTable: Table = {
    title: t('gift.hops.title'),
    columns: [
      { id: 'step', label: t('gift.hops.step'), numeric: true },
      { id: 'from', label: t('gift.hops.from'), key: true },
      { id: 'to', label: t('gift.hops.to'), key: true },
      { id: 'movement', label: t('gift.hops.kind') },
      { id: 'amount', label: t('gift.hops.amount'), numeric: true, key: true },
    ],
    rows: answer.trail.edges.map((e, i) => [
      cell(String(i + 1), i + 1),
      cell(orgName(e.from), e.from ?? ''),
      cell(orgName(e.to), e.to),
      cell(movement(e) + (e.breach ? ` (${t('gift.hops.breach')})` : ''), e.kind),
      cell(namer.amount(asset, e.amount), e.amount),
    ]),
    csvExtra: { ids: ['now_asset', 'breach'], rows: answer.trail.edges.map((e) => [e.asset, e.breach]) },
  };
  const graphDesc = t('gift.trail.desc', {
    list: layout.links
      .map((l) => `${nodeLabel[l.source]} → ${nodeLabel[l.target]} ${nodeValue[`${l.source}>${l.target}`]}`)
      .join(locale === 'zh-CN' ? '；' : '; '),
  });

  // ---- uses and corrections ----
  const usesTable: Table = {
    title: t('gift.uses.title'),
    columns: [
      { id: 'holder', label: t('gift.uses.holder') },
      { id: 'disease', label: t('gift.uses.disease') },
      { id: 'amount', label: t('gift.uses.amount'), numeric: true, key: true },
      { id: 'beneficiaries', label: t('gift.uses.beneficiaries'), numeric: true, key: true },
    ],
    rows: answer.uses.map((u) => [
      cell(orgName(u.holder), u.holder),
      cell(u.disease ? namer.disease(u.disease) : '', u.disease),
      cell(namer.amount(asset, u.amount), u.amount),
      cell(u.beneficiaries),
    ]),
    csvExtra: { ids: ['event'], rows: answer.uses.map((u) => [u.event]) },
  };
  const restriction = answer.restriction
    ? Object.entries(answer.restriction)
        .map(([k, v]) =>
          t(`gift.restriction.${k}` as StringKey, {
            name: k === 'region' ? namer.regionPath(v) : k === 'disease' ? namer.disease(v) : v,
          }),
        )
        .join(locale === 'zh-CN' ? '；' : '; ')
    : t('gift.noRestriction');

  return (
    <div className="gift">
      <dl className="facts">
        <dt>{t('gift.amount')}</dt>
        <dd>
          <strong>{namer.amount(asset, total)}</strong>{' '}
          {asset.startsWith('goods:') ? `(${namer.asset(asset)})` : ''}
        </dd>
        <dt>{t('gift.donor')}</dt>
        <dd>
          {'anonymous' in answer.donor
            ? donorLabel(answer, t, namer)
            : `${namer.organization(answer.donor.id, answer.donor.name)} (${kind(answer.donor.kind)})${answer.donorConfirmed ? '' : ` — ${t('gift.donorUnconfirmed')}`}`}
        </dd>
        <dt>{t('gift.recipient')}</dt>
        <dd>
          {namer.organization(answer.recipient.id, answer.recipient.name)} ({kind(answer.recipient.kind)},{' '}
          {namer.regionPath(answer.recipient.region)})
        </dd>
        <dt>{t('gift.date')}</dt>
        <dd>{formatDate(answer.occurredAt, locale)}</dd>
        <dt>{t('gift.restriction')}</dt>
        <dd>{restriction}</dd>
      </dl>
      {answer.status === 'reversed' && <p className="status">{t('gift.reversed')}</p>}
      {answer.kind === 'pledge' && <p className="status">{t('gift.pledge')}</p>}
      {verify}

      {fate.length > 0 && (
        <section aria-labelledby={`fate-h`}>
          <H id="fate-h">{t('gift.fate.title')}</H>
          <p className="note">{t('gift.summary.caption', { total: namer.amount(asset, total) })}</p>
          <PartsBar model={parts} width={600} label={partLabel} value={partValue} />
          <DataTable table={holdersTable} {...csv(holdersTable, 'holders')} />
        </section>
      )}

      {places.length > 0 && (
        <section aria-labelledby="places-h" className="gift-places">
          <H id="places-h">{t('gift.map.title')}</H>
          <p className="note">{t(map ? 'gift.map.caption' : 'gift.map.captionTable')}</p>
          {map && (
            <figure className="chart map-wrap gift-map-figure" id="gift-map">
              <GiftMapView
                id="gift-map-svg"
                geometry={map}
                cls={placeCls}
                label={placeLabel}
                names={placeNames}
                title={t('gift.map.title')}
                desc={mapDesc}
                insetLabel={t('gift.map.inset')}
              />
              <figcaption className="cov-legend">
                <ul>
                  {legend.map(([c, text]) => (
                    <li key={c}>
                      <span className={`swatch place-swatch-${c}`} aria-hidden="true" />
                      {text}
                    </li>
                  ))}
                </ul>
              </figcaption>
            </figure>
          )}
          <DataTable table={placesTable} {...csv(placesTable, 'places')} />
        </section>
      )}

      {fate.length > 0 && (
        <section aria-labelledby="parts-h">
          <H id="parts-h">{t('gift.summary.partsTitle')}</H>
          <p className="note">{t('gift.fate.caption', { total: namer.amount(asset, total) })}</p>
          <DataTable
            table={fateTable}
            {...csv(fateTable, 'fate')}
            shown={rowsShown}
            moreText={t('common.allRows', { n: fate.length })}
          />
        </section>
      )}

      {answer.trail.edges.length > 0 && (
        <section aria-labelledby="trail-h">
          <H id="trail-h">{t('gift.trail.title')}</H>
          <p className="note">{t('gift.trail.caption')}</p>
          <div
            className="scroll"
            tabIndex={0}
            role="region"
            aria-label={t('common.scroll', { title: t('gift.trail.title') })}
          >
            <TrailGraph
              id="trail-svg"
              layout={layout}
              label={nodeLabel}
              value={nodeValue}
              title={t('gift.trail.title')}
              desc={graphDesc}
            />
          </div>
          <p className="scroll-hint">{t('common.scrollHint')}</p>
          {layout.notDrawn.length > 0 && (
            <p className="note">{t('gift.trail.notDrawn', { n: layout.notDrawn.length })}</p>
          )}
          <Sub>{t('gift.hops.title')}</Sub>
          <p className="note">{t('gift.hops.caption')}</p>
          <DataTable
            table={hopsTable}
            {...csv(hopsTable, 'hops')}
            shown={rowsShown}
            moreText={t('common.allRows', { n: answer.trail.edges.length })}
          />
        </section>
      )}

      {answer.uses.length > 0 && (
        <section aria-labelledby="uses-h">
          <H id="uses-h">{t('gift.uses.title')}</H>
          <DataTable
            table={usesTable}
            {...csv(usesTable, 'uses')}
            shown={rowsShown}
            moreText={t('common.allRows', { n: answer.uses.length })}
          />
        </section>
      )}

      <GiftCustody custody={answer.custody ?? []} t={t} locale={locale} heading={H} namer={namer} />

      <section aria-labelledby="corrections-h">
        <H id="corrections-h">{t('gift.corrections.title')}</H>
        {answer.corrections.length === 0 ? (
          <p>{t('gift.corrections.none')}</p>
        ) : (
          <ul>
            {answer.corrections.map((c) => (
              <li key={c.event}>
                <strong>{c.event}</strong>, {formatDate(c.occurredAt, locale)}: {c.reason}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function donorLabel(answer: GiftAnswer, t: T, namer: Namer): string {
  const d = answer.donor;
  return 'anonymous' in d
    ? t('anonymous.donor', { kind: t(`kind.${d.kind}` as StringKey) })
    : namer.organization(d.id, d.name);
}

function reasonLabel(reason: string, t: T): string {
  const key = `reason.${reason}`;
  return t.has(key) ? t(key) : reason;
}
