// @ts-check
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';
import preact from '@astrojs/preact';

export default defineConfig({
  output: 'server',
  // Middleware mode: `npm start` owns the server and hands every route the services it
  // built (src/app/services.ts) as `locals`.
  adapter: node({ mode: 'middleware' }),
  integrations: [preact()],
  server: { port: 4321 },
  // Our middleware checks Origin and a per-session CSRF token on every state-changing admin
  // request; Astro's built-in check would also refuse legitimate cross-host form posts to
  // published pages served from PUBLIC_ORIGIN.
  security: { checkOrigin: false },
  build: { inlineStylesheets: 'never' },
  vite: {
    // Scripts stay external files so the Content-Security-Policy can forbid inline script.
    build: {
      assetsInlineLimit: 0,
      // Every published page pays for its scripts: terser, with two compress passes, ships
      // the tracker and form script about 5 % smaller than Vite's default esbuild minifier.
      minify: 'terser',
      terserOptions: { compress: { passes: 2 }, module: true },
    },
    ssr: { external: ['better-sqlite3'] },
  },
});
