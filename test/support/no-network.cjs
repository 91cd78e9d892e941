/*
 * A preload (`node --require test/support/no-network.cjs ...`) that traps every way a Node process
 * (or any of its worker threads) can reach the network: opening, accepting or resolving makes the
 * call throw, and the attempt is written, with its stack, to the file KUBESMITH_NETWORK_LOG names.
 * Each thread that loads it writes a `loaded` line first, so a test can tell the trap was in place.
 * Standard input and output, pipes and IPC to the parent are not network and are left alone.
 */
'use strict';
const fs = require('node:fs');
const { threadId } = require('node:worker_threads');

const logFile = process.env.KUBESMITH_NETWORK_LOG;
const write = (line) => {
  if (logFile) fs.appendFileSync(logFile, `${line}\n`);
};
write(`loaded pid=${process.pid} thread=${threadId}`);

function trap(moduleName, target, name, label = `${moduleName}.${name}`) {
  const original = target[name];
  if (typeof original !== 'function') return;
  target[name] = function trapped() {
    write(`attempt ${label} pid=${process.pid} thread=${threadId}\n${new Error('network access').stack}`);
    throw new Error(`Network access is not allowed in this test: ${label}`);
  };
}

const net = require('node:net');
for (const name of ['connect', 'createConnection']) trap('net', net, name);
trap('net', net.Socket.prototype, 'connect', 'net.Socket#connect');
trap('net', net.Server.prototype, 'listen', 'net.Server#listen');
const tls = require('node:tls');
trap('tls', tls, 'connect');
const dns = require('node:dns');
for (const name of ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveNs', 'resolveSrv', 'resolveTxt', 'reverse']) trap('dns', dns, name);
for (const name of ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'reverse']) trap('dns.promises', dns.promises, name);
for (const moduleName of ['http', 'https']) {
  const mod = require(`node:${moduleName}`);
  for (const name of ['request', 'get', 'createServer']) trap(moduleName, mod, name);
}
trap('http2', require('node:http2'), 'connect');
trap('dgram', require('node:dgram'), 'createSocket');
if (typeof globalThis.fetch === 'function') trap('global', globalThis, 'fetch');
if (typeof globalThis.WebSocket === 'function') trap('global', globalThis, 'WebSocket');
