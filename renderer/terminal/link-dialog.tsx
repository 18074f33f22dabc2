import { ExternalLink, ShieldAlert } from 'lucide-react';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { safeLinkTarget } from './link-policy';

/**
 * A link from terminal output names its target here before anything opens: the text on screen
 * (or an OSC 8 label) can say anything. Only http and https open, in a new window with no opener.
 */
export function LinkDialog({ uri, onClose }: { uri: string; onClose(): void }) {
  const target = safeLinkTarget(uri);
  const open = (): void => {
    if (target !== undefined) window.open(target, '_blank', 'noopener,noreferrer');
    onClose();
  };
  if (target === undefined) {
    return (
      <Dialog
        title="This link will not open"
        icon={ShieldAlert}
        tone="warning"
        onClose={onClose}
        testId="link-dialog"
        footer={<Button onClick={onClose}>Close</Button>}
      >
        <p>Only http and https links from a terminal are opened. The link points to:</p>
        <pre className="link-target mono">{uri.slice(0, 2000)}</pre>
      </Dialog>
    );
  }
  return (
    <Dialog
      title="Open this link?"
      subtitle="It came from the server's output. Check where it really goes."
      icon={ExternalLink}
      onClose={onClose}
      onSubmit={open}
      testId="link-dialog"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" type="submit" data-autofocus>
            Open in browser
          </Button>
        </>
      }
    >
      <pre className="link-target mono">{target}</pre>
    </Dialog>
  );
}
