/**
 * What a witness remembers between runs: for each log origin, the latest checkpoint it
 * cosigned. Kept in one small JSON file, replaced atomically (written beside it, flushed, then
 * renamed over it), so a crash leaves either the old state or the new, never half of one; or
 * in memory, for tests.
 */
import { open, readFile, rename } from 'node:fs/promises';
import { decodeBase64, encodeBase64 } from '../domain/merkle/index.ts';
import type { CosignedHead } from '../domain/witness/witness.ts';

export interface WitnessState {
  get(origin: string): CosignedHead | undefined;
  /** Remembers the new head; resolves once it is durable. */
  put(origin: string, head: CosignedHead): Promise<void>;
}

export class MemoryWitnessState implements WitnessState {
  private readonly heads = new Map<string, CosignedHead>();
  get(origin: string) {
    return this.heads.get(origin);
  }
  async put(origin: string, head: CosignedHead) {
    this.heads.set(origin, head);
  }
}

interface StateFile {
  logs: Record<string, { size: number; rootHash: string }>;
}

export class FileWitnessState implements WitnessState {
  private constructor(
    private readonly path: string,
    private readonly heads: Map<string, CosignedHead>,
  ) {}

  /** Opens the state file, or starts empty when there is none yet. */
  static async open(path: string): Promise<FileWitnessState> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return new FileWitnessState(path, new Map());
      throw e;
    }
    const heads = new Map<string, CosignedHead>();
    let parsed: StateFile;
    try {
      parsed = JSON.parse(text) as StateFile;
    } catch (e) {
      throw new Error(`witness state ${path} is not JSON: ${(e as Error).message}`);
    }
    for (const [origin, head] of Object.entries(parsed.logs ?? {})) {
      const rootHash = decodeBase64(head.rootHash);
      if (!Number.isSafeInteger(head.size) || head.size < 0 || rootHash?.length !== 32)
        throw new Error(`witness state ${path} has a malformed entry for ${origin}`);
      heads.set(origin, { size: head.size, rootHash });
    }
    return new FileWitnessState(path, heads);
  }

  get(origin: string) {
    return this.heads.get(origin);
  }

  async put(origin: string, head: CosignedHead) {
    const next = new Map(this.heads).set(origin, head);
    const file: StateFile = { logs: {} };
    for (const [o, h] of next) file.logs[o] = { size: h.size, rootHash: encodeBase64(h.rootHash) };
    const temporary = `${this.path}.${process.pid}.tmp`;
    const handle = await open(temporary, 'w', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(file, null, 2)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, this.path);
    // Only a durable state is believed: the next decision must never see a head not yet on disk.
    this.heads.set(origin, head);
  }
}
