/**
 * Brotli and gzip copies of every compressible file of a built site, made once per build so the
 * server sends compressed pages without compressing on each request (`file.html.br`, `.gz`).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { constants, createBrotliCompress, createGzip } from 'node:zlib';

const compressible = /\.(html|css|js|mjs|json|svg|xml|txt|csv|ndjson|webmanifest)$/;
// Quality 5 (brotli) and level 6 (gzip): quality 9 made a 1,000-page demo site take over two
// minutes to compress on two cores, for a few percent smaller files.
/** Below this size the headers of a compressed answer cost about what they save. */
const minBytes = 1024;

async function* files(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

export async function precompressSite(dir: string): Promise<{ files: number; bytes: number }> {
  let count = 0;
  let bytes = 0;
  for await (const path of files(dir)) {
    if (!compressible.test(path)) continue;
    const size = (await stat(path)).size;
    if (size < minBytes) continue;
    await pipeline(
      createReadStream(path),
      createBrotliCompress({
        params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: size },
      }),
      createWriteStream(`${path}.br`),
    );
    await pipeline(createReadStream(path), createGzip({ level: 6 }), createWriteStream(`${path}.gz`));
    count += 1;
    bytes += size;
  }
  return { files: count, bytes };
}
