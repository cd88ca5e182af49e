/**
 * A small log kept in memory for witness tests: leaves appended with the domain's tree code,
 * checkpoints signed with the log's key at any size, consistency proofs between any two sizes.
 */
import { createHash } from 'node:crypto';
import {
  appendLeaf,
  consistencyProof,
  generateSigningKey,
  leafHash,
  nodeKey,
  parseSigningKey,
  rootAt,
  signCheckpoint,
  verifierKeyFor,
  type SigningKey,
} from '../../api/domain/merkle/index.ts';

export const sha256 = (data: Uint8Array): Uint8Array =>
  new Uint8Array(createHash('sha256').update(data).digest());

export class ToyLog {
  readonly key: SigningKey;
  private readonly nodes = new Map<string, Uint8Array>();
  size = 0;

  constructor(
    readonly origin = 'toy.example/log',
    seed = new Uint8Array(32).fill(3),
  ) {
    this.key = parseSigningKey(generateSigningKey(origin, seed));
  }

  get vkey(): string {
    return verifierKeyFor(this.key);
  }

  private readonly get = (level: number, index: number) => {
    const hash = this.nodes.get(nodeKey(level, index));
    if (!hash) throw new Error(`node ${level}/${index} missing`);
    return hash;
  };

  append(...leaves: string[]): this {
    for (const leaf of leaves) {
      const created = appendLeaf(
        sha256,
        this.size,
        leafHash(sha256, new TextEncoder().encode(leaf)),
        this.get,
      );
      for (const n of created) this.nodes.set(nodeKey(n.level, n.index), n.hash);
      this.size += 1;
    }
    return this;
  }

  /** Appends `n` numbered leaves. */
  grow(n: number): this {
    for (let i = 0; i < n; i++) this.append(`leaf ${this.size}`);
    return this;
  }

  root(size = this.size): Uint8Array {
    return rootAt(sha256, size, this.get);
  }

  /** The signed checkpoint at `size` (default: now), optionally with another root or origin. */
  checkpoint(size = this.size, override: { rootHash?: Uint8Array; origin?: string; key?: SigningKey } = {}) {
    return signCheckpoint(
      { origin: override.origin ?? this.origin, size, rootHash: override.rootHash ?? this.root(size) },
      override.key ?? this.key,
    );
  }

  proof(m: number, n = this.size): Uint8Array[] {
    return consistencyProof(sha256, m, n, this.get);
  }
}
