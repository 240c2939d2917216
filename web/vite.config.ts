/**
 * Builds the browser app into dist/public, where the node serves it from. Everything the app
 * needs ends up in hashed files on the node itself: no CDN, no web fonts, no inline script, so
 * that the strict Content-Security-Policy in src/web/index.ts holds.
 */
import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [preact({ prerender: { enabled: false } })],
  build: {
    outDir: fileURLToPath(new URL('../dist/public', import.meta.url)),
    emptyOutDir: true,
    // scripts/check-bundle-size.mjs reads it to know which files the first page loads.
    manifest: true,
    target: 'es2022',
    // Every browser this targets has modulepreload; the polyfill would be dead weight.
    modulePreload: { polyfill: false },
    // No data: URLs: every asset is a file with a hashed name and a long cache life.
    assetsInlineLimit: 0,
    reportCompressedSize: false,
    // The password-strength dictionaries are one large chunk, loaded only by the setup page;
    // the budget that matters is the initial one, checked by scripts/check-bundle-size.mjs.
    chunkSizeWarningLimit: 2500,
  },
});
