import { addMessages } from '../web/i18n';

addMessages('vi', {
  'login.intro': 'Đăng nhập bằng email hoặc tên đăng nhập do đơn vị cấp.',
  'login.already': 'Bạn đang đăng nhập với tài khoản',
  'login.error.failed': 'Sai tên đăng nhập hoặc mật khẩu.',
  'login.error.locked': 'Đăng nhập sai quá nhiều lần. Tài khoản tạm khoá; hãy thử lại sau',
  'login.error.ipLocked':
    'Có quá nhiều lần đăng nhập sai từ địa chỉ mạng này. Đăng nhập từ địa chỉ này tạm dừng; hãy thử lại sau',
  'login.error.totpRequired': 'Tài khoản này dùng xác thực hai lớp: hãy nhập mã 6 chữ số từ ứng dụng xác thực.',
  'login.error.totpWrong': 'Mã xác thực không đúng hoặc đã hết hạn.',
  'login.error.disabled': 'Tài khoản này đã bị khoá. Hãy liên hệ quản trị viên hoặc người tổ chức bồi dưỡng.',
  'login.error.invalid': 'Hãy nhập tên đăng nhập và mật khẩu.',
  'login.hint.totp': 'Chỉ cần khi tài khoản đã bật xác thực hai lớp.',
});

addMessages('en', {
  'login.intro': 'Log in with the e-mail address or username your unit gave you.',
  'login.already': 'You are logged in as',
  'login.error.failed': 'Wrong login or password.',
  'login.error.locked': 'Too many failed logins. The account is locked for now; try again after',
  'login.error.ipLocked':
    'Too many failed logins from this network address. Logins from it are paused; try again after',
  'login.error.totpRequired':
    'This account uses two-factor authentication: enter the 6-digit code from your authenticator app.',
  'login.error.totpWrong': 'The authentication code is wrong or has expired.',
  'login.error.disabled': 'This account is disabled. Contact an administrator or your training organiser.',
  'login.error.invalid': 'Enter your login and password.',
  'login.hint.totp': 'Only needed when two-factor authentication is on.',
});
