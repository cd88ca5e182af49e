/**
 * What the verification panel says for each outcome of the in-browser check: its state, the
 * badge, a sentence, and the steps that passed. Shared by the gift pages' small script and the
 * gift lookup island, so both say the same thing.
 */
import type { T } from './strings.ts';
import type { VerifyResult } from './verify-gift.ts';
import type { WitnessCheck } from './verify-witnessed.ts';

export type PanelState = 'nojs' | 'checking' | 'verified' | 'failed' | 'unavailable';

export interface PanelText {
  state: PanelState;
  badge: string;
  message: string;
  steps: string[];
}

export function panelText(
  t: T,
  state: 'nojs' | 'checking' | 'network' | 'noPinnedKey',
  gift: string,
  result?: undefined,
): PanelText;
export function panelText(
  t: T,
  state: 'result',
  gift: string,
  result: VerifyResult,
  witnessed?: WitnessCheck,
): PanelText;
/** `gift` names the gift: its receipt code for the donor's view, else its event id. */
export function panelText(
  t: T,
  state: 'nojs' | 'checking' | 'network' | 'noPinnedKey' | 'result',
  gift: string,
  result?: VerifyResult,
  witnessed?: WitnessCheck,
): PanelText {
  if (state === 'nojs')
    return { state, badge: t('verify.badge.unavailable'), message: t('verify.nojs'), steps: [] };
  if (state === 'checking')
    return { state, badge: t('verify.badge.checking'), message: t('verify.checking'), steps: [] };
  if (state === 'network' || state === 'noPinnedKey' || !result) {
    return {
      state: 'unavailable',
      badge: t('verify.badge.unavailable'),
      message: t('verify.unavailable', {
        reason: t(state === 'noPinnedKey' ? 'verify.reason.noPinnedKey' : 'verify.reason.network'),
      }),
      steps: [],
    };
  }
  if (result.ok && witnessed && !witnessed.ok) {
    return witnessed.reason === 'notWitnessed'
      ? {
          state: 'unavailable',
          badge: t('verify.badge.unavailable'),
          message: t('verify.unavailable', { reason: t('verify.reason.notWitnessed') }),
          steps: [],
        }
      : {
          state: 'failed',
          badge: t('verify.badge.failed'),
          message: t('verify.failed', { reason: t(`verify.reason.${witnessed.reason}`) }),
          steps: [],
        };
  }
  if (result.ok) {
    return {
      state: 'verified',
      badge: t('verify.badge.verified'),
      message: t('verify.verified', { index: result.index, size: result.size, root: result.root }),
      steps: [
        t('verify.step.signature', { key: result.key }),
        result.committed ? t('verify.step.code', { code: gift }) : t('verify.step.record', { id: gift }),
        t('verify.step.inclusion', { n: result.proofLength }),
        ...(result.trailEvents > 0 ? [t('verify.step.trail', { n: result.trailEvents })] : []),
        t('verify.step.computed', { n: result.trailEvents + 1 }),
        ...(witnessed?.ok
          ? [
              t('verify.step.witnesses', {
                witnesses: witnessed.witnesses.join(', '),
                quorum: witnessed.quorum,
                of: witnessed.of,
                size: witnessed.size,
              }),
            ]
          : []),
      ],
    };
  }
  if (result.reason === 'noCheckpoint') {
    return {
      state: 'unavailable',
      badge: t('verify.badge.unavailable'),
      message: t('verify.unavailable', { reason: t('verify.reason.noCheckpoint') }),
      steps: [],
    };
  }
  return {
    state: 'failed',
    badge: t('verify.badge.failed'),
    message: t('verify.failed', { reason: t(`verify.reason.${result.reason}`) }),
    steps: [],
  };
}
