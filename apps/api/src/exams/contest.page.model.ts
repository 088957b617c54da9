import type { LeaderboardEntry, LeaderboardResponse, OpenContestResponse } from '@app/exams';
import { Lang, translate } from '../web/i18n';
import { when } from './exam-times';

export const LEADERBOARD_PAGE_SIZE = 50;

const pct = (n: number | null): string => (n === null ? '—' : `${Math.round(n * 10) / 10}%`);

/** "12 phút 05 giây" / "12 min 05 s". */
export function durationText(lang: Lang, seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m} ${translate(lang, 'exam.min')} ${String(s).padStart(2, '0')} ${translate(lang, 'exam.sec')}`;
}

export function contestListModel(lang: Lang, contests: OpenContestResponse[]): Record<string, unknown> {
  return {
    title: translate(lang, 'contest.list'),
    contests: contests.map((c) => ({
      ...c,
      opensAt: when(c.opensAt),
      closesAt: when(c.closesAt),
      href: `/exams/${c.id}`,
      boardHref: `/contests/${c.id}`,
    })),
  };
}

export function leaderboardModel(lang: Lang, board: LeaderboardResponse, page: number): Record<string, unknown> {
  const last = Math.max(1, Math.ceil(board.total / LEADERBOARD_PAGE_SIZE));
  const href = (n: number) => `/contests/${board.examId}${n > 1 ? `?page=${n}` : ''}`;
  const row = (e: LeaderboardEntry) => ({
    ...e,
    name: e.name ?? translate(lang, 'contest.hiddenName'),
    percent: pct(e.percent),
    time: durationText(lang, e.seconds),
  });
  return {
    title: `${translate(lang, 'contest.leaderboard')} · ${board.title}`,
    examTitle: board.title,
    examHref: `/exams/${board.examId}`,
    namesKey: `contest.names.${board.names}`,
    opensAt: when(board.opensAt),
    closesAt: when(board.closesAt),
    staggerMinutes: board.staggerMinutes,
    total: board.total,
    items: board.items.map(row),
    mine: board.mine && !board.items.some((e) => e.you) ? row(board.mine) : null,
    units: board.units.map((u) => ({
      ...u,
      participation: pct(u.participationPercent),
      average: pct(u.averagePercent),
    })),
    page,
    last,
    prevHref: page > 1 ? href(page - 1) : null,
    nextHref: page < last ? href(page + 1) : null,
  };
}
