import { Actor, hasPermission, Permission } from '@app/common';

/**
 * The access vocabulary: what a caller wants to do, by name. Every check of "may this actor do X (over this
 * subtree)?" names a policy instead of listing permissions, so that who may do X is written once, here.
 *
 * A policy admits some permissions; an actor is admitted when one of their grants carries one of them, and the
 * policy's scopes are those grants' scope units (scopesFor). Whether a unit lies inside those scopes is
 * OrgUnitsService.canActOn(actor, unitId, policy); in SQL, inSubtree (./sql-fragments).
 */
export enum Policy {
  /** The unit tree, the people on the roster and the headcounts: read. Learners read courses, not the roster. */
  RosterRead = 'roster.read',
  /** People (create, move, status), headcount declarations, roster imports and the roster export; new units. */
  RosterWrite = 'roster.write',
  /** Rename, move, merge, split, close a unit: for the level above it (OrgUnitsService.canRestructure). */
  UnitRestructure = 'unit.restructure',
  /** A person's e-mail, phone and birth date (ContactPolicy). Agencies never. */
  ContactRead = 'contact.read',
  /** Courses, their versions, modules, lessons, files, and the exams of a course. */
  CourseAuthor = 'course.author',
  /** Assign a course to a subtree × roles, cancel an assignment. */
  AssignmentManage = 'assignment.manage',
  /** Assignments and their progress. */
  AssignmentRead = 'assignment.read',
  /** Accounts (learner and organiser grants) and invitations. */
  AccountManage = 'account.manage',
  /** Grant or remove the admin and agency permissions; unlock accounts. */
  AccountAdminister = 'account.administer',
  /** Change the role catalogue. */
  RoleCatalogueManage = 'role.catalogue.manage',
  /** The role catalogue: read (a learner picks a role at registration). */
  RoleCatalogueRead = 'role.catalogue.read',
  /** The jobs of one's subtrees. */
  JobsRead = 'jobs.read',
  /** The certificates of the people of one's subtrees: list, download, the bulk ZIP and the CSV list. */
  CertificateRead = 'certificate.read',
  /** Revoke or re-issue a certificate of one's subtree; a unit's issuing-authority settings. */
  CertificateManage = 'certificate.manage',
  /** The e-mail outbox (with a grant on the country unit: assertNationalAdmin). */
  OutboxRead = 'outbox.read',
  /** In-person training sessions of one's subtrees: create, edit, invite, take attendance, close it. */
  TrainingManage = 'training.manage',
  /** In-person training sessions of one's subtrees, their invitees and attendance: read. */
  TrainingRead = 'training.read',
  /** A second factor (TOTP) for accounts that read or change much: admins and agencies. */
  TotpEnrol = 'totp.enrol',
  /** Records of training done elsewhere of the people of one's subtrees: list, read, download the evidence. */
  TrainingRecordRead = 'training.record.read',
  /** Record training done elsewhere for a person of one's subtree; approve, reject or revoke such a record. */
  TrainingRecordManage = 'training.record.manage',
  /** Load the official administrative units (with a grant on the country unit: OfficialUnitsService). */
  OfficialUnitsLoad = 'units.official.load',
}

/** Which permissions each policy admits, in order of strength (the first one held is the one acted as). */
const ADMITS: Readonly<Record<Policy, readonly Permission[]>> = {
  [Policy.RosterRead]: [Permission.Admin, Permission.Organiser, Permission.Agency],
  [Policy.RosterWrite]: [Permission.Admin, Permission.Organiser],
  [Policy.UnitRestructure]: [Permission.Admin, Permission.Organiser],
  [Policy.ContactRead]: [Permission.Admin, Permission.Organiser],
  [Policy.CourseAuthor]: [Permission.Admin, Permission.Organiser],
  [Policy.AssignmentManage]: [Permission.Admin, Permission.Organiser],
  [Policy.AssignmentRead]: [Permission.Admin, Permission.Organiser, Permission.Agency],
  [Policy.AccountManage]: [Permission.Admin, Permission.Organiser],
  [Policy.AccountAdminister]: [Permission.Admin],
  [Policy.RoleCatalogueManage]: [Permission.Admin],
  [Policy.RoleCatalogueRead]: [Permission.Admin, Permission.Organiser, Permission.Agency, Permission.Learner],
  [Policy.JobsRead]: [Permission.Admin],
  [Policy.CertificateRead]: [Permission.Admin, Permission.Organiser, Permission.Agency],
  [Policy.CertificateManage]: [Permission.Admin, Permission.Organiser],
  [Policy.OutboxRead]: [Permission.Admin],
  [Policy.TrainingManage]: [Permission.Admin, Permission.Organiser],
  [Policy.TrainingRead]: [Permission.Admin, Permission.Organiser, Permission.Agency],
  [Policy.TotpEnrol]: [Permission.Admin, Permission.Agency],
  [Policy.TrainingRecordRead]: [Permission.Admin, Permission.Organiser, Permission.Agency],
  [Policy.TrainingRecordManage]: [Permission.Admin, Permission.Organiser],
  [Policy.OfficialUnitsLoad]: [Permission.Admin],
};

/** The permissions a policy admits (a copy: for route metadata and messages). */
export const permissionsOf = (policy: Policy): Permission[] => [...ADMITS[policy]];

/** True when the actor holds at least one grant the policy admits, anywhere. */
export const admits = (actor: Actor, policy: Policy): boolean => hasPermission(actor, ...ADMITS[policy]);

/** True when this one permission is admitted by the policy. */
export const policyAdmits = (policy: Policy, permission: Permission): boolean => ADMITS[policy].includes(permission);

/** The scope units (subtree roots) of the actor's grants that the policy admits, each once, in grant order. */
export const scopesFor = (actor: Actor, policy: Policy): string[] => [
  ...new Set(actor.grants.filter((g) => ADMITS[policy].includes(g.permission)).map((g) => g.scopeUnitId)),
];

/** The first grant the policy admits (for "default to my unit" forms), or undefined. */
export const firstScopeFor = (actor: Actor, policy: Policy): string | undefined => scopesFor(actor, policy)[0];
