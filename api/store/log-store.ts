/**
 * The verifiable log's storage: complete Merkle subtrees in `log_nodes` (so appending costs
 * O(log n) hashes and never a rescan) and signed checkpoints in `checkpoints`. The tree maths
 * lives in domain/merkle; this file only reads and writes its nodes.
 */
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, gte, inArray, lt, or } from 'drizzle-orm';
import {
  appendLeaf,
  consistencyProof,
  formatCheckpoint,
  inclusionProof,
  leafHash,
  nodeKey,
  nodesNeededForConsistency,
  nodesNeededForInclusion,
  nodesNeededForRoot,
  rootAt,
  signNote,
  type NodeId,
  type SigningKey,
  type StoredNode,
} from '../domain/merkle/index.ts';
import { insertRows, type Executor } from './bulk-sql.ts';
import type { Db } from './database.ts';
import { checkpoints, events, logNodes } from './schema.ts';

type Tx = Pick<Db, 'select' | 'insert'>;

/** SHA-256 by node's OpenSSL binding: several times faster than a JavaScript hash. */
export const sha256 = (data: Uint8Array): Uint8Array => createHash('sha256').update(data).digest();

const utf8 = new TextEncoder();
const leafPrefix = Uint8Array.of(0);
const nodePrefix = Uint8Array.of(1);

/** RFC 6962 leaf hash of a line of text, streamed into node's hash without copying. */
export const sha256Leaf = (line: string): Uint8Array =>
  createHash('sha256').update(leafPrefix).update(line, 'utf8').digest();

/** RFC 6962 interior node hash, streamed. */
export const sha256Children = (left: Uint8Array, right: Uint8Array): Uint8Array =>
  createHash('sha256').update(nodePrefix).update(left).update(right).digest();

async function readNodes(tx: Pick<Db, 'select'>, ids: readonly NodeId[]): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  for (let i = 0; i < ids.length; i += 200) {
    const part = ids.slice(i, i + 200);
    const rows = await tx
      .select()
      .from(logNodes)
      .where(or(...part.map((n) => and(eq(logNodes.level, n.level), eq(logNodes.idx, n.index)))));
    for (const r of rows) out.set(nodeKey(r.level, r.idx), new Uint8Array(r.hash));
  }
  return out;
}

const lookup = (nodes: Map<string, Uint8Array>) => (level: number, index: number) => {
  const hash = nodes.get(nodeKey(level, index));
  if (!hash) throw new Error(`log node (${level}, ${index}) is missing`);
  return hash;
};

/** Appends the leaves of one write batch; `flush` writes the new nodes in the batch's transaction. */
export class LogAppender {
  private readonly nodes = new Map<string, Uint8Array>();
  private readonly created: StoredNode[] = [];
  private size: number;

  private constructor(startSize: number) {
    this.size = startSize;
  }

  static async open(tx: Tx, size: number): Promise<LogAppender> {
    const appender = new LogAppender(size);
    // The frontier: every left sibling a future append in this batch can ask for is either
    // one of these or a node the batch itself creates.
    for (const [k, v] of await readNodes(tx, frontierOf(size))) appender.nodes.set(k, v);
    return appender;
  }

  get treeSize(): number {
    return this.size;
  }

  /** Hashes a leaf and appends it; returns its index. */
  append(leaf: string): number {
    const index = this.size;
    const created = appendLeaf(sha256, index, leafHash(sha256, utf8.encode(leaf)), lookup(this.nodes));
    for (const n of created) {
      this.nodes.set(nodeKey(n.level, n.index), n.hash);
      this.created.push(n);
    }
    this.size += 1;
    return index;
  }

  rootHash(): Uint8Array {
    return rootAt(sha256, this.size, lookup(this.nodes));
  }

  async flush(db: Executor): Promise<void> {
    await insertRows(
      db,
      logNodes,
      ['level', 'idx', 'hash'],
      this.created.map((n) => [n.level, n.index, n.hash]),
    );
    this.created.length = 0;
  }
}

/** The log as a write batch sees it: leaves go in as events are applied, and commit with them. */
export interface BatchLog {
  readonly treeSize: number;
  /** Appends an event's leaf; returns its index. */
  append(leaf: string): number;
  /** Writes the batch's tree nodes and signs the checkpoint of the new tree size. */
  commit(raw: Executor, tx: Tx, signedAt: string): Promise<void>;
}
export type OpenBatchLog = (tx: Tx, size: number) => Promise<BatchLog>;

/** The verifiable log: Merkle nodes stored, one signed checkpoint per committed batch. */
export const signedLog =
  (origin: string, key: SigningKey): OpenBatchLog =>
  async (tx, size) => {
    const appender = await LogAppender.open(tx, size);
    return {
      get treeSize() {
        return appender.treeSize;
      },
      append: (leaf) => appender.append(leaf),
      async commit(raw, t, signedAt) {
        await appender.flush(raw);
        await saveCheckpoint(t, origin, appender.treeSize, appender.rootHash(), key, signedAt);
      },
    };
  };

/** The maximal complete subtrees of a tree of `size` leaves: all an append can need. */
function frontierOf(size: number): NodeId[] {
  const ids: NodeId[] = [];
  let start = 0;
  for (let level = 52; level >= 0; level--) {
    const width = 2 ** level;
    if (start + width <= size) {
      ids.push({ level, index: start / width });
      start += width;
    }
  }
  return ids;
}

export interface CheckpointRow {
  size: number;
  rootHash: Uint8Array;
  note: string;
  signedAt: string;
}

export async function saveCheckpoint(
  tx: Tx,
  origin: string,
  size: number,
  root: Uint8Array,
  key: SigningKey,
  signedAt: string,
): Promise<CheckpointRow> {
  const note = signNote(formatCheckpoint({ origin, size, rootHash: root }), key);
  await tx
    .insert(checkpoints)
    .values({ size, rootHash: Buffer.from(root), note, signedAt })
    .onConflictDoNothing();
  return { size, rootHash: root, note, signedAt };
}

export async function latestCheckpoint(db: Pick<Db, 'select'>): Promise<CheckpointRow | null> {
  const [row] = await db.select().from(checkpoints).orderBy(desc(checkpoints.size)).limit(1);
  return row ? { ...row, rootHash: new Uint8Array(row.rootHash) } : null;
}

export async function checkpointAt(db: Pick<Db, 'select'>, size: number): Promise<CheckpointRow | null> {
  const [row] = await db.select().from(checkpoints).where(eq(checkpoints.size, size)).limit(1);
  return row ? { ...row, rootHash: new Uint8Array(row.rootHash) } : null;
}

export async function proveInclusion(
  db: Pick<Db, 'select'>,
  index: number,
  size: number,
): Promise<Uint8Array[]> {
  const nodes = await readNodes(db, nodesNeededForInclusion(index, size));
  return inclusionProof(sha256, index, size, lookup(nodes));
}

export async function proveConsistency(db: Pick<Db, 'select'>, m: number, n: number): Promise<Uint8Array[]> {
  const nodes = await readNodes(db, nodesNeededForConsistency(m, n));
  return consistencyProof(sha256, m, n, lookup(nodes));
}

export async function rootOf(db: Pick<Db, 'select'>, size: number): Promise<Uint8Array> {
  return rootAt(sha256, size, lookup(await readNodes(db, nodesNeededForRoot(size))));
}

export async function leafHashes(db: Pick<Db, 'select'>, indexes: number[]): Promise<Uint8Array[]> {
  const rows = await db
    .select()
    .from(logNodes)
    .where(and(eq(logNodes.level, 0), inArray(logNodes.idx, indexes)));
  const byIdx = new Map(rows.map((r) => [r.idx, new Uint8Array(r.hash)]));
  return indexes.map((i) => byIdx.get(i)!);
}

/** The exact bytes of leaves `start` (inclusive) to `end` (exclusive), in log order. */
export async function leavesBetween(db: Pick<Db, 'select'>, start: number, end: number): Promise<string[]> {
  const rows = await db
    .select({ leaf: events.leaf })
    .from(events)
    .where(and(gte(events.seq, start + 1), lt(events.seq, end + 1)))
    .orderBy(asc(events.seq));
  return rows.map((r) => r.leaf);
}
