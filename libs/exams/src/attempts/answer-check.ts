import { ValidationError } from '@app/common';
import type { AnswerResponse } from '../grading/grade';
import type { QuestionType } from '../questions/question-model';
import type { SaveAnswerDto } from './dto/attempt.dto';

/** What an answer is checked against: the question's type and the option keys on the paper. */
export interface PaperItem {
  type: QuestionType;
  optionKeys: string[];
}

/**
 * The answer to store for a question of the paper, or the ValidationError saying why it does not fit: a short
 * answer takes `text`, a choice question `selected` (keys of its options; one at most unless multiple choice).
 * Repeated keys count once.
 */
export function checkAnswer(item: PaperItem, dto: SaveAnswerDto): AnswerResponse | ValidationError {
  if (item.type === 'short_answer') {
    if (dto.text === undefined || dto.selected !== undefined) {
      return new ValidationError('a short-answer question takes `text`', [{ field: 'text', reason: 'required' }]);
    }
    return { text: dto.text };
  }
  if (dto.selected === undefined || dto.text !== undefined) {
    return new ValidationError('a choice question takes `selected`', [{ field: 'selected', reason: 'required' }]);
  }
  const selected = [...new Set(dto.selected)];
  if (selected.some((key) => !item.optionKeys.includes(key))) {
    return new ValidationError('selected holds a key that is not an option of this question', [
      { field: 'selected', reason: 'unknown option key' },
    ]);
  }
  if (item.type !== 'multiple_choice' && selected.length > 1) {
    return new ValidationError('this question takes one answer', [{ field: 'selected', reason: 'one key at most' }]);
  }
  return { selected };
}
