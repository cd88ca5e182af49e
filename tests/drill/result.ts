/** One drill's outcome: how many attacks were tried, how many the portal held, and what broke. */
export interface DrillResult {
  drill: string;
  tried: number;
  held: number;
  /** One line per attack that was not held, saying what went wrong. */
  failed: string[];
  /** Counts worth keeping beside the verdict (answers by status, events written …). */
  figures?: Record<string, number | string>;
  /** Why the drill could not run here, when it could not. */
  skipped?: string;
}
