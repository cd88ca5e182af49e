/**
 * A file written with backpressure whose SHA-256 and size are computed from the very bytes
 * written, so listing a file never needs a second pass over it.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';

export interface Digest {
  sha256: string;
  bytes: number;
}

export class HashedFile {
  private readonly out: WriteStream;
  private readonly hash = createHash('sha256');
  private bytes = 0;

  constructor(path: string) {
    // A page of an export is larger than a stream's default 16 KiB mark, so with it every page
    // waited for the disk before the next was read; a mark of a few pages lets reading and
    // writing overlap while memory stays bounded.
    this.out = createWriteStream(path, { highWaterMark: 1 << 20 });
  }

  async write(text: string): Promise<void> {
    const chunk = Buffer.from(text, 'utf8');
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }

  async close(): Promise<Digest> {
    this.out.end();
    await once(this.out, 'finish');
    return { sha256: this.hash.digest('hex'), bytes: this.bytes };
  }
}
