// Workspace trust, which the language server cannot see by itself: the client
// says it in its initializationOptions and again when the user grants it.
// Until told, the server takes the workspace as untrusted: it then runs no
// program (kubectl kustomize) on the workspace's files. Imports nothing, so
// the extension's bundle can use it.

export const workspaceTrustNotification = 'kubeEviction/workspaceTrust';

export interface WorkspaceTrust {
  workspaceTrusted: boolean;
}
