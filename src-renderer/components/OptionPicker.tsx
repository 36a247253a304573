import type { Picker } from '../state/agent-options';

/** A model or mode select showing what the agent uses now unless the user picked otherwise. */
export function OptionPicker({ label, picker, onChange }: { label: string; picker: Picker | null; onChange: (id: string | null) => void }) {
  if (!picker) return null;
  return (
    <select className="select" aria-label={label} value={picker.value} onChange={(e) => onChange(e.target.value || null)}>
      {picker.placeholder !== null && <option value="">{picker.placeholder}</option>}
      {picker.items.map((m) => (
        <option key={m.id} value={m.id}>
          {m.name}
        </option>
      ))}
    </select>
  );
}
