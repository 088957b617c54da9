import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, Clock } from '@app/common';
import { UnitType } from '../units/unit-type';
import { SeedReport, seedRoster } from './roster-seeder';

/**
 * Loads the demo province on the first start (DEMO_DATA, on by default in embedded mode only): when no unit of
 * type province exists yet. It runs in the background, so /health answers meanwhile; a second instance waits on
 * the seeder's lock and then finds the data there. The demo accounts get ADMIN_PASSWORD when it is set, else a
 * generated password printed once to the terminal (as the first administrator's is). Off in tests.
 */
@Injectable()
export class DemoBootstrapService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DemoBootstrapService.name);
  private loading: Promise<unknown> | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.nodeEnv === 'test' || !this.config.demoData) return;
    this.loading = this.loadIfEmpty().catch((e: unknown) =>
      this.logger.error({ error: e instanceof Error ? e.message : String(e) }, 'demo data not loaded'),
    );
  }

  /** Lets a load under way finish (or roll back) before the database connections close. */
  async onModuleDestroy(): Promise<void> {
    await this.loading;
  }

  /** Loads the demo dataset unless a province exists; null when it did nothing. */
  async loadIfEmpty(): Promise<SeedReport | null> {
    const rows = await this.db.query<unknown[]>(`SELECT 1 FROM org_unit WHERE type = $1 LIMIT 1`, [UnitType.Province]);
    if (rows.length > 0) return null;
    const report = await seedRoster(this.db, {
      size: 'demo',
      today: this.clock.today(),
      demoPassword: this.config.adminPassword,
    });
    if (report.outcome !== 'created') return null;
    this.logger.log(
      { provinceId: report.provinceIds[0], units: report.units, people: report.people, ms: report.ms },
      'demo province loaded',
    );
    if (report.generatedPassword) {
      const line = '='.repeat(64);
      // Printed once, on purpose to stdout and not to the log: it is the only way to learn it.
      process.stdout.write(
        `\n${line}\n  Mộc: demo province loaded (shown only this once)\n` +
          `  logins:   ${report.accounts.map((a) => a.login).join(', ')}\n` +
          `  password: ${report.generatedPassword}\n` +
          `  To choose it, set ADMIN_PASSWORD before the first start.\n${line}\n\n`,
      );
    }
    return report;
  }
}
