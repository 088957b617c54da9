export * from './org.module';
export * from './access/policy';
export * from './access/sql-fragments';
export * from './access/sql-fragments';
export * from './units/dto/unit.dto';
export * from './units/org-units.service';
export type { CommuneMatch } from './units/org-unit.repository';
export * from './units/unit-type';
export * from './units/unit-place';
export * from './roles/dto/role.dto';
export * from './roles/roles.service';
export * from './units/dto/unit-change.dto';
export * from './units/unit-history.service';
export * from './units/official/official-list';
export * from './units/official/official-units-loader';
export * from './units/official/official-units.service';
export * from './people/dto/person.dto';
export * from './people/people.service';
export * from './people/dto/person-change.dto';
export * from './people/person-changes.service';
export * from './people/contact-policy';
export * from './people/roster-hooks';
export * from './people/import/parse-roster';
export * from './people/import/validate-row';
export * from './people/import/roster-writer';
export * from './people/import/roster-columns';
export * from './people/import/roster-problems';
export { detectRosterFileKind, RosterFileKind } from './people/import/decode';
export { Gender, GENDER_LABELS, STATUS_LABELS } from './people/import/roster-values';
export * from './seed/vietnamese-names';
export * from './headcounts/dto/headcount.dto';
export * from './headcounts/headcounts.service';
export * from './people/import-jobs';
export * from './seed/roster-seeder';
export { isSeedSize, SEED_PROFILES, SEED_SIZES, SeedSize } from './seed/seed-size';
export { stableUuid } from './seed/stable-uuid';
export type { SeedPlan } from './seed/unit-plan';
export { DemoRoster, type DemoPerson } from './seed/demo-roster';
export * from './changes/roster-change';
export { RosterChangeLog } from './changes/roster-change-log';
export {
  RosterChangeFeed,
  ROSTER_CHANGES_READ_JOB,
  type RosterChangeConsumer,
  RosterChangesReadPayload,
  skipRosterChangesToEnd,
} from './changes/roster-change-feed';
export {
  ROSTER_CHANGES_EVERY_MS,
  ROSTER_CHANGES_SCHEDULE,
  RosterChangeSchedule,
  rosterChangesKey,
} from './changes/roster-change.schedule';
export * from './units/restructure';
export {
  PEOPLE_COUNTS_CONSUMER,
  PEOPLE_COUNTS_EVERY_MS,
  PEOPLE_COUNTS_SCHEDULE,
  UnitPeopleCountUpkeep,
} from './units/people-counts/unit-people-count-upkeep';
export { type UnitPeople, UnitPeopleCountsService } from './units/people-counts/unit-people-counts.service';
