import { Readable } from 'node:stream';
import { readXlsxSheetRows, UnreadableArchiveError, XlsxLimits, XlsxUnreadableError } from '@app/common';
import { RawRosterRow } from './raw-row';
import { RosterFileUnsupportedError, RosterNotice } from './roster-problems';

/** Shared with every XLSX upload (libs/common/src/uploads/xlsx-rows.ts). */
export { cellText } from '@app/common';

/**
 * Rows, in batches, of the first visible worksheet of a roster XLSX upload (readXlsxSheetRows of @app/common: the
 * bounded guard, then exceljs streamed). A file that cannot be read becomes a RosterFileUnsupportedError (415) naming
 * what it is; the sheets left unread become a notice.
 */
export async function* readXlsxRows(
  input: Buffer | Readable,
  onNotice: (notice: RosterNotice) => void = () => undefined,
  limits: Partial<XlsxLimits> = {},
): AsyncGenerator<RawRosterRow[]> {
  const otherSheets = (read: string, ignored: string[]): void =>
    onNotice({
      code: 'other_sheets_ignored',
      message: `Only the sheet "${read}" was read; ignored: ${ignored.join(', ')}`,
      messageVi: `Chỉ đọc trang tính "${read}"; bỏ qua: ${ignored.join(', ')}`,
    });
  try {
    yield* readXlsxSheetRows(input, limits, otherSheets);
  } catch (error) {
    if (error instanceof UnreadableArchiveError) {
      const detected = error.problem === 'damaged' ? 'xlsx-unreadable' : `xlsx-${error.problem}`;
      throw new RosterFileUnsupportedError(error.message, error.messageVi, detected);
    }
    if (error instanceof XlsxUnreadableError) {
      throw new RosterFileUnsupportedError(error.message, error.messageVi, error.detected);
    }
    throw error;
  }
}
