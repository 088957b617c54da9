import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { NotFoundError } from '@app/common';
import { EnrolmentResponse, LearnerCourseResponse, OutlineModuleResponse } from './dto/learner.dto';
import { continueLessonId } from './course-outline';
import { EnrolmentRow } from './enrolment.repository';
import { LearnerCatalogueRepository, OutlineRow } from './learner-catalogue.repository';

const isoOrNull = (d: Date | null): string | null => d?.toISOString() ?? null;

/** An enrolment as the API shows it. */
export const toEnrolmentResponse = (e: EnrolmentRow): EnrolmentResponse => ({
  id: e.id,
  courseId: e.courseId,
  versionId: e.versionId,
  source: e.source,
  enrolledAt: e.enrolledAt.toISOString(),
  dueDate: e.dueDate,
  startedAt: isoOrNull(e.startedAt),
  completedAt: isoOrNull(e.completedAt),
  lastLessonId: e.lastLessonId,
  progressPercent: e.progressPercent,
  examPassedAt: isoOrNull(e.examPassedAt),
});

/** Groups the flat outline rows into modules of lessons. */
export function toModules(rows: OutlineRow[]): OutlineModuleResponse[] {
  const modules: OutlineModuleResponse[] = [];
  for (const r of rows) {
    let module = modules[modules.length - 1];
    if (!module || module.id !== r.moduleId) {
      module = { id: r.moduleId, position: r.modulePosition, title: r.moduleTitle, lessons: [] };
      modules.push(module);
    }
    if (r.lessonId && r.kind && r.title !== null && r.position !== null) {
      module.lessons.push({
        id: r.lessonId,
        position: r.position,
        kind: r.kind,
        title: r.title,
        required: r.required ?? true,
        estimatedMinutes: r.estimatedMinutes,
        done: r.completedAt !== null,
        completedAt: isoOrNull(r.completedAt),
      });
    }
  }
  return modules;
}

/** Builds the learner's view of a course version: outline, done marks, "continue". */
@Injectable()
export class LearnerCourseReader {
  constructor(private readonly catalogue: LearnerCatalogueRepository) {}

  async read(
    versionId: string,
    enrolment: EnrolmentRow | null,
    canEnrol: boolean,
    m?: EntityManager,
  ): Promise<LearnerCourseResponse> {
    const course = await this.catalogue.version(versionId, m);
    if (!course) throw new NotFoundError(`course version ${versionId} not found`);
    const rows = await this.catalogue.outline(versionId, enrolment?.id ?? null, m);
    const modules = toModules(rows);
    const lessons = modules.flatMap((mod) => mod.lessons);
    const required = lessons.filter((l) => l.required);
    return {
      course,
      enrolment: enrolment ? toEnrolmentResponse(enrolment) : null,
      canEnrol,
      modules,
      requiredLessons: required.length,
      doneRequiredLessons: required.filter((l) => l.done).length,
      continueLessonId: enrolment ? continueLessonId(lessons, enrolment.lastLessonId) : null,
    };
  }
}
