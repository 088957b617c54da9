import { buildExamsWorld, EXAMS_ROUTES, ExamsWorld, JOBS_ROUTES } from '../../factories/route-tables/exams';
import type { GivenLearner } from '../../factories/roster';
import { Caller, checkRow, matrixRows, OUTSIDERS } from '../../factories/scope-matrix';
import { createTestApp, TestApp } from '../../setup/test-app';

/*
 * The scope matrix of the exams and jobs route tables (test/factories/route-tables/exams.ts), through the shared
 * harness (test/factories/scope-matrix.ts): every row × every caller kind of own subtree, sibling, ancestor and
 * other province. Reads: the expected answer, and nothing of commune A (its course's questions, exams, learnerA's
 * attempts) in an allowed answer to an outsider. Writes: every caller the table refuses gets 403/404 and the
 * exams' tables are unchanged. Then the results of one exam seen by organisers of neighbouring subtrees.
 */

jest.setTimeout(180_000);

describe('scope matrix: exams and jobs routes × callers of own subtree, sibling, ancestor, other province', () => {
  let t: TestApp;
  let w: ExamsWorld;

  const leaks = () => ({
    hidden: (caller: Caller) =>
      OUTSIDERS.includes(caller)
        ? [
            w.A.id,
            w.A.name,
            w.learnerA.person.id,
            w.learnerA.person.fullName,
            w.accounts.learnerA.login,
            w.questionName,
            w.activeAttemptId,
            w.gradedAttemptId,
            w.contestTitle,
            w.contestId,
          ]
        : [],
    names: [w.learnerA.person.fullName, w.A.name, w.questionName, w.examTitle],
  });

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildExamsWorld(t);
  });
  afterAll(() => t.close());

  for (const table of [EXAMS_ROUTES, JOBS_ROUTES]) {
    describe(table.context, () => {
      it.each(matrixRows(table))('$route as $caller: $expected', async ({ row, caller }) => {
        await checkRow(t.http, w, row, caller, w, leaks());
      });
    });
  }

  it("an exam's results show each organiser the people of their own subtree only", async () => {
    const page = (caller: Caller) => w.web[caller].agent.get(`/authoring/exams/${w.practiceExamId}/results`);
    const nameA = w.learnerA.person.fullName;
    const nameB = (w.accounts.learnerB as GivenLearner).person.fullName;
    const ofP = await page('orgP').expect(200);
    expect([ofP.text.includes(nameA), ofP.text.includes(nameB)]).toEqual([true, true]);
    // The organiser of commune A authors A's course but sees only A's people: learnerB of the neighbour commune B
    // sat the same exam and is not in A's results, nor in the counts.
    const ofA = await page('orgA').expect(200);
    expect([ofA.text.includes(nameA), ofA.text.includes(nameB)]).toEqual([true, false]);
    expect(ofA.text).toMatch(/Tổng số: 1</);
    expect(ofP.text).toMatch(/Tổng số: 2</);
    // B's organiser does not author A's course: the exam does not exist for them.
    const ofB = await page('orgB').expect(404);
    expect([ofB.text.includes(nameA), ofB.text.includes(w.examTitle)]).toEqual([false, false]);
  });
});
