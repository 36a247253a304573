import { useEffect, useRef } from 'react';

/** A panel anchored under its trigger; Esc or a click outside closes it. */
export function Popover({ open, onClose, trigger, children, align = 'left' }: { open: boolean; onClose: () => void; trigger: React.ReactNode; children: React.ReactNode; align?: 'left' | 'right' }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) onClose();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        onClose();
      }
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey, true);
    };
  }, [open, onClose]);
  return (
    <div className="popover-anchor" ref={ref}>
      {trigger}
      {open && <div className={`popover popover--${align}`}>{children}</div>}
    </div>
  );
}
