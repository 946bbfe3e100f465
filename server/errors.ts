/** An error that knows its HTTP status and a stable code; created only at the HTTP edge. */
export class AppError extends Error {
  constructor(public readonly status: number, public readonly code: string, message: string) {
    super(message);
  }
}

export const notFound = (what: string): AppError => new AppError(404, 'not_found', `${what} was not found.`);
