export * from './demo.module';
export { DemoBootstrapService } from './demo-bootstrap.service';
export { createDemoAccounts, type DemoAccount } from './demo-accounts';
export { seedDemo, type DemoSeedOptions, type DemoSeedReport } from './demo-seed';
