/**
 * The custody label of a shipment: 100 × 150 mm, printed and stuck on the cold box. Both
 * languages on one label (it travels to whoever receives it), the item, quantity, lot and
 * expiry, the storage range, sender and receiver, and a QR code that opens the shipment's
 * page, where every handover and the temperature record are shown. Scanning with a phone's
 * camera is the whole interface; the page needs no app and no JavaScript.
 *
 * SVG for label printers, and an HTML page around the same SVG sized for print (a browser's
 * "Save as PDF" gives the PDF). Drawn from the custody answer, never from anything else.
 */
import type { CustodyParty, ShipmentCustody } from '../contract/custody.ts';

export interface LabelItem {
  nameZh: string;
  nameEn: string;
  unitZh: string;
  unitEn: string;
}

export interface LabelInput {
  custody: ShipmentCustody;
  item: LabelItem;
  /** The page the QR code opens: `<site>/shipments/{id}/`. */
  url: string;
}

const xml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The label's page address for a shipment on a site. */
export const shipmentUrl = (site: string, id: string) => `${site.replace(/\/+$/, '')}/shipments/${id}/`;

const kindNames: Record<string, [string, string]> = {
  individual: ['个人', 'individual'],
  company: ['企业', 'company'],
  foundation: ['基金会', 'foundation'],
  charity: ['慈善组织', 'charity'],
  red_cross: ['红十字会', 'Red Cross'],
  government: ['政府部门', 'government'],
  reserve_operator: ['储备单位', 'reserve operator'],
  hospital: ['医院', 'hospital'],
  health_centre: ['卫生院', 'health centre'],
  village_clinic: ['村卫生室', 'village clinic'],
};
const partyName = (p: CustodyParty) => p.name ?? `${kindNames[p.kind]?.[0] ?? p.kind}（匿名）`;

const plural = (unit: string, n: number) =>
  n === 1 || unit.endsWith('s') ? unit : /(x|ch|sh)$/.test(unit) ? `${unit}es` : `${unit}s`;

/** Splits text into lines of at most `width` characters, at spaces where it can. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = '';
    }
    line = line ? `${line} ${word}` : word;
    while (line.length > width) {
      lines.push(line.slice(0, width));
      line = line.slice(width);
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** The QR modules as one SVG path, with a quiet zone of four modules. */
function qrPath(qr: boolean[][], x: number, y: number, size: number): string {
  const n = qr.length + 8;
  const m = size / n;
  const parts: string[] = [];
  qr.forEach((row, r) =>
    row.forEach((dark, c) => {
      if (dark)
        parts.push(
          `M${(x + (c + 4) * m).toFixed(2)} ${(y + (r + 4) * m).toFixed(2)}h${m.toFixed(2)}v${m.toFixed(2)}h-${m.toFixed(2)}z`,
        );
    }),
  );
  return `<rect x="${x}" y="${y}" width="${size}" height="${size}" fill="#fff"/><path d="${parts.join('')}" fill="#000"/>`;
}

/** The label as an SVG document, 100 × 150 mm (a user unit is 0.1 mm). */
export function labelSvg({ custody, item, url }: LabelInput, qr: boolean[][]): string {
  const s = custody.shipment;
  const lots = custody.lots.map((l) => l.lot).filter(Boolean);
  const expiry = custody.lots
    .map((l) => l.expiresOn)
    .filter((e): e is string => !!e)
    .sort()[0];
  const range = custody.coldChain.range;
  const text: string[] = [];
  let y = 0;
  const line = (
    content: string,
    size: number,
    opts: { bold?: boolean; gap?: number; mono?: boolean } = {},
  ) => {
    y += (opts.gap ?? 0) + size;
    text.push(
      `<text x="50" y="${y}" font-size="${size}"${opts.bold ? ' font-weight="700"' : ''}${opts.mono ? ' font-family="DejaVu Sans Mono, Menlo, monospace"' : ''}>${xml(content)}</text>`,
    );
    y += size * 0.25;
  };
  line('冷链交接标签 · Cold-chain custody label', 36, { gap: 30 });
  line(item.nameZh, 58, { bold: true, gap: 10 });
  for (const l of wrap(item.nameEn, 44).slice(0, 2)) line(l, 34);
  line(`${s.quantity} ${item.unitZh} / ${s.quantity} ${plural(item.unitEn, s.quantity)}`, 46, {
    bold: true,
    gap: 10,
  });
  if (lots.length) line(`批号 Lot: ${lots.join(', ')}`, 40, { bold: true });
  if (expiry) line(`有效期至 Expires: ${expiry}`, 40, { bold: true });
  if (range) {
    line(`储存 Keep at ${range[0]}–${range[1]} °C`, 46, { bold: true, gap: 6 });
    const t = custody.coldChain.toleranceMinutes;
    if (t !== null) line(`超出范围累计 ${t} 分钟即隔离 · quarantined after ${t} min outside`, 26);
  }
  line(`发货 From: ${partyName(s.from)}`, 32, { gap: 6 });
  line(`收货 To: ${partyName(s.to)}`, 32);
  line(`运单 Shipment ${s.id} · ${s.shippedAt.slice(0, 10)}`, 30);
  const qrSize = 560;
  const qrY = y + 40;
  const footerY = qrY + qrSize + 50;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="100mm" height="150mm" viewBox="0 0 1000 1500" font-family="Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif" role="img" aria-label="${xml(`${item.nameZh} ${s.quantity} ${item.unitZh}, ${s.id}`)}">`,
    `<title>${xml(`冷链交接标签 Cold-chain custody label ${s.id}`)}</title>`,
    '<rect width="1000" height="1500" fill="#fff"/>',
    '<rect x="10" y="10" width="980" height="1480" fill="none" stroke="#000" stroke-width="6"/>',
    ...text,
    qrPath(qr, (1000 - qrSize) / 2, qrY, qrSize),
    `<text x="500" y="${footerY}" font-size="34" font-weight="700" text-anchor="middle">扫码查看交接与温度记录</text>`,
    `<text x="500" y="${footerY + 44}" font-size="28" text-anchor="middle">Scan for every handover and the temperature record</text>`,
    `<text x="500" y="${footerY + 84}" font-size="24" text-anchor="middle" font-family="DejaVu Sans Mono, Menlo, monospace">${xml(url)}</text>`,
    '</svg>',
  ].join('\n');
}

/** A page that prints the label at its size, one per sheet, ready for "Save as PDF". */
export function labelHtml(input: LabelInput, qr: boolean[][]): string {
  const svg = labelSvg(input, qr).replace(/^<\?xml[^>]*>\n/, '');
  return `<!doctype html>
<html lang="zh-Hans-CN">
<head>
<meta charset="utf-8">
<title>${xml(`冷链交接标签 Cold-chain custody label ${input.custody.shipment.id}`)}</title>
<style>
@page { size: 100mm 150mm; margin: 0; }
html, body { margin: 0; padding: 0; background: #fff; }
svg { display: block; width: 100mm; height: 150mm; }
</style>
</head>
<body>
${svg}
</body>
</html>
`;
}
