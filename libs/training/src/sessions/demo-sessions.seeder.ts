import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SessionCertificateIssuer, vietnamDay } from '@app/certificates';
import { UnitOfWork } from '@app/jobs';
import { inSubtree, onRosterOn, periodOpenOn } from '@app/org';
import { DEMO_COURSE_ROLE_CODES } from '@app/learning';
import { AttendanceRepository } from '../attendance/attendance.repository';
import { meetsShare } from '../attendance/attendance-rules';
import { SessionRepository } from './session.repository';

const DAY = 86_400_000;

/** The demo's past sessions: how long ago (days), what, how many invited; most attend, a few are excused. */
const DEMO_SESSIONS = [
  { daysAgo: 75, title: 'Tập huấn kỹ năng truyền thông về quyền con người (đợt 1)', kind: 'training', invite: 40 },
  { daysAgo: 40, title: 'Hội thảo chuyên đề: quyền con người trong chuyển đổi số', kind: 'workshop', invite: 30 },
  { daysAgo: 12, title: 'Tọa đàm chuyên gia về bảo đảm quyền con người ở cơ sở', kind: 'seminar', invite: 25 },
] as const;

export interface DemoSessionsReport {
  sessions: number;
  present: number;
  certificates: number;
}

/**
 * The demo's in-person training: three past sessions organised by the province (a training, a workshop, a seminar)
 * for the demo course's target roles, with attendance taken and made final, so that some people are trained only
 * in person (they are chosen among those who have not completed a course). libs/demo runs it after the certificates step;
 * idempotent (nothing happens when the province already organises a session).
 */
@Injectable()
export class DemoSessionsSeeder {
  private readonly logger = new Logger(DemoSessionsSeeder.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly work: UnitOfWork,
    private readonly sessions: SessionRepository,
    private readonly attendance: AttendanceRepository,
    private readonly issuer: SessionCertificateIssuer,
  ) {}

  async seed(provinceId: string, signal?: AbortSignal): Promise<DemoSessionsReport> {
    const report = { sessions: 0, present: 0, certificates: 0 };
    const [{ n }] = await this.db.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM training_session WHERE organiser_unit_id = $1`,
      [provinceId],
    );
    if (n > 0) return report;
    const roles = await this.db.query<Array<{ id: string }>>(`SELECT id FROM role WHERE code = ANY($1::text[])`, [
      DEMO_COURSE_ROLE_CODES,
    ]);
    const roleIds = roles.map((r) => r.id).sort();
    const people = await this.untrainedPeople(provinceId, roleIds, Math.max(...DEMO_SESSIONS.map((s) => s.invite)));
    for (const [i, spec] of DEMO_SESSIONS.entries()) {
      signal?.throwIfAborted();
      const made = await this.work.run(null, async ({ manager: m, now }) => {
        const startsAt = new Date(now.getTime() - spec.daysAgo * DAY);
        startsAt.setUTCHours(1, 0, 0, 0); // 08:00 in Vietnam
        const endsAt = new Date(startsAt.getTime() + 8 * 3_600_000);
        const planned = new Date(startsAt.getTime() - 14 * DAY);
        const id = await this.sessions.insert(
          m,
          {
            title: spec.title,
            kind: spec.kind,
            topics: [],
            organiserUnitId: provinceId,
            startsAt,
            endsAt,
            place: 'Hội trường Sở Văn hóa, Thể thao và Du lịch',
            onlineUrl: null,
            capacity: null,
            trainers: 'Giảng viên Học viện Chính trị khu vực IV',
            requiredShare: 100,
            validityMonths: 24,
            courseId: null,
            targetRoleIds: roleIds,
            countingRoleIds: roleIds,
          },
          null,
          planned,
        );
        // The sessions' invitees overlap (a third of them come to two), so that every session has its own list.
        const invited = people.slice(i * 10, i * 10 + spec.invite);
        await this.attendance.invite(m, id, invited, null, planned);
        const rows = invited.map((personId, k) => ({
          personId,
          status: k % 10 === 9 ? ('excused' as const) : ('present' as const),
          share: k % 10 === 9 ? 0 : 100,
          walkIn: false,
        }));
        await this.attendance.upsert(m, id, rows, null, endsAt);
        await this.sessions.closeAttendance(m, id, endsAt);
        const present = rows.filter((r) => meetsShare(r, 100));
        const issued = await this.issuer.issueIn(
          m,
          now,
          present.map((r) => ({
            sessionId: id,
            personId: r.personId,
            title: spec.title,
            organiserUnitId: provinceId,
            lastDay: vietnamDay(endsAt),
            validityMonths: 24,
          })),
        );
        return { present: present.length, certificates: issued.length };
      });
      report.sessions++;
      report.present += made.present;
      report.certificates += made.certificates;
    }
    this.logger.log(report, 'demo sessions loaded');
    return report;
  }

  /** People on the province's roster today holding a target role who completed no course, in a stable order. */
  private async untrainedPeople(provinceId: string, roleIds: string[], count: number): Promise<string[]> {
    const rows = await this.db.query<Array<{ id: string }>>(
      `SELECT p.id FROM person p
        WHERE EXISTS (SELECT 1 FROM person_membership m
                       WHERE m.person_id = p.id AND ${inSubtree('$1', 'm.unit_id')} AND ${onRosterOn('$4')})
          AND EXISTS (SELECT 1 FROM person_role r WHERE r.person_id = p.id AND r.role_id = ANY($2::uuid[])
                         AND ${periodOpenOn('$4', 'r')})
          AND NOT EXISTS (SELECT 1 FROM enrolment e WHERE e.person_id = p.id AND e.completed_at IS NOT NULL)
        ORDER BY p.employee_code, p.id LIMIT $3`,
      [provinceId, roleIds, count + 20, this.work.today()],
    );
    return rows.map((r) => r.id);
  }
}
