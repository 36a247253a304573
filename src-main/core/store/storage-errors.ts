import Database from 'better-sqlite3';
import { AppError } from '../errors';

/**
 * SQLite failures (locked, disk full, I/O, corruption) as the contract's named StorageError, so
 * a caller sees "StorageError: database or disk is full" instead of an anonymous Internal error.
 * Constraint violations are programming errors, not storage faults, and pass through as they are.
 */

const STORAGE_CODES = /^SQLITE_(BUSY|LOCKED|FULL|IOERR|CORRUPT|NOTADB|CANTOPEN|READONLY|PROTOCOL|NOMEM|INTERRUPT)/;

export function isStorageFault(e: unknown): e is InstanceType<typeof Database.SqliteError> {
  return e instanceof Database.SqliteError && STORAGE_CODES.test(e.code);
}

export function toStorageError(e: unknown): unknown {
  if (!isStorageFault(e)) return e;
  return new AppError('StorageError', `The app database could not be used: ${e.message} (${e.code})`, { code: e.code });
}

const guarded = <F extends (...args: never[]) => unknown>(fn: F, self: unknown): F =>
  function (this: unknown, ...args: Parameters<F>) {
    try {
      return fn.apply(self, args);
    } catch (e) {
      throw toStorageError(e);
    }
  } as F;

/** A view of `target` whose methods turn storage faults into StorageError (methods are synchronous). */
export function guardStorage<T extends object>(target: T): T {
  const cache = new Map<PropertyKey, unknown>();
  return new Proxy(target, {
    get(obj, prop) {
      const value: unknown = Reflect.get(obj, prop, obj);
      if (typeof value !== 'function') return value;
      let wrapped = cache.get(prop);
      if (!wrapped) {
        wrapped =
          prop === 'transaction'
            ? // db.transaction(fn) returns the function to call: its COMMIT can fail too.
              (fn: (...a: never[]) => unknown) => guarded((value as (f: typeof fn) => (...a: never[]) => unknown).call(obj, fn), undefined)
            : guarded(value as (...args: never[]) => unknown, obj);
        cache.set(prop, wrapped);
      }
      return wrapped;
    },
  });
}
