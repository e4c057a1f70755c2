// The language server program (dist/server.js): LSP over stdio or Node IPC,
// as the client asks on the command line (--stdio, --node-ipc).
import { createConnection, ProposedFeatures, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LanguageServer } from './lsp/languageServer';

new LanguageServer(createConnection(ProposedFeatures.all), new TextDocuments(TextDocument)).listen();
