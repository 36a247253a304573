import type { PermissionOption, Settings } from '../../../src-preload/contract';

/**
 * The user's default permission policy, applied before they are asked (pure). "ask" leaves every
 * request to the user; "allow_edits" answers file edits (requests that carry a diff) with allow
 * once; "allow_all" answers everything with allow once. Returns the option to choose, or null.
 */
export function autoPermissionChoice(policy: Settings['permissionPolicy'], options: PermissionOption[], isEdit: boolean): string | null {
  if (policy === 'ask') return null;
  if (policy === 'allow_edits' && !isEdit) return null;
  const allow = options.find((o) => o.kind === 'allow_once') ?? options.find((o) => o.kind === 'allow_always');
  return allow?.optionId ?? null;
}
