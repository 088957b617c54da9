import { Writable } from 'node:stream';
import { Logger } from '@nestjs/common';
import pino from 'pino';
import { PinoNestLogger } from './logger';

function capture(): { logger: PinoNestLogger; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = new PinoNestLogger(pino({ level: 'trace' }, sink));
  return {
    logger,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('PinoNestLogger', () => {
  it('logs fields with a message the way a named Nest Logger calls it: (fields, message, context)', () => {
    const { logger, lines } = capture();
    logger.log({ enrolled: 3 }, 'demo course loaded', 'DemoCourseSeeder');
    expect(lines()).toEqual([
      expect.objectContaining({ msg: 'demo course loaded', enrolled: 3, context: 'DemoCourseSeeder', level: 30 }),
    ]);
    expect(lines()[0]).not.toHaveProperty('stack');
  });

  it("keeps Nest's error(message, stack, context) convention", () => {
    const { logger, lines } = capture();
    logger.error('boom', 'Error: boom\n    at x', 'Ctx');
    expect(lines()).toEqual([expect.objectContaining({ msg: 'boom', stack: 'Error: boom\n    at x', context: 'Ctx' })]);
  });

  it('logs a plain message with its context', () => {
    const { logger, lines } = capture();
    logger.warn('slow', 'Ctx');
    expect(lines()).toEqual([expect.objectContaining({ msg: 'slow', context: 'Ctx', level: 40 })]);
  });

  it('is what a Nest Logger instance writes through', () => {
    const { logger, lines } = capture();
    Logger.overrideLogger(logger);
    new Logger('Named').log({ n: 1 }, 'done');
    Logger.overrideLogger(false);
    expect(lines()).toEqual([expect.objectContaining({ msg: 'done', n: 1, context: 'Named' })]);
  });
});
