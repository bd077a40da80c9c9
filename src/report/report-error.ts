/** A chart or report could not be produced from the summary (a bug or a malformed summary). */
export class ReportRenderError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReportRenderError';
  }
}
