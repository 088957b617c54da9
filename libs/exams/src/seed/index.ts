export * from './demo-exam.content';
export { DEMO_EXAM_OUTCOMES, DemoExamSeedReport } from './demo-exam.seed';
export { DemoExamSeeder } from './demo-exam.seeder';
