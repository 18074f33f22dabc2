import { ChevronDown, ChevronUp, X } from 'lucide-react';
import { useState } from 'react';
import { Button } from '../ui/button';

/** Ctrl+Shift+F: find in the scrollback. Enter finds the next match, Shift+Enter the previous one. */
export function SearchBar({ onFind, onClose }: { onFind(text: string, direction: 'next' | 'previous'): boolean; onClose(): void }) {
  const [text, setText] = useState('');
  const [isMissing, setMissing] = useState(false);
  const find = (direction: 'next' | 'previous', value = text): void => setMissing(value !== '' && !onFind(value, direction));
  return (
    <div className="terminal-search" role="search" data-testid="terminal-search">
      <input
        className={`terminal-search__input ${isMissing ? 'terminal-search__input--missing' : ''}`}
        aria-label="Find in terminal"
        placeholder="Find"
        value={text}
        autoFocus
        spellCheck={false}
        onChange={(event) => {
          setText(event.target.value);
          find('next', event.target.value);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') find(event.shiftKey ? 'previous' : 'next');
          if (event.key === 'Escape') onClose();
        }}
      />
      {isMissing && <span className="terminal-search__none">No matches</span>}
      <Button variant="ghost" size="s" icon={ChevronUp} aria-label="Previous match" onClick={() => find('previous')} />
      <Button variant="ghost" size="s" icon={ChevronDown} aria-label="Next match" onClick={() => find('next')} />
      <Button variant="ghost" size="s" icon={X} aria-label="Close find" onClick={onClose} />
    </div>
  );
}
