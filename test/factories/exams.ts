import type { INestApplicationContext } from '@nestjs/common';
import {
  CreateExamDto,
  CreateQuestionDto,
  ExamResponse,
  ExamsService,
  QuestionResponse,
  QuestionsService,
} from '@app/exams';
import { systemActor } from './identity';

export type QuestionSpec = Partial<CreateQuestionDto> & { course: { id: string } };

let seq = 0;

/**
 * A question in a course's bank, through QuestionsService (by the system administrator). Default: single choice,
 * option "a" right (fraction 1), "b" "c" "d" wrong; topic iccpr.
 */
export async function createQuestion(app: INestApplicationContext, spec: QuestionSpec): Promise<QuestionResponse> {
  const { course, ...dto } = spec;
  const n = ++seq;
  return app.get(QuestionsService).create(await systemActor(app), course.id, {
    name: dto.name ?? `Câu hỏi ${n}`,
    type: dto.type ?? 'single_choice',
    stem: dto.stem ?? `Nội dung câu hỏi số ${n}?`,
    options:
      dto.options ??
      (dto.type === 'short_answer'
        ? []
        : dto.type === 'true_false'
          ? [
              { key: 'true', text: 'Đúng', fraction: 1 },
              { key: 'false', text: 'Sai', fraction: 0 },
            ]
          : [
              { key: 'a', text: 'Phương án đúng', fraction: 1, feedback: 'Chính xác' },
              { key: 'b', text: 'Phương án sai 1', fraction: 0 },
              { key: 'c', text: 'Phương án sai 2', fraction: 0 },
              { key: 'd', text: 'Phương án sai 3', fraction: 0 },
            ]),
    shortAnswer: dto.shortAnswer,
    topics: dto.topics ?? ['iccpr'],
    difficulty: dto.difficulty,
    explanation: dto.explanation ?? `Giải thích câu ${n}`,
    shared: dto.shared,
  });
}

export type ExamSpec = Partial<CreateExamDto> & { course: { id: string } };

/** An exam of a course through ExamsService. Default: practice, 10 iccpr questions, 30 minutes, pass 70%. */
export async function createExam(app: INestApplicationContext, spec: ExamSpec): Promise<ExamResponse> {
  const { course, ...dto } = spec;
  return app.get(ExamsService).create(await systemActor(app), course.id, {
    title: dto.title ?? `Bài kiểm tra ${++seq}`,
    kind: dto.kind ?? 'practice',
    drawMode: dto.drawMode ?? (dto.questionIds ? 'fixed' : 'topics'),
    drawTopics: dto.drawTopics ?? (dto.questionIds ? undefined : [{ topic: 'iccpr', count: 10 }]),
    questionIds: dto.questionIds,
    timeLimitMinutes: dto.timeLimitMinutes ?? 30,
    passPercent: dto.passPercent ?? 70,
    attemptsAllowed: dto.attemptsAllowed,
    attemptRule: dto.attemptRule,
    shuffleQuestions: dto.shuffleQuestions,
    shuffleOptions: dto.shuffleOptions,
    opensAt: dto.opensAt,
    closesAt: dto.closesAt,
    reviewPolicy: dto.reviewPolicy,
    staggerMinutes: dto.staggerMinutes,
    leaderboardNames: dto.leaderboardNames,
  });
}
