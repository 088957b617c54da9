import { attendanceWindow, meetsShare } from './attendance-rules';

const at = (iso: string) => new Date(iso);
const session = {
  startsAt: at('2026-03-10T01:00:00Z'),
  endsAt: at('2026-03-10T10:00:00Z'),
  createdAt: at('2026-03-01T00:00:00Z'),
  status: 'open' as const,
};

describe(attendanceWindow.name, () => {
  it('refuses before the session starts', () => {
    expect(attendanceWindow(session, at('2026-03-10T00:59:59Z'), 'door')).toEqual({
      open: false,
      reason: 'not-started',
    });
  });
  it('opens at the start and stays open 30 days after the end', () => {
    expect(attendanceWindow(session, at('2026-03-10T01:00:00Z'), 'door')).toEqual({ open: true });
    expect(attendanceWindow(session, at('2026-04-09T10:00:00Z'), 'door')).toEqual({ open: true });
  });
  it('closes for corrections after 30 days', () => {
    expect(attendanceWindow(session, at('2026-04-09T10:00:01Z'), 'import')).toEqual({
      open: false,
      reason: 'closed-for-corrections',
    });
  });
  it('takes a session recorded after it was held only through the import, for 30 days from its creation', () => {
    const past = { ...session, createdAt: at('2026-06-01T00:00:00Z') };
    expect(attendanceWindow(past, at('2026-06-01T00:00:00Z'), 'door')).toEqual({
      open: false,
      reason: 'held-before-created',
    });
    expect(attendanceWindow(past, at('2026-07-01T00:00:00Z'), 'import')).toEqual({ open: true });
    expect(attendanceWindow(past, at('2026-07-01T00:00:01Z'), 'import')).toMatchObject({ open: false });
  });
  it('refuses a cancelled session', () => {
    expect(attendanceWindow({ ...session, status: 'cancelled' }, at('2026-03-10T02:00:00Z'), 'door')).toEqual({
      open: false,
      reason: 'cancelled',
    });
  });
});

describe(meetsShare.name, () => {
  it.each([
    ['present', 100, 100, true],
    ['present', 80, 80, true],
    ['present', 79, 80, false],
    ['excused', 100, 50, false],
    ['absent', 100, 1, false],
  ])('%s %i%% of required %i%% → %p', (status, share, required, expected) => {
    expect(meetsShare({ status: status, share: share }, required)).toBe(expected);
  });
});
