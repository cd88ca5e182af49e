/**
 * `label SHIPMENT_EVENT_ID [--out FILE] [--format svg|html] [--site URL]`: the custody label of
 * a shipment, with a QR code that opens `<site>/shipments/{id}/`. SVG for label printers, HTML
 * for a browser's print or "Save as PDF". Written to FILE, or to standard output.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { EventId } from '../../domain/events.ts';
import { labelHtml, labelSvg, shipmentUrl } from '../../label/custody-label.ts';
import type { QrEncoder } from '../../label/qr.ts';
import { custodyAnswer } from '../../store/answers/custody.ts';
import type { Config } from '../config.ts';
import { openContext } from '../context.ts';
import { UsageError } from '../usage-error.ts';

export function labelCommand(encode: () => Promise<QrEncoder>) {
  return async (args: string[], config: Config): Promise<number> => {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { out: { type: 'string' }, format: { type: 'string' }, site: { type: 'string' } },
    });
    const id = positionals[0];
    if (!id || !EventId.safeParse(id).success)
      throw new UsageError(
        'label needs the event id of a shipment (a transfer or return of goods), e.g. evt_42',
      );
    const format = values.format ?? (values.out?.toLowerCase().endsWith('.html') ? 'html' : 'svg');
    if (format !== 'svg' && format !== 'html') throw new UsageError('--format is svg or html');
    const site = values.site ?? config.siteUrl;
    if (!/^https?:\/\/[^\s/]+/.test(site))
      throw new UsageError('--site takes the address of the site, e.g. https://aidtrail.example.org');
    const ctx = await openContext(config);
    try {
      const custody = await custodyAnswer(ctx.database.db, ctx.catalog, id);
      if (!custody) throw new UsageError(`no shipment of goods with id "${id}"`);
      const item = ctx.catalog.item(custody.shipment.item)!;
      const url = shipmentUrl(site, id);
      const input = { custody, item, url };
      const qr = (await encode())(url);
      const out = format === 'html' ? labelHtml(input, qr) : labelSvg(input, qr);
      if (values.out) {
        await writeFile(values.out, out);
        console.error(`label of ${id} written to ${values.out} (${format}); its QR code opens ${url}`);
      } else process.stdout.write(out);
      return 0;
    } finally {
      ctx.database.close();
    }
  };
}
