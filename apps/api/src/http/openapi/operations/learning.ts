import type { OperationDoc } from '../operation-doc';
import { NOT_ON_ROSTER, WHO } from './who';

const DRAFT =
  ' Editing a published course edits its draft (a copy made on the first edit, version n+1); ids of the published ' +
  'version’s modules and lessons resolve to their draft copies, and responses carry the draft’s ids.';

/** Course authoring, the catalogue, a learner's own learning (học viên), assignments (giao khoá học). */
export const LEARNING_DOCS: Record<string, OperationDoc> = {
  CoursesController_list: {
    summary: 'List authored courses',
    description:
      'Courses (khoá học) owned by units in the caller’s subtree (admins: all), newest change first; `q` searches ' +
      'title and code ignoring diacritics. ' +
      WHO.courseAuthor,
  },
  CoursesController_create: {
    summary: 'Create a course',
    description:
      'A new course as a draft, version 1: code (printed on certificates, e.g. "QCN-CB"), title, summary, language, ' +
      'topic tags, estimated minutes, whether learners may enrol themselves (`openEnrolment`), whether it ends with a ' +
      'final exam, and the owner unit (inside the caller’s subtree). ' +
      WHO.courseAuthor,
    errors: { 409: 'a course with code QCN-CB already exists' },
  },
  CoursesController_get: {
    summary: 'Get a course for editing',
    description:
      'The course with its editable version (the draft, else the published one): modules, lessons and files. ' +
      WHO.courseAuthor,
  },
  CoursesController_update: {
    summary: 'Update a course',
    description:
      'Metadata; on a published course the version fields go to a new draft.' + DRAFT + ' ' + WHO.courseAuthor,
    errors: { 409: 'the code of a course cannot change once it has been published' },
  },
  CoursesController_publish: {
    summary: 'Publish a course',
    description:
      'Publishes the draft as the version new enrolments get (learners keep the version they enrolled on). An archived ' +
      'course is published again. ' +
      WHO.courseAuthor,
    errors: { 409: 'a course needs at least one lesson before it can be published' },
  },
  CoursesController_archive: {
    summary: 'Archive a course',
    description: 'No new enrolments or assignments; enrolled learners keep their access. ' + WHO.courseAuthor,
  },
  CoursesController_versions: {
    summary: 'List a course’s versions',
    description:
      'Every version, newest first: draft, published or superseded, with how many learners are on each. ' +
      WHO.courseAuthor,
  },
  CoursesController_addModule: {
    summary: 'Add a module to a course',
    description:
      'A module (chương: a chapter of lessons) at the end of the course or at `position`.' +
      DRAFT +
      ' ' +
      WHO.courseAuthor,
    errors: { 409: 'the module 3f0c1f9e-… belongs to version 1, which can no longer change' },
  },
  CoursesController_updateModule: {
    summary: 'Rename or move a module',
    description: 'A new title and/or position (1..n).' + DRAFT + ' ' + WHO.courseAuthor,
    errors: { 409: 'the module 3f0c1f9e-… of the published version was deleted from the draft' },
  },
  CoursesController_deleteModule: {
    summary: 'Delete a module',
    description: 'Deletes the module and its lessons from the draft.' + DRAFT + ' ' + WHO.courseAuthor,
    errors: { 409: 'the module 3f0c1f9e-… of the published version was deleted from the draft' },
  },
  CoursesController_addLesson: {
    summary: 'Add a lesson to a module',
    description:
      'A lesson (bài học) of a kind: `text` (rich text, sanitised), `video` or `document` (a file uploaded to the ' +
      'course, or a URL), `link` (a page elsewhere); whether it counts for completion; last in the module by default.' +
      DRAFT +
      ' ' +
      WHO.courseAuthor,
    errors: { 409: 'the module 3f0c1f9e-… belongs to version 1, which can no longer change' },
  },
  CoursesController_getLesson: {
    summary: 'Get a lesson for editing',
    description: 'The lesson’s content, kind, file or URL, and place in the outline. ' + WHO.courseAuthor,
  },
  CoursesController_updateLesson: {
    summary: 'Update a lesson',
    description:
      'Content (HTML is sanitised), kind, URL or file, and/or place (`moduleId`, `position`).' +
      DRAFT +
      ' ' +
      WHO.courseAuthor,
    errors: { 409: 'the lesson 3f0c1f9e-… belongs to version 1, which can no longer change' },
  },
  CoursesController_deleteLesson: {
    summary: 'Delete a lesson',
    description: 'Deletes the lesson from the draft.' + DRAFT + ' ' + WHO.courseAuthor,
    errors: { 409: 'the lesson 3f0c1f9e-… of the published version was deleted from the draft' },
  },

  CourseFilesController_upload: {
    summary: 'Upload a file for a course',
    description:
      'A file for the course’s lessons in the multipart field `file`. The type comes from the content, not the name: ' +
      'PDF, images, MP4/WebM, MP3/M4A, Word/Excel/PowerPoint, text (415 otherwise); ≤ 200 MB for video and audio, ' +
      '≤ 20 MB for the rest (413). ' +
      WHO.courseAuthor,
  },
  CourseFilesController_download: {
    summary: 'Download a course file',
    description:
      'The file, for its course’s authors and for learners enrolled on a version that uses it (404 for others). Range ' +
      'requests are supported (video seeking). ' +
      WHO.anyAccount,
    errors: { 416: { error: 'RANGE_NOT_SATISFIABLE', message: 'the requested range is outside the file' } },
  },

  CatalogueController_list: {
    summary: 'Browse the course catalogue',
    description:
      'Published courses open to self-enrolment, paged; `q` searches title and summary ignoring diacritics and case, ' +
      '`tag` filters by topic. With a bearer token it also lists the caller’s own courses (even when not open) and ' +
      'their progress. Who: anyone; a token is optional.',
  },
  CatalogueController_get: {
    summary: 'Get a course of the catalogue',
    description:
      'A course with its modules and lessons; an enrolled caller (with a token) sees their version, what is done and the ' +
      'lesson to continue with ("Học tiếp"). Who: anyone; a token is optional.',
  },

  LearnerController_enrol: {
    summary: 'Enrol in a course',
    description:
      'Self-enrolment in a published course open to it: 201 with the new enrolment, 200 with the existing one. ' +
      WHO.learner,
    errors: {
      403: NOT_ON_ROSTER,
      409: 'this course is archived: it takes no new enrolments',
    },
  },
  LearnerController_mine: {
    summary: 'Get my learning',
    description:
      '"Việc học của tôi" (my learning): courses assigned to the caller (due dates, overdue), in progress and ' +
      'completed. ' +
      WHO.learner,
    errors: { 403: NOT_ON_ROSTER },
  },
  LearnerController_profile: {
    summary: 'Get my learner profile',
    description:
      'The caller’s account (name, login, e-mail), their person’s unit and roles, and a summary of their learning: ' +
      'enrolled, assigned, overdue, in progress, completed. An account with no person on the roster gets `person` and ' +
      '`learning` null. ' +
      WHO.anyAccount,
  },
  LearnerController_enrolment: {
    summary: 'Get one of my enrolments',
    description:
      'The enrolment’s course version with done marks, percentage and the lesson to continue with. Someone else’s ' +
      'enrolment answers 404. ' +
      WHO.learner,
    errors: { 403: NOT_ON_ROSTER },
  },
  LearnerController_lesson: {
    summary: 'Open a lesson',
    description:
      'The lesson’s content; records the view, the start of the course and the resume point. A lesson of another ' +
      'version than the enrolment’s answers 403. ' +
      WHO.learner,
    errors: { 403: NOT_ON_ROSTER },
  },
  LearnerController_complete: {
    summary: 'Mark a lesson done',
    description:
      'Idempotent. An uploaded video with a known duration needs 90% watched (reported by video-progress) first. ' +
      'Answers the lesson’s and the course’s progress. ' +
      WHO.learner,
    errors: {
      403: NOT_ON_ROSTER,
      409: {
        message:
          'watch at least 90% of the video before marking it done: 42% of 600 s watched so far (it completes by itself once watched)',
        details: { watchedPercent: 42, requiredPercent: 90, durationSeconds: 600 },
      },
    },
  },
  LearnerController_videoProgress: {
    summary: 'Report video watching progress',
    description:
      'The player’s report of the seconds watched of an uploaded video; the lesson completes at 90% watched. ' +
      WHO.learner,
    errors: {
      403: NOT_ON_ROSTER,
      409: 'only an uploaded video reports watching progress: mark this lesson as done instead',
    },
  },

  AssignmentsController_create: {
    summary: 'Assign a course',
    description:
      'Assigns (giao) a published course to the people of a unit’s subtree who hold one of `roleIds`, with a due date. ' +
      'An enrol job (`jobId`) enrols everyone matching. ' +
      WHO.assignmentManage,
    errors: { 409: 'the course is draft: only a published course can be assigned' },
  },
  AssignmentsController_list: {
    summary: 'List assignments',
    description:
      'Assignments to units inside the caller’s subtree, and those to a unit above it that cover it ' +
      '(`assignedFromAbove`: read only, with the member count and progress of the caller’s part only), newest first; ' +
      'filter by course, unit and status. ' +
      WHO.assignmentRead,
  },
  AssignmentsController_get: {
    summary: 'Get an assignment',
    description:
      'One assignment with course, unit, roles, due date, member count and its enrol job. ' + WHO.assignmentRead,
  },
  AssignmentsController_progress: {
    summary: 'Get an assignment’s progress',
    description:
      'Assigned / started / completed / overdue / not started, in total and per child unit; `unitId` drills down one ' +
      'level. ' +
      WHO.assignmentRead,
  },
  AssignmentsController_cancel: {
    summary: 'Cancel an assignment',
    description:
      'Enrolments stay; due dates come from the remaining active assignments. An assignment made from above answers 403 ' +
      '(only organisers over its unit cancel it). ' +
      WHO.assignmentManage,
    errors: { 409: 'the assignment is already cancelled' },
  },
};
