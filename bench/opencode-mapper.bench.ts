import type { Benchmark, BenchRow } from './bench-types';
import { FIXTURE_NAMES, loadFixture, replay, type FixtureRecord } from '../test/fixtures/opencode/replay';

/**
 * Throughput of the pure opencode event mapper (parse + map) over every recorded fixture,
 * replayed in a loop for a fixed time.
 */

const DURATION_MS = Number(process.env.BENCH_MAPPER_MS ?? 2000);

const benchmark: Benchmark = {
  name: 'opencode event mapper',
  async run(): Promise<BenchRow[]> {
    const fixtures: FixtureRecord[][] = FIXTURE_NAMES.map((n) => loadFixture(n));
    const eventsPerPass = fixtures.reduce((sum, f) => sum + f.filter((r) => r.kind === 'event').length, 0);
    // Warm up the JIT before measuring.
    for (let i = 0; i < 50; i++) for (const f of fixtures) replay(f);
    let events = 0;
    let sink = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < DURATION_MS) {
      for (const f of fixtures) sink += replay(f).length;
      events += eventsPerPass;
      elapsed = performance.now() - start;
    }
    if (sink === 0) throw new Error('the mapper produced nothing');
    return [{ name: 'opencode mapper throughput (wire events in)', value: Math.round((events / elapsed) * 1000), unit: 'events/s' }];
  },
};

export default benchmark;
