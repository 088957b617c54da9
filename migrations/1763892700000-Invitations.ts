import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts for people: invitations to activate an account for a person on the roster, an outbox of e-mails
 * waiting to be sent, and the per-IP count of public self-registrations.
 */
export class Invitations1763892700000 implements MigrationInterface {
  name = 'Invitations1763892700000';

  async up(q: QueryRunner): Promise<void> {
    // Only the SHA-256 of the token is stored: a leaked table yields no usable activation link.
    // created_by has no foreign key, like the audit log: factories and scripts act as a system actor.
    await q.query(`CREATE TABLE account_invitation (
      id uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT pk_account_invitation PRIMARY KEY,
      person_id uuid NOT NULL CONSTRAINT fk_account_invitation_person_id REFERENCES person(id) ON DELETE CASCADE,
      token_hash char(64) NOT NULL,
      created_by uuid,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      revoked_at timestamptz,
      CONSTRAINT ck_account_invitation_expires_at CHECK (expires_at > created_at),
      CONSTRAINT ck_account_invitation_used_or_revoked CHECK (used_at IS NULL OR revoked_at IS NULL)
    )`);
    await q.query(`CREATE UNIQUE INDEX uq_account_invitation_token_hash ON account_invitation (token_hash)`);
    // At most one open invitation per person: re-inviting revokes the previous one in the same transaction.
    await q.query(`CREATE UNIQUE INDEX uq_account_invitation_person_id_open ON account_invitation (person_id)
      WHERE used_at IS NULL AND revoked_at IS NULL`);
    await q.query(`CREATE INDEX idx_account_invitation_person_id ON account_invitation (person_id, created_at)`);

    // E-mails written in the transaction that decided to send them; a sender delivers and stamps sent_at.
    await q.query(`CREATE TABLE outbox_message (
      id uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT pk_outbox_message PRIMARY KEY,
      kind varchar(40) NOT NULL,
      to_address varchar(254) NOT NULL,
      subject varchar(200) NOT NULL,
      body_text text NOT NULL,
      created_at timestamptz NOT NULL,
      sent_at timestamptz,
      attempts int NOT NULL DEFAULT 0,
      last_error varchar(500)
    )`);
    await q.query(`CREATE INDEX idx_outbox_message_unsent ON outbox_message (created_at) WHERE sent_at IS NULL`);

    // One row per public registration (or probe of a taken e-mail/login), counted per IP over the last hour.
    await q.query(`CREATE TABLE registration_attempt (
      id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_registration_attempt PRIMARY KEY,
      ip varchar(64) NOT NULL,
      at timestamptz NOT NULL,
      outcome varchar(20) NOT NULL CONSTRAINT ck_registration_attempt_outcome CHECK (outcome IN ('registered','conflict'))
    )`);
    await q.query(`CREATE INDEX idx_registration_attempt_ip_at ON registration_attempt (ip, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE registration_attempt`);
    await q.query(`DROP TABLE outbox_message`);
    await q.query(`DROP TABLE account_invitation`);
  }
}
