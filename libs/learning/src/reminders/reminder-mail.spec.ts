import { daysBetween, reminderMail, vnDate } from './reminder-mail';

const facts = {
  fullName: 'Trần Thị Hoa',
  email: 'hoa@example.vn',
  courseTitle: 'Quyền con người cơ bản',
  courseUrl: 'https://moc.example.vn/courses/c1',
};

describe('reminder e-mails', () => {
  it('writes dates as dd/mm/yyyy and counts whole days across months and years', () => {
    expect(vnDate('2026-03-05')).toBe('05/03/2026');
    expect(daysBetween('2026-12-30', '2027-01-02')).toBe(3);
    expect(daysBetween('2026-03-01', '2026-02-27')).toBe(-2);
  });

  it('says how many days are left, Vietnamese first, with the course link', () => {
    const mail = reminderMail({ ...facts, kind: 'due_soon', dueDate: '2026-12-01', today: '2026-11-26' });
    expect(mail.kind).toBe('learning.due_soon');
    expect(mail.to).toBe('hoa@example.vn');
    expect(mail.subject).toContain('01/12/2026');
    expect(mail.text).toContain('còn 5 ngày');
    expect(mail.text).toContain('(5 days left)');
    expect(mail.text.indexOf('Kính gửi Trần Thị Hoa')).toBeLessThan(mail.text.indexOf('Dear Trần Thị Hoa'));
    expect(mail.text.match(/https:\/\/moc\.example\.vn\/courses\/c1/g)).toHaveLength(2);
  });

  it('says "due today" on the last day, and counts the days overdue', () => {
    const today = reminderMail({ ...facts, kind: 'due_soon', dueDate: '2026-12-01', today: '2026-12-01' });
    expect(today.text).toContain('hôm nay là hạn cuối');
    expect(today.text).toContain('(due today)');
    const late = reminderMail({ ...facts, kind: 'overdue', dueDate: '2026-12-01', today: '2026-12-02' });
    expect(late.kind).toBe('learning.overdue');
    expect(late.subject).toMatch(/^Quá hạn học/);
    expect(late.text).toContain('quá 1 ngày');
    expect(late.text).toContain('(1 day overdue)');
  });

  it('keeps the subject short for a very long title', () => {
    const mail = reminderMail({
      ...facts,
      courseTitle: 'Ă'.repeat(300),
      kind: 'overdue',
      dueDate: '2026-12-01',
      today: '2026-12-09',
    });
    expect(mail.subject.length).toBeLessThanOrEqual(200);
    expect(mail.text).toContain('Ă'.repeat(300));
  });
});
