import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles/app.css';
import './styles/highlight.css';

const root = createRoot(document.getElementById('root')!);

// `?bench=1` mounts the benchmark harness: the real transcript components fed synthetic events,
// with no core behind them (bench/renderer-*.bench.ts drives it).
const params = new URLSearchParams(window.location.search);
if (params.has('bench')) {
  void import('./bench/BenchHarness').then(({ BenchHarness }) => root.render(<BenchHarness />));
} else if (params.has('harness')) {
  // `?harness=1` runs the real App against a core faked in the page (bench/fake-core.ts), for
  // looking at and screenshotting UI states without agents. It must be in place before the bridge loads.
  void import('./bench/fake-core')
    .then(({ installFakeCore }) => installFakeCore(params))
    .then(() => import('./App'))
    .then(({ App }) =>
      root.render(
        <StrictMode>
          <App />
        </StrictMode>,
      ),
    );
} else {
  void import('./App').then(({ App }) =>
    root.render(
      <StrictMode>
        <App />
      </StrictMode>,
    ),
  );
}
