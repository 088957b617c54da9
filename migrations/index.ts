import { Extensions1763892000000 } from './1763892000000-Extensions';
import { AuditLog1763892100000 } from './1763892100000-AuditLog';
import { OrgUnits1763892200000 } from './1763892200000-OrgUnits';
import { JobRun1763892300000 } from './1763892300000-JobRun';
import { Identity1763892400000 } from './1763892400000-Identity';
import { Roster1763892500000 } from './1763892500000-Roster';
import { RosterImport1763892600000 } from './1763892600000-RosterImport';
import { Invitations1763892700000 } from './1763892700000-Invitations';
import { Learning1763892800000 } from './1763892800000-Learning';
import { CourseFileDuration1764900030000 } from './1764900030000-CourseFileDuration';
import { JobRunUnit1764900050000 } from './1764900050000-JobRunUnit';
import { AccountTokensValidAfter1764900050100 } from './1764900050100-AccountTokensValidAfter';
import { LoginLockout1764900050200 } from './1764900050200-LoginLockout';
import { Exams1764900080000 } from './1764900080000-Exams';
import { RosterChangeLog1764900120000 } from './1764900120000-RosterChangeLog';
import { QuestionImports1764900130000 } from './1764900130000-QuestionImports';
import { ExamContests1765047310000 } from './1765047310000-ExamContests';
import { QuestionStats1765047320000 } from './1765047320000-QuestionStats';
import { Certificates1765100000000 } from './1765100000000-Certificates';
import { TrainingChangeKinds1765200000000 } from './1765200000000-TrainingChangeKinds';
import { TrainingSessions1765200100000 } from './1765200100000-TrainingSessions';
import { ExternalTraining1765200200000 } from './1765200200000-ExternalTraining';
import { Coverage1765200300000 } from './1765200300000-Coverage';
import { VietnameseCollation1765200400000 } from './1765200400000-VietnameseCollation';
import { Exports1765200500000 } from './1765200500000-Exports';
import { UnitAdminCode1765300100000 } from './1765300100000-UnitAdminCode';
import { RestructurePlans1765300200000 } from './1765300200000-RestructurePlans';
import { OpenData1765300500000 } from './1765300500000-OpenData';
import { StatutoryReports1765300600000 } from './1765300600000-StatutoryReports';
import { RosterPages1765300300000 } from './1765300300000-RosterPages';
import { UnitPages1765300700000 } from './1765300700000-UnitPages';
import { UnitPeopleCounts1765300900000 } from './1765300900000-UnitPeopleCounts';
import { UnitFormedFrom1765301000000 } from './1765301000000-UnitFormedFrom';

/** Every migration, oldest first. Listed explicitly so the app, the CLI and the tests load the same set. */
export const MIGRATIONS = [
  Extensions1763892000000,
  AuditLog1763892100000,
  OrgUnits1763892200000,
  JobRun1763892300000,
  Identity1763892400000,
  Roster1763892500000,
  RosterImport1763892600000,
  Invitations1763892700000,
  Learning1763892800000,
  CourseFileDuration1764900030000,
  JobRunUnit1764900050000,
  AccountTokensValidAfter1764900050100,
  LoginLockout1764900050200,
  Exams1764900080000,
  RosterChangeLog1764900120000,
  QuestionImports1764900130000,
  ExamContests1765047310000,
  QuestionStats1765047320000,
  Certificates1765100000000,
  TrainingChangeKinds1765200000000,
  TrainingSessions1765200100000,
  ExternalTraining1765200200000,
  Coverage1765200300000,
  VietnameseCollation1765200400000,
  Exports1765200500000,
  UnitAdminCode1765300100000,
  RestructurePlans1765300200000,
  OpenData1765300500000,
  StatutoryReports1765300600000,
  RosterPages1765300300000,
  UnitPages1765300700000,
  UnitPeopleCounts1765300900000,
  UnitFormedFrom1765301000000,
];
