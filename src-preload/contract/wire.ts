import { z } from 'zod';
import { WireError } from './errors';

/** WebSocket frames of the headless host (the same contract as Electron IPC). */
export const RequestFrame = z.object({ id: z.union([z.number(), z.string()]), method: z.string(), params: z.unknown().optional() });
export const ReplyFrame = z.union([
  z.object({ id: z.union([z.number(), z.string()]), result: z.unknown() }),
  z.object({ id: z.union([z.number(), z.string()]).nullable(), error: WireError }),
]);
export const EventFrame = z.object({ event: z.string(), payload: z.unknown() });
export type RequestFrame = z.infer<typeof RequestFrame>;
export type ReplyFrame = z.infer<typeof ReplyFrame>;
export type EventFrame = z.infer<typeof EventFrame>;

/** Electron IPC channel names used by the preload bridge. */
export const IPC_INVOKE_CHANNEL = 'boocoder:invoke';
export const IPC_EVENT_CHANNEL = 'boocoder:event';
