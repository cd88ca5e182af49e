/**
 * Fitting labels into SVG without a browser to measure them: an estimate of text width from
 * character classes (CJK and full-width characters are one em, Latin letters a little over
 * half), and truncation with an ellipsis when a label would overrun its room. The full label
 * always stays in the table and in the element's tooltip.
 */
const wide = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

/** Estimated width in px of `text` at `fontSize` px. */
export function textWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text)
    em += wide.test(ch) ? 1 : /[A-Z0-9mw]/.test(ch) ? 0.72 : /[ il.,:;'|!()]/.test(ch) ? 0.32 : 0.6;
  return em * fontSize;
}

/** `text` if it fits in `maxWidth` px, else its longest prefix that fits followed by "…". */
export function fitText(text: string, maxWidth: number, fontSize: number): string {
  if (textWidth(text, fontSize) <= maxWidth) return text;
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (textWidth(`${chars.slice(0, mid).join('')}…`, fontSize) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return `${chars.slice(0, lo).join('').trimEnd()}…`;
}
