/**
 * How to reach the people who run this portal, for the footer of every page: the address set
 * in AIDTRAIL_CONTACT when the site is built (an e-mail address, a web address, or any text),
 * or a plain statement that none has been published. Other routes to the operator (a
 * complaints form) join the footer as further `FooterLink`s.
 */
export interface FooterContact {
  /** Where the contact line links; null for text that is not an address. */
  href: string | null;
  text: string;
}

/** The contact of `value` (AIDTRAIL_CONTACT); null when none is configured. */
export function footerContact(value: string | undefined): FooterContact | null {
  const text = value?.trim();
  if (!text) return null;
  if (/^https?:\/\/\S+$/i.test(text)) return { href: text, text: text.replace(/^https?:\/\//i, '') };
  if (/^mailto:\S+@\S+$/i.test(text)) return { href: text, text: text.slice(7) };
  if (/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(text)) return { href: `mailto:${text}`, text };
  return { href: null, text };
}

/** A further way to reach the operator, listed after the contact (e.g. the complaints form). */
export interface FooterLink {
  /** A path on this site (made the page's language by the footer) or an absolute address. */
  href: string;
  /** An i18n string key. */
  label: string;
}
