/**
 * The QR encoder a custody label uses: text in, a square of dark (true) and light modules out.
 * It is the one place the `qrcode` package is named, so the label is drawn, tested and could be
 * encoded by any other encoder with this signature.
 */
import QRCode from 'qrcode';

export type QrEncoder = (text: string) => boolean[][];

/** Error correction Q (25 %): a label scuffed on a cold box still scans. */
export const qrcodeEncoder: QrEncoder = (text) => {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'Q' });
  return Array.from({ length: modules.size }, (_, r) =>
    Array.from({ length: modules.size }, (_, c) => modules.get(r, c) === 1),
  );
};
