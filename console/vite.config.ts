// The console's own build: `vite build console` (npm run build:console) writes console/dist,
// which `eci-events serve` serves at /. Everything is bundled: no CDN, no web font, no request
// leaves the page's own origin.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    sourcemap: true,
  },
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  server: {
    // `npm run console:dev` against a running `eci-events serve` on :8080.
    proxy: { '/v1': 'http://127.0.0.1:8080', '/healthz': 'http://127.0.0.1:8080' },
  },
});
