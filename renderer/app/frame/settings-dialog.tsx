import { Monitor, Moon, Settings as SettingsIcon, Sun } from 'lucide-react';
import { useId, useState } from 'react';
import type { Settings } from '../../../shared/model';
import { Dialog } from '../../ui/dialog';
import { NumberRow } from '../../ui/number-row';
import { Segmented } from '../../ui/segmented';
import { Switch } from '../../ui/switch';
import { TextField } from '../../ui/text-field';
import './settings-dialog.css';

export interface SettingsDialogProps {
  settings: Settings;
  /** The desktop app (not the browser bridge): it has a tray to keep tunnels running in. */
  isDesktop?: boolean;
  onUpdate(patch: Partial<Settings>): void;
  onClose(): void;
}

const HOST_KEY_POLICIES: ReadonlyArray<{ value: Settings['defaultStrictHostKeyChecking']; label: string }> = [
  { value: 'ask', label: 'Ask me (recommended)' },
  { value: 'accept-new', label: 'Accept new keys, refuse changed ones' },
  { value: 'yes', label: 'Refuse hosts not in known_hosts' },
  { value: 'no', label: 'Accept any key (unsafe)' },
];

/** Every setting main keeps, applied as soon as it changes. */
export function SettingsDialog({ settings, isDesktop = false, onUpdate, onClose }: SettingsDialogProps) {
  const policyId = useId();
  return (
    <Dialog
      title="Settings"
      subtitle="Changes apply at once and are kept by the app."
      icon={SettingsIcon}
      onClose={onClose}
      testId="settings-dialog"
      doneLabel="Done"
    >
      <section className="settings__section" aria-label="Appearance">
        <h3 className="settings__heading">Appearance</h3>
        <Segmented
          label="Theme"
          value={settings.theme}
          onChange={(theme) => onUpdate({ theme })}
          options={[
            { value: 'system', label: 'System', icon: Monitor },
            { value: 'light', label: 'Light', icon: Sun },
            { value: 'dark', label: 'Dark', icon: Moon },
          ]}
        />
      </section>
      <section className="settings__section" aria-label="Terminal">
        <h3 className="settings__heading">Terminal</h3>
        <NumberRow
          label="Font size"
          hint="In pixels, JetBrains Mono."
          value={settings.terminalFontSize}
          min={8}
          max={32}
          onChange={(terminalFontSize) => onUpdate({ terminalFontSize })}
        />
        <FontFamilyField value={settings.terminalFontFamily} onCommit={(terminalFontFamily) => onUpdate({ terminalFontFamily })} />
        <Segmented
          label="Cursor"
          value={settings.terminalCursorStyle}
          onChange={(terminalCursorStyle) => onUpdate({ terminalCursorStyle })}
          options={[
            { value: 'block', label: 'Block' },
            { value: 'bar', label: 'Bar' },
            { value: 'underline', label: 'Underline' },
          ]}
        />
        <Segmented
          label="Drawing"
          value={settings.terminalRenderer}
          onChange={(terminalRenderer) => onUpdate({ terminalRenderer })}
          options={[
            { value: 'auto', label: 'Automatic' },
            { value: 'gpu', label: 'GPU (WebGL)' },
            { value: 'dom', label: 'DOM' },
          ]}
        />
        <Switch label="Blinking cursor" isOn={settings.terminalCursorBlink} onChange={(terminalCursorBlink) => onUpdate({ terminalCursorBlink })} />
        <NumberRow
          label="Scrollback"
          hint="Lines kept above the screen, per tab."
          value={settings.terminalScrollback}
          min={100}
          max={200_000}
          onChange={(terminalScrollback) => onUpdate({ terminalScrollback })}
        />
        <Switch
          label="Copy on select"
          hint="Selected text goes to the clipboard."
          isOn={settings.copyOnSelect}
          onChange={(copyOnSelect) => onUpdate({ copyOnSelect })}
        />
        <Switch label="Right-click pastes" isOn={settings.rightClickPaste} onChange={(rightClickPaste) => onUpdate({ rightClickPaste })} />
        <Switch
          label="Ask before a multi-line paste"
          hint="A pasted newline runs a command at once."
          isOn={settings.confirmMultilinePaste}
          onChange={(confirmMultilinePaste) => onUpdate({ confirmMultilinePaste })}
        />
      </section>
      <section className="settings__section" aria-label="Connections">
        <h3 className="settings__heading">Connections</h3>
        <Switch
          label="Share connections"
          hint="A split, a duplicated tab or a files tab for a host already connected opens on that connection: no second login."
          isOn={settings.reuseConnections}
          onChange={(reuseConnections) => onUpdate({ reuseConnections })}
        />
        <Switch
          label="Notice ports the server opens"
          hint="A terminal's Linux server is read every few seconds for ports it starts listening on, offered as forwards."
          isOn={settings.detectServerPorts}
          onChange={(detectServerPorts) => onUpdate({ detectServerPorts })}
        />
        {isDesktop && (
          <Switch
            label="Keep tunnels running when the window closes"
            hint="Jumpgate stays in the tray with its tunnels; Quit in the tray's menu ends it."
            isOn={settings.keepTunnelsInTray}
            onChange={(keepTunnelsInTray) => onUpdate({ keepTunnelsInTray })}
          />
        )}
      </section>
      <section className="settings__section" aria-label="Security">
        <h3 className="settings__heading">Security</h3>
        <div className="control-row">
          <div className="control-row__text">
            <label htmlFor={policyId} className="control-row__label">
              Unknown host keys
            </label>
            <p className="control-row__hint">Like OpenSSH's StrictHostKeyChecking; a profile can override it.</p>
          </div>
          <select
            id={policyId}
            className="select"
            value={settings.defaultStrictHostKeyChecking}
            onChange={(event) => onUpdate({ defaultStrictHostKeyChecking: event.target.value as Settings['defaultStrictHostKeyChecking'] })}
          >
            {HOST_KEY_POLICIES.map((policy) => (
              <option key={policy.value} value={policy.value}>
                {policy.label}
              </option>
            ))}
          </select>
        </div>
      </section>
    </Dialog>
  );
}

/** Applied when the field is left or Enter is pressed, not on every keystroke. */
function FontFamilyField({ value, onCommit }: { value: string; onCommit(value: string): void }) {
  const [text, setText] = useState(value);
  const commit = (): void => {
    if (text.trim() !== value) onCommit(text.trim());
  };
  return (
    <TextField
      label="Font"
      placeholder="JetBrains Mono (bundled)"
      hint="A monospace font installed on this computer; empty for the bundled one."
      value={text}
      onChange={(event) => setText(event.target.value)}
      onBlur={commit}
      onKeyDown={(event) => event.key === 'Enter' && commit()}
    />
  );
}
