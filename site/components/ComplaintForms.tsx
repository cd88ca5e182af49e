/**
 * The complaint form, its confirmation and the complainant's follow-up form, rendered on the
 * server into the complaint frame (site/server/complaint-pages.ts). Plain HTML forms: they work
 * without JavaScript, in large type, and say what to fix next to the field.
 */
import type {
  ComplaintFormValues,
  ComplaintPages,
  FieldRefusal,
  FormNotice,
} from '../../api/contract/complaint.ts';
import { complaintCategories, complaintLimits } from '../../api/domain/events.ts';
import type { StringKey, T } from '../lib/strings.ts';

interface Shared {
  t: T;
  /** Where the forms post and the pages link, in the page's language. */
  paths: { form: string; followUp: string; list: string };
}

function FieldError({ t, id, refusal }: { t: T; id: string; refusal?: FieldRefusal }) {
  if (!refusal) return null;
  return (
    <p className="field-error" id={`${id}-error`}>
      {t(`complaintForm.error.${refusal}` as StringKey)}
    </p>
  );
}

const described = (id: string, hint: boolean, refusal?: FieldRefusal) => {
  const ids = [hint ? `${id}-hint` : '', refusal ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { 'aria-describedby': ids || undefined, 'aria-invalid': refusal ? true : undefined };
};

export function ComplaintForm({
  t,
  paths,
  values,
  errors,
  challenge,
  notice,
}: Shared & {
  values: ComplaintFormValues;
  errors: Record<string, FieldRefusal>;
  challenge: string;
  notice?: FormNotice;
}) {
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <>
      <h1>{t('complaintForm.title')}</h1>
      <p className="lede">{t('complaintForm.lede')}</p>
      {notice && (
        <p className="notice" role="alert">
          {t(`complaintForm.notice.${notice}` as StringKey)}
        </p>
      )}
      {hasErrors && (
        <p className="notice" role="alert">
          {t('complaintForm.fix')}
        </p>
      )}
      <form method="post" action={paths.form} className="complaint-form" acceptCharset="utf-8">
        <input type="hidden" name="challenge" value={challenge} />
        <div className="field">
          <label htmlFor="cf-about">{t('complaintForm.about')}</label>
          <p className="hint" id="cf-about-hint">
            {t('complaintForm.aboutHint')}
          </p>
          <input
            id="cf-about"
            name="about"
            required
            maxLength={64}
            defaultValue={values.about ?? ''}
            autoComplete="off"
            {...described('cf-about', true, errors.about)}
          />
          <FieldError t={t} id="cf-about" refusal={errors.about} />
        </div>
        <fieldset className="field" {...described('cf-category', false, errors.category)}>
          <legend>{t('complaintForm.category')}</legend>
          {complaintCategories.map((c, i) => (
            <label key={c} className="choice">
              <input
                type="radio"
                name="category"
                value={c}
                required={i === 0}
                defaultChecked={(values.category ?? 'not_received') === c}
              />{' '}
              {t(`complaints.category.${c}` as StringKey)}
            </label>
          ))}
          <FieldError t={t} id="cf-category" refusal={errors.category} />
        </fieldset>
        <div className="field">
          <label htmlFor="cf-summary">{t('complaintForm.summary')}</label>
          <p className="hint" id="cf-summary-hint">
            {t('complaintForm.summaryHint', { n: complaintLimits.summary })}
          </p>
          <input
            id="cf-summary"
            name="summary"
            required
            maxLength={complaintLimits.summary}
            defaultValue={values.summary ?? ''}
            {...described('cf-summary', true, errors.summary)}
          />
          <FieldError t={t} id="cf-summary" refusal={errors.summary} />
        </div>
        <div className="field">
          <label htmlFor="cf-text">{t('complaintForm.text')}</label>
          <p className="hint" id="cf-text-hint">
            {t('complaintForm.textHint')}
          </p>
          <textarea
            id="cf-text"
            name="text"
            rows={8}
            maxLength={complaintLimits.text}
            defaultValue={values.text ?? ''}
            {...described('cf-text', true, errors.text)}
          />
          <FieldError t={t} id="cf-text" refusal={errors.text} />
        </div>
        <div className="field">
          <label htmlFor="cf-contact">{t('complaintForm.contact')}</label>
          <p className="hint" id="cf-contact-hint">
            {t('complaintForm.contactHint')}
          </p>
          <input
            id="cf-contact"
            name="contact"
            maxLength={complaintLimits.contact}
            defaultValue={values.contact ?? ''}
            autoComplete="email"
            {...described('cf-contact', true, errors.contact)}
          />
          <FieldError t={t} id="cf-contact" refusal={errors.contact} />
        </div>
        <p className="hint">{t('complaintForm.privacy')}</p>
        <button type="submit">{t('complaintForm.submit')}</button>
      </form>
      <p>
        <a href={paths.list}>{t('complaints.allLink')}</a>
      </p>
    </>
  );
}

export function ComplaintFiled({
  t,
  paths,
  view,
  due,
}: Shared & { view: Parameters<ComplaintPages['filed']>[1]; due: string }) {
  return (
    <>
      <h1>{t('complaintFiled.title')}</h1>
      <p className="lede" role="status">
        {t('complaintFiled.lede', { id: view.id, about: view.about })}
      </p>
      <div className="follow-up-code">
        <p>{t('complaintFiled.code')}</p>
        <p>
          <strong id="follow-up-code">{view.followUpCode}</strong>
        </p>
        <p className="hint">{t('complaintFiled.keep')}</p>
      </div>
      <p>{t('complaintFiled.due', { date: due })}</p>
      <ul>
        <li>
          <a href={paths.list}>{t('complaints.allLink')}</a>
        </li>
        <li>
          <a href={`${paths.followUp}?id=${encodeURIComponent(view.id)}`}>{t('complaintFiled.followUp')}</a>
        </li>
      </ul>
    </>
  );
}

export function FollowUpForm({
  t,
  paths,
  view,
}: Shared & { view: Parameters<ComplaintPages['followUp']>[1] }) {
  const { values, errors, notice } = view;
  if (view.done)
    return (
      <>
        <h1>{t('followUp.title')}</h1>
        <p className="lede" role="status">
          {t('followUp.done', { id: values.id ?? '' })}
        </p>
        <p>
          <a href={paths.list}>{t('complaints.allLink')}</a>
        </p>
      </>
    );
  return (
    <>
      <h1>{t('followUp.title')}</h1>
      <p className="lede">{t('followUp.lede')}</p>
      {notice && (
        <p className="notice" role="alert">
          {t(`followUp.notice.${notice}` as StringKey)}
        </p>
      )}
      <form method="post" action={paths.followUp} className="complaint-form" acceptCharset="utf-8">
        <div className="field">
          <label htmlFor="fu-id">{t('followUp.id')}</label>
          <input
            id="fu-id"
            name="id"
            required
            maxLength={32}
            defaultValue={values.id ?? ''}
            {...described('fu-id', false, errors.id)}
          />
          <FieldError t={t} id="fu-id" refusal={errors.id} />
        </div>
        <div className="field">
          <label htmlFor="fu-code">{t('followUp.code')}</label>
          <input
            id="fu-code"
            name="code"
            required
            maxLength={40}
            autoComplete="off"
            defaultValue={values.code ?? ''}
            {...described('fu-code', false, errors.code)}
          />
          <FieldError t={t} id="fu-code" refusal={errors.code} />
        </div>
        <fieldset className="field" {...described('fu-resolved', false, errors.resolved)}>
          <legend>{t('followUp.resolved')}</legend>
          {(['yes', 'no'] as const).map((v) => (
            <label key={v} className="choice">
              <input
                type="radio"
                name="resolved"
                value={v}
                required={v === 'yes'}
                defaultChecked={values.resolved === v}
              />{' '}
              {t(`followUp.resolved.${v}` as StringKey)}
            </label>
          ))}
          <FieldError t={t} id="fu-resolved" refusal={errors.resolved} />
        </fieldset>
        <div className="field">
          <label htmlFor="fu-text">{t('followUp.text')}</label>
          <textarea id="fu-text" name="text" rows={5} maxLength={4000} defaultValue={values.text ?? ''} />
          <FieldError t={t} id="fu-text" refusal={errors.text} />
        </div>
        <button type="submit">{t('followUp.submit')}</button>
      </form>
    </>
  );
}
