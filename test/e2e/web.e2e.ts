/**
 * The web app in real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core) against the
 * real server in embedded mode, started as `scholarsource serve` in a child process.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort, ROOT, runCli, waitForHealth, type Spawned } from '../support/process';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
const SHOTS = path.join(ROOT, 'test-results', 'e2e');

interface Served {
  base: string;
  proc: Spawned;
  dataDir: string;
}

async function serve(env: Record<string, string>): Promise<Served> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ss-e2e-'));
  const proc = runCli(['serve'], {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_SUBMIT_PER_HOUR: '0',
    RATE_LIMIT_SUBMIT_PER_MINUTE: '0',
    ...env,
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(base, 90_000);
  } catch (e) {
    throw new Error(`${(e as Error).message}\n${proc.output()}`);
  }
  return { base, proc, dataDir };
}

async function stop(s: Served | undefined): Promise<void> {
  if (!s) return;
  s.proc.child.kill('SIGTERM');
  await Promise.race([s.proc.exited, new Promise((r) => setTimeout(r, 10_000))]);
  rmSync(s.dataDir, { recursive: true, force: true });
}

/** Console errors and uncaught exceptions of every page, checked after each test. */
const consoleErrors: string[] = [];
/** Messages a test expects (e.g. the browser's own line for a 429 response). */
let allowedErrors: RegExp[] = [];

function watch(page: Page): Page {
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: uncaught ${e.message}`));
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

describe('web app in headless Chromium', () => {
  let main: Served;
  let limited: Served;
  let browser: Browser;
  let context: BrowserContext;
  let slow: Server;
  let slowUrl: string;
  const sockets = new Set<Socket>();
  let completedJob = '';
  let completedCount = 0;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // A course page that never answers holds a job in `running`.
    slow = createServer(() => undefined);
    slow.on('connection', (c) => sockets.add(c));
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    slowUrl = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/course/linear-algebra`;
    const [m, l, b] = await Promise.all([
      serve({ FETCH_ALLOW_LOOPBACK: 'true', FETCH_TIMEOUT_MS: '120000' }),
      // A second server whose submit limit is one a minute, for the 429.
      serve({ RATE_LIMIT_SUBMIT_PER_MINUTE: '1' }),
      chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true }),
    ]);
    main = m;
    limited = l;
    browser = b;
  });

  afterAll(async () => {
    await browser?.close();
    for (const c of sockets) c.destroy();
    slow?.close();
    await Promise.all([stop(main), stop(limited)]);
  });

  const newPage = async (opts: Parameters<Browser['newContext']>[0] = {}): Promise<Page> => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...opts });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: main.base });
    // NotebookLM is outside this machine's reach: answer for it locally.
    await context.route('https://notebooklm.google.com/**', (r) => r.fulfill({ status: 200, contentType: 'text/html', body: '<title>NotebookLM</title>ok' }));
    return watch(await context.newPage());
  };

  afterEach(async () => {
    await context?.close().catch(() => undefined);
    const unexpected = consoleErrors.filter((e) => !allowedErrors.some((re) => re.test(e)));
    consoleErrors.length = 0;
    allowedErrors = [];
    expect(unexpected, 'console errors on the page').toEqual([]);
  });

  it('submits by title + author (keyboard only) and shows the results', async () => {
    const page = await newPage();
    await page.goto(main.base);
    expect(await page.title()).toMatch(/ScholarSource/);
    await shot(page, '01-home');
    // The default choice is Title + Author; reach the title field with the keyboard.
    await page.getByLabel('Book title (required)').focus();
    await page.keyboard.type('Calculus Volume 1');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Strang');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/);
    const heading = page.getByRole('heading', { level: 2, name: /resources for/ });
    await heading.waitFor({ timeout: 30_000 });
    expect(await heading.textContent()).toMatch(/^[5-7] resources for Calculus Volume 1/);
    expect(await page.getByTestId('textbook').textContent()).toMatch(/^Textbook: Calculus Volume 1 by .*Strang.*, found from what you entered\.$/);
    const cards = page.getByTestId('resource-card');
    completedCount = await cards.count();
    expect(completedCount).toBeGreaterThanOrEqual(5);
    expect(await page.getByTestId('selection-count').textContent()).toBe(`${completedCount} of ${completedCount} selected`);
    // Title links open in a new tab and are all http(s).
    const hrefs = await page.locator('.card-title a').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.getAttribute('target'), a.getAttribute('rel')]));
    expect(hrefs.length).toBe(completedCount);
    for (const [href, target, rel] of hrefs) {
      expect(href).toMatch(/^https?:\/\//);
      expect(target).toBe('_blank');
      expect(rel).toBe('noopener noreferrer');
    }
    await expect.poll(() => page.locator('.coverage-table tbody tr').count()).toBeGreaterThan(0);
    // The rationale shows on demand.
    const why = cards.first().locator('button[aria-controls]');
    expect(await why.textContent()).toBe('Why?');
    await why.click();
    expect(await why.getAttribute('aria-expanded')).toBe('true');
    expect(await cards.first().locator('.card-why').isVisible()).toBe(true);
    completedJob = page.url().split('/jobs/')[1] ?? '';
    await shot(page, '02-results');
  });

  it('copies the selected URLs, newline-separated, and opens NotebookLM', async () => {
    expect(completedJob).not.toBe('');
    const page = await newPage();
    await page.goto(`${main.base}/jobs/${completedJob}`);
    await page.getByTestId('resource-card').first().waitFor();
    const urls = await page.locator('.card-title a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));

    await page.getByRole('button', { name: 'Clear selection' }).click();
    expect(await page.getByRole('button', { name: 'Copy selected', exact: true }).isDisabled()).toBe(true);
    const boxes = page.getByRole('checkbox', { name: /^Select / });
    await boxes.nth(0).check();
    await boxes.nth(2).check();
    await page.getByRole('button', { name: 'Copy selected', exact: true }).click();
    await expect.poll(() => page.getByTestId('action-message').textContent()).toBe('Copied 2 URLs to the clipboard, one per line.');
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(`${urls[0]}\n${urls[2]}`);

    await page.getByRole('button', { name: 'Select all' }).click();
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: 'Copy selected and open NotebookLM' }).click()]);
    await popup.waitForLoadState();
    expect(popup.url()).toBe('https://notebooklm.google.com/');
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(urls.join('\n'));
    await shot(page, '03-copied');

    // Export through the endpoint, as a download.
    await page.getByLabel('Export as').selectOption('ris');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^scholarsource-calculus-volume-1-[0-9a-f]{8}\.ris$/);
  });

  it('cancels a running job after confirmation and shows "Search cancelled"', async () => {
    const page = await newPage();
    await page.goto(main.base);
    await page.getByRole('radio', { name: 'Course URL' }).check();
    await page.getByLabel('Course page URL (required)').fill(slowUrl);
    await page.getByRole('button', { name: 'Find resources' }).click();
    await page.waitForURL(/\/jobs\//);
    const live = page.getByTestId('status-live');
    await expect.poll(() => live.textContent(), { timeout: 20_000 }).toMatch(/Step 1 of 4: Analysing course/);
    expect(await live.getAttribute('aria-live')).toBe('polite');
    await expect.poll(() => page.getByTestId('elapsed').textContent(), { timeout: 5000 }).toMatch(/^[1-9]\d* s$/);
    await shot(page, '04-progress');

    await page.getByRole('button', { name: 'Cancel search' }).click();
    expect(await page.getByText('Cancel this search?').isVisible()).toBe(true);
    await shot(page, '05-cancel-confirm');
    await page.getByRole('button', { name: 'Yes, cancel it' }).click();
    await page.getByRole('heading', { name: 'Search cancelled' }).waitFor({ timeout: 10_000 });
    const id = page.url().split('/jobs/')[1] ?? '';
    const st = (await (await fetch(`${main.base}/api/status/${id}`)).json()) as { status: string };
    expect(st.status).toBe('cancelled');
    await shot(page, '06-cancelled');
  });

  it('a search that passes the client-side time limit is cancelled and says so', async () => {
    const page = await newPage();
    await page.addInitScript("localStorage.setItem('scholarsource.timeLimitSeconds', '3')");
    await page.goto(main.base);
    await page.getByRole('radio', { name: 'Course URL' }).check();
    await page.getByLabel('Course page URL (required)').fill(`${slowUrl}?again`);
    await page.getByRole('button', { name: 'Find resources' }).click();
    await page.getByText(/ran longer than the 3-second limit, so it was cancelled/).waitFor({ timeout: 20_000 });
    await shot(page, '07-time-limit');
  });

  it('a shared job link (and a reload) shows the same job and its results', async () => {
    expect(completedJob).not.toBe('');
    const page = await newPage(); // a fresh browser profile: nothing in local storage
    await page.goto(`${main.base}/jobs/${completedJob}`);
    const heading = page.getByRole('heading', { level: 2, name: /resources for/ });
    await heading.waitFor();
    expect(await heading.textContent()).toMatch(new RegExp(`^${completedCount} resources for Calculus Volume 1`));
    await page.reload();
    await heading.waitFor();
    expect(await page.getByTestId('resource-card').count()).toBe(completedCount);
    // An unknown job says so with the API's message.
    await page.goto(`${main.base}/jobs/00000000-0000-4000-8000-000000000000`);
    await page.getByRole('heading', { name: 'Search not found' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('No job has this id');
    allowedErrors = [/status of 404/];
    await shot(page, '08-not-found');
  });

  it('shows validation errors inline and sends nothing', async () => {
    const page = await newPage();
    const submits: string[] = [];
    page.on('request', (r) => (r.url().includes('/api/submit') ? submits.push(r.url()) : undefined));
    await page.goto(main.base);
    await page.getByRole('radio', { name: 'ISBN' }).check();
    const isbn = page.getByLabel('ISBN (required)');
    await isbn.fill('978-0-13-110362-8');
    await isbn.blur();
    expect(await isbn.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#isbn-error').textContent()).toContain('The check digit does not match; please re-type the ISBN from the book.');
    await page.getByRole('radio', { name: 'Course URL' }).check();
    await page.getByLabel('Course page URL (required)').fill('ftp://example.org/course');
    await page.getByRole('button', { name: 'Find resources' }).click();
    expect(await page.locator('#course_url-error').textContent()).toContain('must be a full http:// or https:// address');
    await expect.poll(() => page.evaluate('document.activeElement && document.activeElement.id')).toBe('f-course_url');
    await shot(page, '09-validation');
    expect(submits).toEqual([]);
  });

  it('shows when to try again after a 429', async () => {
    const page = await newPage();
    allowedErrors = [/the server responded with a status of 429/];
    await page.goto(limited.base);
    await page.getByRole('radio', { name: 'Topics' }).check();
    await page.getByLabel('Topics (required)').fill('eigenvalues, determinants');
    await page.getByRole('button', { name: 'Find resources' }).click();
    await page.waitForURL(/\/jobs\//);
    await page.goto(limited.base);
    await page.getByRole('radio', { name: 'Topics' }).check();
    await page.getByLabel('Topics (required)').fill('vector spaces');
    await page.getByRole('button', { name: 'Find resources' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Too many searches');
    expect(await page.getByTestId('retry-after').textContent()).toMatch(/^You can try again in \d+ s \(at \d{1,2}:\d\d:\d\d( [AP]M)?\)\.$/);
    // The history keeps the first search.
    expect(await page.getByRole('heading', { name: 'Recent searches' }).isVisible()).toBe(true);
    await shot(page, '10-rate-limited');
  });

  it('works at 375 px wide: no sideways scrolling, every control labelled', async () => {
    const page = await newPage({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const overflow = () => page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    await page.goto(main.base);
    await page.getByText('Advanced options').click();
    expect(await overflow()).toBe(0);
    const unlabelled = await page.evaluate(`[...document.querySelectorAll('input, select, textarea, button')]
      .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby') && !(el.tagName === 'BUTTON' && el.textContent.trim()))
      .map((el) => el.outerHTML)`);
    expect(unlabelled).toEqual([]);
    await shot(page, '11-mobile-form');

    await page.getByRole('radio', { name: 'Topics' }).check();
    await page.getByLabel('Topics (required)').fill('limits, derivatives, integrals');
    await page.getByRole('button', { name: 'Find resources' }).click();
    await page.getByRole('heading', { level: 2, name: /resources for/ }).waitFor({ timeout: 30_000 });
    expect(await overflow()).toBe(0);
    // The coverage table scrolls inside its own box, not the page.
    await shot(page, '12-mobile-results');
  });
});
