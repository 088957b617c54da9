import { addMessages, Lang, translate } from './i18n';

/** What the HTML error page shows: the JSON body stays English and technical, the page speaks the reader's language. */
export interface ErrorPageBody {
  statusCode: number;
  error: string;
  message: string;
  details?: unknown;
  errorId?: string;
}

export interface ErrorPageModel {
  heading: string;
  explain: string;
  problems: Array<{ label: string; reason: string; english: boolean }>;
  /** The technical message (English), shown folded for whoever reports the problem. */
  technical: string;
}

addMessages('vi', {
  'error.400': 'Thông tin gửi lên chưa hợp lệ',
  'error.400.explain': 'Hãy sửa các mục dưới đây rồi thử lại.',
  'error.401': 'Cần đăng nhập',
  'error.401.explain': 'Phiên làm việc đã hết hoặc bạn chưa đăng nhập. Hãy đăng nhập lại.',
  'error.403': 'Bạn không có quyền làm việc này',
  'error.403.explain':
    'Trang hoặc thao tác này dành cho người có quyền khác, hoặc thuộc đơn vị ngoài phạm vi bạn phụ trách. Nếu bạn cần, hãy đề nghị quản trị viên cấp quyền.',
  'error.403.needs': 'Cần một trong các quyền',
  'error.404': 'Không tìm thấy',
  'error.404.explain': 'Không có trang hoặc dữ liệu này, hoặc nó nằm ngoài phạm vi bạn được xem.',
  'error.404.page': 'Không có trang',
  'error.405': 'Thao tác không được hỗ trợ',
  'error.405.explain': 'Địa chỉ này không nhận thao tác đó.',
  'error.409': 'Không thực hiện được vì tình trạng hiện tại',
  'error.409.explain':
    'Dữ liệu đã thay đổi (ví dụ đã được huỷ hoặc đã xử lý trước đó). Hãy tải lại trang để xem tình trạng mới.',
  'error.413': 'Tệp hoặc dữ liệu quá lớn',
  'error.413.explain': 'Hãy gửi tệp nhỏ hơn giới hạn cho phép.',
  'error.415': 'Loại tệp không được nhận',
  'error.415.explain': 'Hãy gửi đúng loại tệp được yêu cầu.',
  'error.429': 'Quá nhiều lần thử',
  'error.429.explain': 'Hãy chờ một lát rồi thử lại.',
  'error.500': 'Hệ thống gặp lỗi',
  'error.500.explain': 'Lỗi không phải do bạn. Hãy thử lại sau; nếu vẫn lỗi, báo quản trị viên kèm mã lỗi dưới đây.',
  'error.other': 'Không thực hiện được',
  'error.other.explain': 'Hãy thử lại.',
  'error.technical': 'Chi tiết kỹ thuật (tiếng Anh, để báo lỗi)',
  'error.id': 'Mã lỗi',
  'error.r.uuid': 'phải là mã định danh hợp lệ (UUID)',
  'error.r.empty': 'không được để trống',
  'error.r.oneOf': 'phải là một trong các giá trị: {1}',
  'error.r.date': 'phải là ngày hợp lệ',
  'error.r.minLength': 'cần ít nhất {1} ký tự',
  'error.r.maxLength': 'tối đa {1} ký tự',
  'error.r.max': 'không được lớn hơn {1}',
  'error.r.min': 'không được nhỏ hơn {1}',
  'error.r.int': 'phải là số nguyên',
  'error.r.number': 'phải là số',
  'error.r.string': 'phải là chữ',
  'error.r.boolean': 'phải là đúng hoặc sai',
  'error.r.format': 'không đúng định dạng',
  'error.r.unknown': 'không được nhận ở đây',
  'error.r.array': 'phải là một danh sách',
  'error.r.email': 'phải là địa chỉ email hợp lệ',
  'error.r.pdfOrImage': 'phải là tệp PDF, JPEG hoặc PNG',
  'field.id': 'Mã định danh trong địa chỉ trang',
  'field.courseId': 'Khoá học',
  'field.lessonId': 'Bài học',
  'field.moduleId': 'Chương',
  'field.unitId': 'Đơn vị',
  'field.unitCode': 'Mã đơn vị',
  'field.personId': 'Cán bộ',
  'field.role': 'Vai trò',
  'field.roleId': 'Vai trò',
  'field.roleIds': 'Vai trò',
  'field.status': 'Trạng thái',
  'field.q': 'Từ khoá tìm kiếm',
  'field.page': 'Số trang',
  'field.limit': 'Số dòng mỗi trang',
  'field.offset': 'Vị trí bắt đầu',
  'field.from': 'Từ ngày',
  'field.to': 'Đến ngày',
  'field.date': 'Ngày',
  'field.dueDate': 'Hạn hoàn thành',
  'field.month': 'Tháng',
  'field.name': 'Tên',
  'field.code': 'Mã',
  'field.reason': 'Lý do',
  'field.lang': 'Ngôn ngữ',
  'field.done': 'Thông báo',
  'field.examId': 'Bài thi',
  'field.attemptId': 'Lượt làm bài',
  'field.enrolmentId': 'Ghi danh',
  'field.fileId': 'Tệp',
  'field.jobId': 'Tác vụ',
  'field.topic': 'Chủ đề',
  'field.title': 'Tên',
  'field.organiser': 'Đơn vị tổ chức',
  'field.startedOn': 'Ngày bắt đầu',
  'field.endedOn': 'Ngày kết thúc',
  'field.startsAt': 'Bắt đầu',
  'field.endsAt': 'Kết thúc',
  'field.hours': 'Số giờ',
  'field.topics': 'Chủ đề',
  'field.expiresOn': 'Ngày hết hạn',
  'field.file': 'Tệp',
  'field.place': 'Địa điểm',
});
addMessages('en', {
  'error.400': 'Some of what was sent is not valid',
  'error.400.explain': 'Correct the items below and try again.',
  'error.401': 'Please log in',
  'error.401.explain': 'Your session has ended or you are not logged in. Log in again.',
  'error.403': 'You may not do this',
  'error.403.explain':
    'This page or action is for people with another permission, or belongs to a unit outside your scope. If you need it, ask an administrator to grant it.',
  'error.403.needs': 'Needs one of the permissions',
  'error.404': 'Not found',
  'error.404.explain': 'This page or record does not exist, or it is outside what you may see.',
  'error.404.page': 'There is no page',
  'error.405': 'Action not supported',
  'error.405.explain': 'This address does not take that action.',
  'error.409': 'Not possible in the current state',
  'error.409.explain':
    'The data has changed (for example it was already cancelled or handled). Reload the page to see where it stands.',
  'error.413': 'File or data too large',
  'error.413.explain': 'Send a file smaller than the limit.',
  'error.415': 'File type not accepted',
  'error.415.explain': 'Send the type of file asked for.',
  'error.429': 'Too many attempts',
  'error.429.explain': 'Wait a moment and try again.',
  'error.500': 'The system ran into an error',
  'error.500.explain':
    'It is not your fault. Try again later; if it persists, tell an administrator the error id below.',
  'error.other': 'Could not be done',
  'error.other.explain': 'Try again.',
  'error.technical': 'Technical details (for error reports)',
  'error.id': 'Error id',
  'error.r.uuid': 'must be a valid id (UUID)',
  'error.r.empty': 'must not be empty',
  'error.r.oneOf': 'must be one of: {1}',
  'error.r.date': 'must be a valid date',
  'error.r.minLength': 'needs at least {1} characters',
  'error.r.maxLength': 'at most {1} characters',
  'error.r.max': 'must not be greater than {1}',
  'error.r.min': 'must not be less than {1}',
  'error.r.int': 'must be a whole number',
  'error.r.number': 'must be a number',
  'error.r.string': 'must be text',
  'error.r.boolean': 'must be true or false',
  'error.r.format': 'is not in the expected format',
  'error.r.unknown': 'is not accepted here',
  'error.r.array': 'must be a list',
  'error.r.email': 'must be a valid e-mail address',
  'error.r.pdfOrImage': 'must be a PDF, JPEG or PNG file',
  'field.id': 'Id in the page address',
  'field.courseId': 'Course',
  'field.lessonId': 'Lesson',
  'field.moduleId': 'Module',
  'field.unitId': 'Unit',
  'field.unitCode': 'Unit code',
  'field.personId': 'Person',
  'field.role': 'Role',
  'field.roleId': 'Role',
  'field.roleIds': 'Roles',
  'field.status': 'Status',
  'field.q': 'Search words',
  'field.page': 'Page number',
  'field.limit': 'Rows per page',
  'field.offset': 'Start position',
  'field.from': 'From',
  'field.to': 'To',
  'field.date': 'Date',
  'field.dueDate': 'Due date',
  'field.month': 'Month',
  'field.name': 'Name',
  'field.code': 'Code',
  'field.reason': 'Reason',
  'field.lang': 'Language',
  'field.done': 'Notice',
  'field.examId': 'Exam',
  'field.attemptId': 'Attempt',
  'field.enrolmentId': 'Enrolment',
  'field.fileId': 'File',
  'field.jobId': 'Job',
  'field.topic': 'Topic',
  'field.title': 'Title',
  'field.organiser': 'Organiser',
  'field.startedOn': 'Start date',
  'field.endedOn': 'End date',
  'field.startsAt': 'Starts',
  'field.endsAt': 'Ends',
  'field.hours': 'Hours',
  'field.topics': 'Topics',
  'field.expiresOn': 'Expiry date',
  'field.file': 'File',
  'field.place': 'Place',
});

/** class-validator's default messages (and ours) → a reason key; {1} takes the first captured value. */
const REASONS: Array<[RegExp, string]> = [
  [/must be a UUID/i, 'error.r.uuid'],
  [/should not be empty|must not be empty|is required/i, 'error.r.empty'],
  [/must be one of the following values: (.*)$/i, 'error.r.oneOf'],
  [
    /must be a valid ISO 8601 date string|must be a Date instance|must be a (calendar )?date|not a valid date/i,
    'error.r.date',
  ],
  [/must be longer than or equal to (\d+) characters/i, 'error.r.minLength'],
  [/must be shorter than or equal to (\d+) characters/i, 'error.r.maxLength'],
  [/must not be greater than (-?[\d.]+)/i, 'error.r.max'],
  [/must not be less than (-?[\d.]+)/i, 'error.r.min'],
  [/must be an integer number/i, 'error.r.int'],
  [/must be a number/i, 'error.r.number'],
  [/must be a string/i, 'error.r.string'],
  [/must be a boolean/i, 'error.r.boolean'],
  [/must be an array/i, 'error.r.array'],
  [/must be an email/i, 'error.r.email'],
  [/must match .* regular expression/i, 'error.r.format'],
  [/should not exist/i, 'error.r.unknown'],
  [/must be a PDF, JPEG or PNG file/i, 'error.r.pdfOrImage'],
];

/** A field's label in the page language; a field without one is shown by its name. */
export function fieldLabel(lang: Lang, field: string): string {
  const last = field.split('.').pop() ?? field;
  const key = `field.${last}`;
  const label = translate(lang, key);
  return label === key ? field : label;
}

/** A validation reason in the page language; one not known yet stays English (marked so). */
export function reasonText(lang: Lang, reason: string): { text: string; english: boolean } {
  for (const [pattern, key] of REASONS) {
    const m = pattern.exec(reason);
    if (m) return { text: translate(lang, key).replace('{1}', m[1] ?? ''), english: false };
  }
  return { text: reason, english: lang !== 'en' };
}

/** The Vietnamese (or English) error page of an error body. */
export function errorPageModel(lang: Lang, body: ErrorPageBody, path: string): ErrorPageModel {
  const status = body.statusCode;
  const known = [400, 401, 403, 404, 405, 409, 413, 415, 429, 500].includes(status) ? String(status) : 'other';
  const problems: ErrorPageModel['problems'] = [];
  if (Array.isArray(body.details)) {
    for (const d of body.details as Array<{ field?: unknown; reason?: unknown }>) {
      if (typeof d?.reason !== 'string') continue;
      const unknownProperty = /^property (\S+) should not exist/.exec(d.reason);
      const field = unknownProperty ? unknownProperty[1] : typeof d.field === 'string' ? d.field : '';
      const reason = reasonText(lang, d.reason);
      problems.push({ label: field ? fieldLabel(lang, field) : '', reason: reason.text, english: reason.english });
    }
  }
  let explain = translate(lang, `error.${known}.explain`);
  const cannot = /^Cannot (GET|POST|PUT|PATCH|DELETE|HEAD) /.exec(body.message);
  if (status === 404 && cannot) explain = `${translate(lang, 'error.404.page')} ${path}. ${explain}`;
  const needs = /needs one of the permissions: (.*)$/.exec(body.message);
  if (status === 403 && needs) {
    const names = needs[1].split(', ').map((p) => {
      const key = `permission.${p.toLowerCase()}`;
      const name = translate(lang, key);
      return name === key ? p : name;
    });
    explain = `${explain} ${translate(lang, 'error.403.needs')}: ${names.join(', ')}.`;
  }
  return { heading: translate(lang, `error.${known}`), explain, problems, technical: body.message };
}
