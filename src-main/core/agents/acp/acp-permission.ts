import path from 'node:path';
import { z } from 'zod';
import { isWithin } from '../../sandbox/sandbox-plan';
import type { AgentEventOf, PermissionOption } from '../../../../src-preload/contract';
import { diffsOf } from './acp-event-mapper';

/**
 * Pure mapping of `session/request_permission` to a `permission.request` event and of the
 * user's answer back to the ACP outcome.
 */

type OptionKind = PermissionOption['kind'];
const KINDS: ReadonlySet<string> = new Set(['allow_once', 'allow_always', 'reject_once', 'reject_always']);

export const PermissionRequestParams = z.looseObject({
  sessionId: z.string(),
  toolCall: z
    .looseObject({
      toolCallId: z.string().nullish(),
      title: z.string().nullish(),
      content: z.array(z.unknown()).nullish(),
      locations: z.array(z.looseObject({ path: z.string() })).nullish(),
    })
    .nullish(),
  options: z.array(z.looseObject({ optionId: z.string(), name: z.string().nullish(), kind: z.string().nullish() })),
});
export type PermissionRequestParams = z.infer<typeof PermissionRequestParams>;

/**
 * The kind of an option. ACP requires `kind`; for an agent that leaves it out or sends one we
 * do not know, guess from the id the way agents name them (qwen: proceed_once, proceed_always,
 * cancel), and treat anything else as a one-time rejection (the safe reading).
 */
export function optionKind(kind: string | null | undefined, optionId: string): OptionKind {
  if (kind && KINDS.has(kind)) return kind as OptionKind;
  const id = optionId.toLowerCase();
  const always = /always|session|forever/.test(id);
  if (/^(allow|proceed|approve|accept|yes)/.test(id)) return always ? 'allow_always' : 'allow_once';
  return always ? 'reject_always' : 'reject_once';
}

/**
 * The absolute paths a request is about that lie outside the session's worktree: its locations,
 * its diffs, and a title that is itself a path (opencode names the folder it asks about).
 */
export function pathsOutside(params: PermissionRequestParams, cwd: string): string[] {
  const title = params.toolCall?.title?.trim();
  const candidates = [
    ...(params.toolCall?.locations ?? []).map((l) => l.path),
    ...diffsOf(params.toolCall?.content).map((d) => d.path),
    ...(title && path.isAbsolute(title) && !/\s/.test(title) ? [title] : []),
  ];
  const outside = candidates.filter((p) => path.isAbsolute(p) && !isWithin(path.resolve(p), path.resolve(cwd)));
  return [...new Set(outside)];
}

export function mapPermissionRequest(
  requestId: string,
  params: PermissionRequestParams,
  cwd: string,
): AgentEventOf<'permission.request'> {
  const diffs = diffsOf(params.toolCall?.content);
  const title = params.toolCall?.title ?? 'Permission requested';
  const outside = pathsOutside(params, cwd);
  return {
    type: 'permission.request',
    requestId,
    toolCallId: params.toolCall?.toolCallId ?? null,
    // Said first and plainly: a write outside the worktree is never what the chat is about.
    title: outside.length > 0 && !title.startsWith('Outside the worktree') ? `Outside the worktree: ${outside.join(', ')} (${title})` : title,
    options: params.options.map((o) => ({
      optionId: o.optionId,
      name: o.name ?? o.optionId,
      kind: optionKind(o.kind, o.optionId),
    })),
    ...(diffs.length > 0 ? { diffs } : {}),
  };
}

export type PermissionOutcome = { outcome: { outcome: 'selected'; optionId: string } } | { outcome: { outcome: 'cancelled' } };

export const selectedOutcome = (optionId: string): PermissionOutcome => ({ outcome: { outcome: 'selected', optionId } });
export const cancelledOutcome = (): PermissionOutcome => ({ outcome: { outcome: 'cancelled' } });
