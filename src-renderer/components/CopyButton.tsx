import { useEffect, useRef, useState } from 'react';
import { copyText } from '../lib/copy-text';

/** A small button that copies what `text()` gives when clicked and says "Copied" for a moment. */
export function CopyButton({ text, title, className = '' }: { text: () => string; title: string; className?: string }) {
  const [copied, setCopied] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const copy = async () => {
    await copyText(text());
    setCopied(true);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setCopied(false), 1500);
  };
  return (
    <button className={`button button--ghost small ${className}`.trim()} onClick={() => void copy()} title={title}>
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}
