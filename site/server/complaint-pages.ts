/**
 * The complaint pages rendered on request: the built site's complaint frame (its layout,
 * styles, navigation and footer) filled with the form, its confirmation or the follow-up form.
 * The form carries a fresh challenge each time, so it cannot be a built file.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { ComplaintPages, PageLocale } from '../../api/contract/complaint.ts';
import { ComplaintFiled, ComplaintForm, FollowUpForm } from '../components/ComplaintForms.tsx';
import { formatDate } from '../lib/format.ts';
import { localePath, translator } from '../lib/i18n.ts';
import type { StringKey } from '../lib/strings.ts';

/** The marks the complaint frame carries where the server puts a page's title and body. */
export const complaintFrameMarks = {
  title: 'AIDTRAIL-COMPLAINT-TITLE',
  body: '<!--aidtrail:complaint-body-->',
} as const;

export const complaintFramePath = (locale: PageLocale) =>
  locale === 'en' ? 'en/complaints/frame/index.html' : 'complaints/frame/index.html';

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Complaint pages filled into the frame of the site being served (`siteDir`). */
export function complaintPages(siteDir: () => string | undefined): ComplaintPages {
  const frames = new Map<string, string>();
  async function frame(locale: PageLocale): Promise<string | null> {
    const dir = siteDir();
    if (!dir) return null;
    const key = `${dir}\n${locale}`;
    const known = frames.get(key);
    if (known) return known;
    const path = join(dir, complaintFramePath(locale));
    if (!existsSync(path)) return null;
    const html = await readFile(path, 'utf8');
    // A new site generation replaces the frames of the old one.
    if (![...frames.keys()].some((k) => k.startsWith(`${dir}\n`))) frames.clear();
    frames.set(key, html);
    return html;
  }
  const paths = (locale: PageLocale) => ({
    form: localePath(locale, '/complaints/new/'),
    followUp: localePath(locale, '/complaints/follow-up/'),
    list: localePath(locale, '/complaints/'),
  });
  async function render(locale: PageLocale, title: StringKey, body: ReactElement): Promise<string | null> {
    const shell = await frame(locale);
    if (!shell) return null;
    const t = translator(locale);
    return shell
      .replaceAll(complaintFrameMarks.title, escapeHtml(t(title)))
      .replace(complaintFrameMarks.body, () => renderToStaticMarkup(body));
  }
  return {
    form: (locale, view) =>
      render(
        locale,
        'complaintForm.title',
        createElement(ComplaintForm, { t: translator(locale), paths: paths(locale), ...view }),
      ),
    filed: (locale, view) =>
      render(
        locale,
        'complaintFiled.title',
        createElement(ComplaintFiled, {
          t: translator(locale),
          paths: paths(locale),
          view,
          due: formatDate(`${view.dueOn}T12:00:00+08:00`, locale),
        }),
      ),
    followUp: (locale, view) =>
      render(
        locale,
        'followUp.title',
        createElement(FollowUpForm, { t: translator(locale), paths: paths(locale), view }),
      ),
  };
}
