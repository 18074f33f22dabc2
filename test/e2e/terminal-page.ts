import type { Locator, Page } from 'playwright-core';

/** A terminal pane's screen and scrollback as text (read from xterm's buffer, whichever renderer draws). */
export function terminalTextOf(pane: Locator): Promise<string> {
  return pane.getByTestId('terminal').evaluate((element: unknown) => (element as { jumpgateTerminal: { text(): string } }).jumpgateTerminal.text());
}

/** Opens a terminal to `destination` through quick connect (Ctrl+K), as a person would. */
export async function quickConnect(page: Page, destination: string): Promise<void> {
  await page.keyboard.press('Control+K');
  await page.keyboard.type(destination);
  await page.keyboard.press('Enter');
}
