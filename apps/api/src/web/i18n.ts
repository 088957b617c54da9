import type { NextFunction, Request, Response } from 'express';

export type Lang = 'vi' | 'en';
export const LANGS: readonly Lang[] = ['vi', 'en'];

/** UI words, Vietnamese first. Pages use {{t "key"}}; a missing key shows the key itself. */
const MESSAGES: Record<Lang, Record<string, string>> = {
  vi: {
    'app.tagline': 'Bồi dưỡng kiến thức và kỹ năng truyền thông về quyền con người',
    'nav.home': 'Trang chủ',
    'nav.accounts': 'Tài khoản',
    'nav.jobs': 'Tác vụ nền',
    'nav.courses': 'Khoá học',
    'nav.myLearning': 'Việc học của tôi',
    'nav.myCertificates': 'Giấy chứng nhận của tôi',
    'nav.certificates': 'Giấy chứng nhận',
    'nav.contests': 'Hội thi',
    'nav.profile': 'Hồ sơ',
    'nav.authoring': 'Soạn khoá học',
    'nav.coverage': 'Theo dõi độ bao phủ',
    'nav.assignments': 'Giao khoá học',
    'nav.outbox': 'Thư đi',
    'nav.login': 'Đăng nhập',
    'nav.logout': 'Đăng xuất',
    'nav.skip': 'Bỏ qua, đến nội dung chính',
    'nav.group.learning': 'Việc học',
    'nav.group.work': 'Tổ chức bồi dưỡng',
    'nav.group.org': 'Đơn vị và cán bộ',
    'lang.switch': 'English',
    'home.title': 'Trang chủ',
    'home.intro':
      'Mộc là nền tảng học trực tuyến mở giúp các tỉnh, thành phố và xã bồi dưỡng cán bộ về quyền con người và truyền thông về quyền con người (Quyết định 1079/QĐ-TTg, giai đoạn 2023–2028), và chứng minh tỷ lệ cán bộ đã được bồi dưỡng theo từng đơn vị, từng nhóm đối tượng.',
    'home.targets': 'Mục tiêu đến năm 2028',
    'home.welcome': 'Xin chào',
    'home.permissions': 'Quyền của bạn',
    'login.title': 'Đăng nhập',
    'login.register': 'Chưa có tài khoản? Người học tự do có thể',
    'login.registerLink': 'đăng ký tại đây',
    'login.login': 'Email hoặc tên đăng nhập',
    'login.password': 'Mật khẩu',
    'login.totp': 'Mã xác thực (nếu đã bật xác thực hai lớp)',
    'login.submit': 'Đăng nhập',
    'error.title': 'Có lỗi xảy ra',
    'error.back': 'Về trang chủ',
    'list.found': 'Số kết quả',
    'form.dayPattern': '\\d{1,2}/\\d{1,2}/\\d{4}',
    'form.dayPlaceholder': 'dd/mm/yyyy',
    'form.dayHint': 'Ngày/tháng/năm, ví dụ 31/12/2026.',
    'permission.admin': 'Quản trị',
    'permission.organiser': 'Người tổ chức bồi dưỡng',
    'permission.agency': 'Cơ quan theo dõi, báo cáo',
    'permission.learner': 'Học viên',
  },
  en: {
    'app.tagline': 'Training in human-rights knowledge and communication',
    'nav.home': 'Home',
    'nav.accounts': 'Accounts',
    'nav.jobs': 'Background jobs',
    'nav.courses': 'Courses',
    'nav.myLearning': 'My learning',
    'nav.myCertificates': 'My certificates',
    'nav.certificates': 'Certificates',
    'nav.contests': 'Contests',
    'nav.profile': 'Profile',
    'nav.authoring': 'Course authoring',
    'nav.coverage': 'Coverage',
    'nav.assignments': 'Assignments',
    'nav.outbox': 'Outbox',
    'nav.login': 'Log in',
    'nav.logout': 'Log out',
    'nav.skip': 'Skip to main content',
    'nav.group.learning': 'Learning',
    'nav.group.work': 'Training work',
    'nav.group.org': 'Units and people',
    'lang.switch': 'Tiếng Việt',
    'home.title': 'Home',
    'home.intro':
      'Mộc is an open online-course platform that helps provinces, cities and communes train their officials on human rights and human-rights communication (Decision 1079/QĐ-TTg, 2023–2028), and prove the share of officials trained, unit by unit and role by role.',
    'home.targets': 'Targets for 2028',
    'home.welcome': 'Welcome',
    'home.permissions': 'Your permissions',
    'login.title': 'Log in',
    'login.register': 'No account? Members of the public can',
    'login.registerLink': 'register here',
    'login.login': 'E-mail or username',
    'login.password': 'Password',
    'login.totp': 'Authentication code (if two-factor is on)',
    'login.submit': 'Log in',
    'error.title': 'Something went wrong',
    'error.back': 'Back to the home page',
    'list.found': 'Results',
    'form.dayPattern': '\\d{4}-\\d{2}-\\d{2}|\\d{1,2}/\\d{1,2}/\\d{4}',
    'form.dayPlaceholder': 'yyyy-mm-dd',
    'form.dayHint': 'Year-month-day (2026-12-31) or day/month/year (31/12/2026).',
    'permission.admin': 'Administrator',
    'permission.organiser': 'Training organiser',
    'permission.agency': 'Agency (monitoring and reports)',
    'permission.learner': 'Learner',
  },
};

export const translate = (lang: Lang, key: string): string => MESSAGES[lang][key] ?? MESSAGES.vi[key] ?? key;

/** Adds words for a page or a context (keys must be new). */
export function addMessages(lang: Lang, messages: Record<string, string>): void {
  Object.assign(MESSAGES[lang], messages);
}

/**
 * Picks the language: ?lang= (remembered in a cookie), else the cookie, else Vietnamese. The `lang` parameter is
 * then removed from req.url so query DTOs never see it, and res.locals.langSwitchHref is this page in the other language.
 */
export function languageMiddleware(req: Request, res: Response, next: NextFunction): void {
  const url = new URL(req.url, 'http://localhost');
  const asked = url.searchParams.get('lang');
  const cookies: unknown = req.cookies;
  const fromCookie = cookies && typeof cookies === 'object' ? (cookies as Record<string, unknown>).lang : undefined;
  let lang: Lang = 'vi';
  if (asked && (LANGS as string[]).includes(asked)) {
    lang = asked as Lang;
    res.cookie('lang', lang, { httpOnly: true, sameSite: 'lax', maxAge: 365 * 24 * 3600 * 1000 });
  } else if (typeof fromCookie === 'string' && (LANGS as string[]).includes(fromCookie)) {
    lang = fromCookie as Lang;
  }
  if (url.searchParams.has('lang')) {
    url.searchParams.delete('lang');
    req.url = url.pathname + url.search;
  }
  const otherLang: Lang = lang === 'vi' ? 'en' : 'vi';
  url.searchParams.set('lang', otherLang);
  res.locals.lang = lang;
  res.locals.otherLang = otherLang;
  res.locals.langSwitchHref = url.pathname + url.search;
  next();
}

/** The keys a language has (for the test that Vietnamese and English say the same things). */
export const messageKeys = (lang: Lang): string[] => Object.keys(MESSAGES[lang]);
