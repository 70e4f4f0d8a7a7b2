import { copyFile, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * A standalone build (VITE_API_BASE_URL set) also gets a 404.html copy of index.html, so static hosts
 * that serve 404.html for unknown paths (GitHub Pages and the like) open /jobs/:id links in the app.
 */
const spaFallbackPage = (): Plugin => {
  let out = path.join(root, 'dist');
  return {
    name: 'scholarsource-404-page',
    apply: 'build',
    configResolved(c) {
      out = path.resolve(c.root, c.build.outDir);
    },
    async closeBundle() {
      if (!process.env.VITE_API_BASE_URL) return;
      await copyFile(path.join(out, 'index.html'), path.join(out, '404.html'));
    },
  };
};

const br = promisify(brotliCompress);
const gz = promisify(gzip);

/**
 * Writes .br and .gz next to each hashed asset, once at build time, so the server sends them as they are
 * (@fastify/static `preCompressed`) instead of compressing 360 kB of JavaScript on every request.
 */
const precompress = (): Plugin => {
  let dir = path.join(root, 'dist', 'assets');
  return {
    name: 'scholarsource-precompress',
    apply: 'build',
    configResolved(c) {
      dir = path.resolve(c.root, c.build.outDir, c.build.assetsDir);
    },
    async closeBundle() {
      for (const name of await readdir(dir)) {
        if (!/\.(js|css|svg|json)$/.test(name)) continue;
        const file = path.join(dir, name);
        const data = await readFile(file);
        if (data.length < 1024) continue;
        await writeFile(`${file}.br`, await br(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } }));
        await writeFile(`${file}.gz`, await gz(data, { level: 9 }));
      }
    },
  };
};

// `vite build web` builds the app into web/dist, which `npm start` serves. For a static host, set
// VITE_API_BASE_URL=https://api.example.org at build time; the API's ALLOWED_ORIGINS must then list the static
// host's origin (CORS, and the POST origin check).
export default defineConfig({
  root,
  plugins: [react(), spaFallbackPage(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    chunkSizeWarningLimit: 600,
  },
  server: {
    port: 5173,
    // `npm run dev:web` next to `npm start` (or `npm run dev`): the API answers through this proxy.
    proxy: { '/api': { target: process.env.SCHOLARSOURCE_API_URL ?? 'http://localhost:8000', changeOrigin: false } },
  },
  preview: { port: 4173 },
});
