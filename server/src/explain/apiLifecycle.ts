// The lifecycle of the deprecated API versions the analysis reads.
import { statusAt, type ApiVersionLifecycle } from '../k8s/apiLifecycle';

export function lifecycleText(lifecycle: ApiVersionLifecycle, target: string): string {
  const { apiVersion, kind, deprecatedIn, removedIn, replacement, note } = lifecycle;
  const served = removedIn ? `not served from Kubernetes ${removedIn}` : 'still served';
  const atTarget = {
    removed: `Kubernetes ${target} does not serve it.`,
    deprecated: `Kubernetes ${target} still serves it, deprecated.`,
    current: `Kubernetes ${target} serves it.`,
  }[statusAt(lifecycle, target)];
  return `**${apiVersion} ${kind}**: deprecated in Kubernetes ${deprecatedIn}, ${served}. ${atTarget}${replacement ? ` Use ${replacement}.` : ''} ${note}`;
}
