import type { Benchmark } from './bench-types';
import { median, startBenchPage } from '../test/support/browser';

const SAMPLES = 60;
const GOAL_MS = 32;

/** From a delta arriving to the frame that shows it being painted, over a 1,000-message transcript. */
const bench: Benchmark = {
  name: 'renderer: delta to paint',
  async run() {
    await using app = await startBenchPage();
    await app.page.evaluate(() => window.boocoderBench!.renderTranscript(1000));
    const samples = await app.page.evaluate((n) => window.boocoderBench!.deltaLatency(n), SAMPLES);
    const value = Math.round(median(samples) * 10) / 10;
    return [{ name: `delta arriving → painted (median of ${SAMPLES})`, value, unit: 'ms', goal: `< ${GOAL_MS} ms median`, met: value < GOAL_MS }];
  },
};

export default bench;
