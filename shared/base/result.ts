import type { AppErrorData } from '../errors/app-error';

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorData };
export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const err = <T = never>(error: AppErrorData): Result<T> => ({ ok: false, error });
