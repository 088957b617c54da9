import type { Response } from 'express';
import { addMessages, Lang, translate } from './i18n';

/** A field problem shown on the confirmation page (the reason box refused, or the action refused). */
export interface ConfirmProblem {
  field: string;
  reason: string;
}

/**
 * One confirmation page for every destructive action (cancel, revoke, reject, archive, delete): GET shows what will
 * happen, with its counts, and a danger button; the form POSTs to the action. It works without JavaScript.
 */
export interface ConfirmPage {
  /** The page heading: the action ("Huỷ lần giao"). */
  title: string;
  /** What is acted on, one line ("Khoá học A · Xã B · hạn 31/12/2026"). */
  subject: string;
  /** What will happen, one sentence each, with counts ("1.791 người sẽ không còn được giao"). */
  consequences: string[];
  /** Where the form posts. */
  action: string;
  /** The danger button. */
  button: string;
  /** Where "Back" goes (nothing happens). */
  backHref: string;
  /** A required reason box, when the action records why. */
  reason?: { label: string; value: string };
  problems?: ConfirmProblem[];
}

addMessages('vi', {
  'confirm.back': 'Quay lại, không làm gì',
  'confirm.warning': 'Việc này sẽ:',
  'confirm.problem': 'Chưa thực hiện được',
});
addMessages('en', {
  'confirm.back': 'Go back, do nothing',
  'confirm.warning': 'This will:',
  'confirm.problem': 'Not done yet',
});

/** Renders views/web/confirm.hbs (the `confirm` partial) with the page language's words. */
export function renderConfirm(res: Response, page: ConfirmPage, status = 200): void {
  const lang: Lang = res.locals.lang === 'en' ? 'en' : 'vi';
  res.status(status).render('web/confirm', {
    ...page,
    backLabel: translate(lang, 'confirm.back'),
    problems: (page.problems ?? []).map((p) => ({
      ...p,
      label: p.field === 'reason' && page.reason ? page.reason.label : '',
    })),
  });
}
