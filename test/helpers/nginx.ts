import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sleep } from './ws.js';

/** One line of deploy/nginx.conf's JSON access log. */
export interface AccessLogEntry {
  request: string;
  status: number;
  /** Every instance tried, comma-separated when nginx went on to the next one. */
  upstream: string;
  upstream_status: string;
}

export interface Nginx {
  url: string;
  wsUrl: string;
  /** Access log lines written so far. */
  log(): AccessLogEntry[];
  /** nginx's error log so far (why it answered 502, say). */
  errors(): string;
  stop(): Promise<void>;
}

const DEPLOY_CONF = path.resolve('deploy/nginx.conf');

/** Debian's package puts it in /usr/sbin, which is not on every user's PATH. */
function nginxBinary(): string {
  return ['/usr/sbin/nginx', '/usr/bin/nginx'].find((file) => existsSync(file)) ?? 'nginx';
}

/** The text with `from` replaced, failing when it does not occur exactly once (the config changed shape). */
function replaceOnce(text: string, from: string, to: string): string {
  const parts = text.split(from);
  if (parts.length !== 2) throw new Error(`expected "${from}" once in ${DEPLOY_CONF}, found ${parts.length - 1}`);
  return parts.join(to);
}

/**
 * deploy/nginx.conf as it is, but for addresses and paths: its instances, port and log are this
 * test's. Its second `server` line is repeated for a third instance and more.
 */
function localizedConf(listenPort: number, upstreamPorts: number[], accessLog: string): string {
  let conf = readFileSync(DEPLOY_CONF, 'utf8');
  const [first, ...others] = upstreamPorts;
  conf = replaceOnce(conf, 'server app1:4000', `server 127.0.0.1:${first}`);
  const secondLine = /^( *)server app2:4000(.*)$/m.exec(conf);
  if (!secondLine || others.length === 0) throw new Error(`expected "server app2:4000" in ${DEPLOY_CONF}`);
  const serverLines = others.map((port) => `${secondLine[1]}server 127.0.0.1:${port}${secondLine[2]}`);
  conf = replaceOnce(conf, secondLine[0], serverLines.join('\n'));
  conf = replaceOnce(conf, '/var/log/nginx/access.log', accessLog);
  return replaceOnce(conf, 'listen 80;', `listen 127.0.0.1:${listenPort};`);
}

/** The stock nginx.conf's part, with every path under `dir`: no root-only paths. */
function mainConf(dir: string): string {
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
    (kind) => `    ${kind}_temp_path ${path.join(dir, kind)};`,
  );
  return [
    'worker_processes 1;',
    'events { worker_connections 1024; }',
    'http {',
    ...temp,
    '    include chat.conf;',
    '}',
  ].join('\n');
}

/**
 * Starts nginx in the foreground with deploy/nginx.conf in front of instances on the loopback (two
 * or more). Resolves once it answers.
 */
export async function startNginx(listenPort: number, upstreamPorts: number[]): Promise<Nginx> {
  const dir = mkdtempSync(path.join(tmpdir(), 'chat-nginx-'));
  // Started as root (as in CI), nginx runs its workers as `nobody`, who must reach the temp paths.
  chmodSync(dir, 0o755);
  const accessLog = path.join(dir, 'access.log');
  writeFileSync(path.join(dir, 'chat.conf'), localizedConf(listenPort, upstreamPorts, accessLog));
  writeFileSync(path.join(dir, 'nginx.conf'), mainConf(dir));
  const globals = `daemon off; pid ${path.join(dir, 'nginx.pid')}; error_log stderr warn;`;
  const child = spawn(nginxBinary(), ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', 'stderr', '-g', globals], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const origin = `http://127.0.0.1:${listenPort}`;
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  const errors = () => stderr;
  try {
    await answering(origin, child, errors);
  } catch (err) {
    await stop();
    throw err;
  }
  const log = () => readAccessLog(accessLog);
  return { url: `${origin}/graphql`, wsUrl: `ws://127.0.0.1:${listenPort}/graphql`, log, errors, stop };
}

/** Resolves once nginx answers (its `location /` says 404); fails with its error log if it exits. */
async function answering(origin: string, child: ChildProcess, errors: () => string): Promise<void> {
  for (let tries = 0; tries < 100; tries++) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${errors()}`);
    if ((await fetch(`${origin}/`).catch(() => null))?.status === 404) return;
    await sleep(50);
  }
  throw new Error(`nginx did not answer: ${errors()}`);
}

/** nginx writes each line whole; a line still without its newline is left for the next read. */
function readAccessLog(file: string): AccessLogEntry[] {
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n').slice(0, -1);
  return lines.map((line) => JSON.parse(line) as AccessLogEntry);
}
