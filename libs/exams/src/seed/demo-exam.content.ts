import type { CreateExamDto } from '../exams/dto/exam.dto';
import type { CreateQuestionDto } from '../questions/dto/question.dto';

/**
 * The demo course's question bank (30 questions) and final exam, written from the lessons of the demo course
 * (libs/learning/src/seed/demo-course.content.ts): the facts are the lessons' own (dates and years as the lessons
 * give them, which match the UN treaty records: ICCPR, ICESCR, CERD and CEDAW 1982, CRC 1990, CAT and CRPD 2015;
 * Human Rights Council member 2014–2016 and 2023–2025). Each question has one content area as topic (what the
 * exam draws by) and, where it is about one, the convention's tag.
 */

type Q = CreateQuestionDto;

const choice = (
  name: string,
  topics: string[],
  stem: string,
  right: string,
  wrong: string[],
  explanation: string,
): Q => ({
  name,
  type: 'single_choice',
  stem,
  topics,
  explanation,
  options: [right, ...wrong].map((text, i) => ({ key: 'abcd'[i], text, fraction: i === 0 ? 1 : 0 })),
});

const multiple = (
  name: string,
  topics: string[],
  stem: string,
  right: string[],
  wrong: string[],
  explanation: string,
): Q => ({
  name,
  type: 'multiple_choice',
  stem,
  topics,
  explanation,
  options: [...right, ...wrong].map((text, i) => ({
    key: 'abcdef'[i],
    text,
    fraction: i < right.length ? Math.round(100000 / right.length) / 100000 : 0,
  })),
});

const trueFalse = (name: string, topics: string[], stem: string, isTrue: boolean, explanation: string): Q => ({
  name,
  type: 'true_false',
  stem,
  topics,
  explanation,
  options: [
    { key: 'true', text: 'Đúng', fraction: isTrue ? 1 : 0 },
    { key: 'false', text: 'Sai', fraction: isTrue ? 0 : 1 },
  ],
});

const short = (name: string, topics: string[], stem: string, accepted: string[], explanation: string): Q => ({
  name,
  type: 'short_answer',
  stem,
  topics,
  explanation,
  options: [],
  shortAnswer: { ignoreDiacritics: true, accepted: accepted.map((text) => ({ text, fraction: 1 })) },
});

const LAW = 'international-law';
const POLICY = 'policy-and-law';
const ACHIEVE = 'achievements';
const COUNTER = 'countering-distortions';
const FOREIGN = 'foreign-relations';

export const DEMO_QUESTIONS: readonly Q[] = [
  // ---- module 1: international law and the seven core conventions (11) ----
  choice(
    'QCN-01 Ngày thông qua Tuyên ngôn',
    [LAW],
    'Tuyên ngôn toàn thế giới về quyền con người được Đại hội đồng Liên hợp quốc thông qua vào ngày nào?',
    '10/12/1948',
    ['2/9/1945', '24/10/1945', '16/12/1966'],
    'Ngày 10/12/1948, Đại hội đồng Liên hợp quốc thông qua Tuyên ngôn; vì vậy ngày 10 tháng 12 hằng năm là Ngày Quyền con người thế giới.',
  ),
  short(
    'QCN-02 Ngày Quyền con người thế giới',
    [LAW],
    'Ngày Quyền con người thế giới (Ngày Nhân quyền thế giới) là ngày nào hằng năm? Ghi ngày/tháng, ví dụ: 1/6.',
    ['10/12', '10-12', '10.12', 'ngày 10/12', '10 tháng 12', 'ngày 10 tháng 12'],
    'Ngày 10 tháng 12: ngày Tuyên ngôn toàn thế giới về quyền con người được thông qua năm 1948.',
  ),
  choice(
    'QCN-03 Số điều của Tuyên ngôn',
    [LAW],
    'Tuyên ngôn toàn thế giới về quyền con người gồm bao nhiêu điều?',
    '30 điều',
    ['36 điều', '47 điều', '25 điều'],
    'Tuyên ngôn năm 1948 gồm 30 điều; Điều 1: “Tất cả mọi người sinh ra đều được tự do và bình đẳng về phẩm giá và các quyền.”',
  ),
  multiple(
    'QCN-04 Bộ luật quốc tế về quyền con người',
    [LAW, 'iccpr', 'icescr'],
    'Bộ luật quốc tế về quyền con người gồm những văn kiện nào?',
    [
      'Tuyên ngôn toàn thế giới về quyền con người (1948)',
      'Công ước quốc tế về các quyền dân sự và chính trị (1966)',
      'Công ước quốc tế về các quyền kinh tế, xã hội và văn hóa (1966)',
    ],
    ['Công ước về quyền trẻ em (1989)'],
    'Tuyên ngôn cùng hai công ước năm 1966 thường được gọi chung là Bộ luật quốc tế về quyền con người.',
  ),
  choice(
    'QCN-05 Năm gia nhập ICCPR và ICESCR',
    [LAW, 'iccpr', 'icescr'],
    'Việt Nam gia nhập Công ước về các quyền dân sự và chính trị (ICCPR) và Công ước về các quyền kinh tế, xã hội và văn hóa (ICESCR) vào năm nào?',
    '1982',
    ['1966', '1990', '2015'],
    'Việt Nam gia nhập cả hai công ước ngày 24/9/1982; hai công ước được Liên hợp quốc thông qua năm 1966.',
  ),
  choice(
    'QCN-06 Năm phê chuẩn CRC',
    [LAW, 'crc'],
    'Việt Nam phê chuẩn Công ước về quyền trẻ em (CRC) vào năm nào?',
    '1990',
    ['1982', '1989', '2015'],
    'Việt Nam phê chuẩn CRC năm 1990, là quốc gia đầu tiên ở châu Á và thứ hai trên thế giới; công ước được thông qua năm 1989.',
  ),
  trueFalse(
    'QCN-07 CRC: quốc gia đầu tiên ở châu Á',
    [LAW, 'crc'],
    'Việt Nam là quốc gia đầu tiên ở châu Á và thứ hai trên thế giới phê chuẩn Công ước về quyền trẻ em.',
    true,
    'Đúng: Việt Nam phê chuẩn Công ước về quyền trẻ em năm 1990, là quốc gia đầu tiên ở châu Á và thứ hai trên thế giới.',
  ),
  multiple(
    'QCN-08 Hai công ước phê chuẩn năm 2015',
    [LAW, 'cat', 'crpd'],
    'Việt Nam phê chuẩn những công ước nào dưới đây vào năm 2015?',
    ['Công ước chống tra tấn (CAT)', 'Công ước về quyền của người khuyết tật (CRPD)'],
    ['Công ước về xóa bỏ mọi hình thức phân biệt đối xử với phụ nữ (CEDAW)', 'Công ước về quyền trẻ em (CRC)'],
    'CAT: ký năm 2013, phê chuẩn năm 2015. CRPD: ký năm 2007, phê chuẩn năm 2015. CEDAW được phê chuẩn năm 1982, CRC năm 1990.',
  ),
  choice(
    'QCN-09 Năm phê chuẩn CEDAW',
    [LAW, 'cedaw'],
    'Việt Nam phê chuẩn Công ước về xóa bỏ mọi hình thức phân biệt đối xử với phụ nữ (CEDAW) vào năm nào?',
    '1982',
    ['1979', '1990', '2007'],
    'Việt Nam ký CEDAW năm 1980 và phê chuẩn năm 1982; công ước được Liên hợp quốc thông qua năm 1979.',
  ),
  choice(
    'QCN-10 Năm gia nhập CERD',
    [LAW, 'cerd'],
    'Việt Nam gia nhập Công ước quốc tế về xóa bỏ mọi hình thức phân biệt chủng tộc (CERD) vào năm nào?',
    '1982',
    ['1965', '1990', '2015'],
    'Việt Nam gia nhập CERD năm 1982; công ước được Liên hợp quốc thông qua năm 1965.',
  ),
  multiple(
    'QCN-11 Ba nhóm nghĩa vụ của quốc gia',
    [LAW],
    'Khi trở thành thành viên một công ước về quyền con người, quốc gia cam kết những nhóm nghĩa vụ nào?',
    ['Tôn trọng', 'Bảo vệ', 'Thực hiện'],
    ['Giám sát việc thực hiện công ước của các quốc gia khác'],
    'Ba nhóm nghĩa vụ: tôn trọng (không tự mình xâm phạm), bảo vệ (ngăn chặn, xử lý hành vi xâm phạm của người khác) và thực hiện (pháp luật, chính sách, nguồn lực).',
  ),
  // ---- module 2: Party and State policy and law (5) ----
  choice(
    'QCN-12 Chương về quyền con người trong Hiến pháp 2013',
    [POLICY],
    'Hiến pháp năm 2013 dành chương nào cho “Quyền con người, quyền và nghĩa vụ cơ bản của công dân”?',
    'Chương II (từ Điều 14 đến Điều 49)',
    ['Chương I', 'Chương III', 'Chương V'],
    'Chương II của Hiến pháp năm 2013 gồm 36 điều, từ Điều 14 đến Điều 49.',
  ),
  trueFalse(
    'QCN-13 Hạn chế quyền theo Hiến pháp',
    [POLICY],
    'Theo Hiến pháp năm 2013, quyền con người, quyền công dân chỉ có thể bị hạn chế theo quy định của luật trong trường hợp cần thiết vì lý do quốc phòng, an ninh quốc gia, trật tự, an toàn xã hội, đạo đức xã hội, sức khỏe của cộng đồng.',
    true,
    'Đúng: Khoản 2, Điều 14 Hiến pháp năm 2013. Quyền chỉ có thể bị hạn chế bằng luật do Quốc hội ban hành, và chỉ vì những lý do được liệt kê.',
  ),
  choice(
    'QCN-14 Giai đoạn của Đề án 1079',
    [POLICY],
    'Quyết định số 1079/QĐ-TTg ngày 14/9/2022 phê duyệt Đề án truyền thông về quyền con người ở Việt Nam cho giai đoạn nào?',
    '2023 - 2028',
    ['2021 - 2025', '2022 - 2030', '2018 - 2023'],
    'Đề án truyền thông về quyền con người ở Việt Nam thực hiện trong giai đoạn 2023 - 2028.',
  ),
  choice(
    'QCN-15 Luật gắn với CRPD',
    [POLICY, 'crpd'],
    'Luật nào dưới đây là ví dụ về nội luật hóa Công ước về quyền của người khuyết tật (CRPD)?',
    'Luật Người khuyết tật (2010)',
    ['Luật Bình đẳng giới (2006)', 'Luật Trẻ em (2016)', 'Luật Tiếp cận thông tin (2016)'],
    'Luật Người khuyết tật (2010) gắn với CRPD; Luật Bình đẳng giới với CEDAW; Luật Trẻ em với CRC; Luật Tiếp cận thông tin với ICCPR.',
  ),
  choice(
    'QCN-16 Mục tiêu 2028 cho cán bộ làm công tác quyền con người',
    [POLICY],
    'Đến năm 2028, bao nhiêu phần trăm cán bộ làm công tác quyền con người được cập nhật thông tin, tập huấn kiến thức, kỹ năng truyền thông về quyền con người?',
    '100%',
    ['70%', '50%', '90%'],
    '100% cán bộ làm công tác quyền con người, 100% cán bộ quản lý thông tin, truyền thông và 100% nhân sự thông tin đối ngoại của các cơ quan báo chí; 70% cán bộ chủ chốt của các tổ chức chính trị - xã hội.',
  ),
  // ---- module 3: efforts and achievements (3) ----
  trueFalse(
    'QCN-17 Quyền kinh tế, xã hội là quyền con người',
    [ACHIEVE, 'icescr'],
    'Có việc làm, được chăm sóc sức khỏe, được đi học và được hưởng an sinh xã hội là những quyền được ghi nhận trong Công ước quốc tế về các quyền kinh tế, xã hội và văn hóa.',
    true,
    'Đúng: mỗi chương trình giảm nghèo, mỗi trạm y tế, mỗi lớp học ở thôn, ấp là một việc làm cụ thể để bảo đảm quyền con người.',
  ),
  choice(
    'QCN-18 Số liệu khi truyền thông thành tựu',
    [ACHIEVE],
    'Khi truyền thông về thành tựu bảo đảm quyền con người, nên dùng số liệu như thế nào?',
    'Số liệu chính thức, ghi rõ nguồn và thời điểm',
    [
      'Số liệu ước lượng theo cảm tính cho dễ nhớ',
      'Số liệu lấy từ mạng xã hội, không cần nguồn',
      'Số liệu làm tròn lên cho ấn tượng',
    ],
    'Dùng số liệu của cơ quan thống kê, báo cáo của cơ quan có thẩm quyền; ghi rõ nguồn và thời điểm; không làm tròn hay ước lượng theo cảm tính.',
  ),
  multiple(
    'QCN-19 Một bài viết tốt về thành tựu',
    [ACHIEVE],
    'Một bài viết tốt về thành tựu bảo đảm quyền con người nên có những gì?',
    ['Một con người, một câu chuyện cụ thể', 'Số liệu kèm nguồn chính thức', 'Nói rõ quyền nào được bảo đảm'],
    ['Chỉ cần khẩu hiệu, không cần ví dụ'],
    'Có con người và câu chuyện cụ thể, số liệu kèm nguồn, nói rõ quyền nào được bảo đảm, và thừa nhận khó khăn còn lại một cách khách quan.',
  ),
  // ---- module 4: recognising and answering false information (5) ----
  choice(
    'QCN-20 Dạng thông tin sai ngữ cảnh',
    [COUNTER],
    'Ảnh, video thật nhưng của nơi khác, thời điểm khác, được gán cho một sự việc mới là dạng thông tin sai lệch nào?',
    'Sai ngữ cảnh',
    ['Bịa đặt hoàn toàn', 'Mạo danh', 'Quy chụp'],
    'Sai ngữ cảnh: ảnh, video thật nhưng của nơi khác, thời điểm khác. Kiểm tra ngữ cảnh: ảnh, video chụp ở đâu, khi nào?',
  ),
  multiple(
    'QCN-21 Dấu hiệu cảnh báo',
    [COUNTER],
    'Đâu là dấu hiệu cảnh báo một thông tin có thể sai lệch?',
    [
      'Tiêu đề giật gân, kêu gọi “chia sẻ ngay”',
      'Không có nguồn, hoặc nguồn là tài khoản ẩn danh, mới lập',
      'Không có ngày tháng, địa điểm cụ thể',
    ],
    ['Dẫn văn bản pháp luật và thông cáo của cơ quan có thẩm quyền'],
    'Các dấu hiệu cảnh báo: tiêu đề giật gân, không có nguồn hoặc nguồn ẩn danh, không có ngày tháng và địa điểm, đánh mạnh vào cảm xúc.',
  ),
  trueFalse(
    'QCN-22 Không chia sẻ lại bài gốc',
    [COUNTER],
    'Khi phản bác một bài viết sai lệch, nên chia sẻ lại bài gốc để mọi người cùng thấy.',
    false,
    'Sai: không lan truyền lại nội dung sai, không chia sẻ lại bài gốc khi phản bác; dựa vào sự thật và dẫn nguồn chính thống.',
  ),
  choice(
    'QCN-23 Tình huống ảnh cũ trên mạng xã hội',
    [COUNTER, 'crc'],
    'Một nhóm mạng xã hội đăng ảnh cũ về một vụ việc ở nơi khác và cho rằng “xã ta vi phạm quyền trẻ em”. Cách làm đúng là gì?',
    'Không chia sẻ; kiểm tra nguồn, ngày, ngữ cảnh của ảnh; báo cho cán bộ phụ trách thông tin của xã',
    ['Bình luận gay gắt ngay để phản đối', 'Chia sẻ để “hỏi cho biết”', 'Im lặng và không báo cho ai'],
    'Không chia sẻ; kiểm tra nguồn, ngày, ngữ cảnh; báo cán bộ phụ trách thông tin; khi đã có thông tin chính thức, trả lời ngắn gọn, điềm tĩnh, kèm nguồn.',
  ),
  choice(
    'QCN-24 Thông tin có dấu hiệu vi phạm pháp luật',
    [COUNTER],
    'Gặp thông tin về quyền con người có dấu hiệu vi phạm pháp luật trên mạng, cán bộ nên làm gì?',
    'Báo cáo cơ quan có thẩm quyền (quản lý thông tin, truyền thông ở địa phương, công an) hoặc thủ trưởng đơn vị',
    ['Chia sẻ rộng rãi để cảnh báo', 'Tự tranh luận với người đăng bằng tài khoản cá nhân', 'Bỏ qua'],
    'Thông tin có dấu hiệu vi phạm pháp luật cần được báo cáo cơ quan có thẩm quyền; việc giải thích, làm rõ thực hiện qua cơ chế phát ngôn của cơ quan nhà nước.',
  ),
  // ---- module 5: foreign affairs, the Human Rights Council and the UPR (6) ----
  choice(
    'QCN-25 Năm thành lập Hội đồng Nhân quyền',
    [FOREIGN],
    'Hội đồng Nhân quyền Liên hợp quốc được thành lập năm nào?',
    '2006',
    ['1948', '1993', '2014'],
    'Hội đồng Nhân quyền được thành lập năm 2006, trụ sở tại Geneva (Thụy Sỹ).',
  ),
  choice(
    'QCN-26 Số thành viên Hội đồng Nhân quyền',
    [FOREIGN],
    'Hội đồng Nhân quyền Liên hợp quốc gồm bao nhiêu quốc gia thành viên?',
    '47',
    ['15', '54', '193'],
    'Hội đồng gồm 47 quốc gia thành viên do Đại hội đồng Liên hợp quốc bầu, nhiệm kỳ 3 năm.',
  ),
  multiple(
    'QCN-27 Các nhiệm kỳ của Việt Nam tại Hội đồng Nhân quyền',
    [FOREIGN],
    'Việt Nam đã là thành viên Hội đồng Nhân quyền Liên hợp quốc trong những nhiệm kỳ nào dưới đây?',
    ['2014 - 2016', '2023 - 2025'],
    ['2008 - 2010', '2017 - 2019'],
    'Việt Nam là thành viên nhiệm kỳ 2014 - 2016 và 2023 - 2025 (trúng cử ngày 11/10/2022), và tái đắc cử nhiệm kỳ 2026 - 2028.',
  ),
  short(
    'QCN-28 Trụ sở Hội đồng Nhân quyền',
    [FOREIGN],
    'Hội đồng Nhân quyền Liên hợp quốc có trụ sở tại thành phố nào?',
    ['Geneva', 'Genève', 'Giơ-ne-vơ', 'Giơnevơ', 'Geneva, Thụy Sỹ', 'Geneva, Thụy Sĩ'],
    'Trụ sở của Hội đồng Nhân quyền đặt tại Geneva (Thụy Sỹ).',
  ),
  choice(
    'QCN-29 Cơ chế UPR',
    [FOREIGN],
    'Rà soát định kỳ phổ quát (UPR) là gì?',
    'Cơ chế của Hội đồng Nhân quyền, qua đó tình hình quyền con người của mọi quốc gia thành viên Liên hợp quốc lần lượt được xem xét theo từng chu kỳ',
    [
      'Báo cáo của một ủy ban công ước về riêng một quốc gia',
      'Cuộc bầu cử thành viên Hội đồng Nhân quyền',
      'Cơ chế chỉ áp dụng cho một số quốc gia bị chỉ định',
    ],
    'Trong UPR, quốc gia được rà soát trình báo cáo quốc gia, đối thoại và nhận các khuyến nghị; quốc gia đó quyết định chấp thuận khuyến nghị nào.',
  ),
  trueFalse(
    'QCN-30 Chấp thuận khuyến nghị UPR',
    [FOREIGN],
    'Trong cơ chế UPR, quốc gia được rà soát quyết định chấp thuận những khuyến nghị nào.',
    true,
    'Đúng. Ví dụ: các khuyến nghị số 63, 67 và 86 của chu kỳ III về nâng cao nhận thức về quyền con người được Việt Nam chấp thuận; khóa học này là một cách thực hiện các khuyến nghị đó.',
  ),
];

/** The final exam: 20 questions drawn by content area, 30 minutes, 70% to pass, 3 attempts, answers after submit. */
export const DEMO_FINAL_EXAM: CreateExamDto = {
  title: 'Bài kiểm tra cuối khoá',
  kind: 'final',
  drawMode: 'topics',
  drawTopics: [
    { topic: LAW, count: 7 },
    { topic: POLICY, count: 3 },
    { topic: ACHIEVE, count: 2 },
    { topic: COUNTER, count: 3 },
    { topic: FOREIGN, count: 5 },
  ],
  timeLimitMinutes: 30,
  passPercent: 70,
  attemptsAllowed: 3,
  attemptRule: 'best',
  shuffleQuestions: true,
  shuffleOptions: true,
  reviewPolicy: 'with_answers',
};

/**
 * The demo knowledge contest on the same course: open to the province's whole roster (learners and officials), a
 * shorter paper drawn from the same bank, names on the leaderboard as initials. Its opening and closing times are
 * set from the day the demo is first loaded (DEMO_CONTEST_WINDOW_DAYS).
 */
export const DEMO_CONTEST: CreateExamDto = {
  title: 'Hội thi tìm hiểu về quyền con người',
  kind: 'contest',
  drawMode: 'topics',
  drawTopics: [
    { topic: LAW, count: 4 },
    { topic: ACHIEVE, count: 2 },
    { topic: FOREIGN, count: 4 },
  ],
  timeLimitMinutes: 15,
  passPercent: 50,
  attemptsAllowed: 1,
  attemptRule: 'best',
  shuffleQuestions: true,
  shuffleOptions: true,
  reviewPolicy: 'after_close',
  leaderboardNames: 'initials',
};

/** The demo contest opened this many days before the demo was loaded and closes this many days after. */
export const DEMO_CONTEST_WINDOW_DAYS = { before: 10, after: 30 } as const;

/** How many people of the demo province have already taken part in the demo contest. */
export const DEMO_CONTEST_PARTICIPANTS = 120;
