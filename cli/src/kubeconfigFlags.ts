// The help text of the kubeconfig flags, apart from the cluster code that
// reads them, so that `lint --help` does not load the cluster layer.
export const kubeconfigFlagsHelp = `  --kubeconfig FILE   the kubeconfig to use (default: $KUBECONFIG, else ~/.kube/config)
  --context NAME      the kubeconfig context to use (default: its current-context)
  -h, --help          show this help`;
