import { useEffect, useState } from 'react';
import type { AgentInfo } from '../../src-preload/contract';
import { ARENA_MAX_AGENTS, ARENA_MIN_AGENTS } from '../../src-preload/contract';
import { arenaPrewarmOf, prewarmArena, useArenaPrewarm } from '../store/arena-prewarm-store';
import { startArena } from '../store/arena-store';
import { setDraft } from '../store/composer-store';
import { Popover } from './Popover';
import { PrewarmBadge } from './PrewarmBadge';

/**
 * The composer's "Arena" action: the same prompt to 2–6 agents at once, picked here. While it is
 * open, the agents picked are prepared in the background (each its own copy of the worktree and
 * its session), so the arena starts on warm contestants; closing it lets them go.
 */
export function ArenaLauncher({ chatId, agents, draft, current }: { chatId: string; agents: AgentInfo[]; draft: string; current: string | null }) {
  const [open, setOpen] = useState(false);
  const [picked, setPicked] = useState<string[]>([]);
  const available = agents.filter((a) => a.available);
  const chosen = picked.length > 0 ? picked : current && available.some((a) => a.id === current) ? [current] : [];
  const toggle = (id: string) => setPicked(chosen.includes(id) ? chosen.filter((x) => x !== id) : [...chosen, id]);
  const ready = chosen.length >= ARENA_MIN_AGENTS && chosen.length <= ARENA_MAX_AGENTS && !!draft.trim();
  const prepared = useArenaPrewarm((s) => s.states);
  const chosenKey = chosen.join('\u0000');
  useEffect(() => {
    if (open) void prewarmArena(chatId, chosenKey ? chosenKey.split('\u0000') : []);
  }, [open, chatId, chosenKey]);
  // Closed, or another chat: what was prepared goes (after a start the core has already claimed it).
  useEffect(() => {
    if (!open) return;
    return () => void prewarmArena(chatId, []);
  }, [open, chatId]);
  return (
    <Popover
      open={open}
      onClose={() => setOpen(false)}
      align="right"
      trigger={
        <button className="button" aria-haspopup="dialog" aria-expanded={open} onClick={() => setOpen(!open)} title="Send this prompt to several agents at once and keep the best result">
          Arena
        </button>
      }
    >
      <div className="arena-launcher" role="dialog" aria-label="Arena">
        <div className="arena-launcher__title">Send to {ARENA_MIN_AGENTS}–{ARENA_MAX_AGENTS} agents side by side</div>
        <div className="muted small">Each works in its own copy of this chat’s worktree (unapplied changes included). You keep one.</div>
        <ul className="arena-launcher__agents">
          {agents.map((a) => (
            <li key={a.id}>
              <label title={a.available ? a.command : a.reason}>
                <input type="checkbox" disabled={!a.available} checked={chosen.includes(a.id)} onChange={() => toggle(a.id)} /> {a.name}
                {/* The whole reason (where it was looked for, what to do) is the row's tooltip. */}
                {!a.available && <span className="muted small"> — {a.found === null ? 'not installed' : (a.reason ?? 'unavailable')}</span>}
              </label>
              {chosen.includes(a.id) && <PrewarmBadge status={arenaPrewarmOf(prepared, chatId, a.id)} agentName={a.name} />}
            </li>
          ))}
        </ul>
        <button
          className="button button--primary"
          disabled={!ready}
          title={!draft.trim() ? 'Type the prompt first' : chosen.length < ARENA_MIN_AGENTS ? `Pick at least ${ARENA_MIN_AGENTS} agents` : undefined}
          onClick={() => {
            void startArena(chatId, chosen, draft).then((ok) => {
              if (!ok) return;
              setDraft(chatId, '');
              setOpen(false);
              setPicked([]);
            });
          }}
        >
          Start arena with {chosen.length}
        </button>
      </div>
    </Popover>
  );
}
