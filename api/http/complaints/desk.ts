/**
 * The complaints desk: what filing a complaint takes, the same for the API and for the form
 * that works without JavaScript. A complaint needs a challenge the server issued (signed,
 * expiring, spent once; see domain/complaint-challenge.ts), and each address may file only so
 * many in a window (counts shared by every API process). The log records a complaint as filed
 * by `public`; the answer hands the complainant a follow-up code, the only way to say later
 * whether the matter was resolved, and to read back what they wrote.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import {
  checkChallenge,
  issueChallenge,
  type ChallengeRefusal,
  type ChallengeTerms,
} from '../../domain/complaint-challenge.ts';
import { answerWorkingDays, publicRecorder } from '../../domain/complaints.ts';
import { ComplaintEvent } from '../../domain/events.ts';
import { Problem } from '../../domain/problems.ts';
import { normalizeReceiptCode } from '../../domain/receipt-codes.ts';
import { workingCalendar } from '../../domain/working-days.ts';
import type { Executor } from '../../store/bulk-sql.ts';
import type { LedgerWriter, RecordedAnswer } from '../../store/ledger-writer.ts';
import { complaintPrivate, type ComplaintPrivate } from '../../store/queries/complaint-private.ts';
import { SpentChallenges } from '../../store/spent-challenges.ts';
import type { RateCounter, RateRule } from '../rate-limit.ts';

/** What a complainant fills in. */
export const ComplaintInput = ComplaintEvent.omit({ type: true, occurredAt: true });
export type ComplaintInput = z.infer<typeof ComplaintInput>;

/** A complaint body, with its challenge; 16 KiB is far more than the largest complaint. */
export const complaintBodyBytes = 16 * 1024;

export interface IssuedChallenge {
  challenge: string;
  /** Leading zero bits of SHA-256(challenge ":" solution) required (0: none). */
  bits: number;
  notBefore: string;
  expiresAt: string;
}

export interface FiledComplaint extends RecordedAnswer {
  /** The complainant's follow-up code: shown once, never published. */
  followUpCode: string;
  dueOn: string;
}

export interface ComplaintDeskDeps {
  sql: Executor;
  writer: LedgerWriter;
  clock: () => Date;
  /** The challenges' signing key. */
  key: Uint8Array;
  terms: ChallengeTerms;
  /** The clock of challenges, in milliseconds. */
  now: () => number;
  counter: RateCounter;
  /** Complaints (and complainants' says) per address per window; 0: unlimited. */
  limit: RateRule;
}

const refusals: Record<ChallengeRefusal, string> = {
  invalid: 'The challenge is not one this server issued (or it was changed). Ask for a new one.',
  expired: 'The challenge has expired. Ask for a new one.',
  too_soon:
    'The form was sent sooner than a person can write a complaint. Wait a few seconds and send it again.',
  no_work: 'The solution does not reach the work the challenge asks for.',
};

export class ComplaintDesk {
  private readonly spent: SpentChallenges;

  constructor(private readonly deps: ComplaintDeskDeps) {
    this.spent = new SpentChallenges(deps.sql);
  }

  /** A fresh challenge: with proof of work for API clients, with the time lock for the form. */
  challenge(kind: 'api' | 'form'): IssuedChallenge {
    const { terms } = this.deps;
    const now = this.deps.now();
    const c = {
      nonce: randomBytes(16).toString('hex'),
      issuedMs: now,
      notBeforeMs: kind === 'form' ? now + terms.formDelayMs : now,
      expiresMs: now + (kind === 'form' ? terms.formLifetimeMs : terms.lifetimeMs),
      bits: kind === 'form' ? 0 : terms.bits,
    };
    return {
      challenge: issueChallenge(this.deps.key, c),
      bits: c.bits,
      notBefore: new Date(c.notBeforeMs).toISOString(),
      expiresAt: new Date(c.expiresMs).toISOString(),
    };
  }

  /** Counts one attempt from `address`; the refusal when it is one too many. */
  async admit(address: string, what: 'complaint' | 'feedback'): Promise<Problem | null> {
    const { limit } = this.deps;
    if (limit.limit <= 0) return null;
    const { count, resetMs } = await this.deps.counter.hit(`${what}:${address}`, limit.windowMs);
    if (count <= limit.limit) return null;
    const seconds = Math.max(1, Math.ceil(resetMs / 1000));
    return new Problem(
      'rate-limited',
      'Too many complaints',
      `This address sent more than ${limit.limit} in ${Math.round(limit.windowMs / 60_000)} minutes; try again in ${seconds} s.`,
      [],
      { retryAfter: seconds },
    );
  }

  /** Files a complaint with its challenge, or throws the problem that refused it (nothing written). */
  async file(input: ComplaintInput, challenge: string, solution?: string): Promise<FiledComplaint> {
    const now = this.deps.now();
    const checked = checkChallenge(this.deps.key, challenge, solution, now);
    if ('refusal' in checked)
      throw new Problem('challenge-refused', 'Challenge refused', refusals[checked.refusal], [
        { path: checked.refusal === 'no_work' ? 'solution' : 'challenge', message: checked.refusal },
      ]);
    if (!(await this.spent.spend(checked.challenge.nonce, checked.challenge.expiresMs, now)))
      throw new Problem(
        'challenge-refused',
        'Challenge refused',
        'This challenge was already used for a complaint. Ask for a new one.',
        [{ path: 'challenge', message: 'already used' }],
      );
    const { answer } = await this.deps.writer.record({
      recordedBy: publicRecorder,
      body: { type: 'complaint', occurredAt: this.deps.clock().toISOString(), ...input },
    });
    const { receiptCode, ...recorded } = answer;
    return {
      ...recorded,
      followUpCode: receiptCode!,
      dueOn: workingCalendar().nthWorkingDayAfter(answer.recordedAt, answerWorkingDays),
    };
  }

  /**
   * A complaint's private part, for whoever presents its follow-up code; a wrong code is refused
   * exactly like an unknown complaint, so codes cannot be tried against known ids.
   */
  async forComplainant(id: string, code: string): Promise<ComplaintPrivate> {
    const found = await complaintPrivate(this.deps.sql, id);
    const given = normalizeReceiptCode(code);
    if (!found?.followUpCode || !given || !sameText(found.followUpCode, given))
      throw new Problem(
        'forbidden',
        'Follow-up code refused',
        `No complaint ${id} has that follow-up code. It was shown once, when the complaint was filed.`,
        [{ path: 'code', message: 'not the code of this complaint' }],
      );
    return found;
  }

  /** The complainant says whether the latest answer resolved the matter. */
  async feedback(id: string, code: string, resolved: boolean, text?: string): Promise<RecordedAnswer> {
    await this.forComplainant(id, code);
    const { answer } = await this.deps.writer.record({
      recordedBy: publicRecorder,
      body: {
        type: 'complaint_feedback',
        occurredAt: this.deps.clock().toISOString(),
        complaint: id,
        resolved,
        ...(text ? { text } : {}),
      },
    });
    return answer;
  }
}

const sameText = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
