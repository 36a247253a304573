import { useState } from 'react';

/** The agent's reasoning, once, collapsible: open while it is the live part, folded after. */
export function ReasoningBlock({ text, live }: { text: string; live: boolean }) {
  const [userOpen, setUserOpen] = useState<boolean | null>(null);
  const open = userOpen ?? live;
  return (
    <details
      className="reasoning"
      open={open}
      onToggle={(e) => {
        const now = (e.currentTarget as HTMLDetailsElement).open;
        if (now !== open) setUserOpen(now);
      }}
    >
      <summary className="reasoning__summary">
        {live ? 'Thinking…' : 'Reasoning'}
        <span className="muted small"> · {text.length.toLocaleString()} chars</span>
      </summary>
      <div className="reasoning__text">{text}</div>
    </details>
  );
}
