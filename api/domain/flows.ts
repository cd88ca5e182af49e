/**
 * Flows: how each donation moved, in the donation's own units. They are the attribution
 * record behind a gift's trail (edges between holders) and the terminal parts of its fate
 * (used, written off, lost). Held and in-transit parts come from lots instead (a receipt
 * moves lots from in transit to held and records only what was lost). A correction
 * writes the negation of the flows it undoes, so sums over flows always net out.
 */
export const flowKinds = [
  'donated',
  'transferred',
  'returned',
  'purchased',
  'used',
  'written_off',
  'lost',
] as const;
export type FlowKind = (typeof flowKinds)[number];

/** The flow kinds that end a unit's journey: they are parts of a gift's fate. */
export const terminalKinds = ['used', 'written_off', 'lost'] as const satisfies readonly FlowKind[];

export interface Flow {
  donation: string;
  kind: FlowKind;
  /** Who it left (null for the donation itself, which comes from outside the ledger). */
  from: string | null;
  /** Who it reached, or where it ended (the user of a use, the writer of a write-off). */
  to: string;
  /** Form of the units after this flow: `money:CNY` or `goods:<item>`. */
  asset: string;
  lotCode: string;
  /** Amount of the donation, in the donation's units (minor units or its item's unit). */
  amount: number;
  disease: string | null;
  reason: string | null;
  breach: boolean;
  /** For a use: the released temperature excursion the goods went through (flagged publicly). */
  excursion?: string | null;
  /** A correction's cancellation of an earlier flow. */
  undo?: boolean;
}

export const negateFlow = (f: Flow): Flow => ({ ...f, amount: -f.amount, undo: true });
