/** What the track page hands its script (as JSON beside the form): language, strings, keys. */
import type { Locale } from './i18n.ts';
import type { PinnedKeys } from './pinned-keys.ts';

export interface TrackConfig {
  locale: Locale;
  /** The strings the lookup and the gift view use (track., gift., verify., …). */
  strings: Record<string, string>;
  /** Where the name tables for this language are (site-data/names.<locale>.json). */
  namesUrl: string;
  /** The keys pinned at build time; without them nothing is verified. */
  pins: PinnedKeys | null;
}
