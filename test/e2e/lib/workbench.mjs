// What a user does and sees in the VS Code window, through the selectors that
// ../../shared/notes/vscode-e2e.md found to work in VS Code 1.100.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const quickInput = '.quick-input-widget';
const quickInputRow = `${quickInput} .quick-input-list .monaco-list-row`;
const menuItem = '.monaco-menu .action-item:not(.disabled)';
const visibleHover = '.monaco-hover:not(.hidden)';
const squiggleClass = { error: 'squiggly-error', warning: 'squiggly-warning', information: 'squiggly-info', hint: 'squiggly-hint' };

/** Escapes text for use inside a RegExp. */
const literal = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class Workbench {
  #shots = 0;

  /** `page` shows a code-server window; screenshots go to `artifactsDir`. */
  constructor(page, artifactsDir) {
    this.page = page;
    this.artifactsDir = artifactsDir;
    mkdirSync(artifactsDir, { recursive: true });
  }

  /** Loads `url` and waits until the Explorer lists the workspace. */
  async open(url) {
    await this.page.goto(url);
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
  }

  /** Saves `NN-name.png` in the artifacts folder once menus and toasts have settled; returns its path. */
  async screenshot(name) {
    await this.page.waitForTimeout(400);
    this.#shots += 1;
    const path = join(this.artifactsDir, `${String(this.#shots).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path, animations: 'disabled' });
    return path;
  }

  /** Names of the files and folders shown in the Explorer. */
  explorerEntries() {
    return this.page.locator('.explorer-folders-view .monaco-list-row').allInnerTexts();
  }

  // --- quick input (Quick Open, command palette) ---

  /**
   * Opens the quick input with `key`, types `text`, and clicks the row whose label is `label`.
   * Asks again while the row is missing: Quick Open learns of new files a moment after they appear.
   */
  async #pick(key, text, label, { timeoutMs = 30_000 } = {}) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.page.keyboard.press(key);
      const input = this.page.locator(`${quickInput} input`);
      await input.waitFor();
      await input.fill(text);
      const row = this.#quickInputRow(label);
      try {
        await row.waitFor({ timeout: Math.min(3000, Math.max(deadline - Date.now(), 1)) });
        await row.click();
        return;
      } catch (error) {
        await this.page.keyboard.press('Escape');
        if (Date.now() >= deadline) throw error;
      }
    }
  }

  #quickInputRow(label) {
    const exact = new RegExp(`^\\s*${literal(label)}\\s*$`);
    return this.page.locator(quickInputRow).filter({ has: this.page.locator('.label-name', { hasText: exact }) }).first();
  }

  /** Quick Open (Ctrl+P) a workspace file by name; resolves when its editor is active. */
  async openFile(fileName) {
    await this.#pick('Control+P', fileName, fileName);
    await this.page.locator('.tabs-container .tab.active', { hasText: fileName }).waitFor();
    await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').waitFor();
  }

  /** Runs a command from the palette (F1) by its exact title, e.g. "View: Toggle Word Wrap". */
  async runCommand(title) {
    await this.#pick('F1', `>${title}`, title);
  }

  /** Runs a command that asks a quick pick question, then chooses `choice`. */
  async runCommandAndPick(title, choice) {
    await this.runCommand(title);
    await this.#quickInputRow(choice).click();
  }

  // --- editor ---

  /** The active editor's squiggles of one severity (error, warning, information, hint). */
  squiggles(severity) {
    return this.page.locator(`.editor-group-container.active .monaco-editor .${squiggleClass[severity]}`);
  }

  async waitForSquiggle(severity, { timeoutMs = 30_000 } = {}) {
    await this.squiggles(severity).first().waitFor({ timeout: timeoutMs });
  }

  /** Hovers the first occurrence of `word` in the active editor's visible lines; returns the hover's text. */
  async hover(word) {
    const token = this.page.locator('.editor-group-container.active .view-lines .view-line span span', { hasText: new RegExp(`^${literal(word)}$`) }).first();
    await this.page.mouse.move(0, 0); // leave any earlier hover so a new one opens
    await token.hover();
    // The hover first says "Loading..." while the language server answers.
    const hover = this.page.locator(visibleHover).filter({ hasText: /\S/ }).filter({ hasNotText: /^Loading\.\.\.$/ }).first();
    await hover.waitFor();
    return hover.innerText();
  }

  // --- Problems panel ---

  /**
   * Opens the Problems panel and returns its entries as
   * { file, severity, message, source, code, line, column }, once at least `atLeast` are shown.
   */
  async problems({ atLeast = 1, timeoutMs = 30_000 } = {}) {
    await this.runCommand('Problems: Focus on Problems View');
    const rows = this.page.locator('.markers-panel .monaco-list-row');
    await this.page.waitForFunction(
      ({ selector, count }) => document.querySelectorAll(`${selector} .marker-message-details-container`).length >= count,
      { selector: '.markers-panel .monaco-list-row', count: atLeast }, { timeout: timeoutMs });
    return rows.evaluateAll((elements) => {
      let file;
      const entries = [];
      for (const row of elements) {
        const text = (selector) => row.querySelector(selector)?.textContent ?? '';
        if (!row.querySelector('.marker-message-details-container')) {
          file = text('.label-name');
          continue;
        }
        const [, line, column] = /Ln (\d+), Col (\d+)/.exec(text('.marker-line')) ?? [];
        entries.push({
          file,
          severity: { error: 'error', warning: 'warning', info: 'information' }[row.querySelector('.marker-icon')?.classList[1]],
          message: text('.marker-message'),
          source: text('.marker-source'),
          code: text('.marker-code'),
          line: Number(line),
          column: Number(column),
        });
      }
      return entries;
    });
  }

  /** The error and warning counts in the status bar. */
  async problemCounts() {
    const text = await this.page.locator('#status\\.problems').innerText();
    const [errors, warnings] = text.trim().split(/\s+/).map(Number);
    return { errors, warnings };
  }

  // --- notifications ---

  /** Waits for a notification toast whose text matches `pattern`; returns its text. */
  async waitForNotification(pattern, { timeoutMs = 30_000 } = {}) {
    const toast = this.page.locator('.notifications-toasts .notification-toast', { hasText: pattern }).first();
    await toast.waitFor({ timeout: timeoutMs });
    return toast.innerText();
  }

  /** Clicks a button (e.g. "Explain") on the toast matching `pattern`. */
  async clickNotificationButton(pattern, button) {
    const toast = this.page.locator('.notifications-toasts .notification-toast', { hasText: pattern }).first();
    await toast.locator('.monaco-button', { hasText: button }).click();
  }

  // --- modal dialogs (confirmations) ---

  /** Waits for a modal dialog; returns its message and detail text. */
  async dialog({ timeoutMs = 30_000 } = {}) {
    const box = this.page.locator('.monaco-dialog-box');
    await box.waitFor({ timeout: timeoutMs });
    return box.locator('.dialog-message-container').innerText();
  }

  /** Clicks the button labelled `button` in the open modal dialog, and waits for it to close. */
  async answerDialog(button) {
    const box = this.page.locator('.monaco-dialog-box');
    await box.locator('.dialog-buttons .monaco-button', { hasText: new RegExp(`^\\s*${literal(button)}\\s*$`) }).click();
    await box.waitFor({ state: 'detached' });
  }

  // --- views and context menus ---

  /** Opens a view container from the activity bar by its title (e.g. "Explorer"). */
  async openViewContainer(title) {
    const item = this.page.locator(`.activitybar .action-item a[aria-label^="${title}"]`).first();
    const container = item.locator('xpath=..');
    if ((await container.getAttribute('aria-selected')) !== 'true' && !(await container.evaluate((e) => e.classList.contains('checked')))) {
      await item.click();
    }
  }

  /** Expands the view titled `title` in the open container; returns a locator for its rows. */
  async view(title) {
    const header = this.page.locator('.pane-header', { hasText: new RegExp(`^\\s*${literal(title)}`, 'i') }).first();
    await header.waitFor();
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    return header.locator('xpath=ancestor::*[contains(concat(" ", @class, " "), " pane ")][1]').locator('.monaco-list-row');
  }

  /** The row of a tree (from view()) whose label is `label`. */
  treeItem(rows, label) {
    return rows.filter({ has: this.page.locator('.label-name, .monaco-highlighted-label', { hasText: new RegExp(`^${literal(label)}$`) }) }).first();
  }

  /** Right-clicks `target` (a locator) and chooses the enabled menu item titled `itemTitle`. */
  async contextMenu(target, itemTitle) {
    await target.click({ button: 'right' });
    const item = this.page.locator(menuItem).filter({ has: this.page.locator('.action-label', { hasText: new RegExp(`^\\s*${literal(itemTitle)}\\s*$`) }) }).first();
    await item.waitFor();
    await this.page.waitForTimeout(300); // a menu ignores clicks while it is still opening
    await item.click();
    await this.page.locator('.monaco-menu').waitFor({ state: 'detached' });
  }

  /** The enabled titles of the context menu of `target`, which is then closed. */
  async contextMenuItems(target) {
    await target.click({ button: 'right' });
    await this.page.locator(menuItem).first().waitFor();
    const items = (await this.page.locator(`${menuItem} .action-label`).allInnerTexts()).map((text) => text.trim()).filter(Boolean);
    await this.page.keyboard.press('Escape');
    return items;
  }

  // --- output ---

  /** Names listed by "Output: Show Output Channels..." (the picker is closed again). */
  async outputChannels() {
    await this.runCommand('Output: Show Output Channels...');
    await this.page.locator(quickInputRow).first().waitFor();
    const names = await this.page.locator(`${quickInputRow} .label-name`).allInnerTexts();
    await this.page.keyboard.press('Escape');
    return names.map((name) => name.trim());
  }
}
