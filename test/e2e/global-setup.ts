import { execFileSync } from 'node:child_process';
import { ROOT } from '../support/process';

/** The end-to-end tests drive the built app as `npm start` serves it: build it when it is missing or stale. */
export default function setup(): void {
  // Same-origin build, whatever the calling shell sets.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITE_')));
  execFileSync(process.execPath, ['--import', 'tsx', 'web/build-if-stale.ts'], { cwd: ROOT, stdio: 'inherit', env });
}
