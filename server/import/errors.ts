/**
 * Error thrown by every importer. `code` is stable and machine-readable; `message` is written for
 * the person who supplied the file: it says what is wrong and what to do about it.
 *
 * Codes: empty, binary, invalid_utf8, too_large, wrong_language, bad_html, bad_json, bad_format.
 */
export class ImportError extends Error {
  override name = 'ImportError';
  constructor(
    public code: string,
    message: string,
  ) {
    super(message);
  }
}
