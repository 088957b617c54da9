/**
 * Who may call an operation, in the words of the access policies (libs/org/src/access/policy.ts). A grant is a
 * permission over a scope unit's subtree (the unit and everything below it); "your subtree" means the subtrees of the
 * caller's grants that carry one of the named permissions.
 */
export const WHO = {
  rosterRead: 'Who: `admin`, `organiser` or `agency`, for units inside their subtree.',
  rosterWrite: 'Who: `admin` or `organiser`, for units inside their subtree.',
  restructure:
    'Who: `admin` or `organiser` with a grant on a unit above the one changed (the level above decides); an admin of ' +
    'the country root may change the root itself.',
  courseAuthor:
    "Who: `admin`, or an `organiser` over the course's owner unit (its subtree's authors); another subtree's course " +
    'answers 404.',
  assignmentRead: 'Who: `admin`, `organiser` or `agency`, for units inside their subtree.',
  assignmentManage: 'Who: `admin` or `organiser`, for units inside their subtree.',
  accountManage:
    'Who: `admin` (any account of their subtree) or `organiser` (learner and organiser accounts of their subtree); ' +
    'other accounts answer 404.',
  learner:
    'Who: any signed-in account linked to a person on the roster (a learner, or an organiser taking a course); an ' +
    'account with no person answers 403.',
  anyAccount: 'Who: any signed-in account.',
  certificateRead: 'Who: `admin`, `organiser` or `agency`, for people whose unit is inside their subtree.',
  certificateManage: 'Who: `admin` or `organiser`, for certificates and units inside their subtree.',
  trainingRead: 'Who: `admin`, `organiser` or `agency`, for sessions organised by a unit inside their subtree.',
  trainingManage: 'Who: `admin` or `organiser`, for sessions organised by a unit inside their subtree.',
  recordRead: "Who: the record's own person, or `admin`, `organiser` or `agency` over the person's unit.",
  recordManage: "Who: `admin` or `organiser` over the person's current unit (403 otherwise).",
  nationalAdmin: 'Who: `admin` with a grant on the country root unit (403 for anyone else).',
  admin: 'Who: `admin`, within their subtree.',
  public: 'Who: anyone; no login.',
} as const;

/** The 403 of a learner's operation called by an account with no person on the roster (LearnerAccess). */
export const NOT_ON_ROSTER =
  'your account is not linked to the roster (no person on the roster has this account): ask your training organiser to link it';
