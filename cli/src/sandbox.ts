// `kube-eviction sandbox`: serves a simulated cluster that real kubectl,
// client libraries and the extension can drain, until Ctrl-C.

import { parseArgs } from 'node:util';
import { SandboxError, startSandbox, type RunningSandbox } from '../../server/src/sandbox/sandbox';
import { viewerContextName } from '../../server/src/sandbox/kubeconfig';
import { defaultDisruptionLatencyMs } from '../../server/src/sim/controllers/disruption';
import { parseKnobSeconds } from '../../server/src/sim/knobs';
import type { Output } from './io';

export const sandboxUsage = `Usage: kube-eviction sandbox [options]

Runs a local Kubernetes-API-compatible cluster simulator over HTTPS and writes
a kubeconfig for it. With no --scenario it serves the built-in scenario: the
drain walkthrough (nodes node-1..node-3, a Deployment "web" of three replicas
under a PDB with minAvailable 2, one unrelated pod on node-1) and a database
(StatefulSet "postgres" under a PDB that needs all three, on a node of its
own, db-1); see the README.

Options:
  --scenario PATH        a manifest file or folder (YAML, JSON, kind: List)
  --port N               port to listen on (default: a free one)
  --kubeconfig PATH      where to write the kubeconfig (default: a new file
                         under $XDG_STATE_HOME or the temp dir; an existing
                         file is replaced only when named here)
  --speed X              simulated seconds per real second (default 1)
  --disruption-latency S simulated seconds the disruption controller takes
                         to update a PDB's status after a change (default
                         ${defaultDisruptionLatencyMs / 1000}; 0 updates it within the request that changed it)
  --bind ADDR            address to listen on (default 127.0.0.1)
  --allow-non-loopback   allow --bind to expose the sandbox beyond this machine
  -h, --help             show this help
`;


type Parsed = { ok: true; help: boolean; options: Parameters<typeof startSandbox>[0] } | { ok: false; error: string };

export function parseSandboxArgs(argv: readonly string[]): Parsed {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        scenario: { type: 'string' },
        port: { type: 'string' },
        kubeconfig: { type: 'string' },
        speed: { type: 'string' },
        'disruption-latency': { type: 'string' },
        bind: { type: 'string' },
        'allow-non-loopback': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
  if (values.help) return { ok: true, help: true, options: {} };
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return { ok: false, error: `--port must be an integer from 0 to 65535, got ${JSON.stringify(values.port)}` };
  const speed = values.speed === undefined ? 1 : Number(values.speed);
  if (!Number.isFinite(speed) || speed <= 0) return { ok: false, error: `--speed must be a positive number, got ${JSON.stringify(values.speed)}` };
  // The syntax of the budget knob it is the default for.
  const rawLatency = values['disruption-latency'];
  const latency = rawLatency === undefined ? undefined : parseKnobSeconds(rawLatency);
  if (rawLatency !== undefined && latency === undefined) {
    return { ok: false, error: `--disruption-latency must be a number of seconds, 0 or more (such as 0.1 or 2), got ${JSON.stringify(rawLatency)}` };
  }
  return {
    ok: true,
    help: false,
    options: {
      scenario: values.scenario,
      port,
      speed,
      ...(latency === undefined ? {} : { disruptionLatencyMs: latency * 1000 }),
      bind: values.bind,
      allowNonLoopback: values['allow-non-loopback'] ?? false,
      kubeconfigPath: values.kubeconfig,
      kubeconfigExplicit: values.kubeconfig !== undefined,
    },
  };
}

function howToUse(sb: RunningSandbox): string {
  return [
    `kube-eviction sandbox: ${sb.scenario} at ${sb.url}`,
    `Kubeconfig: ${sb.kubeconfigPath} (context ${sb.context}; ${viewerContextName} may only read)`,
    '',
    'In another terminal:',
    `  export KUBECONFIG=${sb.kubeconfigPath}`,
    '  kubectl get nodes',
    '  kubectl get pods -A -o wide',
    '  kubectl get pdb',
    '  kubectl drain node-1 --ignore-daemonsets',
    '',
    'Press Ctrl-C to stop.',
    '',
  ].join('\n');
}

/** Runs until SIGINT or SIGTERM; resolves with the exit code. */
export async function sandboxCommand(argv: readonly string[], io: Output): Promise<number> {
  const parsed = parseSandboxArgs(argv);
  if (!parsed.ok) {
    io.stderr(`kube-eviction sandbox: ${parsed.error}\n\n${sandboxUsage}`);
    return 2;
  }
  if (parsed.help) {
    io.stdout(sandboxUsage);
    return 0;
  }
  let sb: RunningSandbox;
  try {
    sb = await startSandbox(parsed.options);
  } catch (e) {
    if (e instanceof SandboxError) {
      io.stderr(`kube-eviction sandbox: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  for (const w of sb.warnings) io.stderr(`kube-eviction sandbox: ${w}\n`);
  io.stdout(howToUse(sb));
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  await sb.stop();
  io.stdout(`\nkube-eviction sandbox: stopped (${signal})${sb.kubeconfigTemporary ? `, removed ${sb.kubeconfigPath}` : ''}\n`);
  return 0;
}
