import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';

/**
 * One pino logger per process: JSON lines with ids, never names or e-mails, on stdout. Written synchronously, as
 * Node writes its own stdout to files and pipes: a line is out before the next statement runs, so what the process
 * prints beside the log (the start banner, a failure line, on stderr) comes after the lines logged before it.
 */
export function createRootLogger(level: string): Logger {
  return pino(
    { level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime },
    pino.destination({ dest: 1, sync: true }),
  );
}

/** Adapts pino to Nest's LoggerService so `new Logger(X.name)` writes structured lines. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pinoLogger: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }

  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace', message: unknown, rest: unknown[]): void {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const fields: Record<string, unknown> = { context };
    const texts: string[] = [];
    for (const extra of rest) {
      if (extra && typeof extra === 'object') Object.assign(fields, extra);
      else if (typeof extra === 'string') texts.push(extra);
    }
    if (message && typeof message === 'object') {
      // logger.log({ ...fields }, 'what happened'): the string is the message.
      const msg = texts.join(' ');
      if (msg) this.pinoLogger[level]({ ...fields, ...message }, msg);
      else this.pinoLogger[level]({ ...fields, ...message });
      return;
    }
    // Nest's own convention: error(message, stack, context); other levels may pass more text.
    if (level === 'error' && texts.length > 0) fields.stack = texts.join('\n');
    const text = level === 'error' ? String(message) : [String(message), ...texts].join(' ');
    this.pinoLogger[level](fields, text);
  }
}
