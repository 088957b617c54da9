import { Injectable } from '@nestjs/common';
import { AuditService } from '@app/audit';
import { Actor } from '@app/common';
import { Policy } from '../access/policy';
import { OrgUnitsService } from '../units/org-units.service';
import { PersonListItemResponse, PersonResponse } from './dto/person.dto';

/** A person as read from the database, contact details and birth date included. */
export type StoredPerson = PersonListItemResponse & Pick<PersonResponse, 'email' | 'phone' | 'birthDate'>;

/** The person without e-mail, phone and birth date: what every list carries, whoever asks. */
export function withoutContact(p: PersonListItemResponse): PersonListItemResponse {
  return {
    id: p.id,
    employeeCode: p.employeeCode,
    fullName: p.fullName,
    unitId: p.unitId,
    unitName: p.unitName,
    unitPlace: p.unitPlace,
    roleIds: p.roleIds,
    positionTitle: p.positionTitle,
    gender: p.gender,
    status: p.status,
    accountId: p.accountId,
  };
}

/**
 * The one contact-data rule (docs/SECURITY.md), for the API and the pages alike:
 * - lists (GET /api/v1/people, /people) never carry e-mail, phone or birth date: `withoutContact`;
 * - one person's detail shows them only to an admin or organiser whose scope covers the person's unit
 *   (`canSeeContact`), never to an agency, and each such view is written to the audit log first (`detailFor`);
 * - reading contact details in bulk goes through the audited roster export, with a purpose.
 */
@Injectable()
export class ContactPolicy {
  constructor(
    private readonly units: OrgUnitsService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Who may read a person's e-mail, phone and birth date: those who manage the person's unit (Policy.ContactRead:
   * admin or organiser over a scope holding it). Agencies never.
   */
  canSeeContact(actor: Actor, unitId: string | null): Promise<boolean> {
    if (!unitId) return Promise.resolve(false);
    return this.units.canActOn(actor, unitId, Policy.ContactRead);
  }

  /**
   * One person as this actor may see them. With contact details, the view is audited ('person.contact_view': who,
   * the person) before they are returned: if the entry cannot be written, the request fails and shows nothing.
   */
  async detailFor(actor: Actor, person: StoredPerson): Promise<PersonResponse> {
    if (!(await this.canSeeContact(actor, person.unitId))) return { ...withoutContact(person), contactShown: false };
    await this.audit.record(
      { action: 'person.contact_view', entity: 'person', entityId: person.id, details: { unitId: person.unitId } },
      { actor },
    );
    return withContact(person);
  }

  /**
   * The person just created, returned to the manager who typed the details (the write is audited as
   * 'person.create'): nothing they did not send is disclosed, so it is not a view. Only for that response.
   */
  asWritten(person: StoredPerson): PersonResponse {
    return withContact(person);
  }
}

const withContact = (p: StoredPerson): PersonResponse => ({
  ...withoutContact(p),
  contactShown: true,
  email: p.email,
  phone: p.phone,
  birthDate: p.birthDate,
});
