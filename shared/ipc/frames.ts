import { z } from 'zod';
import { AppErrorData } from '../errors/app-error';
import type { ToMainFrame, ToWindowFrame } from './wire';

/** The schemas of the frames in wire.ts: a transport parses every frame it receives with these. */

const CallId = z.number().int().nonnegative();

export const ResultEnvelope = z.union([z.object({ ok: z.literal(true), value: z.unknown() }), z.object({ ok: z.literal(false), error: AppErrorData })]);

export const CallFrameSchema = z.object({ type: z.literal('call'), id: CallId, method: z.string().max(128), input: z.unknown() }).strict();
export const CancelFrameSchema = z.object({ type: z.literal('cancel'), id: CallId }).strict();
/** `result` is checked apart (ResultEnvelope), so a malformed answer still fails its own call, with a code, instead of being lost. */
export const ResultFrameSchema = z.object({ type: z.literal('result'), id: CallId, result: z.unknown() });
export const EventFrameSchema = z.object({ type: z.literal('event'), name: z.string().max(128), payload: z.unknown() });
export const ErrorFrameSchema = z.object({ type: z.literal('error'), error: AppErrorData });

/** What a window sends main. */
export const ToMainFrameSchema = z.discriminatedUnion('type', [CallFrameSchema, CancelFrameSchema]);
/** What main sends a window. */
export const ToWindowFrameSchema = z.discriminatedUnion('type', [ResultFrameSchema, EventFrameSchema, ErrorFrameSchema]);

/** A parsed frame, or why it was refused: a reason that never repeats what the frame held (a call's input may hold a passphrase). */
export type Parsed<F> = { ok: true; frame: F } | { ok: false; reason: string; method?: string };

export function parseToMain(raw: unknown): Parsed<ToMainFrame> {
  return parseWith(ToMainFrameSchema, raw) as Parsed<ToMainFrame>;
}

export function parseToWindow(raw: unknown): Parsed<ToWindowFrame> {
  return parseWith(ToWindowFrameSchema, raw) as Parsed<ToWindowFrame>;
}

/** Frames over the WebSocket are JSON text; anything else is refused with a reason. */
export function parseJson(text: unknown): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (typeof text !== 'string') return { ok: false, reason: 'not a text frame' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
}

/** A method name as a log shows it: quoted, cut short, whatever a sender put there. */
export function methodForLog(name: unknown): string {
  return JSON.stringify(String(name).slice(0, 64));
}

function parseWith(schema: z.ZodType, raw: unknown): Parsed<unknown> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, frame: parsed.data };
  const method =
    typeof raw === 'object' && raw !== null && typeof (raw as { method?: unknown }).method === 'string' ? (raw as { method: string }).method : undefined;
  return { ok: false, reason: `malformed frame (${describeIssue(parsed.error.issues[0])})`, ...(method === undefined ? {} : { method: methodForLog(method) }) };
}

/** Where and what kind, never the value: zod's own messages may quote what was sent. */
function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (issue === undefined) return 'rejected';
  const where = issue.path.length === 0 ? 'frame' : issue.path.map(String).join('.').slice(0, 64);
  return `${where}: ${issue.code}`;
}
