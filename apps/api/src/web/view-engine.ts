import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import hbs from 'hbs';
import { fieldLabel, reasonText } from './error-page';
import { formatDateTime, formatDay, formatNumber } from './format';
import { Lang, translate } from './i18n';

interface HelperOptions {
  data?: { root?: { lang?: Lang } };
}

const VIEWS = join(__dirname, '..', '..', 'views');

/**
 * Handlebars pages: views/layouts/main.hbs wraps every page; helpers only format. Compiled templates are cached
 * except in development (Express would decide from process.env.NODE_ENV, which the app's config does not set:
 * without the cache every request read, parsed and compiled its template and the layout again).
 */
export function setUpViews(app: NestExpressApplication, options: { cache: boolean }): void {
  const instance = hbs.create();
  instance.registerPartials(join(VIEWS, 'partials'));
  instance.registerHelper('t', (key: string, options: HelperOptions) =>
    translate(options.data?.root?.lang ?? 'vi', key),
  );
  instance.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  const langOf = (options: HelperOptions): Lang => options.data?.root?.lang ?? 'vi';
  // Dates and numbers the page language's way (web/format.ts): {{date instant}}, {{dayText yyyy-mm-dd}}, {{numText 1791}}.
  instance.registerHelper('date', (value: Date | string | null, options: HelperOptions) =>
    value ? formatDateTime(langOf(options), value) : '—',
  );
  instance.registerHelper('dayText', (value: Date | string | null, options: HelperOptions) =>
    value ? formatDay(langOf(options), value) : '—',
  );
  instance.registerHelper('numText', (value: unknown, options: HelperOptions) => formatNumber(langOf(options), value));
  // Form problems: a field by its label, a validator's reason in the page language.
  instance.registerHelper('fieldLabel', (field: string, options: HelperOptions) => fieldLabel(langOf(options), field));
  instance.registerHelper('reasonText', (reason: string, options: HelperOptions) =>
    typeof reason === 'string' ? reasonText(langOf(options), reason).text : '',
  );
  app.engine('hbs', instance.__express);
  app.setBaseViewsDir(VIEWS);
  app.setViewEngine('hbs');
  app.set('view options', { layout: 'layouts/main' });
  app.set('view cache', options.cache);
  const publicDir = join(__dirname, '..', '..', 'public');
  app.useStaticAssets(publicDir, { prefix: '/static/', maxAge: '7d', index: false });
  // Browsers ask for /favicon.ico on every page: answer it instead of a 404.
  app.use('/favicon.ico', (req: Request, res: Response, next: NextFunction) =>
    req.method === 'GET' || req.method === 'HEAD'
      ? res.sendFile(join(publicDir, 'favicon.ico'), { maxAge: '7d' })
      : next(),
  );
}
