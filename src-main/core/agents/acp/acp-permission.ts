import { z } from 'zod';
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

export function mapPermissionRequest(
  requestId: string,
  params: PermissionRequestParams,
): AgentEventOf<'permission.request'> {
  const diffs = diffsOf(params.toolCall?.content);
  return {
    type: 'permission.request',
    requestId,
    toolCallId: params.toolCall?.toolCallId ?? null,
    title: params.toolCall?.title ?? 'Permission requested',
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
