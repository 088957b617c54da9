import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { createTransport } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { AppConfig } from '@app/common';

/** What the SMTP server said when it refused a message (nodemailer's error fields). */
export interface SmtpError extends Error {
  responseCode?: number;
}

/**
 * The SMTP client: nodemailer on SMTP_URL, created on first use, with a small connection pool (reminders go out
 * by the thousand; `?pool=false` in the URL turns it off). Timeouts are short because a delivery attempt holds
 * its outbox row locked while it talks to the server.
 */
@Injectable()
export class SmtpTransport implements OnApplicationShutdown {
  private transport: Mail | null = null;

  constructor(private readonly config: AppConfig) {}

  get configured(): boolean {
    return this.config.smtpUrl !== null;
  }

  async send(message: { to: string; subject: string; text: string }): Promise<void> {
    if (!this.config.smtpUrl) throw new Error('SMTP_URL is not configured');
    this.transport ??= createTransport(
      {
        url: this.config.smtpUrl,
        pool: true,
        maxConnections: 2,
        connectionTimeout: 15_000,
        greetingTimeout: 15_000,
        socketTimeout: 60_000,
      },
      { from: this.config.mailFrom },
    );
    await this.transport.sendMail({ to: message.to, subject: message.subject, text: message.text });
  }

  onApplicationShutdown(): void {
    this.transport?.close();
    this.transport = null;
  }
}
