/**
 * The items' cold-chain ranges, for the custody parts of answers the site reads at build time
 * or renders on request: the same catalogue file the server loads.
 */
import itemsFile from '../../data/catalog/items.json';
import type { CustodyCatalog } from '../../api/store/answers/custody.ts';

const byId = new Map(
  itemsFile.items.map((i) => [
    i.id,
    i as { coldChain: boolean; storage?: { lowC: number; highC: number; excursionMinutes: number } },
  ]),
);

export const itemStorage: CustodyCatalog = { item: (id) => byId.get(id) };
