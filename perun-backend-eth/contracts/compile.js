#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
//
// Compiles the Perun contracts in src/ with the pinned solc-js and writes one JSON per deployable contract
// (abi, bytecode, deployedBytecode, immutable references, method identifiers, compiler version and settings)
// into ../src/main/resources/network/perun/backend/eth/contracts/.
//
//   node compile.js          rewrite the JSON files
//   node compile.js --check  rebuild in memory; exit 1 with a summary when a committed file differs
'use strict';

const fs = require('fs');
const path = require('path');
const solc = require('solc');

const SOLC_VERSION = '0.8.37';
const SRC_DIR = path.join(__dirname, 'src');
const OUT_DIR = path.join(__dirname, '..', 'src', 'main', 'resources', 'network', 'perun', 'backend', 'eth', 'contracts');
const CONTRACTS = ['Adjudicator', 'AssetHolderETH', 'AssetHolderERC20', 'TrivialApp', 'PerunToken'];

// Pinned settings. No metadata trailer, so rebuilds are byte-identical whatever the paths or comments.
const SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: 'cancun',
  metadata: { appendCBOR: false, bytecodeHash: 'none' },
  outputSelection: {
    '*': {
      '*': [
        'abi',
        'evm.bytecode.object',
        'evm.deployedBytecode.object',
        'evm.deployedBytecode.immutableReferences',
        'evm.methodIdentifiers',
      ],
      '': ['ast'],
    },
  },
};

function fail(message) {
  process.stderr.write(`compile.js: ${message}\n`);
  process.exit(1);
}

function compile() {
  const actual = solc.version();
  if (!actual.startsWith(SOLC_VERSION + '+')) {
    fail(`solc-js ${actual} is installed, but ${SOLC_VERSION} is pinned: run "npm ci" in ${__dirname}`);
  }
  const sources = {};
  for (const file of fs.readdirSync(SRC_DIR).filter((f) => f.endsWith('.sol')).sort()) {
    sources[file] = { content: fs.readFileSync(path.join(SRC_DIR, file), 'utf8') };
  }
  const input = { language: 'Solidity', sources, settings: SETTINGS };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: (p) => ({ error: `import of ${p} outside src/` }) }));
  const messages = output.errors || [];
  for (const m of messages) {
    process.stderr.write(m.formattedMessage || m.message);
  }
  const errors = messages.filter((m) => m.severity === 'error');
  if (errors.length > 0) fail(`${errors.length} compiler error(s)`);
  const warnings = messages.filter((m) => m.severity === 'warning');
  if (warnings.length > 0) fail(`${warnings.length} compiler warning(s): the contracts must compile cleanly`);

  const names = immutableNames(output.sources);
  const files = {};
  for (const name of CONTRACTS) {
    const file = `${name}.sol`;
    const c = output.contracts[file] && output.contracts[file][name];
    if (!c) fail(`contract ${name} not found in ${file}`);
    const refs = {};
    for (const [id, ranges] of Object.entries(c.evm.deployedBytecode.immutableReferences || {})) {
      refs[names[id]] = ranges.map((r) => ({ start: r.start, length: r.length }));
    }
    const artifact = {
      contractName: name,
      abi: c.abi,
      bytecode: '0x' + c.evm.bytecode.object,
      deployedBytecode: '0x' + c.evm.deployedBytecode.object,
      immutableReferences: refs,
      methodIdentifiers: c.evm.methodIdentifiers,
      compiler: {
        name: 'solc-js',
        version: actual,
        settings: {
          optimizer: SETTINGS.optimizer,
          evmVersion: SETTINGS.evmVersion,
          metadata: SETTINGS.metadata,
        },
      },
    };
    files[`${name}.json`] = JSON.stringify(artifact, null, 2) + '\n';
  }
  return files;
}

// AST id of every state variable -> its name, to name the immutable references.
function immutableNames(sources) {
  const names = {};
  const walk = (node) => {
    if (Array.isArray(node)) {
      node.forEach(walk);
    } else if (node && typeof node === 'object') {
      if (node.nodeType === 'VariableDeclaration' && node.stateVariable) names[node.id] = node.name;
      Object.values(node).forEach(walk);
    }
  };
  Object.values(sources).forEach((s) => walk(s.ast));
  return names;
}

function main() {
  const check = process.argv.includes('--check');
  const files = compile();
  if (!check) {
    fs.mkdirSync(OUT_DIR, { recursive: true });
    for (const [file, content] of Object.entries(files)) fs.writeFileSync(path.join(OUT_DIR, file), content);
    process.stdout.write(`wrote ${Object.keys(files).length} contracts to ${path.relative(process.cwd(), OUT_DIR) || '.'}\n`);
    return;
  }
  const problems = [];
  const committed = fs.existsSync(OUT_DIR) ? fs.readdirSync(OUT_DIR).filter((f) => f.endsWith('.json')) : [];
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(OUT_DIR, file);
    if (!fs.existsSync(target)) {
      problems.push(`${file}: missing`);
      continue;
    }
    const old = fs.readFileSync(target, 'utf8');
    if (old !== content) {
      let keys;
      try {
        const a = JSON.parse(old);
        const b = JSON.parse(content);
        keys = Object.keys(b).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
      } catch (e) {
        keys = ['(not valid JSON)'];
      }
      problems.push(`${file}: differs in ${keys.length > 0 ? keys.join(', ') : 'formatting'}`);
    }
  }
  for (const file of committed) {
    if (!(file in files)) problems.push(`${file}: committed but no longer built`);
  }
  if (problems.length > 0) {
    process.stderr.write('The committed contract artifacts differ from a fresh build:\n');
    for (const p of problems) process.stderr.write(`  ${p}\n`);
    process.stderr.write('Run "node compile.js" in perun-backend-eth/contracts and commit the result.\n');
    process.exit(1);
  }
  process.stdout.write(`contract artifacts up to date (${Object.keys(files).length} contracts, solc ${SOLC_VERSION})\n`);
}

main();
