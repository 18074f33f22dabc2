import { Menu, type MenuItemConstructorOptions, nativeImage, Tray } from 'electron';
import type { Disposable } from '../../shared/base/disposable';
import type { Event } from '../../shared/base/event';
import type { TunnelEntry } from '../forward/tunnel-manager';
import { type TrayAction, type TrayItem, trayMenu } from '../core/tray-menu';

export interface AppTrayOptions {
  iconPath: string;
  /** The saved tunnels with their live state. */
  list: () => TunnelEntry[];
  /** Fires when a tunnel's state changes, so the menu is rebuilt. */
  onDidChange: Event<unknown>;
  run: (action: TrayAction) => void;
}

/**
 * The tray icon: its menu lists the tunnels with their state, starts and stops each, opens the
 * window and quits. The menu is built by the pure model in core/tray-menu.ts and rebuilt on
 * every change of state.
 */
export function createAppTray(options: AppTrayOptions): Disposable {
  const icon = nativeImage.createFromPath(options.iconPath).resize({ width: 16, height: 16 });
  const tray = new Tray(icon);
  tray.setToolTip('Jumpgate');
  const toMenuItem = (item: TrayItem): MenuItemConstructorOptions => {
    if (item.isSeparator) return { type: 'separator' };
    const action = item.action;
    return {
      label: item.label,
      enabled: item.isEnabled ?? true,
      ...(item.submenu ? { submenu: item.submenu.map(toMenuItem) } : {}),
      ...(action ? { click: () => options.run(action) } : {}),
    };
  };
  const rebuild = () => tray.setContextMenu(Menu.buildFromTemplate(trayMenu(options.list()).map(toMenuItem)));
  rebuild();
  const subscription = options.onDidChange(rebuild);
  return {
    dispose: () => {
      subscription.dispose();
      tray.destroy();
    },
  };
}
