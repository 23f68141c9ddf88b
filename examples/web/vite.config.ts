import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The dev server proxies /graphql (HTTP and WebSocket) to the API, so the app is same-origin with it:
// no CORS, and the HttpOnly refresh cookie (Path=/graphql, SameSite=Strict) works as in production.
// No changeOrigin: the API then sees this server's Host and Origin, which match (same-origin).
const api = process.env.API_URL ?? 'http://127.0.0.1:4000';

export default defineConfig(({ command }) => ({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // No @vitejs/plugin-react here: esbuild's automatic JSX runtime is all the app needs.
  esbuild: { jsx: 'automatic', jsxDev: command === 'serve' },
  // A build is a production build even when a test runs it (vitest sets NODE_ENV=test).
  define: command === 'build' ? { 'process.env.NODE_ENV': JSON.stringify('production') } : {},
  server: {
    host: '127.0.0.1',
    port: Number(process.env.WEB_PORT ?? 5173),
    strictPort: true,
    proxy: { '/graphql': { target: api, ws: true } },
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
}));
