/**
 * `npm start` runs this first: it builds the web app into web/dist when that is missing or older than its
 * sources (web/, src/contracts, package-lock.json), or was built with other VITE_* settings.
 * A failed build does not stop the server: it then serves the API description at `/`.
 */
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const web = fileURLToPath(new URL('.', import.meta.url));
const root = path.resolve(web, '..');
const dist = path.join(web, 'dist');
const stampFile = path.join(dist, '.build-stamp.json');

function newest(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const name of readdirSync(p)) {
    if (name === 'dist' || name === 'node_modules' || name.endsWith('.test.tsx')) continue;
    m = Math.max(m, newest(path.join(p, name)));
  }
  return m;
}

const settings = JSON.stringify(
  Object.fromEntries(
    Object.entries(process.env)
      .filter(([k, v]) => k.startsWith('VITE_') && v)
      .sort(),
  ),
);

function reason(): string | null {
  if (!existsSync(path.join(dist, 'index.html')) || !existsSync(stampFile)) return 'not built yet';
  let stamp: { settings?: string; builtAt?: number };
  try {
    stamp = JSON.parse(readFileSync(stampFile, 'utf8')) as typeof stamp;
  } catch {
    return 'no readable build stamp';
  }
  if (stamp.settings !== settings) return 'VITE_* settings changed';
  const sources = Math.max(
    newest(path.join(web, 'src')),
    newest(path.join(web, 'public')),
    newest(path.join(web, 'index.html')),
    newest(path.join(web, 'vite.config.ts')),
    newest(path.join(root, 'src', 'contracts')),
    newest(path.join(root, 'package-lock.json')),
  );
  return sources > (stamp.builtAt ?? 0) ? 'sources changed' : null;
}

const why = process.argv.includes('--force') ? 'forced' : reason();
if (why === null) {
  process.exit(0);
}
const started = Date.now();
try {
  const { build } = await import('vite');
  process.stdout.write(`Building the web app (${why})…\n`);
  await build({ configFile: path.join(web, 'vite.config.ts'), logLevel: 'warn' });
  writeFileSync(stampFile, JSON.stringify({ settings, builtAt: started }));
  process.stdout.write(`Web app built in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
} catch (e) {
  const msg = e instanceof Error ? e.message : String(e);
  process.stderr.write(
    `The web app could not be built (${msg.split('\n')[0]}).\n` +
      `The API still starts; ${existsSync(path.join(dist, 'index.html')) ? 'the previous build is served' : '`/` shows the API description'}. ` +
      'Build it with `npm run build:web` (needs the dev dependencies: `npm ci`).\n',
  );
}
