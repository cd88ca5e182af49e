/**
 * The witness's decision, C2SP tlog-witness (https://c2sp.org/tlog-witness) `add-checkpoint`,
 * as a pure function: given the logs it follows (origin and key), the checkpoint it last
 * cosigned for a log and a request (old size, consistency proof, signed checkpoint), it either
 * accepts — the checkpoint extends what it saw, so it may cosign it and remember it — or refuses
 * with the reason and the HTTP status the protocol gives that case. Storing the new state and
 * answering are the caller's (atomically, per the spec: check and store as one step).
 */
import type { Sha256 } from '../merkle/tree.ts';
import { checkConsistency, ProofVerificationError } from '../merkle/verify.ts';
import {
  NoteError,
  decodeBase64,
  encodeBase64,
  openNote,
  parseCheckpoint,
  splitNote,
  type Checkpoint,
  type VerifierKey,
} from '../merkle/checkpoint.ts';

/** A log this witness follows: its origin line and the key its checkpoints are signed with. */
export interface WitnessedLog {
  readonly origin: string;
  readonly key: VerifierKey;
}

/** What the witness remembers of a log: the latest checkpoint it cosigned. */
export interface CosignedHead {
  readonly size: number;
  readonly rootHash: Uint8Array;
}

export interface AddCheckpointRequest {
  readonly oldSize: number;
  readonly proof: readonly Uint8Array[];
  /** The signed checkpoint as sent (it may carry other signatures). */
  readonly note: string;
}

export type RefusalReason =
  | 'malformed' // the body is not an add-checkpoint request
  | 'unknown_origin' // the witness follows no log of that origin (wrong origin)
  | 'bad_signature' // no signature by the log's key verifies (forged, or another key)
  | 'rollback' // the log claims to go back from the size the witness cosigned to a smaller one
  | 'replay' // an old checkpoint, smaller than what the witness cosigned, sent again
  | 'stale_old_size' // the client's idea of what the witness saw is out of date: retry from `size`
  | 'old_size_beyond_checkpoint' // old size larger than the checkpoint's
  | 'inconsistent' // the proof does not show the new tree extends the old one: truncated or forked history
  | 'fork'; // same size as the cosigned checkpoint, different root

export interface Refusal {
  readonly accepted: false;
  readonly reason: RefusalReason;
  /** 400, 403, 404, 409 or 422, as tlog-witness prescribes for the case. */
  readonly status: 400 | 403 | 404 | 409 | 422;
  readonly detail: string;
  /** On 409: the size of the latest checkpoint this witness cosigned for the log. */
  readonly size?: number;
}

export interface Acceptance {
  readonly accepted: true;
  readonly log: WitnessedLog;
  readonly checkpoint: Checkpoint;
  /** The checkpoint's note text (what a cosignature signs, after its two header lines). */
  readonly body: string;
  /** What to remember for the log from now on. */
  readonly next: CosignedHead;
}

export type Verdict = Acceptance | Refusal;

/** tlog-witness: a client MUST NOT send more than 63 consistency proof lines. */
export const MAX_PROOF_LINES = 63;

const refuse = (
  reason: RefusalReason,
  status: Refusal['status'],
  detail: string,
  size?: number,
): Refusal => ({ accepted: false, reason, status, detail, ...(size === undefined ? {} : { size }) });

/** Parses `old N\n`, proof lines, a blank line and the checkpoint; a Refusal (400) when it is not that. */
export function parseAddCheckpoint(text: string): AddCheckpointRequest | Refusal {
  const blank = text.indexOf('\n\n');
  if (blank < 0)
    return refuse(
      'malformed',
      400,
      'the body needs an old size line, proof lines, a blank line and a checkpoint',
    );
  const [oldLine, ...proofLines] = text.slice(0, blank).split('\n');
  const old = /^old (0|[1-9][0-9]*)$/.exec(oldLine ?? '');
  if (!old || !Number.isSafeInteger(Number(old[1])))
    return refuse('malformed', 400, 'the first line must be "old <size>" in decimal without leading zeros');
  if (proofLines.length > MAX_PROOF_LINES)
    return refuse('malformed', 400, `more than ${MAX_PROOF_LINES} consistency proof lines`);
  const proof: Uint8Array[] = [];
  for (const line of proofLines) {
    const hash = decodeBase64(line);
    if (hash?.length !== 32)
      return refuse('malformed', 400, `proof line "${line}" is not a base64 SHA-256 hash`);
    proof.push(hash);
  }
  return { oldSize: Number(old[1]), proof, note: text.slice(blank + 2) };
}

/** Formats a request body, as a log sends it. */
export function formatAddCheckpoint(oldSize: number, proof: readonly Uint8Array[], note: string): string {
  return `old ${oldSize}\n${proof.map((p) => `${encodeBase64(p)}\n`).join('')}\n${note}`;
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Decides an add-checkpoint request, in the order tlog-witness states its checks: the origin is
 * known (404), the log's signature verifies (403), the old size is not beyond the checkpoint
 * (400), the old size is the size last cosigned (409 with that size), the consistency proof
 * verifies (422), and at an unchanged size the root is unchanged (409).
 */
export function judgeCheckpoint(
  h: Sha256,
  logs: readonly WitnessedLog[],
  seen: (origin: string) => CosignedHead | undefined,
  request: AddCheckpointRequest,
): Verdict {
  let body: string;
  let origin: string;
  try {
    // The origin is read before any signature is checked: an unknown log is 404, not 403.
    body = splitNote(request.note).body;
    origin = body.slice(0, body.indexOf('\n'));
  } catch (e) {
    if (e instanceof NoteError)
      return refuse('malformed', 400, `the checkpoint is not a signed note: ${e.message}`);
    throw e;
  }
  const log = logs.find((l) => l.origin === origin);
  if (!log)
    return refuse('unknown_origin', 404, `this witness follows no log with origin ${JSON.stringify(origin)}`);
  let checkpoint: Checkpoint;
  try {
    checkpoint = parseCheckpoint(openNote(request.note, log.key));
  } catch (e) {
    if (!(e instanceof NoteError)) throw e;
    if (e.reason === 'malformed_checkpoint' || e.reason === 'malformed_note')
      return refuse('malformed', 400, e.message);
    return refuse('bad_signature', 403, `no valid signature by the log's key: ${e.message}`);
  }
  const last = seen(origin);
  const lastSize = last?.size ?? 0;
  const { oldSize } = request;
  if (oldSize > checkpoint.size) {
    return last && oldSize === last.size
      ? refuse(
          'rollback',
          400,
          `the checkpoint has ${checkpoint.size} leaves, fewer than the ${last.size} this witness cosigned: the log would be rolled back`,
        )
      : refuse(
          'old_size_beyond_checkpoint',
          400,
          `old size ${oldSize} is larger than the checkpoint's ${checkpoint.size}`,
        );
  }
  if (oldSize !== lastSize) {
    if (checkpoint.size < lastSize)
      return refuse(
        'replay',
        409,
        `a checkpoint of ${checkpoint.size} leaves is older than the ${lastSize} this witness cosigned: an old checkpoint sent again`,
        lastSize,
      );
    return refuse(
      'stale_old_size',
      409,
      `this witness last cosigned ${lastSize} leaves, not ${oldSize}`,
      lastSize,
    );
  }
  if (last && oldSize === checkpoint.size) {
    if (request.proof.length !== 0)
      return refuse('inconsistent', 422, 'a proof between equal tree sizes must be empty');
    if (!sameBytes(last.rootHash, checkpoint.rootHash))
      return refuse(
        'fork',
        409,
        `the log showed this witness another root for ${checkpoint.size} leaves: its history has forked`,
        lastSize,
      );
  } else {
    try {
      // From nothing, any tree extends it; the spec wants the proof empty then.
      if (!last) {
        if (request.proof.length !== 0)
          throw new ProofVerificationError('proof_not_empty', 'a proof from size 0 must be empty');
      } else
        checkConsistency(h, last.size, checkpoint.size, request.proof, last.rootHash, checkpoint.rootHash);
    } catch (e) {
      if (!(e instanceof ProofVerificationError)) throw e;
      return refuse(
        'inconsistent',
        422,
        `the tree of ${checkpoint.size} leaves is not shown to extend the ${lastSize} this witness cosigned (${e.message}): truncated or forked history`,
      );
    }
  }
  return {
    accepted: true,
    log,
    checkpoint,
    body,
    next: { size: checkpoint.size, rootHash: checkpoint.rootHash },
  };
}
