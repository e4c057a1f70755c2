// package.json and the code agree: the commands registered are the ones
// contributed, the menus test context values the tree gives its items,
// cluster actions need a trusted workspace, the settings have their defaults.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { commandIds } from '../../client/src/commandIds';
import { contextValues } from '../../client/src/explorer/treeItems';

interface MenuItem {
  command: string;
  when?: string;
  group?: string;
}

const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as {
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
  contributes: {
    commands: { command: string; title: string; enablement?: string }[];
    menus: Record<string, MenuItem[]>;
    configuration: { properties: Record<string, { default: unknown }> };
  };
};
const { contributes } = manifest;
const actions: string[] = [commandIds.evictPod, commandIds.evictPodDryRun, commandIds.drainNode, commandIds.cordonNode, commandIds.uncordonNode];

describe('package.json', () => {
  it('contributes exactly the commands the extension registers', () => {
    assert.deepEqual(contributes.commands.map((c) => c.command).sort(), Object.values(commandIds).sort());
  });

  it('menus name contributed commands and context values the tree gives', () => {
    const contributed = new Set(contributes.commands.map((c) => c.command));
    const values: string[] = Object.values(contextValues);
    for (const [menu, items] of Object.entries(contributes.menus)) {
      for (const item of items) {
        assert.ok(contributed.has(item.command), `${menu}: ${item.command} is not contributed`);
        for (const [, value] of (item.when ?? '').matchAll(/viewItem == ([\w.]+)/g)) assert.ok(values.includes(value!), `${menu}: viewItem ${value} is never given`);
        for (const [, pattern] of (item.when ?? '').matchAll(/viewItem =~ \/(\^kubeEviction[^/]*)\//g)) {
          assert.ok(values.some((v) => new RegExp(pattern!).test(v)), `${menu}: /${pattern}/ matches no context value`);
        }
      }
    }
  });

  it('the tree item menus: Evict Pod and its dry run on pods, Simulate Drain and Drain on every node, Cordon or Uncordon as applies, Show Selected Pods on budgets, Show Details on each, Why Is This Unavailable? where the user may not; the main actions inline', () => {
    const items = contributes.menus['view/item/context']!.filter((i) => i.when?.includes('view == kubeEviction.cluster'));
    const matches = (i: MenuItem, value: string) => [...(i.when ?? '').matchAll(/viewItem (==|=~) (\S+)/g)].some(([, op, v]) => (op === '==' ? v === value : new RegExp(v!.slice(1, -1)).test(value)));
    const on = (value: string) => items.filter((i) => !i.group?.startsWith('inline') && matches(i, value)).map((i) => i.command);
    const inline = (value: string) => items.filter((i) => i.group?.startsWith('inline') && matches(i, value)).map((i) => i.command);
    assert.deepEqual(on(contextValues.pod), [commandIds.showDetails, commandIds.evictPod, commandIds.evictPodDryRun, commandIds.explainAccess]);
    assert.deepEqual(inline(contextValues.pod), [commandIds.evictPod]);
    assert.deepEqual(on(contextValues.schedulableNode), [commandIds.showDetails, commandIds.simulateDrain, commandIds.drainNode, commandIds.cordonNode, commandIds.explainAccess]);
    assert.deepEqual(on(contextValues.cordonedNode), [commandIds.showDetails, commandIds.simulateDrain, commandIds.drainNode, commandIds.uncordonNode, commandIds.explainAccess]);
    assert.deepEqual(inline(contextValues.schedulableNode), [commandIds.simulateDrain, commandIds.drainNode]);
    assert.deepEqual(on(contextValues.pdb), [commandIds.showDetails, commandIds.showSelectedPods]);
    assert.deepEqual(on(contextValues.context), [commandIds.filterNamespaces, commandIds.selectContext, commandIds.explainAccess]);
    assert.deepEqual(inline(contextValues.context), [commandIds.filterNamespaces, commandIds.selectContext, commandIds.explainAccess]);
    assert.deepEqual(on(contextValues.namespace), []);
    // Why Is This Unavailable? shows only where the user may not.
    for (const item of items.filter((i) => i.command === commandIds.explainAccess)) assert.match(item.when!, /kubeEviction\.evict == forbidden/);
  });

  it("what the context's user may not do is disabled, wherever the command is offered (the review's context keys)", () => {
    const enablement = Object.fromEntries(contributes.commands.map((c) => [c.command, c.enablement]));
    assert.deepEqual(
      actions.map((id) => [id, enablement[id]]),
      [
        [commandIds.evictPod, 'kubeEviction.evict != forbidden'],
        [commandIds.evictPodDryRun, 'kubeEviction.evict != forbidden'],
        [commandIds.drainNode, 'kubeEviction.evict != forbidden && kubeEviction.patchNodes != forbidden'],
        [commandIds.cordonNode, 'kubeEviction.patchNodes != forbidden'],
        [commandIds.uncordonNode, 'kubeEviction.patchNodes != forbidden'],
      ],
    );
    assert.equal(enablement[commandIds.simulateDrain], undefined, 'a simulation only reads');
  });

  it('offers Evict Pod on the Kubernetes extension\'s pod items', () => {
    const item = contributes.menus['view/item/context']!.find((i) => i.when?.includes('vsKubernetes'));
    assert.equal(item?.command, commandIds.evictPod);
    assert.match(item!.when!, /viewItem =~ \/vsKubernetes\\\.resource\\\.pod\/i/);
  });

  it('cluster actions only in trusted workspaces, in menus and in the palette', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, ['kubeEviction.kubeconfig', 'kubeEviction.kustomize.renderOverlays']);
    for (const items of Object.values(contributes.menus)) {
      for (const item of items.filter((i) => actions.includes(i.command))) assert.match(item.when ?? '', /\bisWorkspaceTrusted\b/, `${item.command} in a menu without isWorkspaceTrusted`);
    }
    const palette = contributes.menus.commandPalette!;
    assert.deepEqual(palette.filter((i) => /\bisWorkspaceTrusted\b/.test(i.when ?? '')).map((i) => i.command).sort(), [...actions].sort(), 'every action is in the palette only when trusted');
    assert.deepEqual(palette.filter((i) => i.when === 'false').map((i) => i.command).sort(), [commandIds.openHistoryEntry, commandIds.revealPod].sort(), 'what the view and reports invoke is not in the palette');
  });

  it('the settings the client reads, with their defaults', () => {
    const defaults = Object.fromEntries(Object.entries(contributes.configuration.properties).map(([k, v]) => [k, v.default]));
    assert.deepEqual(
      {
        kubeconfig: defaults['kubeEviction.kubeconfig'],
        confirm: defaults['kubeEviction.confirmEvictions'],
        alwaysConfirm: defaults['kubeEviction.alwaysConfirmContexts'],
        drain: ['ignoreDaemonSets', 'deleteEmptyDirData', 'force', 'gracePeriodSeconds', 'timeoutSeconds'].map((k) => defaults[`kubeEviction.drain.${k}`]),
      },
      { kubeconfig: '', confirm: true, alwaysConfirm: 'prod', drain: [false, false, false, -1, 0] },
    );
  });
});
