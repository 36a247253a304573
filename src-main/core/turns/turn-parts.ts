import type { AgentEvent, TurnPart } from '../../../src-preload/contract';

/**
 * Folds one AgentEvent into a turn's transcript parts (pure). Returns the indexes that changed,
 * so the writer persists only those. Consecutive text (or reasoning) deltas grow one part.
 */
export function applyEventToParts(parts: TurnPart[], event: AgentEvent): number[] {
  const last = parts[parts.length - 1];
  switch (event.type) {
    case 'text.delta':
    case 'reasoning.delta': {
      const kind = event.type === 'text.delta' ? 'text' : 'reasoning';
      if (last && last.kind === kind) {
        last.text += event.text;
        return [parts.length - 1];
      }
      parts.push({ kind, text: event.text });
      return [parts.length - 1];
    }
    case 'handoff':
      parts.push({ kind: 'handoff', text: event.text, fromAgents: event.fromAgents });
      return [parts.length - 1];
    case 'tool.start': {
      const idx = parts.findIndex((p) => p.kind === 'tool' && p.toolCallId === event.toolCallId);
      if (idx >= 0) return [];
      parts.push({ kind: 'tool', toolCallId: event.toolCallId, title: event.title, toolKind: event.kind, status: event.status, diffs: [] });
      return [parts.length - 1];
    }
    case 'tool.update':
    case 'tool.end': {
      let idx = parts.findIndex((p) => p.kind === 'tool' && p.toolCallId === event.toolCallId);
      if (idx < 0) {
        parts.push({ kind: 'tool', toolCallId: event.toolCallId, title: 'tool', toolKind: null, status: 'in_progress', diffs: [] });
        idx = parts.length - 1;
      }
      const part = parts[idx] as Extract<TurnPart, { kind: 'tool' }>;
      if (event.type === 'tool.update' && event.title) part.title = event.title;
      if (event.status) part.status = event.status;
      if (event.diffs) {
        for (const d of event.diffs) {
          const i = part.diffs.findIndex((x) => x.path === d.path);
          if (i >= 0) part.diffs[i] = d;
          else part.diffs.push(d);
        }
      }
      if (event.output !== undefined) part.output = event.output;
      if (event.command !== undefined) part.command = event.command;
      if (event.exitCode !== undefined) part.exitCode = event.exitCode;
      return [idx];
    }
    case 'permission.request':
      parts.push({ kind: 'permission', requestId: event.requestId, title: event.title, options: event.options, chosen: null, resolved: false });
      return [parts.length - 1];
    case 'permission.resolved': {
      const idx = parts.findIndex((p) => p.kind === 'permission' && p.requestId === event.requestId);
      if (idx < 0) return [];
      const part = parts[idx] as Extract<TurnPart, { kind: 'permission' }>;
      part.chosen = event.optionId;
      part.resolved = true;
      return [idx];
    }
    case 'error':
      parts.push({ kind: 'error', name: event.name, message: event.message });
      return [parts.length - 1];
    case 'turn.end':
      if (event.error && !parts.some((p) => p.kind === 'error' && p.message === event.error!.message)) {
        parts.push({ kind: 'error', name: event.error.name, message: event.error.message });
        return [parts.length - 1];
      }
      return [];
    case 'turn.queued':
    case 'turn.start':
    case 'usage':
    // Kept on the turn itself (its context and model columns), not in its parts.
    case 'context':
    case 'model':
      return [];
  }
}

