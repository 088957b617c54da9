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

  // The whole message, word for word: what an official reads (every line is the product's wording).
  it('writes the due-soon message word for word, one day left', () => {
    const mail = reminderMail({ ...facts, kind: 'due_soon', dueDate: '2026-12-01', today: '2026-11-30' });
    expect(mail).toEqual({
      kind: 'learning.due_soon',
      to: 'hoa@example.vn',
      subject:
        'Nhắc hạn học: “Quyền con người cơ bản” cần hoàn thành trước hết ngày 01/12/2026 / Course due 01/12/2026',
      text: [
        'Kính gửi Trần Thị Hoa,',
        '',
        'Khoá học “Quyền con người cơ bản” được giao cho anh/chị cần hoàn thành trước hết ngày 01/12/2026 (còn 1 ngày).',
        'Mời anh/chị tiếp tục học tại: https://moc.example.vn/courses/c1',
        '',
        'Thư này được gửi tự động từ hệ thống Mộc, vui lòng không trả lời thư.',
        '',
        '-- English --',
        '',
        'Dear Trần Thị Hoa,',
        '',
        'The course “Quyền con người cơ bản” assigned to you is due by 01/12/2026 (1 day left).',
        'Continue here: https://moc.example.vn/courses/c1',
        '',
        'This message was sent automatically by Mộc; please do not reply.',
        '',
      ].join('\n'),
    });
  });

  it('writes the overdue message word for word, several days late', () => {
    const mail = reminderMail({ ...facts, kind: 'overdue', dueDate: '2026-12-01', today: '2026-12-04' });
    expect(mail.subject).toBe('Quá hạn học: “Quyền con người cơ bản” (hạn 01/12/2026) / Course overdue');
    expect(mail.text.split('\n').slice(2, 4)).toEqual([
      'Khoá học “Quyền con người cơ bản” được giao cho anh/chị đã quá hạn hoàn thành (hạn ngày 01/12/2026, quá 3 ngày).',
      'Mời anh/chị sớm hoàn thành khoá học tại: https://moc.example.vn/courses/c1',
    ]);
    expect(mail.text.split('\n').slice(11, 13)).toEqual([
      'The course “Quyền con người cơ bản” assigned to you was due on 01/12/2026 and is not completed yet (3 days overdue).',
      'Please complete it soon: https://moc.example.vn/courses/c1',
    ]);
  });

  it('shortens a long title in the subject to 120 characters, ending with an ellipsis', () => {
    const title = `${'Ă'.repeat(119)}BCD`;
    const mail = reminderMail({
      ...facts,
      courseTitle: title,
      kind: 'overdue',
      dueDate: '2026-12-01',
      today: '2026-12-02',
    });
    expect(mail.subject).toBe(`Quá hạn học: “${'Ă'.repeat(119)}…” (hạn 01/12/2026) / Course overdue`);
    const exact = reminderMail({
      ...facts,
      courseTitle: 'Ă'.repeat(120),
      kind: 'overdue',
      dueDate: '2026-12-01',
      today: '2026-12-02',
    });
    expect(exact.subject).toContain(`“${'Ă'.repeat(120)}”`);
  });
});
