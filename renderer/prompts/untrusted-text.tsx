import { sanitizeUntrusted } from './sanitize-untrusted';
import './prompts.css';

/** Server-supplied text in a box that says where it came from and that it is not ours. */
export function UntrustedText({ hop, text, label = 'Message from the server' }: { hop: string; text: string; label?: string }) {
  if (text.trim() === '') return null;
  return (
    <figure className="untrusted">
      <figcaption className="untrusted__caption">
        {label} <span className="untrusted__hop mono">{hop}</span>
        <span className="untrusted__badge">not from Jumpgate</span>
      </figcaption>
      <pre className="untrusted__text mono">{sanitizeUntrusted(text)}</pre>
    </figure>
  );
}
