import { memo, useEffect, useRef } from 'react';
import 'diff2html/bundles/css/diff2html.min.css';
import { ColorSchemeType } from 'diff2html/lib-esm/types';
import { Diff2HtmlUI } from 'diff2html/lib-esm/ui/js/diff2html-ui-slim';

export type DiffLayout = 'line-by-line' | 'side-by-side';

/** A unified diff rendered by diff2html, syntax-highlighted through its highlight.js integration. */
export const DiffView = memo(function DiffView({ diff, layout = 'line-by-line' }: { diff: string; layout?: DiffLayout }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ui = new Diff2HtmlUI(el, diff, {
      outputFormat: layout,
      drawFileList: false,
      matching: 'lines',
      highlight: true,
      fileContentToggle: false,
      stickyFileHeaders: false,
      synchronisedScroll: true,
      colorScheme: ColorSchemeType.AUTO,
    });
    ui.draw();
    ui.highlightCode();
    return () => {
      el.replaceChildren();
    };
  }, [diff, layout]);
  return <div className="diff-view" ref={ref} />;
});
