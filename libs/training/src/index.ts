export * from './training.module';
export * from './external/external-training.dto';
export { ExternalTrainingService } from './external/external-training.service';
export { countingExternalRecords, countsOn, externalRecordPeriods } from './external/counting-external-records';
export { EVIDENCE_TYPES, EvidenceTypeError, EvidenceUpload, MAX_EVIDENCE_BYTES } from './external/evidence';
export { DemoExternalTrainingReport, DemoExternalTrainingSeeder } from './external/demo-external-training.seeder';
// in-person sessions and attendance
export * from './sessions';
