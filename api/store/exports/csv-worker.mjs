/**
 * Writes the export's CSV files on a worker thread, so turning rows into CSV (the slowest
 * step) overlaps with reading the next page and writing the other formats. Plain JavaScript,
 * so it runs the same under any loader. Messages, handled strictly in order:
 *   { type: 'open', path, columns }  start a file (UTF-8 with BOM, header row)
 *   { type: 'page', json }           a JSON array of row arrays (extra trailing values ignored)
 *   { type: 'close' }                finish the file
 * It answers { type: 'written' } per page, { type: 'closed', sha256, bytes } per file (the
 * digest of the bytes written), { type: 'error', message }.
 */
import { stringify } from 'csv-stringify';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { parentPort } from 'node:worker_threads';

let file = null;
let queue = Promise.resolve();

async function handle(message) {
  if (message.type === 'open') {
    const stringifier = stringify({
      bom: true,
      header: true,
      columns: message.columns,
      // OWASP CSV injection: a text cell starting with = + - @ tab or CR gets a leading '.
      // Numbers are never changed (a negative amount stays a number).
      escape_formulas: true,
      cast: { boolean: (b) => (b ? 'true' : 'false') },
    });
    const digest = { hash: createHash('sha256'), bytes: 0 };
    stringifier.on('data', (chunk) => {
      digest.hash.update(chunk);
      digest.bytes += Buffer.byteLength(chunk);
    });
    file = { stringifier, digest, done: pipeline(stringifier, createWriteStream(message.path)) };
  } else if (message.type === 'page') {
    for (const row of JSON.parse(message.json))
      if (!file.stringifier.write(row)) await once(file.stringifier, 'drain');
    parentPort.postMessage({ type: 'written' });
  } else if (message.type === 'close') {
    file.stringifier.end();
    await file.done;
    const { hash, bytes } = file.digest;
    file = null;
    parentPort.postMessage({ type: 'closed', sha256: hash.digest('hex'), bytes });
  }
}

parentPort.on('message', (message) => {
  queue = queue
    .then(() => handle(message))
    .catch((e) => parentPort.postMessage({ type: 'error', message: e?.stack ?? String(e) }));
});
