import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { QuestionOption, QuestionType } from '../questions/question-model';

export interface QuestionStatRow {
  questionVersionId: string;
  questionId: string;
  name: string;
  versionNo: number;
  type: QuestionType;
  stem: string;
  options: QuestionOption[];
  attempts: number;
  answered: number;
  facility: number;
  discrimination: number | null;
  optionCounts: Record<string, number>;
  computedAt: Date;
}

/** An exam's question statistics: computed from its graded attempts in one statement, and read back. */
@Injectable()
export class QuestionStatsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Graded attempts of the exam (the job's business key: a run per new graded attempt at most). */
  async gradedCount(examId: string): Promise<number> {
    const [row] = await this.db.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM exam_attempt WHERE exam_id = $1 AND status <> 'in_progress'`,
      [examId],
    );
    return row.n;
  }

  /**
   * Replaces the exam's statistics with those of its graded attempts now, per question version drawn: papers,
   * answered, facility (mean credit), discrimination (corr of the credit with the rest of the paper's score), and
   * option choice counts. One transaction; returns the number of question versions.
   */
  async recompute(examId: string, at: Date): Promise<number> {
    return this.db.transaction(async (m) => {
      await m.query(`DELETE FROM question_stat WHERE exam_id = $1`, [examId]);
      const [rows] = await m.query<[unknown[], number]>(
        `WITH graded AS (
           SELECT a.id, a.score::float8 AS total FROM exam_attempt a WHERE a.exam_id = $1 AND a.status <> 'in_progress'),
         items AS (
           SELECT i.question_version_id AS qv, coalesce(i.score, 0)::float8 AS s,
                  g.total - coalesce(i.score, 0)::float8 AS rest,
                  (ans.response -> 'selected') AS selected, ans.response ->> 'text' AS text
             FROM exam_attempt_question i JOIN graded g ON g.id = i.attempt_id
             LEFT JOIN exam_answer ans ON ans.attempt_id = i.attempt_id AND ans.question_version_id = i.question_version_id),
         choices AS (
           SELECT it.qv, jsonb_object_agg(k.key, k.n) AS counts
             FROM (SELECT qv, key, count(*)::int AS n
                     FROM items CROSS JOIN LATERAL jsonb_array_elements_text(
                            CASE WHEN jsonb_typeof(selected) = 'array' THEN selected ELSE '[]'::jsonb END) AS e(key)
                    GROUP BY qv, key) k
             JOIN (SELECT DISTINCT qv FROM items) it ON it.qv = k.qv
            GROUP BY it.qv)
         INSERT INTO question_stat (exam_id, question_version_id, attempts, answered, facility, discrimination,
                                    option_counts, computed_at)
         SELECT $1, it.qv, count(*)::int,
                count(*) FILTER (WHERE coalesce(jsonb_array_length(CASE WHEN jsonb_typeof(it.selected) = 'array'
                                   THEN it.selected END), 0) > 0 OR coalesce(btrim(it.text), '') <> '')::int,
                round(avg(it.s)::numeric, 4), round(corr(it.s, it.rest)::numeric, 4),
                coalesce(c.counts, '{}'::jsonb), $2
           FROM items it LEFT JOIN choices c ON c.qv = it.qv
          GROUP BY it.qv, c.counts
         RETURNING 1`,
        [examId, at],
      );
      return rows.length;
    });
  }

  /** The exam's statistics with each question version's content, in the order of question names. */
  read(examId: string): Promise<QuestionStatRow[]> {
    return this.db.query<QuestionStatRow[]>(
      `SELECT s.question_version_id AS "questionVersionId", q.id AS "questionId", q.name, v.version_no AS "versionNo",
              v.type, v.stem, v.options, s.attempts, s.answered, s.facility::float8 AS facility,
              s.discrimination::float8 AS discrimination, s.option_counts AS "optionCounts", s.computed_at AS "computedAt"
         FROM question_stat s
         JOIN question_version v ON v.id = s.question_version_id JOIN question q ON q.id = v.question_id
        WHERE s.exam_id = $1
        ORDER BY lower(q.name), v.version_no`,
      [examId],
    );
  }
}
