import { ArrowUp, RefreshCw } from 'lucide-react';
import { useEffect, useState } from 'react';
import { IconButton } from '../ui/button';

export interface PathBarProps {
  /** The directory shown (undefined until the first listing). */
  path: string | undefined;
  label: string;
  isLoading: boolean;
  onNavigate(path: string): void;
  onUp(): void;
  onRefresh(): void;
}

/** Up, Refresh and the path as an editable field: Enter goes there, Escape puts back the current one. */
export function PathBar({ path, label, isLoading, onNavigate, onUp, onRefresh }: PathBarProps) {
  const [text, setText] = useState(path ?? '');
  useEffect(() => setText(path ?? ''), [path]);
  return (
    <div className="path-bar">
      <IconButton icon={ArrowUp} label="Up one level (Backspace)" onClick={onUp} disabled={path === undefined} />
      <IconButton icon={RefreshCw} label="Refresh" onClick={onRefresh} disabled={path === undefined} className={isLoading ? 'path-bar__refresh--busy' : ''} />
      <input
        className="path-bar__input mono"
        aria-label={`Path on ${label}`}
        value={text}
        spellCheck={false}
        autoComplete="off"
        onChange={(event) => setText(event.target.value)}
        onFocus={(event) => event.target.select()}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && text.trim() !== '') onNavigate(text.trim());
          if (event.key === 'Escape') setText(path ?? '');
        }}
      />
    </div>
  );
}
