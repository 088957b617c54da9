import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** What the test SMTP server does with the next messages. */
export type SmtpMode = 'accept' | 'tempfail' | 'reject';

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  raw: string;
}

export interface TestSmtpServer {
  url: string;
  received: ReceivedMail[];
  mode: SmtpMode;
  close(): Promise<void>;
}

const smtpError = (message: string, responseCode: number): Error => Object.assign(new Error(message), { responseCode });

/**
 * A real SMTP server (smtp-server) on a random local port, keeping what it accepts. `mode` 'tempfail' answers
 * 451 after DATA (try again later), 'reject' refuses the recipient with 550 (for good).
 */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const state: TestSmtpServer = { url: '', received: [], mode: 'accept', close: async () => undefined };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (state.mode === 'reject') return callback(smtpError('5.1.1 mailbox unavailable', 550));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (d: Buffer) => chunks.push(d));
      stream.on('end', () => {
        if (state.mode === 'tempfail') return callback(smtpError('4.3.0 try again later', 451));
        const raw = Buffer.concat(chunks).toString('latin1');
        state.received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: decodeHeader(headerOf(raw, 'subject')),
          text: decodeBody(raw),
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  state.url = `smtp://127.0.0.1:${port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}

/** A header of a raw message, unfolded, undecoded ('' when absent). */
export function headerOf(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line ? line.slice(name.length + 1).trim() : '';
}

const ENCODED_WORD = /=\?utf-8\?([bq])\?([^?]*)\?=/gi;
const qBytes = (s: string): Buffer =>
  Buffer.from(
    s.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  );

/** Decodes RFC 2047 encoded words (UTF-8, B or Q); adjacent words join without the space between them. */
export function decodeHeader(value: string): string {
  const joined = value.replace(/(\?=)\s+(?==\?utf-8\?)/gi, '$1');
  return joined.replace(/(?:=\?utf-8\?[bq]\?[^?]*\?=)+/gi, (run) => {
    const bytes = [...run.matchAll(ENCODED_WORD)].map((m) =>
      m[1].toLowerCase() === 'b' ? Buffer.from(m[2], 'base64') : qBytes(m[2]),
    );
    return Buffer.concat(bytes).toString('utf8');
  });
}

/** The text of a single-part message, transfer-decoded (quoted-printable, base64, or 7/8 bit). */
export function decodeBody(raw: string): string {
  const at = raw.search(/\r?\n\r?\n/);
  const body = raw.slice(at).replace(/^\r?\n\r?\n/, '');
  const encoding = headerOf(raw, 'content-transfer-encoding').toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return qBytes(body.replace(/=\r?\n/g, '').replace(/_/g, '=5F')).toString('utf8');
  return Buffer.from(body, 'latin1').toString('utf8');
}
