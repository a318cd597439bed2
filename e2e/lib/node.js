// Starts a real `sluice-node --dev --tmp` (or another chain) on free ports and connects
// @polkadot/api to it.
// The node is stopped by `stop()`, and killed when the test process exits whatever the outcome.

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { ApiPromise, WsProvider } from "@polkadot/api";

/** Path of the node binary: $SLUICE_NODE, or the release build in the persistent target dir. */
export function nodeBinary() {
  if (process.env.SLUICE_NODE) return process.env.SLUICE_NODE;
  const target = process.env.CARGO_TARGET_DIR || path.join(os.homedir(), ".cache/sluice/target");
  return path.join(target, "release/sluice-node");
}

/** A TCP port nobody listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const running = new Set();
function killAll() {
  for (const child of running) child.kill("SIGKILL");
}
process.on("exit", killAll);
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once something accepts TCP connections on `host`:`port`. */
async function waitForPort(port, deadline, host = "127.0.0.1") {
  for (;;) {
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, host);
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on ${host}:${port}`);
    await sleep(250);
  }
}

/** Connects to a node's RPC at `wsUrl`, waiting until `deadline` for its port to open. */
export async function connect(wsUrl, deadline = Date.now() + 60_000) {
  const url = new URL(wsUrl);
  await waitForPort(Number(url.port), deadline, url.hostname);
  return ApiPromise.create({ provider: new WsProvider(wsUrl), noInitWarn: true, throwOnConnect: true });
}

/**
 * Starts a node of `chain` (the dev chain by default: `["--dev"]`) and waits until it has
 * produced a block.
 * @returns {{ api: ApiPromise, wsUrl: string, logs: () => string, stop: () => Promise<void> }}
 */
export async function startDevNode({ timeoutMs = 60_000, chain = ["--dev"] } = {}) {
  const binary = nodeBinary();
  if (!existsSync(binary)) throw new Error(`node binary not found at ${binary}; build it first`);
  const [rpcPort, p2pPort] = [await freePort(), await freePort()];
  const child = spawn(
    binary,
    [
      ...chain,
      "--tmp",
      "--rpc-port", String(rpcPort),
      "--port", String(p2pPort),
      "--no-prometheus",
      "--no-telemetry",
      "--no-mdns",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  running.add(child);
  const lines = [];
  const keep = (chunk) => {
    lines.push(...chunk.toString().split("\n"));
    if (lines.length > 400) lines.splice(0, lines.length - 400);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  let exited = null;
  child.on("exit", (code, signal) => {
    exited = { code, signal };
    running.delete(child);
  });

  const stop = async () => {
    if (exited) return;
    child.kill("SIGINT");
    for (let i = 0; i < 50 && !exited; i++) await sleep(100);
    if (!exited) child.kill("SIGKILL");
    for (let i = 0; i < 20 && !exited; i++) await sleep(100);
  };
  const logs = () => lines.join("\n");

  const wsUrl = `ws://127.0.0.1:${rpcPort}`;
  const deadline = Date.now() + timeoutMs;
  let api;
  try {
    api = await connect(wsUrl, deadline);
    if (exited) throw new Error(`node exited early (${JSON.stringify(exited)})`);
    while ((await api.rpc.chain.getHeader()).number.toNumber() < 1) {
      if (Date.now() > deadline) throw new Error("node produced no block in time");
      await sleep(250);
    }
  } catch (e) {
    if (api) await api.disconnect();
    await stop();
    throw new Error(`${e.message}\n--- node log ---\n${logs()}`);
  }

  return {
    api,
    wsUrl,
    logs,
    stop: async () => {
      await api.disconnect();
      await stop();
    },
  };
}

/**
 * Registers `before`/`after` hooks of the current suite that start a dev node and always stop
 * it. Returns a getter for the running node ({ api, ... }).
 */
export function useDevNode(before, after) {
  let node = null;
  before(async () => {
    node = await startDevNode();
  });
  after(async () => {
    if (node) await node.stop();
  });
  return () => node;
}
