import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

// `npm run web`: the API (embedded database under ./.data unless DATABASE_URL says otherwise) and
// Vite's dev server in front of it, proxying /graphql so the app and the API share one origin.
const apiPort = process.env.API_PORT ?? '4000';
process.env.API_URL ??= `http://127.0.0.1:${apiPort}`;

const api = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
  stdio: 'inherit',
  env: { ...process.env, PORT: apiPort, HOST: process.env.HOST ?? '127.0.0.1' },
});

const vite = await createServer({ configFile: fileURLToPath(new URL('./vite.config.ts', import.meta.url)) });
await vite.listen();
vite.printUrls();

let stopping = false;
const stop = (code: number) => {
  if (stopping) return;
  stopping = true;
  api.kill('SIGTERM');
  void vite.close().then(() => (process.exitCode = code));
};
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
api.on('exit', (code) => {
  console.warn(`The API exited (${code ?? 'signal'}); stopping the dev server.`);
  stop(code ?? 1);
});
