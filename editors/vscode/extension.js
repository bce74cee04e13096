// The redress extension: the language client that starts `redress lsp` for .policy files.
// Highlighting, comments and brackets come from package.json's contributions alone.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration('redress').get('server.path') || 'redress';
  const run = { command, args: ['lsp'], transport: TransportKind.stdio };
  client = new LanguageClient(
    'redress',
    'redress language server',
    { run, debug: run },
    {
      documentSelector: [{ language: 'redress' }],
      synchronize: { configurationSection: 'redress' },
    }
  );
  context.subscriptions.push(client);
  return client.start().catch((e) => {
    vscode.window.showErrorMessage(
      `redress: could not start \`${command} lsp\` (${e.message}). Install redress ` +
        '(`cargo install --path .` in its repository) or set "redress.server.path".'
    );
  });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
