// What a user does and sees in the VS Code window, through the selectors that
// ../../shared/notes/vscode-e2e.md found to work in VS Code 1.100.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from './processes.mjs';

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
   * Opens a quick input with `open()`, types `text`, and clicks the row whose label is `label`
   * (or, with `click: false`, waits for it and leaves the input open).
   * Asks again while the row is missing: Quick Open learns of new files, and pickers of new
   * items (an output channel, a pod), a moment after they appear.
   */
  async #pick(open, text, label, { timeoutMs = 30_000, click = true } = {}) {
    const deadline = Date.now() + timeoutMs;
    const row = this.page.locator(quickInputRow)
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${literal(label)}\\s*$`) }) }).first();
    for (;;) {
      try {
        await open();
        // Short waits: a quick input that lost focus (to a view opening late) has closed; open it again.
        const attempt = { timeout: Math.min(3000, Math.max(deadline - Date.now(), 1)) };
        await this.page.locator(`${quickInput} input`).fill(text, attempt);
        await (click ? row.click(attempt) : row.waitFor(attempt));
        return;
      } catch (error) {
        if (Date.now() >= deadline) throw error;
        await this.page.keyboard.press('Escape');
      }
    }
  }

  /** Quick Open (Ctrl+P) a workspace file by name; resolves when its editor is active. */
  async openFile(fileName) {
    await this.#pick(() => this.page.keyboard.press('Control+P'), fileName, fileName);
    await this.page.locator('.tabs-container .tab.active', { hasText: fileName }).waitFor();
    await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').waitFor();
  }

  /** Runs a command from the palette (F1) by its exact title, e.g. "View: Toggle Word Wrap". */
  async runCommand(title) {
    await this.#pick(() => this.page.keyboard.press('F1'), `>${title}`, title);
  }

  /**
   * The command palette's commands matching `text`, once the one labelled `present` (a
   * command known to be there) shows; the palette is closed after.
   */
  async paletteCommands(text, present, { timeoutMs = 30_000 } = {}) {
    await this.#pick(() => this.page.keyboard.press('F1'), `>${text}`, present, { timeoutMs, click: false });
    const labels = await this.page.locator(quickInputRow).evaluateAll((rows) => rows.map((row) => row.querySelector('.label-name')?.textContent.trim() ?? ''));
    await this.page.keyboard.press('Escape');
    return labels;
  }

  /** Runs a command that asks a quick pick question, then chooses the item labelled `choice`. */
  async runCommandAndPick(title, choice) {
    // The picker's filter stumbles on punctuation such as "(": type the words before it.
    await this.#pick(() => this.runCommand(title), /^[\w\s./-]*/.exec(choice)[0].trim(), choice);
  }

  /** The rows of the open quick input, as { label, description }, once its title matches `title`. */
  async quickPickItems(title, { timeoutMs = 30_000 } = {}) {
    await this.page.locator(`${quickInput} .quick-input-title`, { hasText: title }).waitFor({ timeout: timeoutMs });
    await this.page.locator(quickInputRow).first().waitFor({ timeout: timeoutMs });
    return this.page.locator(quickInputRow).evaluateAll((rows) => rows.map((row) => ({
      label: row.querySelector('.label-name')?.textContent.trim() ?? '',
      description: row.querySelector('.label-description')?.textContent.trim() ?? '',
    })));
  }

  /** Checks or unchecks the row labelled `label` of the open multi-select quick input whose title matches `title`. */
  async toggleQuickPickItem(title, label, { timeoutMs = 30_000 } = {}) {
    const before = await this.checkedQuickPickItems(title, { timeoutMs });
    const row = this.page.locator(quickInputRow).filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${literal(label)}\\s*$`) }) }).first();
    // A click on a multi-select row toggles its check (the checkbox itself differs between VS Code versions).
    const checkbox = row.locator('.quick-input-list-checkbox, input[type="checkbox"], .monaco-checkbox').first();
    await ((await checkbox.count()) > 0 ? checkbox : row.locator('.label-name').first()).click();
    await waitFor(`${label} to toggle`, async () => (await this.checkedQuickPickItems(title)).includes(label) !== before.includes(label), { timeoutMs: 5_000 });
  }

  /** The checked labels of the open multi-select quick input whose title matches `title`. */
  async checkedQuickPickItems(title, { timeoutMs = 30_000 } = {}) {
    await this.page.locator(`${quickInput} .quick-input-title`, { hasText: title }).waitFor({ timeout: timeoutMs });
    await this.page.locator(quickInputRow).first().waitFor({ timeout: timeoutMs });
    return this.page.locator(quickInputRow).evaluateAll((rows) => rows
      .filter((row) => {
        // The check state is on the checkbox (an input, or a toggle with aria-checked) or on the row itself, by VS Code version.
        const checkbox = row.querySelector('.quick-input-list-checkbox, input[type="checkbox"]');
        return checkbox?.checked === true || checkbox?.getAttribute('aria-checked') === 'true' || row.getAttribute('aria-checked') === 'true';
      })
      .map((row) => row.querySelector('.label-name')?.textContent.trim() ?? ''));
  }

  /** Accepts the open quick input whose title matches `title` as it stands (Enter: the OK of a multi-select). */
  async acceptQuickPick(title, { timeoutMs = 30_000 } = {}) {
    await this.page.locator(`${quickInput} .quick-input-title`, { hasText: title }).waitFor({ timeout: timeoutMs });
    await this.page.locator(`${quickInput} input`).press('Enter');
    await this.page.locator(quickInput).waitFor({ state: 'hidden' });
  }

  /** Picks the row labelled `label` in the open quick input whose title matches `title`. */
  async pickQuickPickItem(title, label, { timeoutMs = 30_000 } = {}) {
    await this.page.locator(`${quickInput} .quick-input-title`, { hasText: title }).waitFor({ timeout: timeoutMs });
    await this.page.locator(quickInputRow).filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${literal(label)}\\s*$`) }) }).first().click();
    await this.page.locator(quickInput).waitFor({ state: 'hidden' });
  }

  /** The status bar item whose id (an extension's: `publisher.name.id`) is `id`. */
  statusBarItem(id) {
    return this.page.locator(`.statusbar-item[id="${id}"]`);
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
  async hover(word, expected = /\S/) {
    const token = this.page.locator('.editor-group-container.active .view-lines .view-line span span', { hasText: new RegExp(`^${literal(word)}$`) }).first();
    await this.page.mouse.move(0, 0); // leave any earlier hover so a new one opens
    // An earlier hover (a squiggle's, another file's) can linger on a loaded machine: wait for it to go.
    await this.page.locator(visibleHover).first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
    await token.hover();
    // The hover first says "Loading..." while the language server answers; `expected` tells ours from any other.
    const hover = this.page.locator(visibleHover).filter({ hasText: expected }).filter({ hasNotText: /^Loading\.\.\.$/ }).first();
    await hover.waitFor();
    return hover.innerText();
  }

  /** The label of the active editor tab. */
  async activeTabTitle() {
    return (await this.page.locator('.tabs-container .tab.active .label-name').first().innerText()).trim();
  }

  /** The text of the active editor's rendered lines (the visible part of the file). */
  async editorLines() {
    const lines = await this.page.locator('.editor-group-container.active .view-lines .view-line').evaluateAll((elements) => elements
      .map((element) => ({ top: parseFloat(element.style.top), text: element.textContent.replaceAll('\u00a0', ' ') }))
      .sort((a, b) => a.top - b.top)
      .map(({ text }) => text));
    return lines;
  }

  /** The text of the Markdown preview (a webview) once it shows `expected`. */
  async markdownPreview(expected, { timeoutMs = 30_000 } = {}) {
    const body = this.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame').locator('body', { hasText: expected });
    await body.waitFor({ timeout: timeoutMs });
    return body.innerText();
  }

  /** The titles of the code lenses shown in the active editor. */
  async codeLenses() {
    // A lens with a command is a link; one that only informs is a span.
    return (await this.page.locator('.editor-group-container.active .monaco-editor .codelens-decoration > a, .editor-group-container.active .monaco-editor .codelens-decoration > span').allInnerTexts()).map((t) => t.trim()).filter((t) => t && t !== '|');
  }

  /** Clicks the code lens titled `title` in the active editor. */
  async clickCodeLens(title) {
    await this.page.locator('.editor-group-container.active .monaco-editor .codelens-decoration a', { hasText: new RegExp(`^\\s*${literal(title)}\\s*$`) }).first().click();
  }

  /**
   * Moves the cursor to the first problem of the active editor (F8) and applies
   * the quick fix whose title matches `title` from the light bulb menu (Ctrl+.);
   * `beforeApply` runs while the menu is open (a screenshot of it).
   */
  async applyQuickFix(title, { beforeApply = async () => {} } = {}) {
    await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').click();
    await this.page.keyboard.press('Control+Home');
    await this.page.keyboard.press('F8');
    await this.page.locator('.marker-widget').waitFor();
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('Control+.');
    const action = this.page.locator('.action-widget .monaco-list-row.action', { hasText: title }).first();
    await action.waitFor();
    // The menu lays a pointer block over itself until the mouse moves.
    const box = await action.boundingBox();
    await this.page.mouse.move(box.x + 10, box.y + box.height / 2);
    await this.page.mouse.move(box.x + 20, box.y + box.height / 2);
    await beforeApply();
    await action.click();
    await action.waitFor({ state: 'detached' });
  }

  // --- Problems panel ---

  /**
   * Opens the Problems panel and returns all its entries, once the status bar counts at
   * least `atLeast`, as { file, severity, message, source, code, line, column }.
   */
  async problems({ atLeast = 1, timeoutMs = 30_000 } = {}) {
    await waitFor(`the status bar to count ${atLeast} problems`, async () => {
      const { errors, warnings, infos } = await this.problemCounts();
      return errors + warnings + infos >= atLeast;
    }, { timeoutMs });
    await this.runCommand('Problems: Focus on Problems View');
    const list = this.page.locator('.markers-panel .monaco-list');
    await list.locator('.monaco-list-row').first().waitFor();
    await this.page.keyboard.press('Home');
    await list.hover();
    // The list renders only the rows in view: scroll through it, keeping every row once.
    const rows = new Map();
    for (let page = 0; page < 1000; page += 1) {
      const shown = await list.locator('.monaco-list-row').evaluateAll((elements) => elements.map((row) => {
        const text = (selector) => row.querySelector(selector)?.textContent ?? '';
        const [, line, column] = /Ln (\d+), Col (\d+)/.exec(text('.marker-line')) ?? [];
        return {
          index: Number(row.dataset.index),
          last: row.dataset.lastElement === 'true',
          file: row.querySelector('.marker-message-details-container') ? undefined : text('.label-name'),
          marker: {
            severity: { error: 'error', warning: 'warning', info: 'information' }[row.querySelector('.marker-icon')?.classList[1]],
            message: text('.marker-message'),
            source: text('.marker-source'),
            code: text('.marker-code'),
            line: Number(line),
            column: Number(column),
          },
        };
      }));
      for (const row of shown) rows.set(row.index, row);
      if (shown.some((row) => row.last)) break;
      await this.page.mouse.wheel(0, 100);
      await this.page.waitForTimeout(50);
    }
    const entries = [];
    let file;
    for (const row of [...rows.values()].sort((a, b) => a.index - b.index)) {
      if (row.file !== undefined) file = row.file;
      else entries.push({ file, ...row.marker });
    }
    return entries;
  }

  /** The error, warning and info counts in the status bar. */
  async problemCounts() {
    const numbers = (await this.page.locator('#status\\.problems').innerText()).trim().split(/\s+/).map(Number);
    const [errors, warnings, infos = 0] = numbers;
    return { errors, warnings, infos };
  }

  // --- notifications ---

  /** The texts of the notification toasts shown now. */
  async notificationTexts() {
    return this.page.locator('.notifications-toasts .notification-toast').allInnerTexts();
  }

  /** Waits for a notification toast whose text matches `pattern`; returns its text. */
  async waitForNotification(pattern, { timeoutMs = 30_000 } = {}) {
    const toast = this.page.locator('.notifications-toasts .notification-toast', { hasText: pattern }).first();
    await toast.waitFor({ timeout: timeoutMs });
    return toast.innerText();
  }

  /** Dismisses every notification, so that a screenshot shows the step's own. */
  async clearNotifications() {
    await this.runCommand('Notifications: Clear All Notifications');
    await this.page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
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

  /** Drags the side bar's edge so that it is `width` pixels wide (long tree descriptions then show whole). */
  async resizeSideBar(width) {
    const box = await this.page.locator('.part.sidebar').boundingBox();
    const edge = box.x + box.width;
    await this.page.mouse.move(edge - 1, box.y + box.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + width, box.y + box.height / 2, { steps: 5 });
    await this.page.mouse.up();
    await waitFor('the side bar to take its width', async () => Math.abs((await this.page.locator('.part.sidebar').boundingBox()).width - width) < 8, { timeoutMs: 10_000 });
  }

  /** Opens a view container from the activity bar by its title (e.g. "Explorer"). */
  async openViewContainer(title) {
    const item = this.page.locator(`.activitybar .action-item a[aria-label^="${title}"]`).first();
    const container = item.locator('xpath=..');
    if ((await container.getAttribute('aria-selected')) !== 'true' && !(await container.evaluate((e) => e.classList.contains('checked')))) {
      await item.click();
    }
  }

  /**
   * Expands the view titled `title` in the open container; returns a locator for its rows.
   * A container's only view has no header of its own (its title is the container's): it is always open.
   */
  async view(title) {
    const header = this.page.locator('.pane-header', { hasText: new RegExp(`^\\s*${literal(title)}`, 'i') }).first();
    await header.waitFor({ state: 'attached' });
    if ((await header.isVisible()) && (await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    return header.locator('xpath=ancestor::*[contains(concat(" ", @class, " "), " pane ")][1]').locator('.monaco-list-row');
  }

  /** The side bar's title (VS Code upper-cases it): "KUBE EVICTION: CLUSTER · …" while the view is alone in its container. */
  async sideBarTitle() {
    return (await this.page.locator('.part.sidebar .composite.title .title-label').innerText()).trim();
  }

  /** Whether a tree row's label and description show whole, or are cut off. */
  async rowFits(row) {
    return row.locator('.monaco-icon-label-container').first().evaluate((e) => e.scrollWidth <= e.clientWidth);
  }

  /** The titles of the inline action buttons a tree row shows while hovered. */
  async rowInlineActions(row) {
    await row.hover();
    const actions = row.locator('.actions .action-label');
    await actions.first().waitFor({ timeout: 10_000 });
    return (await actions.evaluateAll((elements) => elements.map((e) => e.getAttribute('aria-label') ?? e.getAttribute('title') ?? ''))).filter(Boolean);
  }

  /** Clicks an inline action button of a tree row by its title. */
  async clickRowInlineAction(row, title) {
    await row.hover();
    await row.locator(`.actions .action-label[aria-label^="${title}"]`).first().click();
  }

  /** Ctrl-clicks a tree row: adds it to the selection (or removes it). */
  async ctrlClick(row) {
    await row.click({ modifiers: ['Control'] });
  }

  /** Expands a collapsed tree row (a node, a namespace). */
  async expand(row) {
    if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
    await waitFor('the row to expand', async () => (await row.getAttribute('aria-expanded')) === 'true', { timeoutMs: 10_000 });
  }

  /** The description shown after a tree row's label. */
  async treeItemDescription(row) {
    return (await row.locator('.label-description').first().innerText()).trim();
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

  /**
   * The enabled titles of the context menu of `target`, which is then closed. A target
   * without items opens no menu: `none: true` answers [] when none has opened after `timeoutMs`.
   */
  async contextMenuItems(target, { none = false, timeoutMs = 30_000 } = {}) {
    await target.click({ button: 'right' });
    try {
      await this.page.locator(menuItem).first().waitFor({ timeout: timeoutMs });
    } catch (error) {
      if (none) return [];
      throw error;
    }
    const items = (await this.page.locator(`${menuItem} .action-label`).allInnerTexts()).map((text) => text.trim()).filter(Boolean);
    await this.page.keyboard.press('Escape');
    return items;
  }

  /** The titles of the context menu of `target` shown but disabled (greyed: a command whose `enablement` is false); the menu is then closed. */
  async disabledContextMenuItems(target, { timeoutMs = 30_000 } = {}) {
    await target.click({ button: 'right' });
    await this.page.locator('.monaco-menu .action-item').first().waitFor({ timeout: timeoutMs });
    const items = (await this.page.locator('.monaco-menu .action-item.disabled .action-label').allInnerTexts()).map((text) => text.trim()).filter(Boolean);
    await this.page.keyboard.press('Escape');
    return items;
  }

  // --- output ---

  /** Shows the output channel `name` in the Output panel; returns its visible lines. */
  async outputChannel(name) {
    await this.runCommandAndPick('Output: Show Output Channels...', name);
    const lines = this.page.locator('.panel .output-view .monaco-editor .view-lines .view-line');
    return (await lines.allInnerTexts()).map((line) => line.replaceAll('\u00a0', ' '));
  }
}
