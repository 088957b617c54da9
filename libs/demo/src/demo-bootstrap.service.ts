import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, BannerSection, Clock, StartBanner } from '@app/common';
import { DemoCertificatesSeeder } from '@app/certificates';
import { DemoExamSeeder } from '@app/exams';
import { countProgrammeCourse } from '@app/coverage';
import { DemoCourseSeeder, demoCourseIds } from '@app/learning';
import { DemoRoster } from '@app/org';
import { DemoExternalTrainingSeeder, DemoSessionsSeeder } from '@app/training';
import { DemoSeedReport, seedDemo } from './demo-seed';

/**
 * Loads the demo province on the first start (DEMO_DATA, on by default in embedded mode only): when no unit of
 * type province exists yet. It runs in the background, so /health answers meanwhile; a second instance waits on
 * the seeder's lock and then finds the data there. The demo accounts get ADMIN_PASSWORD when it is set, else a
 * generated password shown once in the start banner (as the first administrator's is). Off in tests.
 * A shutdown aborts a load under way (its transaction rolls back, so the next start loads it again) and waits
 * for it before the database connections close.
 */
@Injectable()
export class DemoBootstrapService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DemoBootstrapService.name);
  private loading: Promise<unknown> | null = null;
  private readonly shutdown = new AbortController();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly course: DemoCourseSeeder,
    private readonly exam: DemoExamSeeder,
    private readonly certificates: DemoCertificatesSeeder,
    private readonly externalTraining: DemoExternalTrainingSeeder,
    private readonly sessions: DemoSessionsSeeder,
    private readonly banner: StartBanner,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.nodeEnv === 'test' || !this.config.demoData) return;
    const { signal } = this.shutdown;
    this.loading = this.loadIfEmpty(signal)
      .then(() => this.runSteps(signal))
      .catch((e: unknown) => {
        if (signal.aborted) this.logger.warn('demo data load stopped by the shutdown: the next start loads it');
        else this.logger.error({ error: e instanceof Error ? e.message : String(e) }, 'demo data not loaded');
      });
    this.banner.waitFor(this.loading);
  }

  /**
   * What the other contexts add to the demo roster, through their services (learning's demo course, then the exams'
   * bank, final exam and attempts, then the certificates due; each idempotent), in that order, when the generated demo province is there (by
   * its stable id, not just its code). An aborted `signal` stops them.
   */
  async runSteps(signal: AbortSignal = new AbortController().signal): Promise<void> {
    const provinceId = await DemoRoster.demoProvinceId(this.db);
    if (!provinceId) return;
    const steps: Array<[string, () => Promise<unknown>]> = [
      ['learning.demo-course', () => this.course.seed(provinceId, signal)],
      ['coverage.programme-course', () => countProgrammeCourse(this.db, demoCourseIds().courseId)],
      ['exams.demo-final-exam', () => this.exam.seed(provinceId, signal)],
      ['certificates.demo', () => this.certificates.seed(provinceId, signal)],
      ['training.demo-external', () => this.externalTraining.seed(provinceId, signal)],
      ['training.demo-sessions', () => this.sessions.seed(provinceId, signal)],
    ];
    for (const [name, step] of steps) {
      signal.throwIfAborted();
      try {
        await step();
      } catch (e) {
        if (signal.aborted) throw e;
        this.logger.error({ step: name, error: e instanceof Error ? e.message : String(e) }, 'demo data step failed');
      }
    }
  }

  /** Aborts a load under way and waits for it to roll back, before the database connections close. */
  async onModuleDestroy(): Promise<void> {
    this.shutdown.abort();
    await this.loading;
  }

  /** Loads the demo dataset unless a province exists; null when it did nothing (an aborted `signal` rolls back). */
  async loadIfEmpty(signal?: AbortSignal): Promise<DemoSeedReport | null> {
    if (await DemoRoster.anyProvince(this.db)) return null;
    const report = await seedDemo(this.db, {
      size: 'demo',
      today: this.clock.today(),
      demoPassword: this.config.adminPassword,
      signal,
    });
    if (report.outcome !== 'created') return null;
    this.logger.log(
      { provinceId: report.provinceIds[0], units: report.units, people: report.people, ms: report.ms },
      'demo province loaded',
    );
    this.banner.add(demoBannerSection(report));
    return report;
  }
}

/** Where the demo is and how to sign in to it, for the start banner (a generated password is shown only there). */
function demoBannerSection(report: DemoSeedReport): BannerSection {
  const width = Math.max(...report.accounts.map((a) => a.login.length));
  const generated = report.generatedPassword;
  return {
    title: `Demo: Tỉnh Vĩnh Long (${report.people.toLocaleString('en')} people), course QCN-CB-01 at /courses; sign in at /login`,
    lines: [
      ...report.accounts.map((a) => `${a.login.padEnd(width)}  ${a.permission}`),
      `password: ${generated ?? 'the ADMIN_PASSWORD you set'}${generated ? ' (the same for all; shown only this once)' : ''}`,
    ],
  };
}
