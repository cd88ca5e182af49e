/**
 * Streaming root computation: appends leaf hashes one at a time and can give the RFC 6962
 * root of the leaves so far at any moment, holding only the O(log n) maximal complete
 * subtrees (the "compact range"). Used to check an export of any size in constant memory.
 */
import { emptyRootHash, nodeHash, type Sha256 } from './tree.ts';

export class RootAccumulator {
  /** Roots of the maximal complete subtrees, largest (leftmost) first, with their heights. */
  private readonly stack: Array<{ height: number; hash: Uint8Array }> = [];
  private count = 0;

  private readonly children: (left: Uint8Array, right: Uint8Array) => Uint8Array;

  /** `children` may replace H(0x01 ‖ left ‖ right) with a faster equivalent (node's streaming hash). */
  constructor(
    private readonly h: Sha256,
    children?: (left: Uint8Array, right: Uint8Array) => Uint8Array,
  ) {
    this.children = children ?? ((l, r) => nodeHash(h, l, r));
  }

  get size(): number {
    return this.count;
  }

  append(leafHash: Uint8Array): void {
    let node = { height: 0, hash: leafHash };
    while (this.stack.length > 0 && this.stack[this.stack.length - 1]!.height === node.height) {
      const left = this.stack.pop()!;
      node = { height: node.height + 1, hash: this.children(left.hash, node.hash) };
    }
    this.stack.push(node);
    this.count += 1;
  }

  /** MTH of the leaves appended so far: the complete subtrees folded from the right. */
  root(): Uint8Array {
    if (this.stack.length === 0) return emptyRootHash(this.h);
    let hash = this.stack[this.stack.length - 1]!.hash;
    for (let i = this.stack.length - 2; i >= 0; i--) hash = this.children(this.stack[i]!.hash, hash);
    return hash;
  }
}
