import { sanitizeUntrusted } from './sanitize-untrusted';
import './prompts.css';

/** Server-supplied text in a box that says where it came from and that it is not ours. */
export function UntrustedText({ hop, text, label = 'From the server' }: { hop: string; text: string; label?: string }) {
  if (text.trim() === '') return null;
  return (
    <figure className="untrusted">
      <figcaption className="untrusted__caption">
        <span className="untrusted__label">{label}</span>
        <span className="untrusted__hop mono" title={hop}>
          {hop}
        </span>
        <span className="untrusted__badge">untrusted text</span>
      </figcaption>
      <pre className="untrusted__text mono">{sanitizeUntrusted(text)}</pre>
    </figure>
  );
}
