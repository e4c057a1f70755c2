// The extension installed from its .vsix into code-server, seen through Chromium:
// it loads with the sample workspace, activates, starts its language server,
// and everything stops cleanly. Also checks the harness's own helpers against
// VS Code's built-in features, so a failing feature test points at the feature.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { vsixPath } from './lib/extension.mjs';
import { repoRoot, sampleWorkspace } from './lib/paths.mjs';
import { processesMentioning, run, waitFor } from './lib/processes.mjs';
import { openSession } from './lib/session.mjs';

const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const extensionFolder = `${manifest.publisher}.${manifest.name}-${manifest.version}`;

describe('the extension in code-server', () => {
  let session;
  before(async () => {
    session = await openSession('smoke');
  });
  after(() => session?.close());

  test('the .vsix holds the bundles, the manifest and the docs, and nothing else', async () => {
    const { stdout } = await run('/usr/bin/python3', ['-c',
      'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', vsixPath]);
    const files = stdout.split('\n').filter((name) => name.startsWith('extension/')).map((name) => name.slice('extension/'.length));
    for (const required of ['package.json', 'readme.md', 'dist/extension.js', 'dist/server.js']) {
      assert.ok(files.includes(required), `${required} missing from the .vsix: ${files.join(', ')}`);
    }
    const unexpected = files.filter((file) => !/^(package\.json|readme\.md|changelog\.md|LICENSE(\.\w+)?|dist\/(extension|server)\.js|syntaxes\/.+)$/.test(file));
    assert.deepEqual(unexpected, [], 'the .vsix carries files users do not need');
  });

  test('the workbench shows the sample workspace', async () => {
    const shown = await session.workbench.explorerEntries();
    const expected = readdirSync(sampleWorkspace).filter((name) => !name.startsWith('.'));
    assert.deepEqual([...shown].sort(), [...expected].sort());
    await session.workbench.screenshot('workspace');
  });

  test('the extension activates and starts its language server', async () => {
    const logs = join(session.profile.userDataDir, 'logs');
    const activated = () => readdirSync(logs, { recursive: true })
      .filter((file) => file.endsWith('remoteexthost.log'))
      .some((file) => readFileSync(join(logs, file), 'utf8').includes(`_doActivateExtension ${manifest.publisher}.${manifest.name},`));
    await waitFor('the extension host to log the activation', activated);
    const serverScript = join(session.profile.extensionsDir, extensionFolder, 'dist', 'server.js');
    const servers = await waitFor('the language server process',
      () => processesMentioning(serverScript).filter((process) => process.commandLine.includes(`${serverScript} `)).length || undefined);
    assert.equal(servers, 1, 'exactly one language server');
    await session.workbench.outputChannel('Kube Eviction'); // the language client's channel exists
  });

  test('a manifest opens in an editor as YAML', async () => {
    await session.workbench.openFile('web.yaml');
    const languageMode = session.page.locator('#status\\.editor\\.mode');
    await waitFor('the status bar to name the language YAML', async () => (await languageMode.innerText()).trim() === 'YAML');
    await session.workbench.screenshot('manifest');
  });

  // VS Code's built-in JSON support shows squiggles, Problems entries and hovers,
  // and the Explorer has context menus: the same parts of the window the
  // feature tests read. If these fail, the harness (or code-server) is broken.
  describe('the harness reads the workbench', () => {
    test('squiggles and Problems entries', async () => {
      writeFileSync(join(session.workspace, 'broken.json'), '{ "replicas": }\n');
      await session.workbench.openFile('broken.json');
      await session.workbench.waitForSquiggle('error');
      const problems = (await session.workbench.problems()).filter((problem) => problem.file === 'broken.json');
      assert.deepEqual(problems.map(({ severity, message, source, line, column }) => ({ severity, message, source, line, column })),
        [{ severity: 'error', message: 'Value expected', source: 'json', line: 1, column: 15 }]);
      assert.ok((await session.workbench.problemCounts()).errors >= 1, 'the status bar counts the error');
    });

    test('hovers', async () => {
      mkdirSync(join(session.workspace, '.vscode'), { recursive: true });
      writeFileSync(join(session.workspace, '.vscode', 'settings.json'), '{ "editor.tabSize": 2 }\n');
      await session.workbench.openFile('settings.json');
      assert.match(await session.workbench.hover('"editor.tabSize"'), /number of spaces a tab is equal to/);
    });

    test('notifications', async () => {
      await session.workbench.runCommand('JSON: Clear Schema Cache');
      assert.match(await session.workbench.waitForNotification(/schema cache/), /JSON schema cache cleared/);
    });

    test('context menus of tree items, and modal dialogs', async () => {
      const { workbench, page } = session;
      await workbench.openViewContainer('Explorer');
      const rows = await workbench.view('workspace');
      assert.ok((await workbench.contextMenuItems(workbench.treeItem(rows, 'web.yaml'))).includes('Open to the Side'));
      await workbench.contextMenu(workbench.treeItem(rows, 'web.yaml'), 'Open to the Side');
      await waitFor('a second editor group', async () => (await page.locator('.editor-group-container').count()) === 2);
      await workbench.runCommand('Format Document');
      assert.match(await workbench.dialog(), /There is no formatter for 'yaml' files installed/);
      await workbench.screenshot('dialog');
      await workbench.answerDialog('Cancel');
    });
  });

  test('stopping ends code-server, the language server and Chromium, and removes the profile', async () => {
    await session.close();
    assert.deepEqual(processesMentioning(session.dir), []);
    assert.throws(() => readdirSync(session.dir), { code: 'ENOENT' });
  });
});
