import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import hbs from 'hbs';
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
  instance.registerHelper('date', (value: Date | string | null) =>
    value ? new Date(value).toISOString().replace('T', ' ').slice(0, 16) : '—',
  );
  app.engine('hbs', instance.__express);
  app.setBaseViewsDir(VIEWS);
  app.setViewEngine('hbs');
  app.set('view options', { layout: 'layouts/main' });
  app.set('view cache', options.cache);
  app.useStaticAssets(join(__dirname, '..', '..', 'public'), { prefix: '/static/', maxAge: '7d', index: false });
}
