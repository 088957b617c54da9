import type { OperationDoc } from '../operation-doc';
import { NOT_ON_ROSTER, WHO } from './who';

const EXPORT = (format: string): string =>
  `The course’s question bank as ${format}, for use in another system or as a backup; the same formats are imported. ` +
  WHO.courseAuthor;

/** The question bank (ngân hàng câu hỏi), exams (bài thi / kiểm tra), attempts, contests (hội thi), statistics. */
export const EXAMS_DOCS: Record<string, OperationDoc> = {
  ExamAuthoringController_listQuestions: {
    summary: 'List the questions a course’s exams may draw',
    description:
      'The course’s bank, then the shared questions of its owner unit’s other courses; `topic` filters. ' +
      'Question types: `single_choice`, `multiple_choice`, `true_false`, `short_answer`. ' +
      WHO.courseAuthor,
  },
  ExamAuthoringController_createQuestion: {
    summary: 'Add a question to a course’s bank',
    description:
      'A new question (version 1): its name (unique in the bank), type, stem, options with their fractions or the ' +
      'accepted short answers, topic and whether other courses of the owner unit may share it. ' +
      WHO.courseAuthor,
    errors: { 409: 'a question named "Q-CEDAW-01" is already in this bank' },
  },
  ExamAuthoringController_getQuestion: {
    summary: 'Get a question',
    description: 'The question’s current version with its options and answer key. ' + WHO.courseAuthor,
  },
  ExamAuthoringController_updateQuestion: {
    summary: 'Edit a question',
    description:
      'New content on a version already drawn into an attempt makes version n+1 (papers already drawn keep theirs). ' +
      WHO.courseAuthor,
    errors: { 409: 'a question named "Q-CEDAW-01" is already in this bank' },
  },
  ExamAuthoringController_listExams: {
    summary: 'List a course’s exams',
    description: 'The course’s exams (final, practice, contest), its final exam first. ' + WHO.courseAuthor,
  },
  ExamAuthoringController_createExam: {
    summary: 'Create an exam',
    description:
      'An exam of the course: kind (`final`: passing it completes the course; `practice`; `contest`: a knowledge contest ' +
      '(hội thi) open to the roster of the owner subtree), questions drawn per topic, time limit, pass mark, attempts ' +
      'allowed, opening and closing times, review policy. A course has at most one final exam. ' +
      WHO.courseAuthor,
    errors: { 409: 'this course already has a final exam' },
  },
  ExamAuthoringController_getExam: {
    summary: 'Get an exam',
    description: 'The exam’s settings. ' + WHO.courseAuthor,
  },
  ExamAuthoringController_updateExam: {
    summary: 'Edit an exam',
    description:
      'Edits the settings; attempts already started keep their paper, deadline and pass mark. ' + WHO.courseAuthor,
    errors: { 409: 'this course already has a final exam' },
  },

  AttemptsController_start: {
    summary: 'Start an exam attempt',
    description:
      'Starts an attempt (201) with a paper drawn from the bank and a server-side deadline, or returns the one in ' +
      'progress (200). Final and practice exams need an enrolment in the course (403); a contest is open to the roster ' +
      'of its owner subtree, each person from their own staggered start. While in progress no response carries the ' +
      'answer key. ' +
      WHO.learner,
    errors: {
      403: NOT_ON_ROSTER,
      409: {
        message: 'no attempts left: 2 allowed, all used',
        details: [{ field: 'attemptsAllowed', reason: 'used' }],
      },
    },
  },
  AttemptsController_get: {
    summary: 'Get an attempt',
    description:
      'The paper with the saved answers and the remaining time; the result once graded (past the deadline it is). The ' +
      'answers and the key are shown only as the exam’s review policy allows. Someone else’s attempt answers 403. ' +
      WHO.learner,
    errors: { 403: NOT_ON_ROSTER },
  },
  AttemptsController_saveAnswer: {
    summary: 'Save an answer',
    description:
      'Saves the answer to one question of the paper (idempotent); a question not on the paper answers 404. ' +
      WHO.learner,
    errors: {
      403: NOT_ON_ROSTER,
      409: 'the time for this attempt is up: answers are no longer saved',
    },
  },
  AttemptsController_submit: {
    summary: 'Submit an attempt',
    description:
      'Submits and grades; a second or concurrent submit returns the same result. Passing a final exam completes the ' +
      'course. ' +
      WHO.learner,
    errors: { 403: NOT_ON_ROSTER },
  },

  QuestionFilesController_upload: {
    summary: 'Import a question file',
    description:
      'A question file in the multipart field `file` (≤ 20 MB): Moodle XML, GIFT, CSV or XLSX (the template’s ' +
      'Vietnamese headers). `mode=dry_run` writes nothing but the report; `mode=commit` imports. 202 with the batch; ' +
      'poll GET /api/v1/question-imports/{id}. A file that cannot be read: 400 naming the line. ' +
      WHO.courseAuthor,
  },
  QuestionFilesController_get: {
    summary: 'Get a question import',
    description:
      'Status, counts and the question-by-question report: `new`, `new_version` (a question of that name with other ' +
      'content), `unchanged`, or `not_imported` with the reason. ' +
      WHO.courseAuthor,
  },
  QuestionFilesController_errors: {
    summary: 'Download the report of a question import',
    description:
      'The questions not imported (and those imported with a remark), with the reasons, as CSV (UTF-8). ' +
      WHO.courseAuthor,
  },
  QuestionFilesController_exportXml: {
    summary: 'Export a question bank as Moodle XML',
    description: EXPORT('Moodle XML'),
  },
  QuestionFilesController_exportGift: { summary: 'Export a question bank as GIFT', description: EXPORT('GIFT (text)') },
  QuestionFilesController_exportCsv: { summary: 'Export a question bank as CSV', description: EXPORT('CSV (UTF-8)') },
  QuestionFilesController_exportXlsx: { summary: 'Export a question bank as XLSX', description: EXPORT('XLSX') },
  QuestionFilesController_templateCsv: {
    summary: 'Download the question template (CSV)',
    description:
      'The CSV template with the documented Vietnamese headers and an example of each question type. ' +
      WHO.courseAuthor,
  },
  QuestionFilesController_templateXlsx: {
    summary: 'Download the question template (XLSX)',
    description:
      'The XLSX template with the documented Vietnamese headers and an example of each question type. ' +
      WHO.courseAuthor,
  },

  ContestsController_open: {
    summary: 'List the contests open to me',
    description:
      'Knowledge contests (hội thi tìm hiểu: an exam of kind `contest`) the caller may take part in, not closed yet: ' +
      'those of courses owned above the caller’s unit. Start one with POST /api/v1/exams/{examId}/attempts. ' +
      WHO.learner,
    errors: { 403: NOT_ON_ROSTER },
  },
  ContestsController_leaderboard: {
    summary: 'Get a contest’s leaderboard',
    description:
      'People ranked by score then time taken (named in full, by initials or not at all, as the contest sets; the ' +
      'caller’s own row by name), and the units under the owner unit ranked by participation against their roster, ' +
      'then average score. For the contest’s audience and the course’s authors (404 to anyone else). ' +
      WHO.anyAccount,
  },

  ExamStatisticsController_get: {
    summary: 'Get an exam’s question statistics',
    description:
      'Per question version of the exam: attempts, answered, facility (share right), discrimination (how well it ' +
      'separates strong from weak candidates) and how often each option was chosen; as of the last computation ' +
      '(`computedAt`). ' +
      WHO.courseAuthor,
  },
  ExamStatisticsController_request: {
    summary: 'Recompute an exam’s question statistics',
    description:
      '202 with the job that computes them (the same job while no attempt has been graded since the last request). ' +
      WHO.courseAuthor,
  },
};
