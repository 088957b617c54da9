/**
 * The demo course, as data: "Kiến thức cơ bản về quyền con người và truyền thông về quyền con người".
 * Five modules after the five content areas of the local plans implementing Decision 1079/QĐ-TTg (Hà Nội
 * 112/KH-UBND, Vĩnh Long, Thái Nguyên 62/KH-UBND, xã Mẫu Sơn): international law and the seven core conventions;
 * Party and State policy and law; efforts and achievements; recognising and answering false information; foreign
 * affairs. Facts are quoted from those plans or from official sources; where a precise day was not certain it is
 * left out (years only). Lesson HTML uses only p, h2, h3, ul/ol/li, strong, em, blockquote and tables with th.
 */

export type DemoLesson =
  | { kind: 'text'; title: string; bodyHtml: string; estimatedMinutes: number; required?: boolean }
  | { kind: 'link'; title: string; url: string; bodyHtml: string; estimatedMinutes: number; required?: boolean };

export interface DemoModule {
  title: string;
  lessons: DemoLesson[];
}

export interface DemoCourse {
  code: string;
  title: string;
  summary: string;
  language: 'vi';
  tags: string[];
  /** The course ends with a final exam (its bank and exam are seeded by libs/exams: seed/demo-exam). */
  finalExam: boolean;
  modules: DemoModule[];
}

const html = (parts: string[]): string => parts.join('\n');

const MODULE_1: DemoModule = {
  title: 'Luật pháp quốc tế về quyền con người và 07 công ước cơ bản',
  lessons: [
    {
      kind: 'text',
      title: 'Quyền con người là gì? Tuyên ngôn toàn thế giới về quyền con người',
      estimatedMinutes: 6,
      bodyHtml: html([
        '<p><strong>Quyền con người</strong> là những quyền vốn có của mỗi người, gắn với phẩm giá con người, ' +
          'được pháp luật quốc gia và pháp luật quốc tế ghi nhận, tôn trọng, bảo vệ và bảo đảm. Quyền con người ' +
          'thuộc về mọi người, không phân biệt dân tộc, giới tính, tôn giáo, nguồn gốc hay địa vị xã hội.</p>',
        '<h2>Những đặc điểm cơ bản</h2>',
        '<ul>',
        '<li><strong>Tính phổ biến:</strong> mọi người đều có quyền con người, ở mọi nơi.</li>',
        '<li><strong>Không thể tước đoạt tùy tiện:</strong> quyền chỉ có thể bị hạn chế theo quy định của luật, ' +
          'trong những trường hợp cần thiết.</li>',
        '<li><strong>Không thể phân chia, liên hệ và phụ thuộc lẫn nhau:</strong> các quyền dân sự, chính trị, ' +
          'kinh tế, xã hội và văn hóa quan trọng như nhau và hỗ trợ lẫn nhau (Tuyên bố và Chương trình hành động ' +
          'Viên năm 1993).</li>',
        '</ul>',
        '<h2>Tuyên ngôn toàn thế giới về quyền con người (1948)</h2>',
        '<p>Ngày <strong>10/12/1948</strong>, Đại hội đồng Liên hợp quốc thông qua Tuyên ngôn toàn thế giới về ' +
          'quyền con người, gồm 30 điều. Vì vậy, hằng năm ngày <strong>10 tháng 12</strong> là ' +
          '<strong>Ngày Quyền con người thế giới</strong> (Ngày Nhân quyền thế giới).</p>',
        '<blockquote><p>“Tất cả mọi người sinh ra đều được tự do và bình đẳng về phẩm giá và các quyền.” ' +
          '(Điều 1, Tuyên ngôn toàn thế giới về quyền con người)</p></blockquote>',
        '<p>Tuyên ngôn cùng hai công ước năm 1966 (về các quyền dân sự và chính trị; về các quyền kinh tế, xã hội ' +
          'và văn hóa) thường được gọi chung là <em>Bộ luật quốc tế về quyền con người</em>.</p>',
        '<h2>Quyền con người trong lịch sử Việt Nam</h2>',
        '<p>Tuyên ngôn Độc lập ngày 2/9/1945 của Chủ tịch Hồ Chí Minh mở đầu bằng lời khẳng định:</p>',
        '<blockquote><p>“Tất cả mọi người đều sinh ra có quyền bình đẳng. Tạo hóa cho họ những quyền không ai có ' +
          'thể xâm phạm được; trong những quyền ấy, có quyền được sống, quyền tự do và quyền mưu cầu hạnh ' +
          'phúc.”</p></blockquote>',
      ]),
    },
    {
      kind: 'text',
      title: 'Bảy công ước quốc tế cơ bản về quyền con người mà Việt Nam là thành viên',
      estimatedMinutes: 7,
      bodyHtml: html([
        '<p>Các kế hoạch thực hiện Đề án truyền thông về quyền con người (Quyết định số 1079/QĐ-TTg) đều đặt lên ' +
          'hàng đầu nội dung <strong>luật pháp quốc tế về quyền con người</strong>, đặc biệt là 07 công ước quốc ' +
          'tế cơ bản mà Việt Nam là thành viên.</p>',
        '<table>',
        '<caption>Bảy công ước cơ bản và thời điểm Việt Nam tham gia</caption>',
        '<thead><tr><th scope="col">Công ước</th><th scope="col">Liên hợp quốc thông qua</th>' +
          '<th scope="col">Việt Nam tham gia</th></tr></thead>',
        '<tbody>',
        '<tr><th scope="row">Công ước quốc tế về các quyền dân sự và chính trị (ICCPR)</th><td>1966</td>' +
          '<td>Gia nhập ngày 24/9/1982</td></tr>',
        '<tr><th scope="row">Công ước quốc tế về các quyền kinh tế, xã hội và văn hóa (ICESCR)</th><td>1966</td>' +
          '<td>Gia nhập ngày 24/9/1982</td></tr>',
        '<tr><th scope="row">Công ước quốc tế về xóa bỏ mọi hình thức phân biệt chủng tộc (CERD)</th><td>1965</td>' +
          '<td>Gia nhập năm 1982</td></tr>',
        '<tr><th scope="row">Công ước về xóa bỏ mọi hình thức phân biệt đối xử với phụ nữ (CEDAW)</th><td>1979</td>' +
          '<td>Ký năm 1980, phê chuẩn năm 1982</td></tr>',
        '<tr><th scope="row">Công ước về quyền trẻ em (CRC)</th><td>1989</td>' +
          '<td>Phê chuẩn năm 1990, là quốc gia đầu tiên ở châu Á và thứ hai trên thế giới</td></tr>',
        '<tr><th scope="row">Công ước chống tra tấn và các hình thức đối xử hoặc trừng phạt tàn bạo, vô nhân đạo ' +
          'hoặc hạ nhục con người (CAT)</th><td>1984</td><td>Ký năm 2013, phê chuẩn năm 2015</td></tr>',
        '<tr><th scope="row">Công ước về quyền của người khuyết tật (CRPD)</th><td>2006</td>' +
          '<td>Ký năm 2007, phê chuẩn năm 2015</td></tr>',
        '</tbody>',
        '</table>',
        '<h2>Ai cung cấp tài liệu về từng công ước?</h2>',
        '<p>Theo Kế hoạch của UBND tỉnh Vĩnh Long: Sở Tư pháp cung cấp tài liệu về Công ước về các quyền dân sự ' +
          'và chính trị và Công ước chống tra tấn; Sở Lao động - Thương binh và Xã hội về các công ước về phụ nữ, ' +
          'trẻ em và người khuyết tật; Ban Dân tộc về Công ước xóa bỏ mọi hình thức phân biệt chủng tộc. Ở Hà Nội, ' +
          'Ban Dân tộc, Công an Thành phố và các sở Lao động - Thương binh và Xã hội, Tư pháp, Kế hoạch và Đầu tư ' +
          'chủ trì truyền thông 07 công ước theo chỉ đạo của các bộ, ngành Trung ương.</p>',
        '<p><em>Lưu ý:</em> tên và nhiệm vụ của các cơ quan có thể thay đổi sau khi sắp xếp bộ máy; khi cần tài ' +
          'liệu, hãy hỏi cơ quan đầu mối hiện hành ở địa phương.</p>',
      ]),
    },
    {
      kind: 'text',
      title: 'Nghĩa vụ của quốc gia thành viên: tôn trọng, bảo vệ và thực hiện',
      estimatedMinutes: 5,
      bodyHtml: html([
        '<p>Khi trở thành thành viên một công ước, quốc gia cam kết thực hiện ba nhóm nghĩa vụ:</p>',
        '<ol>',
        '<li><strong>Tôn trọng:</strong> Nhà nước không tự mình xâm phạm quyền con người.</li>',
        '<li><strong>Bảo vệ:</strong> Nhà nước ngăn chặn, xử lý hành vi của người khác xâm phạm quyền con ' +
          'người.</li>',
        '<li><strong>Thực hiện:</strong> Nhà nước ban hành pháp luật, chính sách, bố trí nguồn lực để mọi người ' +
          'thực sự được hưởng các quyền.</li>',
        '</ol>',
        '<h2>Nội luật hóa và báo cáo</h2>',
        '<ul>',
        '<li><strong>Nội luật hóa:</strong> đưa các cam kết của công ước vào Hiến pháp, luật và văn bản hướng ' +
          'dẫn.</li>',
        '<li><strong>Báo cáo định kỳ:</strong> quốc gia thành viên gửi báo cáo quốc gia về việc thực hiện công ' +
          'ước tới ủy ban công ước tương ứng của Liên hợp quốc và đối thoại với ủy ban đó.</li>',
        '<li><strong>Phổ biến, giáo dục:</strong> người dân và cán bộ cần hiểu các quyền để thực hiện và bảo vệ ' +
          'quyền. Đây chính là mục đích của khóa học này.</li>',
        '</ul>',
        '<h3>Ghi nhớ</h3>',
        '<p>Quyền con người không chỉ là chuyện “đối ngoại”: mỗi thủ tục hành chính, mỗi quyết định ở xã, phường ' +
          'đều có thể góp phần bảo đảm, hoặc làm ảnh hưởng đến, quyền của người dân.</p>',
      ]),
    },
    {
      kind: 'link',
      title: 'Đọc thêm: toàn văn Tuyên ngôn toàn thế giới về quyền con người (Liên hợp quốc)',
      url: 'https://www.un.org/en/about-us/universal-declaration-of-human-rights',
      estimatedMinutes: 10,
      required: false,
      bodyHtml: html([
        '<p>Trang chính thức của Liên hợp quốc đăng toàn văn Tuyên ngôn (tiếng Anh, có các bản dịch). Bài đọc ' +
          'thêm này không bắt buộc.</p>',
      ]),
    },
  ],
};

const MODULE_2: DemoModule = {
  title: 'Chủ trương của Đảng, chính sách, pháp luật của Nhà nước Việt Nam về quyền con người',
  lessons: [
    {
      kind: 'text',
      title: 'Hiến pháp năm 2013 và quyền con người',
      estimatedMinutes: 6,
      bodyHtml: html([
        '<p>Hiến pháp năm 2013 dành <strong>Chương II</strong> với tên gọi “Quyền con người, quyền và nghĩa vụ cơ ' +
          'bản của công dân”, gồm 36 điều (từ Điều 14 đến Điều 49).</p>',
        '<blockquote><p>“Ở nước Cộng hòa xã hội chủ nghĩa Việt Nam, các quyền con người, quyền công dân về chính ' +
          'trị, dân sự, kinh tế, văn hóa, xã hội được công nhận, tôn trọng, bảo vệ, bảo đảm theo Hiến pháp và ' +
          'pháp luật.” (Khoản 1, Điều 14)</p></blockquote>',
        '<blockquote><p>“Quyền con người, quyền công dân chỉ có thể bị hạn chế theo quy định của luật trong trường ' +
          'hợp cần thiết vì lý do quốc phòng, an ninh quốc gia, trật tự, an toàn xã hội, đạo đức xã hội, sức khỏe ' +
          'của cộng đồng.” (Khoản 2, Điều 14)</p></blockquote>',
        '<h2>Điểm mới cần nhớ</h2>',
        '<ul>',
        '<li>Phân biệt <strong>quyền con người</strong> (của mọi người) với <strong>quyền công dân</strong> (của ' +
          'người có quốc tịch Việt Nam).</li>',
        '<li>Quyền chỉ có thể bị hạn chế <strong>bằng luật</strong> do Quốc hội ban hành, và chỉ vì những lý do ' +
          'được liệt kê.</li>',
        '<li>“Mọi người đều bình đẳng trước pháp luật” (Khoản 1, Điều 16).</li>',
        '</ul>',
      ]),
    },
    {
      kind: 'text',
      title: 'Quan điểm của Đảng và hệ thống pháp luật về quyền con người',
      estimatedMinutes: 6,
      bodyHtml: html([
        '<p>Đảng và Nhà nước Việt Nam nhất quán xác định <strong>con người là trung tâm, chủ thể, nguồn lực quan ' +
          'trọng nhất và mục tiêu của sự phát triển</strong>. Chỉ thị số 12-CT/TW ngày 12/7/1992 của Ban Bí thư ' +
          '“về vấn đề quyền con người và quan điểm, chủ trương của Đảng ta” khẳng định quyền con người là thành ' +
          'quả của cuộc đấu tranh lâu dài qua các thời đại và đã trở thành giá trị chung của nhân loại.</p>',
        '<h2>Một số luật bảo đảm quyền của các nhóm cụ thể</h2>',
        '<table>',
        '<caption>Ví dụ về nội luật hóa các cam kết quốc tế</caption>',
        '<thead><tr><th scope="col">Luật</th><th scope="col">Liên quan đến</th></tr></thead>',
        '<tbody>',
        '<tr><th scope="row">Luật Bình đẳng giới (2006)</th><td>Công ước CEDAW</td></tr>',
        '<tr><th scope="row">Luật Người khuyết tật (2010)</th><td>Công ước CRPD</td></tr>',
        '<tr><th scope="row">Luật Trẻ em (2016)</th><td>Công ước CRC</td></tr>',
        '<tr><th scope="row">Luật Tín ngưỡng, tôn giáo (2016)</th><td>Công ước ICCPR</td></tr>',
        '<tr><th scope="row">Luật Tiếp cận thông tin (2016)</th><td>Công ước ICCPR</td></tr>',
        '</tbody>',
        '</table>',
        '<p>Các kế hoạch địa phương yêu cầu truyền thông cả <strong>kết quả nội luật hóa và thực thi</strong> các ' +
          'cam kết quốc tế về quyền con người, cùng các cam kết quốc tế song phương và đa phương mà Việt Nam là ' +
          'thành viên hoặc có kế hoạch gia nhập.</p>',
      ]),
    },
    {
      kind: 'text',
      title: 'Đề án truyền thông về quyền con người (Quyết định 1079/QĐ-TTg) và kế hoạch của địa phương',
      estimatedMinutes: 7,
      bodyHtml: html([
        '<p>Ngày 14/9/2022, Thủ tướng Chính phủ ban hành <strong>Quyết định số 1079/QĐ-TTg</strong> phê duyệt Đề ' +
          'án truyền thông về quyền con người ở Việt Nam, giai đoạn 2023 - 2028. Bộ Thông tin và Truyền thông ' +
          'hướng dẫn thực hiện tại Công văn số 5768/BTTTT-TTĐN ngày 28/11/2022; các tỉnh, thành phố và xã đã ban ' +
          'hành kế hoạch của mình.</p>',
        '<h2>Ba nội dung chính của truyền thông</h2>',
        '<ol>',
        '<li>Phổ biến, giáo dục kiến thức về quyền con người.</li>',
        '<li>Tuyên truyền về các nỗ lực và thành tựu bảo đảm quyền con người.</li>',
        '<li>Giải thích, làm rõ, phản bác các thông tin sai lệch, xuyên tạc về tình hình quyền con người ở Việt ' +
          'Nam.</li>',
        '</ol>',
        '<h2>Mục tiêu cụ thể đến năm 2028</h2>',
        '<ul>',
        '<li>100% cán bộ làm công tác quyền con người, 100% cán bộ làm công tác quản lý thông tin, truyền thông và ' +
          '100% nhân sự tham gia công tác thông tin đối ngoại của các cơ quan báo chí được cập nhật thông tin, ' +
          'tập huấn kiến thức, kỹ năng truyền thông về quyền con người.</li>',
        '<li>70% cán bộ chủ chốt của các tổ chức chính trị - xã hội (Hà Nội, Thái Nguyên, xã Mẫu Sơn) được cập ' +
          'nhật thông tin và tập huấn.</li>',
        '<li>Tỉnh Vĩnh Long: giảm thông tin sai lệch, tin giả, tin xấu độc xâm hại quyền con người trên không gian ' +
          'mạng xuống dưới 10% tổng số thông tin về quyền con người; phát hiện, xử lý 90% tin giả, tin xấu ' +
          'độc.</li>',
        '<li>Sản phẩm truyền thông bằng tiếng dân tộc, tiếng nước ngoài và trên nền tảng số chiếm từ 15% đến 20% ' +
          'tổng số sản phẩm truyền thông về quyền con người (Vĩnh Long, Thái Nguyên).</li>',
        '</ul>',
        '<h3>Báo cáo</h3>',
        '<p>Các cơ quan, đơn vị ở Vĩnh Long báo cáo tình hình, kết quả thực hiện <strong>trước ngày 20/11 hằng ' +
          'năm</strong>. Đề án được sơ kết sau 3 năm và tổng kết khi kết thúc giai đoạn.</p>',
      ]),
    },
  ],
};

const MODULE_3: DemoModule = {
  title: 'Nỗ lực và thành tựu bảo đảm quyền con người',
  lessons: [
    {
      kind: 'text',
      title: 'Không để ai bị bỏ lại phía sau: giảm nghèo và an sinh xã hội',
      estimatedMinutes: 5,
      bodyHtml: html([
        '<p>Nội dung truyền thông thứ ba của các kế hoạch là tình hình, nỗ lực và thành tựu bảo đảm quyền con ' +
          'người trên các lĩnh vực, trong đó có <strong>công tác giảm nghèo, chăm lo đời sống của người dân, các ' +
          'đối tượng yếu thế, dễ bị tổn thương</strong> để không ai bị bỏ lại phía sau.</p>',
        '<h2>Quyền kinh tế, xã hội là quyền con người</h2>',
        '<p>Có việc làm, nhà ở, được chăm sóc sức khỏe, được đi học, được hưởng an sinh xã hội là những quyền được ' +
          'ghi nhận trong Công ước quốc tế về các quyền kinh tế, xã hội và văn hóa. Mỗi chương trình giảm nghèo, ' +
          'mỗi trạm y tế, mỗi lớp học ở thôn, ấp là một việc làm cụ thể để bảo đảm quyền con người.</p>',
        '<h2>Nói bằng số liệu chính thức</h2>',
        '<ul>',
        '<li>Dùng số liệu của cơ quan thống kê nhà nước, báo cáo của cơ quan có thẩm quyền, báo cáo quốc gia của ' +
          'Việt Nam gửi Liên hợp quốc.</li>',
        '<li>Ghi rõ nguồn và thời điểm của số liệu; không làm tròn hay “ước lượng” theo cảm tính.</li>',
        '<li>Ở địa phương: dùng số liệu của chính xã, phường, sở, ngành mình (số hộ thoát nghèo, số trẻ em đến ' +
          'trường, số người được hỗ trợ…).</li>',
        '</ul>',
      ]),
    },
    {
      kind: 'text',
      title: 'Quyền của phụ nữ, trẻ em, người khuyết tật và đồng bào dân tộc thiểu số',
      estimatedMinutes: 5,
      bodyHtml: html([
        '<p>Bốn trong bảy công ước cơ bản dành riêng cho những nhóm cần được bảo vệ đặc biệt. Khi truyền thông, ' +
          'hãy gắn chính sách với con người cụ thể.</p>',
        '<table>',
        '<caption>Nhóm đối tượng, công ước và ví dụ việc làm ở cơ sở</caption>',
        '<thead><tr><th scope="col">Nhóm</th><th scope="col">Công ước</th><th scope="col">Ví dụ ở cơ sở</th></tr>' +
          '</thead>',
        '<tbody>',
        '<tr><th scope="row">Phụ nữ</th><td>CEDAW</td><td>Bình đẳng trong học tập, việc làm, tham gia quản lý ' +
          'xã hội</td></tr>',
        '<tr><th scope="row">Trẻ em</th><td>CRC</td><td>Khai sinh, tiêm chủng, đến trường, bảo vệ trẻ em trên ' +
          'môi trường mạng</td></tr>',
        '<tr><th scope="row">Người khuyết tật</th><td>CRPD</td><td>Trợ cấp, tiếp cận công trình công cộng, ' +
          'học nghề</td></tr>',
        '<tr><th scope="row">Đồng bào dân tộc thiểu số</th><td>CERD</td><td>Thông tin bằng tiếng dân tộc, chính ' +
          'sách hỗ trợ vùng khó khăn</td></tr>',
        '</tbody>',
        '</table>',
        '<p>Kế hoạch của tỉnh Vĩnh Long còn nhấn mạnh tuyên truyền Chương trình “Bảo vệ và hỗ trợ trẻ em tương ' +
          'tác lành mạnh, sáng tạo trên môi trường mạng giai đoạn 2021 - 2025” (Quyết định số 830/QĐ-TTg).</p>',
      ]),
    },
    {
      kind: 'text',
      title: 'Kể câu chuyện thành tựu: thông tin tích cực, nhân văn',
      estimatedMinutes: 4,
      bodyHtml: html([
        '<p>Các kế hoạch đề nghị lan tỏa <strong>thông tin tích cực, nhân văn</strong>, đề cao các giá trị đạo ' +
          'đức, hướng thiện, tinh thần đoàn kết, tương thân tương ái, lòng yêu nước, tự hào dân tộc.</p>',
        '<h2>Một bài viết tốt về thành tựu</h2>',
        '<ul>',
        '<li>Có <strong>một con người, một câu chuyện cụ thể</strong>, không chỉ có khẩu hiệu.</li>',
        '<li>Có <strong>số liệu kèm nguồn</strong> chính thức.</li>',
        '<li>Nói rõ <strong>quyền nào</strong> được bảo đảm (quyền được học tập, quyền được chăm sóc sức khỏe…).</li>',
        '<li>Thừa nhận khó khăn còn lại một cách khách quan: điều này làm thông tin đáng tin hơn.</li>',
        '<li>Phù hợp người nghe: tiếng dân tộc, tiếng nước ngoài, video ngắn trên nền tảng số, bản tin trên hệ ' +
          'thống truyền thanh cơ sở.</li>',
        '</ul>',
      ]),
    },
  ],
};

const MODULE_4: DemoModule = {
  title: 'Nhận diện và phản bác thông tin sai lệch về quyền con người',
  lessons: [
    {
      kind: 'text',
      title: 'Nhận diện thông tin sai lệch',
      estimatedMinutes: 5,
      bodyHtml: html([
        '<p>Các kế hoạch yêu cầu kịp thời đấu tranh, phản bác các quan điểm, luận điệu sai trái về quyền con ' +
          'người, và lên án hành vi <strong>lợi dụng các quyền tự do, dân chủ, quyền con người</strong> để vi phạm ' +
          'pháp luật, phương hại đến quyền và lợi ích hợp pháp của cá nhân, tổ chức, an ninh quốc gia, trật tự an ' +
          'toàn xã hội.</p>',
        '<h2>Các dạng thường gặp</h2>',
        '<ul>',
        '<li><strong>Bịa đặt hoàn toàn:</strong> sự việc không hề xảy ra.</li>',
        '<li><strong>Sai ngữ cảnh:</strong> ảnh, video thật nhưng của nơi khác, thời điểm khác, gán cho sự việc ' +
          'mới.</li>',
        '<li><strong>Cắt ghép, xuyên tạc:</strong> trích một phần phát biểu, một phần số liệu để làm sai ý ' +
          'nghĩa.</li>',
        '<li><strong>Mạo danh:</strong> giả giao diện báo chí, trang của cơ quan nhà nước.</li>',
        '<li><strong>Quy chụp:</strong> lấy một vụ việc cá biệt để kết luận về toàn bộ tình hình quyền con người ' +
          'của cả nước.</li>',
        '</ul>',
        '<h2>Dấu hiệu cảnh báo</h2>',
        '<ul>',
        '<li>Tiêu đề giật gân, kêu gọi “chia sẻ ngay”.</li>',
        '<li>Không có nguồn, hoặc nguồn là tài khoản ẩn danh, mới lập.</li>',
        '<li>Không có ngày tháng, địa điểm cụ thể.</li>',
        '<li>Đánh mạnh vào cảm xúc: phẫn nộ, sợ hãi.</li>',
        '</ul>',
      ]),
    },
    {
      kind: 'text',
      title: 'Kiểm chứng trước khi chia sẻ',
      estimatedMinutes: 5,
      bodyHtml: html([
        '<p>Trước khi chia sẻ, bình luận hay trả lời bất kỳ thông tin nào về quyền con người, hãy dừng lại và ' +
          'kiểm tra.</p>',
        '<table>',
        '<caption>Bốn câu hỏi kiểm chứng</caption>',
        '<thead><tr><th scope="col">Kiểm tra</th><th scope="col">Câu hỏi</th></tr></thead>',
        '<tbody>',
        '<tr><th scope="row">Nguồn</th><td>Ai đăng? Có phải cơ quan báo chí, cơ quan nhà nước, tổ chức quốc tế ' +
          'có thật? Địa chỉ trang có đúng không?</td></tr>',
        '<tr><th scope="row">Ngày</th><td>Thông tin đăng khi nào? Có phải chuyện cũ được đăng lại?</td></tr>',
        '<tr><th scope="row">Ngữ cảnh</th><td>Ảnh, video chụp ở đâu, khi nào? Phát biểu đầy đủ nói gì?</td></tr>',
        '<tr><th scope="row">Đối chiếu</th><td>Các nguồn chính thống khác có đưa tin giống vậy không?</td></tr>',
        '</tbody>',
        '</table>',
        '<h2>Nguyên tắc</h2>',
        '<ul>',
        '<li><strong>Không chia sẻ</strong> nội dung chưa được kiểm chứng, kể cả để “hỏi cho biết”.</li>',
        '<li>Không bấm vào đường dẫn lạ, không cung cấp thông tin cá nhân.</li>',
        '<li>Khi chưa chắc chắn, hỏi cơ quan đầu mối về thông tin, truyền thông ở đơn vị mình.</li>',
        '</ul>',
      ]),
    },
    {
      kind: 'text',
      title: 'Phản hồi bằng sự thật và báo cáo cơ quan có thẩm quyền',
      estimatedMinutes: 6,
      bodyHtml: html([
        '<h2>Khi phản hồi</h2>',
        '<ul>',
        '<li><strong>Dựa vào sự thật:</strong> nêu sự việc đúng, có ngày tháng, địa điểm.</li>',
        '<li><strong>Dẫn nguồn chính thống:</strong> văn bản pháp luật, thông cáo của cơ quan có thẩm quyền, số ' +
          'liệu thống kê chính thức.</li>',
        '<li><strong>Bình tĩnh, tôn trọng:</strong> không xúc phạm, không tranh cãi gay gắt; lời lẽ ôn hòa ' +
          'thuyết phục người đọc hơn.</li>',
        '<li><strong>Không lan truyền lại nội dung sai:</strong> không chia sẻ lại bài gốc khi phản bác.</li>',
        '<li><strong>Phân biệt:</strong> góp ý, phản ánh thiện chí cần được lắng nghe và trả lời; luận điệu xuyên ' +
          'tạc cần được làm rõ và phản bác.</li>',
        '</ul>',
        '<h2>Báo cáo</h2>',
        '<p>Thông tin có dấu hiệu vi phạm pháp luật cần được <strong>báo cáo cơ quan có thẩm quyền</strong>: cơ ' +
          'quan quản lý thông tin, truyền thông ở địa phương, cơ quan công an, hoặc thủ trưởng đơn vị. Việc giải ' +
          'thích, làm rõ các vụ việc thực hiện qua cơ chế phát ngôn và cung cấp thông tin cho báo chí của cơ quan ' +
          'hành chính nhà nước.</p>',
        '<h3>Tình huống</h3>',
        '<p>Một nhóm mạng xã hội đăng ảnh cũ về một vụ việc ở nơi khác và cho rằng “xã ta vi phạm quyền trẻ em”. ' +
          'Cách làm đúng: không chia sẻ; kiểm tra nguồn, ngày, ngữ cảnh của ảnh; báo cho cán bộ phụ trách thông ' +
          'tin của xã; khi đã có thông tin chính thức, trả lời ngắn gọn, điềm tĩnh, kèm nguồn.</p>',
      ]),
    },
  ],
};

const MODULE_5: DemoModule = {
  title: 'Đối ngoại về quyền con người: vị trí, vai trò và đóng góp của Việt Nam',
  lessons: [
    {
      kind: 'text',
      title: 'Việt Nam tại Hội đồng Nhân quyền Liên hợp quốc',
      estimatedMinutes: 5,
      bodyHtml: html([
        '<p><strong>Hội đồng Nhân quyền Liên hợp quốc</strong> được thành lập năm 2006, trụ sở tại Geneva (Thụy ' +
          'Sỹ), gồm 47 quốc gia thành viên do Đại hội đồng Liên hợp quốc bầu với nhiệm kỳ 3 năm.</p>',
        '<h2>Việt Nam là thành viên Hội đồng</h2>',
        '<ul>',
        '<li>Nhiệm kỳ <strong>2014 - 2016</strong>.</li>',
        '<li>Nhiệm kỳ <strong>2023 - 2025</strong>: trúng cử tại phiên bỏ phiếu của Đại hội đồng Liên hợp quốc ' +
          'khóa 77 ngày 11/10/2022.</li>',
        '<li>Nhiệm kỳ <strong>2026 - 2028</strong>: tái đắc cử.</li>',
        '</ul>',
        '<p>Kế hoạch của tỉnh Thái Nguyên đề ra nhiệm vụ tuyên truyền về việc Việt Nam trúng cử Ủy viên Hội đồng ' +
          'Nhân quyền Liên hợp quốc nhiệm kỳ 2023 - 2025 và tuyên truyền nhân Ngày Nhân quyền thế giới hằng năm ' +
          '(10/12).</p>',
        '<h2>Đóng góp</h2>',
        '<p>Năm 2023, Hội đồng Nhân quyền thông qua nghị quyết do Việt Nam chủ trì về kỷ niệm 75 năm Tuyên ngôn ' +
          'toàn thế giới về quyền con người và 30 năm Tuyên bố và Chương trình hành động Viên.</p>',
      ]),
    },
    {
      kind: 'text',
      title: 'Rà soát định kỳ phổ quát (UPR) và các khuyến nghị về truyền thông',
      estimatedMinutes: 6,
      bodyHtml: html([
        '<p><strong>Rà soát định kỳ phổ quát (UPR)</strong> là cơ chế của Hội đồng Nhân quyền Liên hợp quốc, qua ' +
          'đó tình hình quyền con người của mọi quốc gia thành viên Liên hợp quốc lần lượt được xem xét theo từng ' +
          'chu kỳ. Quốc gia được rà soát trình báo cáo quốc gia, đối thoại, và nhận các khuyến nghị; quốc gia đó ' +
          'quyết định chấp thuận khuyến nghị nào.</p>',
        '<h2>Ba khuyến nghị chu kỳ III mà Việt Nam đã chấp thuận (trích Kế hoạch số 112/KH-UBND của Hà Nội)</h2>',
        '<ul>',
        '<li><strong>Khuyến nghị số 63:</strong> “Thúc đẩy sự đóng góp của truyền thông công cộng trong việc nâng ' +
          'cao nhận thức về quyền con người cũng như luật về quyền con người”.</li>',
        '<li><strong>Khuyến nghị số 67:</strong> “Theo đuổi các nỗ lực tăng cường nhận thức về quyền con người ' +
          'nhằm đảm bảo tốt hơn việc thúc đẩy quyền con người”.</li>',
        '<li><strong>Khuyến nghị số 86:</strong> “Tiếp tục thực hiện các chương trình tăng cường nhận thức về ' +
          'quyền con người, nhất là về các điều ước quốc tế về quyền con người mà Việt Nam là thành viên”.</li>',
        '</ul>',
        '<p>Khóa học này là một cách thực hiện các khuyến nghị đó: mỗi cán bộ hoàn thành khóa học góp phần vào ' +
          'mục tiêu 100% cán bộ được cập nhật thông tin và tập huấn đến năm 2028.</p>',
        '<h2>Các ưu tiên đối ngoại</h2>',
        '<p>Nội dung truyền thông thứ năm là các ưu tiên trong đối ngoại về quyền con người của Việt Nam; vị trí, ' +
          'vai trò, sáng kiến và đóng góp của Việt Nam ở cấp độ khu vực và quốc tế: đối thoại, hợp tác, tôn trọng ' +
          'lẫn nhau, bảo đảm tất cả các quyền con người cho mọi người.</p>',
      ]),
    },
    {
      kind: 'link',
      title: 'Đọc thêm: Văn phòng Cao ủy Liên hợp quốc về quyền con người (OHCHR)',
      url: 'https://www.ohchr.org',
      estimatedMinutes: 5,
      required: false,
      bodyHtml: html([
        '<p>Trang chính thức của Văn phòng Cao ủy Liên hợp quốc về quyền con người: các công ước, Hội đồng Nhân ' +
          'quyền, cơ chế UPR (tiếng Anh). Bài đọc thêm này không bắt buộc.</p>',
      ]),
    },
  ],
};

export const DEMO_COURSE: DemoCourse = {
  code: 'QCN-CB-01',
  title: 'Kiến thức cơ bản về quyền con người và truyền thông về quyền con người',
  summary:
    'Khóa học ngắn cho cán bộ, công chức, viên chức theo Đề án truyền thông về quyền con người ở Việt Nam ' +
    '(Quyết định số 1079/QĐ-TTg): luật pháp quốc tế và 07 công ước cơ bản mà Việt Nam là thành viên; chủ trương, ' +
    'chính sách, pháp luật của Việt Nam; thành tựu bảo đảm quyền con người; nhận diện và phản bác thông tin sai ' +
    'lệch; đối ngoại về quyền con người.',
  language: 'vi',
  // Topic tags (courses/topic-tags.ts): the five content areas, and the seven conventions module 1 covers.
  tags: [
    'international-law',
    'policy-and-law',
    'achievements',
    'countering-distortions',
    'foreign-relations',
    'iccpr',
    'icescr',
    'cerd',
    'cedaw',
    'crc',
    'cat',
    'crpd',
  ],
  finalExam: true,
  modules: [MODULE_1, MODULE_2, MODULE_3, MODULE_4, MODULE_5],
};

/** Minutes of the whole course: the sum of its lessons'. */
export const demoCourseMinutes = (course: DemoCourse = DEMO_COURSE): number =>
  course.modules.reduce((sum, m) => sum + m.lessons.reduce((s, l) => s + l.estimatedMinutes, 0), 0);
