/**
 * `aidtrail label`: the printed custody label of a shipment, from the custody answer, with a
 * QR code that opens the shipment's page. The encoder is checked by drawing what it gives
 * module for module; the label by what a person reads on it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../api/cli/main.ts';
import { labelSvg, shipmentUrl, wrap } from '../../api/label/custody-label.ts';
import { qrcodeEncoder } from '../../api/label/qr.ts';

let dir: string;
let err: string[];
let out: string[];
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aidtrail-label-'));
  vi.stubEnv('DATABASE_URL', `file:${join(dir, 'test.db')}`);
  vi.stubEnv('AIDTRAIL_SIGNING_KEY', join(dir, 'test.key'));
  vi.stubEnv('AIDTRAIL_SITE_URL', 'https://aidtrail.example.org/');
  err = [];
  out = [];
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  await main(['init', '--empty']);
  for (const [id, kind] of [
    ['charity', 'charity'],
    ['maker', 'company'],
    ['clinic', 'village_clinic'],
  ] as const)
    await main(['org', 'create', '--name', `浠水${id}`, '--kind', kind, '--region', '421125', '--id', id]);
  const goods = { item: 'hepatitis-b-vaccine', quantity: 200, lot: 'HB2026A', expiresOn: '2027-06-30' };
  const lines = [
    {
      recordedBy: 'charity',
      event: {
        type: 'donation',
        occurredAt: '2026-02-10T08:00:00+08:00',
        donor: 'maker',
        recipient: 'charity',
        goods,
      },
    },
    {
      recordedBy: 'charity',
      event: { type: 'transfer', occurredAt: '2026-02-10T08:30:00+08:00', to: 'clinic', goods },
    },
    {
      recordedBy: 'charity',
      event: {
        type: 'transfer',
        occurredAt: '2026-02-10T08:30:00+08:00',
        to: 'clinic',
        money: { currency: 'CNY', amount: 1 },
      },
    },
  ];
  writeFileSync(join(dir, 'setup.ndjson'), lines.map((l) => JSON.stringify(l)).join('\n'));
  await main(['import', join(dir, 'setup.ndjson')]);
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const darkModules = (svg: string) => (svg.match(/M[\d.]+ [\d.]+h/g) ?? []).length;

describe('aidtrail label', () => {
  it('writes an SVG label with the item, lot, expiry, range, both ends, and a QR code of the page', async () => {
    const file = join(dir, 'label.svg');
    expect(await main(['label', 'evt_2', '--out', file])).toBe(0);
    const svg = readFileSync(file, 'utf8');
    expect(svg).toMatch(/^<\?xml/);
    expect(svg).toContain('width="100mm" height="150mm"');
    for (const text of [
      '重组乙型肝炎疫苗',
      '200 剂',
      'HB2026A',
      '2027-06-30',
      '2–8 °C',
      '浠水charity',
      '浠水clinic',
    ])
      expect(svg, text).toContain(text);
    const url = 'https://aidtrail.example.org/shipments/evt_2/';
    expect(svg).toContain(url);
    const matrix = qrcodeEncoder(url);
    expect(darkModules(svg)).toBe(matrix.flat().filter(Boolean).length);
    expect(err.join('\n')).toContain(url);
  });

  it('writes a print-ready HTML page, or the SVG to standard output', async () => {
    const file = join(dir, 'label.html');
    expect(await main(['label', 'evt_2', '--out', file, '--site', 'http://localhost:4321'])).toBe(0);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('@page { size: 100mm 150mm; margin: 0; }');
    expect(html).toContain('http://localhost:4321/shipments/evt_2/');
    expect(html).not.toContain('<script');
    expect(await main(['label', 'evt_2', '--format', 'svg'])).toBe(0);
    expect(out.join('')).toContain('<svg');
  });

  it('refuses what is not a shipment of goods, and bad options, with status 2', async () => {
    for (const args of [
      [],
      ['42'],
      ['evt_9'],
      ['evt_1'],
      ['evt_3'],
      ['evt_2', '--format', 'pdf'],
      ['evt_2', '--site', 'nowhere'],
    ])
      expect(await main(['label', ...args]), args.join(' ')).toBe(2);
    expect(err.join('\n')).not.toMatch(/\n\s+at /);
  });
});

describe('label drawing', () => {
  it('draws exactly the modules the encoder gives, with a quiet zone', () => {
    const matrix = [
      [true, false],
      [false, true],
    ];
    const custody = {
      shipment: {
        id: 'evt_1',
        quantity: 1,
        shippedAt: '2026-01-01T00:00:00Z',
        from: { id: 'a', name: 'A', kind: 'charity', region: null },
        to: { id: null, name: null, kind: 'hospital', region: null },
      },
      lots: [],
      coldChain: { required: false, range: null, toleranceMinutes: null },
    } as unknown as Parameters<typeof labelSvg>[0]['custody'];
    const svg = labelSvg(
      {
        custody,
        item: { nameZh: '口罩', nameEn: 'Masks', unitZh: '只', unitEn: 'piece' },
        url: shipmentUrl('https://x.org', 'evt_1'),
      },
      matrix,
    );
    expect(darkModules(svg)).toBe(2);
    expect(svg).toContain('医院（匿名）');
    expect(svg).toContain('https://x.org/shipments/evt_1/');
  });

  it('encodes with the qrcode package at error correction Q', () => {
    const url = 'https://aidtrail.example.org/shipments/evt_12345/';
    const ours = qrcodeEncoder(url);
    const theirs = QRCode.create(url, { errorCorrectionLevel: 'Q' }).modules;
    expect(ours.length).toBe(theirs.size);
    expect(ours.every((row, r) => row.every((d, c) => d === (theirs.get(r, c) === 1)))).toBe(true);
  });

  it('wraps long English names at spaces', () => {
    expect(wrap('Recombinant hepatitis B vaccine (Saccharomyces cerevisiae)', 20)).toEqual([
      'Recombinant',
      'hepatitis B vaccine',
      '(Saccharomyces',
      'cerevisiae)',
    ]);
  });
});
