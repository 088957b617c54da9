import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '@app/common';
import { DemoCourseSeedReport, seedDemoCourse } from './demo-course.seed';

/**
 * Seeds the demo course into the demo province: libs/demo's DemoBootstrapService calls it when the API starts with
 * demo data, after the roster is loaded (or found there). Idempotent, so it runs at every such start.
 */
@Injectable()
export class DemoCourseSeeder {
  private readonly logger = new Logger(DemoCourseSeeder.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** The demo course, owned by and assigned in `provinceId` (see seedDemoCourse); `signal` stops it between steps. */
  async seed(provinceId: string, signal?: AbortSignal): Promise<DemoCourseSeedReport> {
    const now = this.clock.now();
    const report = await seedDemoCourse(this.db, { provinceId, now, today: this.clock.today(), signal });
    if (report.course === 'code-taken') {
      this.logger.warn({ courseId: report.courseId }, 'demo course not seeded: its code belongs to another course');
    } else if (report.course === 'created' || report.assignment === 'created') {
      const { courseId, assignmentId, enrolled, started, completed, ms } = report;
      this.logger.log({ courseId, assignmentId, enrolled, started, completed, ms }, 'demo course loaded');
    }
    return report;
  }
}
