/**
 * The keys a reader's browser trusts, pinned into the pages when the site is built: the log's
 * key and the witnesses' keys with the quorum of them required. The browser never fetches a key
 * from the server whose log it is checking. Browser-safe.
 */
export interface PinnedKeys {
  /** The log's vkey (signed-note, type 0x01). */
  log: string;
  /** Witness vkeys (tlog-cosignature, type 0x04). */
  witnesses: string[];
  /** How many of the witnesses must have cosigned (0 when none are pinned). */
  quorum: number;
}

/** The element pages carry the pinned keys in. */
export const pinnedKeysElementId = 'aidtrail-pinned-keys';

/** The keys given to this build (`AIDTRAIL_PINNED_KEYS`, set by the build from the portal's configuration). */
export function buildTimePins(env: Record<string, string | undefined> = process.env): PinnedKeys | null {
  const text = env.AIDTRAIL_PINNED_KEYS;
  if (!text) return null;
  const pins = JSON.parse(text) as PinnedKeys;
  return {
    log: pins.log,
    witnesses: pins.witnesses ?? [],
    quorum: pins.quorum ?? pins.witnesses?.length ?? 0,
  };
}

/** The pinned keys of the page the script runs in; null when the site was built without them. */
export function pagePins(doc: Document): PinnedKeys | null {
  const text = doc.getElementById(pinnedKeysElementId)?.textContent;
  if (!text) return null;
  try {
    return JSON.parse(text) as PinnedKeys;
  } catch {
    return null;
  }
}
