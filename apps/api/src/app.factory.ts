import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import compression from 'compression';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import type { Logger as PinoLogger } from 'pino';
import pinoHttp from 'pino-http';
import { AppConfig, Clock, PinoNestLogger } from '@app/common';
import { AppModule } from './app.module';
import { DomainErrorFilter } from './http/domain-error.filter';
import { buildOpenApiDocument } from './http/openapi';
import { requestId } from './http/request-context';
import { createValidationPipe, refuseDeepJson, SafeInputPipe } from './http/validation';
import { languageMiddleware } from './web/i18n';
import { setUpViews } from './web/view-engine';

export const BODY_LIMIT = '1mb';

/** Builds the HTTP application (used by main.ts and by the e2e tests). */
export async function createApp(config: AppConfig, logger: PinoLogger, clock?: Clock): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, clock), {
    logger: new PinoNestLogger(logger),
    bodyParser: false,
  });
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  app.use(requestId);
  app.use(
    pinoHttp({
      logger,
      genReqId: (req) => (req as unknown as { id: string }).id,
      // Ids only: no query strings (they may hold names) and no headers.
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          path: req.url.split('?')[0],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/static/') || (req.url ?? '').startsWith('/health') },
    }),
  );
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use(compression());
  app.use(cookieParser());
  // Nest's option type omits `verify` (it sets its own only for rawBody, which is off): passed through as is.
  const jsonOptions = { limit: BODY_LIMIT, strict: true, verify: refuseDeepJson };
  app.useBodyParser('json', jsonOptions);
  app.useBodyParser('urlencoded', { limit: BODY_LIMIT, extended: false });
  app.use(languageMiddleware);
  setUpViews(app, { cache: config.nodeEnv !== 'development' });
  app.useGlobalPipes(new SafeInputPipe(), createValidationPipe());
  app.useGlobalFilters(new DomainErrorFilter());
  app.enableShutdownHooks();

  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app, config.publicUrl), {
    jsonDocumentUrl: 'api/docs-json',
  });
  return app;
}
