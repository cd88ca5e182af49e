/**
 * Typed refusals. Domain and store code throw these; the HTTP layer turns each into an
 * RFC 9457 problem document through one error handler, and the CLI prints `detail`.
 * `type` is a stable slug: clients may branch on it, so it is part of the contract.
 */
export type ProblemType =
  | 'validation'
  | 'unknown-reference'
  | 'insufficient-holdings'
  | 'lot-quarantined'
  | 'forbidden'
  | 'unauthorized'
  | 'conflict'
  | 'idempotency-key-reuse'
  | 'not-found'
  | 'rate-limited'
  | 'ledger-limit'
  | 'payload-too-large'
  | 'storage-unavailable'
  /** A workflow step recorded before the step it follows (a dispatch before its approval). */
  | 'out-of-order'
  | 'challenge-refused';

const statusOf: Record<ProblemType, number> = {
  validation: 422,
  'unknown-reference': 422,
  'insufficient-holdings': 409,
  'lot-quarantined': 409,
  forbidden: 403,
  unauthorized: 401,
  conflict: 409,
  'idempotency-key-reuse': 422,
  'not-found': 404,
  'rate-limited': 429,
  'ledger-limit': 409,
  'payload-too-large': 413,
  'storage-unavailable': 503,
  'out-of-order': 409,
  'challenge-refused': 403,
};

export interface FieldIssue {
  /** JSON path of the offending field, e.g. `goods.quantity`. */
  path: string;
  message: string;
}

export class Problem extends Error {
  readonly status: number;
  constructor(
    readonly type: ProblemType,
    readonly title: string,
    readonly detail: string,
    readonly fields: FieldIssue[] = [],
    /** Machine-readable extras (e.g. the shortfall of an insufficient-holdings refusal). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
    this.status = statusOf[type];
  }
}

export const unknownReference = (path: string, what: string, id: string) =>
  new Problem('unknown-reference', 'Unknown reference', `No ${what} with id "${id}".`, [
    { path, message: `unknown ${what}` },
  ]);

export const invalid = (path: string, message: string) =>
  new Problem('validation', 'Invalid event', `${path}: ${message}`, [{ path, message }]);
