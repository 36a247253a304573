import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Benchmark, BenchRow } from './bench-types';
import { initialMapperState, mapSessionUpdate, nextTurnState } from '../src-main/core/agents/acp/acp-event-mapper';

/** Throughput of the pure ACP session/update → AgentEvent mapper over the recorded qwen traffic. */

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'acp');

function recordedUpdates(): unknown[] {
  const updates: unknown[] = [];
  for (const file of readdirSync(fixtures).filter((f) => f.endsWith('.jsonl'))) {
    for (const line of readFileSync(path.join(fixtures, file), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const { dir, message } = JSON.parse(line) as { dir: string; message: { method?: string; params?: { update?: unknown } } };
      if (dir === 'in' && message.method === 'session/update') updates.push(message.params?.update);
    }
  }
  return updates;
}

const benchmark: Benchmark = {
  name: 'ACP event mapper throughput',
  async run(): Promise<BenchRow[]> {
    const updates = recordedUpdates();
    const runFor = (ms: number) => {
      let events = 0;
      let mapped = 0;
      const deadline = performance.now() + ms;
      const t0 = performance.now();
      while (performance.now() < deadline) {
        let state = initialMapperState();
        for (const update of updates) {
          const r = mapSessionUpdate(update, state);
          state = r.state;
          events += r.events.length;
        }
        state = nextTurnState(state);
        mapped += updates.length;
      }
      const seconds = (performance.now() - t0) / 1000;
      return { eventsPerSecond: events / seconds, updatesPerSecond: mapped / seconds };
    };
    runFor(200); // warm-up
    const samples = [runFor(1000), runFor(1000), runFor(1000)].sort((a, b) => a.eventsPerSecond - b.eventsPerSecond);
    const mid = samples[1]!;
    return [
      { name: 'ACP mapper: AgentEvents out per second', value: Math.round(mid.eventsPerSecond), unit: 'events/s' },
      { name: 'ACP mapper: session/update in per second', value: Math.round(mid.updatesPerSecond), unit: 'events/s' },
    ];
  },
};

export default benchmark;
