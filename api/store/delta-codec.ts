/**
 * A compact text encoding of an event's lot deltas, kept so that a correction can undo the
 * event. Deltas repeat lot attributes and donation keys at length; this encoding lists each
 * distinct attribute set once and writes donation keys (`evt_<seq>`) as their seq.
 *
 * Shape: `{"a":[[holder, asset, lotCode, expiresOn, region, disease, appeal, state, transfer, acquiredSeq,
 *                (quarantine, excursion — only when either is set)], …],
 *          "d":[[lotId, amount, attrsIndex, donation, share, donation, share, …], …]}`
 */
import type { LotAttrs, LotDelta } from '../domain/lots.ts';

type AttrRow = [
  string,
  string,
  string,
  string | null,
  string | null,
  string | null,
  string | null,
  string,
  string | null,
  number,
  (string | null)?,
  (string | null)?,
];

const keyOut = (k: string): string | number => (/^evt_\d+$/.test(k) ? Number(k.slice(4)) : k);
const keyIn = (k: string | number): string => (typeof k === 'number' ? `evt_${k}` : k);

export function encodeDeltas(deltas: readonly LotDelta[]): string {
  const attrs: AttrRow[] = [];
  const index = new Map<string, number>();
  const d = deltas.map((x) => {
    const a = x.attrs;
    const row: AttrRow = [
      a.holder,
      a.asset,
      a.lotCode,
      a.expiresOn,
      a.restriction?.region ?? null,
      a.restriction?.disease ?? null,
      a.restriction?.appeal ?? null,
      a.state,
      a.transfer,
      a.acquiredSeq,
    ];
    if (a.quarantine || a.excursion) row.push(a.quarantine ?? null, a.excursion ?? null);
    const key = JSON.stringify(row);
    let i = index.get(key);
    if (i === undefined) {
      i = attrs.push(row) - 1;
      index.set(key, i);
    }
    return [x.lotId, x.amount, i, ...x.shares.flatMap(([k, v]) => [keyOut(k), v])];
  });
  return JSON.stringify({ a: attrs, d });
}

export function decodeDeltas(text: string): LotDelta[] {
  const { a, d } = JSON.parse(text) as { a: AttrRow[]; d: Array<Array<string | number>> };
  const attrs: LotAttrs[] = a.map(
    ([
      holder,
      asset,
      lotCode,
      expiresOn,
      region,
      disease,
      appeal,
      state,
      transfer,
      acquiredSeq,
      quarantine,
      excursion,
    ]) => ({
      holder,
      asset,
      lotCode,
      expiresOn,
      restriction:
        region === null && disease === null && appeal === null
          ? null
          : {
              ...(region === null ? {} : { region }),
              ...(disease === null ? {} : { disease }),
              ...(appeal === null ? {} : { appeal }),
            },
      state: state as LotAttrs['state'],
      transfer,
      acquiredSeq,
      ...(quarantine ? { quarantine } : {}),
      ...(excursion ? { excursion } : {}),
    }),
  );
  return d.map(([lotId, amount, i, ...flat]) => {
    const shares: Array<[string, number]> = [];
    for (let j = 0; j < flat.length; j += 2) shares.push([keyIn(flat[j]!), flat[j + 1] as number]);
    return { lotId: lotId as number, amount: amount as number, attrs: attrs[i as number]!, shares };
  });
}
