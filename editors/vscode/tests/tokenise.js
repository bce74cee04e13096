// Tokenises every shipped policy (policies/ and fixtures/policies/) with the extension's
// TextMate grammar, through vscode-textmate and vscode-oniguruma as VS Code does, and fails on:
//   - a token scoped `invalid.illegal` (text the grammar does not recognise),
//   - a line whose tokenising stops early (a runaway pattern),
//   - a keyword of grammar/policy.pest (its `kw_` rules) not highlighted as a keyword, or a
//     vocabulary word of src/ir/vocab.rs not highlighted as a vocabulary word or keyword,
//     so the grammar cannot drift from the language.
// Run from editors/vscode: `node tests/tokenise.js` (after `npm ci`).
'use strict';

const fs = require('fs');
const path = require('path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const here = path.resolve(__dirname, '..');
const root = path.resolve(here, '..', '..');
const grammarPath = path.join(here, 'syntaxes', 'redress.tmLanguage.json');

function policyFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...policyFiles(p));
    else if (entry.name.endsWith('.policy')) out.push(p);
  }
  return out.sort();
}

async function loadGrammar() {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) => {
      if (scopeName !== 'source.redress') return null;
      return vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath);
    },
  });
  return registry.loadGrammar('source.redress');
}

/// Every token of a text: {line, text, scopes}, and the lines whose tokenising stopped early.
function tokenise(grammar, text) {
  const tokens = [];
  const stopped = [];
  let state = vsctm.INITIAL;
  text.split(/\r?\n/).forEach((line, i) => {
    const r = grammar.tokenizeLine(line, state, 1000);
    if (r.stoppedEarly) stopped.push(i + 1);
    for (const t of r.tokens) {
      tokens.push({ line: i + 1, column: t.startIndex + 1, text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    }
    state = r.ruleStack;
  });
  return { tokens, stopped };
}

function scopeOf(grammar, word) {
  const { tokens } = tokenise(grammar, word);
  const t = tokens.find((x) => x.text === word);
  return t ? t.scopes[t.scopes.length - 1] : '(split)';
}

async function main() {
  const grammar = await loadGrammar();
  const problems = [];

  const files = [
    ...policyFiles(path.join(root, 'policies')),
    ...policyFiles(path.join(root, 'fixtures', 'policies')),
  ];
  let lines = 0;
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    const { tokens, stopped } = tokenise(grammar, text);
    lines += text.split('\n').length;
    const rel = path.relative(root, f);
    for (const l of stopped) problems.push(`${rel}:${l}: tokenising stopped early`);
    for (const t of tokens) {
      if (t.scopes.some((s) => s.startsWith('invalid'))) {
        problems.push(`${rel}:${t.line}:${t.column}: \`${t.text}\` is not recognised (${t.scopes.join(' ')})`);
      }
    }
  }

  const pest = fs.readFileSync(path.join(root, 'grammar', 'policy.pest'), 'utf8');
  const keywords = [...pest.matchAll(/^kw_\w+\s*=\s*@\{\s*"([^"]+)"/gm)].map((m) => m[1]);
  for (const k of keywords) {
    const s = scopeOf(grammar, k);
    if (!s.startsWith('keyword.')) problems.push(`keyword \`${k}\` (grammar/policy.pest) is highlighted as ${s}: add it to the grammar's keyword patterns`);
  }
  const vocab = fs.readFileSync(path.join(root, 'src', 'ir', 'vocab.rs'), 'utf8');
  const words = [...vocab.matchAll(/^\s+\w+ = "([^"]+)",?$/gm)].map((m) => m[1]);
  for (const w of words) {
    const s = scopeOf(grammar, w);
    if (!s.startsWith('support.constant.vocabulary') && !s.startsWith('keyword.')) {
      problems.push(`vocabulary word \`${w}\` (src/ir/vocab.rs) is highlighted as ${s}: add it to the grammar's vocabulary pattern`);
    }
  }

  for (const p of problems) console.error(p);
  console.log(`tokenised ${files.length} policies (${lines} lines); checked ${keywords.length} keywords and ${words.length} vocabulary words`);
  if (problems.length > 0) {
    console.error(`${problems.length} problem(s)`);
    process.exit(1);
  }
  if (files.length === 0 || keywords.length === 0 || words.length === 0) {
    console.error('found nothing to check: is this run from editors/vscode in the repository?');
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
