/**
 * The complaint form, for browsers without JavaScript: the server renders the form with a fresh
 * challenge of the form's kind (no work, a few seconds' time lock), takes the form's POST
 * (application/x-www-form-urlencoded), files it through the same desk as the API, and answers
 * with a page: the confirmation with the follow-up code, or the form again, with what was typed,
 * saying what to fix. The complainant's say has its form too. Pages are never cached.
 */
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { z } from 'zod';
import type {
  ComplaintFormValues,
  ComplaintPages,
  FieldRefusal,
  FormNotice,
  PageLocale,
} from '../../contract/complaint.ts';
import { EventId } from '../../domain/events.ts';
import { Problem } from '../../domain/problems.ts';
import { illFormedText } from '../request-body.ts';
import { ComplaintDesk, ComplaintInput, complaintBodyBytes } from './desk.ts';

const formFields = ['about', 'category', 'summary', 'text', 'contact'] as const;

/** The form's text fields, trimmed; an empty optional field is no field. */
function valuesOf(body: Record<string, unknown>): ComplaintFormValues {
  const out: ComplaintFormValues = {};
  for (const f of formFields) {
    const v = body[f];
    if (typeof v === 'string' && v.trim() !== '') out[f] = f === 'summary' || f === 'about' ? v.trim() : v;
  }
  return out;
}

function refusalsOf(error: z.ZodError): Record<string, FieldRefusal> {
  const out: Record<string, FieldRefusal> = {};
  for (const i of error.issues) {
    const field = String(i.path[0] ?? 'summary');
    out[field] ??= i.code === 'too_big' ? 'too_long' : i.code === 'invalid_type' ? 'required' : 'invalid';
  }
  return out;
}

const challengeNotice = (p: Problem): FormNotice => {
  const why = p.fields[0]?.message;
  return why === 'expired' || why === 'too_soon' || why === 'invalid' ? why : 'used';
};

const noStore = (c: Context, secret = false) => {
  c.header('Cache-Control', secret ? 'private, no-store' : 'no-store');
  if (secret) {
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Robots-Tag', 'noindex');
  }
};

export function complaintForms(
  app: Hono,
  deps: { desk: ComplaintDesk; pages: ComplaintPages; clientAddress: (c: Context) => string },
): void {
  const { desk, pages } = deps;
  const limit = bodyLimit({
    maxSize: complaintBodyBytes,
    onError: (c) => c.text('A complaint may be at most 16 KiB.', 413),
  });
  const page = (c: Context, html: string | null, status: 200 | 201 | 403 | 404 | 409 | 413 | 422 | 429) =>
    html === null ? c.notFound() : c.html(html, status);

  for (const [prefix, locale] of [
    ['', 'zh-CN'],
    ['/en', 'en'],
  ] as const satisfies ReadonlyArray<readonly [string, PageLocale]>) {
    const form = (
      c: Context,
      values: ComplaintFormValues,
      status: 200 | 403 | 422 | 429,
      errors: Record<string, FieldRefusal> = {},
      notice?: FormNotice,
    ) => {
      noStore(c);
      return pages
        .form(locale, { values, errors, notice, challenge: desk.challenge('form').challenge })
        .then((html) => page(c, html, status));
    };

    app.get(`${prefix}/complaints/new`, (c) => c.redirect(`${prefix}/complaints/new/`, 301));
    app.get(`${prefix}/complaints/new/`, (c) => {
      const about = c.req.query('about');
      return form(c, about ? { about: about.slice(0, 64) } : {}, 200);
    });
    app.post(`${prefix}/complaints/new/`, limit, async (c) => {
      const body = (await c.req.parseBody()) as Record<string, unknown>;
      const values = valuesOf(body);
      const refused = await desk.admit(deps.clientAddress(c), 'complaint');
      if (refused) {
        c.header('Retry-After', String(refused.extra.retryAfter));
        return form(c, values, 429, {}, 'limited');
      }
      const bad = illFormedText(values);
      if (bad !== null) return form(c, values, 422, { [bad.path]: 'invalid' });
      const input = ComplaintInput.safeParse(values);
      if (!input.success) return form(c, values, 422, refusalsOf(input.error));
      try {
        const filed = await desk.file(input.data, String(body.challenge ?? ''));
        noStore(c, true);
        return page(c, await pages.filed(locale, { ...filed, about: input.data.about }), 201);
      } catch (e) {
        if (!(e instanceof Problem)) throw e;
        if (e.type === 'challenge-refused') return form(c, values, 403, {}, challengeNotice(e));
        if (e.type === 'unknown-reference' || e.type === 'validation')
          return form(c, values, 422, {
            [e.fields[0]?.path ?? 'about']: e.type === 'validation' ? 'invalid' : 'unknown',
          });
        throw e;
      }
    });

    const followUp = (
      c: Context,
      view: Parameters<ComplaintPages['followUp']>[1],
      status: 200 | 201 | 403 | 404 | 409 | 422 | 429,
    ) => {
      noStore(c, true);
      return pages.followUp(locale, view).then((html) => page(c, html, status));
    };
    app.get(`${prefix}/complaints/follow-up`, (c) => c.redirect(`${prefix}/complaints/follow-up/`, 301));
    app.get(`${prefix}/complaints/follow-up/`, (c) =>
      followUp(c, { values: { id: c.req.query('id')?.slice(0, 32) }, errors: {} }, 200),
    );
    app.post(`${prefix}/complaints/follow-up/`, limit, async (c) => {
      const body = (await c.req.parseBody()) as Record<string, unknown>;
      const text = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : undefined);
      const values = {
        id: text('id')?.trim(),
        code: text('code')?.trim(),
        resolved: text('resolved'),
        text: text('text'),
      };
      const refused = await desk.admit(deps.clientAddress(c), 'feedback');
      if (refused) return followUp(c, { values, errors: {}, notice: 'limited' }, 429);
      const errors: Record<string, FieldRefusal> = {};
      if (!values.id || !EventId.safeParse(values.id).success) errors.id = values.id ? 'invalid' : 'required';
      if (!values.code) errors.code = 'required';
      if (values.resolved !== 'yes' && values.resolved !== 'no') errors.resolved = 'required';
      if ((values.text?.length ?? 0) > 4000) errors.text = 'too_long';
      if (values.text && illFormedText(values.text) !== null) errors.text = 'invalid';
      if (Object.keys(errors).length) return followUp(c, { values, errors }, 422);
      try {
        await desk.feedback(
          values.id!,
          values.code!,
          values.resolved === 'yes',
          values.text?.trim() || undefined,
        );
        return followUp(c, { values: { id: values.id }, errors: {}, done: true }, 201);
      } catch (e) {
        if (!(e instanceof Problem)) throw e;
        if (e.type === 'forbidden') return followUp(c, { values, errors: {}, notice: 'refused' }, 403);
        if (e.type === 'conflict') return followUp(c, { values, errors: {}, notice: 'not_answered' }, 409);
        throw e;
      }
    });
  }
}
