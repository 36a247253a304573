import { Transcript } from '../components/Transcript';
import { loadHistory, emptyTranscript } from '../state/chat-transcript';
import type { TurnEventPayload } from '../state/chat-transcript';
import { selectTranscript, turnEventBatcher, useTranscripts } from '../store/transcript-store';
import { deltaText, syntheticTurns } from './synthetic';

const CHAT = 'bench-chat';

const nextPaint = () => new Promise<void>((resolve) => requestAnimationFrame(() => {
  // A task posted from a frame callback runs after that frame has been painted.
  const ch = new MessageChannel();
  ch.port1.onmessage = () => resolve();
  ch.port2.postMessage(null);
}));
const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

let seq = 0;
const delta = (turnId: string, text: string): TurnEventPayload => ({ chatId: CHAT, turnId, agent: 'opencode', seq: seq++, event: { type: 'text.delta', text } });

/**
 * The benchmark API, driven from bench/renderer-*.bench.ts through page.evaluate. Events go
 * through the same frame batcher and store the bridge feeds, into the real Transcript.
 */
const api = {
  /** Milliseconds from handing a `messages`-message history to the store until it is painted. */
  async renderTranscript(messages: number): Promise<number> {
    useTranscripts.setState({ byChat: {} });
    await nextPaint();
    const history = syntheticTurns(CHAT, messages);
    const t0 = performance.now();
    useTranscripts.setState({ byChat: { [CHAT]: loadHistory(emptyTranscript(), history) } });
    await nextPaint();
    return performance.now() - t0;
  },

  /**
   * Streams `count` deltas into a new turn, `perTask` per macrotask (as WebSocket frames arrive),
   * and reports the longest main-thread task and the longest gap between frames meanwhile.
   */
  async stream(count: number, perTask: number): Promise<{ longestTaskMs: number; longTasks: number; longestFrameGapMs: number; totalMs: number }> {
    const turnId = `stream-${seq}`;
    const longTasks: number[] = [];
    const obs = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longTasks.push(e.duration);
    });
    obs.observe({ type: 'longtask', buffered: false });
    let lastFrame = performance.now();
    let longestGap = 0;
    let watching = true;
    const onFrame = (t: number) => {
      longestGap = Math.max(longestGap, t - lastFrame);
      lastFrame = t;
      if (watching) requestAnimationFrame(onFrame);
    };
    requestAnimationFrame(onFrame);
    const t0 = performance.now();
    turnEventBatcher.push({ chatId: CHAT, turnId, agent: 'opencode', seq: seq++, event: { type: 'turn.start', sessionMode: 'resumed', externalSessionId: 'x', model: 'mock-model' } });
    for (let i = 0; i < count; i += perTask) {
      for (let j = i; j < Math.min(count, i + perTask); j++) turnEventBatcher.push(delta(turnId, deltaText(j)));
      await macrotask();
    }
    await nextPaint();
    const totalMs = performance.now() - t0;
    watching = false;
    await nextPaint();
    obs.disconnect();
    return { longestTaskMs: Math.max(0, ...longTasks), longTasks: longTasks.length, longestFrameGapMs: longestGap, totalMs };
  },

  /** Per sample: milliseconds from a delta arriving to the frame that shows it having been painted. */
  async deltaLatency(samples: number): Promise<number[]> {
    const turnId = `latency-${seq}`;
    turnEventBatcher.push({ chatId: CHAT, turnId, agent: 'opencode', seq: seq++, event: { type: 'turn.start', sessionMode: 'resumed', externalSessionId: 'x', model: null } });
    await nextPaint();
    const root = document.querySelector('[data-testid="transcript"]')!;
    const out: number[] = [];
    for (let i = 0; i < samples; i++) {
      const marker = `mark${i}x${seq}`;
      const seen = new Promise<void>((resolve) => {
        const mo = new MutationObserver(() => {
          if ((root.textContent ?? '').includes(marker)) {
            mo.disconnect();
            resolve();
          }
        });
        mo.observe(root, { subtree: true, characterData: true, childList: true });
      });
      const t0 = performance.now();
      turnEventBatcher.push(delta(turnId, ` ${marker}`));
      await seen;
      // The DOM has it; the frame it was committed in paints before the next task runs.
      await new Promise<void>((resolve) => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => resolve();
        ch.port2.postMessage(null);
      });
      out.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 5 + (i % 7)));
    }
    return out;
  },
};

export type BenchApi = typeof api;

declare global {
  interface Window {
    boocoderBench?: BenchApi;
  }
}

window.boocoderBench = api;

export function BenchHarness() {
  const transcript = useTranscripts(selectTranscript(CHAT));
  return (
    <div className="app">
      <main className="app__main" data-bench-ready="1">
        <section className="chat">
          <Transcript turns={transcript.turns} chatId={CHAT} />
        </section>
      </main>
    </div>
  );
}
