import type { AgentSandboxInfo } from '../../src-preload/contract';

const KIND_NAME = { bwrap: 'bubblewrap', seatbelt: 'Seatbelt' } as const;

/** "sandboxed" or "not sandboxed", with why in the tooltip: an agent outside the sandbox is never shown as if it were in it. */
export function SandboxBadge({ sandbox }: { sandbox: AgentSandboxInfo }) {
  if (sandbox.state === 'on') {
    return (
      <span className="badge badge--ok" title={`Writes only to its worktree and its own state folders (${KIND_NAME[sandbox.kind]})`}>
        sandboxed
      </span>
    );
  }
  return (
    <span className="badge badge--warn" title={sandbox.reason}>
      not sandboxed
    </span>
  );
}

/** The reason under an agent that runs outside the sandbox. */
export function SandboxReason({ sandbox }: { sandbox: AgentSandboxInfo }) {
  if (sandbox.state === 'on') return null;
  return <div className="small warn-text">Not sandboxed: {sandbox.reason}</div>;
}
