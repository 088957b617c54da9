import { Injectable } from '@nestjs/common';
import { Actor, Clock, NotFoundError } from '@app/common';
import { CourseAccess, LearnerAccess } from '@app/learning';
import { ExamRepository, ExamRow } from '../exams/exam.repository';
import type { LeaderboardNames } from '../exams/dto/exam.dto';
import { ContestRepository, IndividualRow, UnitRow } from './contest.repository';
import {
  LeaderboardEntry,
  LeaderboardQueryDto,
  LeaderboardResponse,
  OpenContestResponse,
  UnitStanding,
} from './dto/contest.dto';

/** "Nguyễn Thị Ánh" → "N. T. Á." (each word's first letter). */
export function initialsOf(fullName: string): string {
  return fullName
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => `${[...w][0].toLocaleUpperCase('vi')}.`)
    .join(' ');
}

const nameAs = (names: LeaderboardNames, fullName: string): string | null =>
  names === 'full' ? fullName : names === 'initials' ? initialsOf(fullName) : null;

const round1 = (n: number): number => Math.round(n * 10) / 10;

/** Units ranked by participation, then average score (equal on both: the same rank). */
export function rankUnits(rows: UnitRow[]): UnitStanding[] {
  const rate = (r: UnitRow) => (r.roster > 0 ? round1((r.participants / r.roster) * 100) : null);
  const sorted = rows
    .map((r) => ({ ...r, participationPercent: rate(r) }))
    .sort(
      (a, b) =>
        (b.participationPercent ?? -1) - (a.participationPercent ?? -1) ||
        (b.averagePercent ?? -1) - (a.averagePercent ?? -1) ||
        a.name.localeCompare(b.name, 'vi'),
    );
  let rank = 0;
  return sorted.map((r, i) => {
    const prev = sorted[i - 1];
    if (!prev || prev.participationPercent !== r.participationPercent || prev.averagePercent !== r.averagePercent) {
      rank = i + 1;
    }
    return { rank, ...r };
  });
}

/**
 * Knowledge contests: an exam of kind 'contest' is open to every person on the roster of its course's owner
 * subtree (public learners and officials, no enrolment), within its opening and closing times, each participant
 * from their own staggered start. Its leaderboards (people ranked by score then time taken; units by participation
 * against their roster, then average score) are for those people and the course's authors; to anyone else the
 * contest does not exist (404).
 */
@Injectable()
export class ContestsService {
  constructor(
    private readonly exams: ExamRepository,
    private readonly contests: ContestRepository,
    private readonly courses: CourseAccess,
    private readonly learners: LearnerAccess,
    private readonly clock: Clock,
  ) {}

  async leaderboard(actor: Actor, examId: string, query: LeaderboardQueryDto): Promise<LeaderboardResponse> {
    const { exam, personId, ownerUnitId } = await this.visibleContest(actor, examId);
    const page = { limit: query.limit ?? 50, offset: query.offset ?? 0 };
    const [{ items, total }, mine, units] = await Promise.all([
      this.contests.individuals(examId, exam.attemptRule, page),
      personId ? this.contests.rankOf(examId, exam.attemptRule, personId) : Promise.resolve(null),
      this.contests.units(examId, ownerUnitId, exam.attemptRule, this.clock.today()),
    ]);
    const entry = (r: IndividualRow): LeaderboardEntry => {
      const you = r.personId === personId;
      return {
        rank: r.rank,
        name: you ? r.fullName : nameAs(exam.leaderboardNames, r.fullName),
        unitName: r.unitName,
        percent: r.percent,
        seconds: r.seconds,
        you,
      };
    };
    return {
      examId,
      title: exam.title,
      names: exam.leaderboardNames,
      opensAt: exam.opensAt?.toISOString() ?? null,
      closesAt: exam.closesAt?.toISOString() ?? null,
      staggerMinutes: exam.staggerMinutes,
      total,
      items: items.map(entry),
      mine: mine ? entry(mine) : null,
      units: rankUnits(units),
    };
  }

  /** The contests a person may take part in (their unit in the owner's subtree), not closed yet; 403 off the roster. */
  async open(actor: Actor): Promise<OpenContestResponse[]> {
    return this.openTo(await this.learners.requirePerson(actor));
  }

  /** The contests page: the same list, empty for an account with no person on the roster (it has none to enter). */
  async openToViewer(actor: Actor): Promise<OpenContestResponse[]> {
    const personId = await this.learners.personIdOf(actor);
    return personId ? this.openTo(personId) : [];
  }

  private async openTo(personId: string): Promise<OpenContestResponse[]> {
    const rows = await this.contests.openContests(personId, this.clock.now());
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      opensAt: r.opensAt?.toISOString() ?? null,
      closesAt: r.closesAt?.toISOString() ?? null,
      timeLimitMinutes: r.timeLimitMinutes,
    }));
  }

  /** The contest for its authors and its audience; 404 to anyone else and for an exam that is not a contest. */
  private async visibleContest(
    actor: Actor,
    examId: string,
  ): Promise<{ exam: ExamRow; personId: string | null; ownerUnitId: string }> {
    const exam = await this.exams.find(examId);
    const ownerUnitId = exam?.kind === 'contest' ? await this.contests.ownerUnitId(examId) : null;
    if (!exam || !ownerUnitId) throw new NotFoundError(`contest ${examId} not found`);
    const personId = await this.learners.personIdOf(actor);
    if (personId && (await this.contests.inAudience(examId, personId))) return { exam, personId, ownerUnitId };
    if (await this.courses.canAuthor(actor, exam.courseId)) return { exam, personId: null, ownerUnitId };
    throw new NotFoundError(`contest ${examId} not found`);
  }
}
