import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles/app.css';
import './styles/highlight.css';

const root = createRoot(document.getElementById('root')!);

// `?bench=1` mounts the benchmark harness: the real transcript components fed synthetic events,
// with no core behind them (bench/renderer-*.bench.ts drives it).
if (new URLSearchParams(window.location.search).has('bench')) {
  void import('./bench/BenchHarness').then(({ BenchHarness }) => root.render(<BenchHarness />));
} else {
  void import('./App').then(({ App }) =>
    root.render(
      <StrictMode>
        <App />
      </StrictMode>,
    ),
  );
}
