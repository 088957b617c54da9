/** The job that delivers outbox rows over SMTP. */
export const DELIVER_MAIL_JOB = 'mail.deliver';
/** Outbox ids per delivery job (the payload stays under the 4 KB limit of the jobs library). */
export const MAIL_IDS_PER_JOB = 50;
/** Attempts per delivery job before it fails; the sweep gives a failed message fresh ones. */
export const DELIVERY_JOB_ATTEMPTS = 5;
/** Base of the backoff between attempts: 30 s, 90 s, 210 s, 450 s. */
export const DELIVERY_BACKOFF_MS = 30_000;
/** After this many SMTP attempts in all, a message is left unsent (its last error stays on the outbox page). */
export const MAX_SMTP_ATTEMPTS = 15;
/** The sweep sends only messages younger than this: older ones are stale (links expire, due dates pass). */
export const SWEEP_MAX_AGE_HOURS = 72;
/** The sweep leaves messages to their own job (dispatched after commit) for its whole backoff (~13 min). */
export const SWEEP_MIN_AGE_SECONDS = 15 * 60;
/** How often the sweep looks for unsent messages whose job gave up or never existed. */
export const SWEEP_INTERVAL_MS = 10 * 60_000;
/** Messages the sweep hands over per pass. */
export const SWEEP_BATCH = 500;
/** Longest error kept on outbox_message.last_error (the column is varchar(500)). */
export const MAX_MAIL_ERROR_LENGTH = 500;
