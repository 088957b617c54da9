import { RoleCatalogue } from './role-catalogue';

/** The role catalogue the migrations seed (from the plans), for unit specs of the import. */
export const planRoles = (): RoleCatalogue =>
  new RoleCatalogue(
    [
      ['HR_OFFICIAL', 'Cán bộ làm công tác quyền con người', 'Officials who work on human rights'],
      [
        'ICT_MANAGER',
        'Cán bộ làm công tác quản lý thông tin, truyền thông',
        'Information & communications management officials',
      ],
      [
        'PRESS_FOREIGN_INFO',
        'Nhân sự tham gia công tác thông tin đối ngoại của cơ quan báo chí',
        'Press foreign-information staff',
      ],
      [
        'SOCIO_POLITICAL_KEY',
        'Cán bộ chủ chốt của các tổ chức chính trị - xã hội',
        'Key officials of socio-political organisations',
      ],
      ['REPORTER_EDITOR', 'Phóng viên, biên tập viên', 'Reporters and editors'],
      ['LEGAL_RAPPORTEUR', 'Báo cáo viên pháp luật', 'Legal rapporteurs'],
      ['PROPAGANDIST', 'Tuyên truyền viên', 'Propagandists'],
      ['PUBLIC_LEARNER', 'Người học tự do', 'Public learners'],
    ].map(([code, nameVi, nameEn]) => ({ id: `id-${code}`, code, nameVi, nameEn })),
  );
