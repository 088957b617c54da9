import { DomainError } from '@app/common';

/** An XLSX file would pass the row cap: the caller is pointed to CSV or to a background export (422). */
export class ExportTooLargeError extends DomainError {
  readonly code = 'EXPORT_TOO_LARGE';
  readonly status = 422;
}

/** A download link that has expired or was used already (410). */
export class ExportLinkGoneError extends DomainError {
  readonly code = 'EXPORT_LINK_GONE';
  readonly status = 410;
}
