import type { ErrorName, WireError } from '../../src-preload/contract';

/** An error with a contract name; the only kind of error the boundary passes on verbatim. */
export class AppError extends Error {
  override readonly name: ErrorName;
  readonly data: unknown;

  constructor(name: ErrorName, message: string, data?: unknown) {
    super(message);
    this.name = name;
    this.data = data;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/** What crosses the boundary: named errors as they are, anything else as Internal without internals. */
export function toWireError(e: unknown): WireError {
  if (isAppError(e)) return e.data === undefined ? { name: e.name, message: e.message } : { name: e.name, message: e.message, data: e.data };
  return { name: 'Internal', message: describeUnknown(e) };
}

/** A message for anything thrown, even an object that cannot be turned into a string. */
export function describeUnknown(e: unknown): string {
  if (e instanceof Error) return e.message;
  try {
    return String(e);
  } catch {
    return 'An unknown error occurred.';
  }
}
