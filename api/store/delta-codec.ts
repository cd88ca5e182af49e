/**
 * A compact text encoding of an event's lot deltas, kept so that a correction can undo the
 * event. Deltas repeat lot attributes and donation keys at length; this encoding lists each
 * distinct attribute set once, writes donation keys (`evt_<seq>`) as their seq, and a lot's
 * only share, when it is the whole delta, as its key alone. It is plain text rather than
 * JSON: JSON's punctuation, nulls and repeated names were over a third of its bytes.
 *
 * Shape: `attrs|deltas`, each a list of rows separated by `;`, fields by `,`:
 *   attrs row:  holder,asset,state,acquiredSeq,lotCode,expiresOn,transfer,region,disease,appeal,
 *               quarantine,excursion (trailing empty fields left out; an empty field of a nullable
 *               attribute is null; `=` repeats the field of the row above)
 *   deltas row: lotId,amount,attrsIndex,donation,share,donation,share,…, or
 *               lotId,amount,attrsIndex,donation when that donation's share is the whole amount.
 * A text field made only of `A-Z a-z 0-9 _ . : / + -` is written as it is; any other (or an
 * empty string where null is possible) as a JSON string. A donation key that is no event id is
 * always a JSON string. No deltas at all is the empty text.
 */
import type { LotAttrs, LotDelta } from '../domain/lots.ts';

const plain = /^[A-Za-z0-9_.:/+-]*$/;
const eventKey = /^evt_[0-9]+$/;

/** A text field: as it is when plain, else quoted; `nullable` fields write null as nothing. */
const text = (v: string | null | undefined, nullable: boolean): string => {
  if (v === null || v === undefined) return '';
  return plain.test(v) && (v !== '' || !nullable) ? v : JSON.stringify(v);
};

const keyOut = (k: string): string => (eventKey.test(k) ? k.slice(4) : JSON.stringify(k));

export function encodeDeltas(deltas: readonly LotDelta[]): string {
  if (deltas.length === 0) return '';
  const attrs: string[][] = [];
  const index = new Map<string, number>();
  const rows = deltas.map((x) => {
    const a = x.attrs;
    const row = [
      text(a.holder, false),
      text(a.asset, false),
      text(a.state, false),
      String(a.acquiredSeq),
      text(a.lotCode, false),
      text(a.expiresOn, true),
      text(a.transfer, true),
      text(a.restriction?.region, true),
      text(a.restriction?.disease, true),
      text(a.restriction?.appeal, true),
      text(a.quarantine || null, true),
      text(a.excursion || null, true),
    ];
    while (row.at(-1) === '') row.pop();
    const line = row.join(',');
    let i = index.get(line);
    if (i === undefined) {
      i = attrs.push(row) - 1;
      index.set(line, i);
    }
    const head = [x.lotId, x.amount, i].join(',');
    const [only] = x.shares;
    if (x.shares.length === 1 && only![1] === x.amount) return `${head},${keyOut(only![0])}`;
    return [head, ...x.shares.map(([k, v]) => `${keyOut(k)},${v}`)].join(',');
  });
  // A field longer than one character that repeats the row above it reads `=`.
  const lines = attrs.map((row, r) =>
    row.map((f, i) => (r > 0 && f.length > 1 && attrs[r - 1]![i] === f ? '=' : f)).join(','),
  );
  return `${lines.join(';')}|${rows.join(';')}`;
}

/**
 * Splits the text into sections, rows and fields. A field is its text, or null when empty and
 * unquoted; a quoted field is the string it quotes, marked by a leading `"` (which no unquoted
 * field has).
 */
function fieldsOf(t: string): Array<Array<Array<string | null>>> {
  const raw = (f: string) => (f === '' ? null : f);
  if (!t.includes('"')) return t.split('|').map((s) => s.split(';').map((r) => r.split(',').map(raw)));
  const sections: Array<Array<Array<string | null>>> = [[[]]];
  let field: string | null = '';
  const endField = () => {
    sections
      .at(-1)!
      .at(-1)!
      .push(field === null ? null : raw(field));
    field = '';
  };
  for (let i = 0; i < t.length; i++) {
    const c = t[i]!;
    if (c === '"') {
      let j = i + 1;
      while (t[j] !== '"') j += t[j] === '\\' ? 2 : 1;
      field = `"${JSON.parse(t.slice(i, j + 1)) as string}`;
      i = j;
    } else if (c === ',') endField();
    else if (c === ';') {
      endField();
      sections.at(-1)!.push([]);
    } else if (c === '|') {
      endField();
      sections.push([[]]);
    } else field += c;
  }
  endField();
  return sections;
}

const unquoted = (f: string | null) => (f?.startsWith('"') ? f.slice(1) : f);
const keyIn = (f: string | null) => (f!.startsWith('"') ? f!.slice(1) : `evt_${f}`);

export function decodeDeltas(t: string): LotDelta[] {
  if (t === '') return [];
  if (t.startsWith('{')) return decodeJsonDeltas(t);
  const [attrRows, deltaRows] = fieldsOf(t) as [Array<Array<string | null>>, Array<Array<string | null>>];
  attrRows.forEach((f, r) => f.forEach((v, i) => v === '=' && (f[i] = attrRows[r - 1]![i]!)));
  const attrs: LotAttrs[] = attrRows.map((f) => {
    const at = (i: number) => unquoted(f[i] ?? null);
    const [region, disease, appeal, quarantine, excursion] = [at(7), at(8), at(9), at(10), at(11)];
    return {
      holder: at(0) ?? '',
      asset: at(1) ?? '',
      lotCode: at(4) ?? '',
      expiresOn: at(5),
      restriction:
        region === null && disease === null && appeal === null
          ? null
          : {
              ...(region === null ? {} : { region }),
              ...(disease === null ? {} : { disease }),
              ...(appeal === null ? {} : { appeal }),
            },
      state: (at(2) ?? '') as LotAttrs['state'],
      transfer: at(6),
      acquiredSeq: Number(at(3)),
      ...(quarantine ? { quarantine } : {}),
      ...(excursion ? { excursion } : {}),
    };
  });
  return deltaRows.map(([lotId, amount, i, ...flat]) => {
    const shares: Array<[string, number]> = flat.length === 1 ? [[keyIn(flat[0]!), Number(amount)]] : [];
    for (let j = 0; flat.length > 1 && j < flat.length; j += 2)
      shares.push([keyIn(flat[j]!), Number(flat[j + 1])]);
    return { lotId: Number(lotId), amount: Number(amount), attrs: attrs[Number(i)]!, shares };
  });
}

// ---- the earlier JSON encoding, which rows written before migration 0017 still hold ----
// `{"a":[[holder, asset, lotCode, expiresOn, region, disease, appeal, state, transfer,
// acquiredSeq, (quarantine, excursion)], …], "d":[[lotId, amount, attrsIndex, donation, share, …], …]}`
// with donation keys evt_<seq> written as their seq. `aidtrail rebuild` rewrites them.

type JsonAttrRow = [
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

const jsonKeyIn = (k: string | number): string => (typeof k === 'number' ? `evt_${k}` : k);

function decodeJsonDeltas(text: string): LotDelta[] {
  const { a, d } = JSON.parse(text) as { a: JsonAttrRow[]; d: Array<Array<string | number>> };
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
    for (let j = 0; j < flat.length; j += 2) shares.push([jsonKeyIn(flat[j]!), flat[j + 1] as number]);
    return { lotId: lotId as number, amount: amount as number, attrs: attrs[i as number]!, shares };
  });
}
