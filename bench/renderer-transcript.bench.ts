import type { Benchmark } from './bench-types';
import { median, startBenchPage } from '../test/support/browser';

const MESSAGES = 5000;
const RUNS = 5;
const GOAL_MS = 500;

/** Time from a 5,000-message history reaching the store to its first paint, in Chromium. */
const bench: Benchmark = {
  name: 'renderer: transcript render',
  async run() {
    await using app = await startBenchPage();
    const times: number[] = [];
    // One warm-up so the code is compiled, as it is after the first chat opens.
    await app.page.evaluate((n) => window.boocoderBench!.renderTranscript(n), 200);
    for (let i = 0; i < RUNS; i++) times.push(await app.page.evaluate((n) => window.boocoderBench!.renderTranscript(n), MESSAGES));
    const value = Math.round(median(times));
    return [{ name: `render a ${MESSAGES.toLocaleString('en')}-message transcript (median of ${RUNS})`, value, unit: 'ms', goal: `< ${GOAL_MS} ms`, met: value < GOAL_MS }];
  },
};

export default bench;
