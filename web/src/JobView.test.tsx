import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { JobView } from './JobView';
import { installEventSource, JOB_ID, json, mockFetch, problem, running, status } from './test-helpers';

const statusCalls = (calls: { url: string; init?: RequestInit }[]) => calls.filter((c) => c.url.startsWith('/api/status/')).length;
const live = () => screen.getByTestId('status-live').textContent;

describe('live progress', () => {
  it('shows the current stage of four with its detail and the elapsed time, updated over SSE', async () => {
    const ES = installEventSource();
    mockFetch([['GET /api/status/', () => json(running('resource_discovery', 2, 'Finding resources: 49 searches across catalog', { created_at: new Date(Date.now() - 65_000).toISOString() }))]]);
    render(<JobView id={JOB_ID} />);
    await waitFor(() => expect(live()).toBe('Step 2 of 4: Finding resources49 searches across catalog'));
    expect(screen.getByTestId('status-live').getAttribute('aria-live')).toBe('polite');
    expect(screen.getByTestId('elapsed').textContent).toMatch(/^1 min 0[4-9] s$/);
    expect(document.querySelector('[aria-current="step"]')?.textContent).toContain('Finding resources');
    expect(ES.last?.url).toBe(`/api/jobs/${JOB_ID}/events`);

    // A replayed older event never moves the view back.
    act(() => ES.last?.emit('status', running('queued', 0, 'Waiting for a worker')));
    expect(live()).toContain('Finding resources');
    act(() => ES.last?.emit('progress', running('validation', 3, 'Checking resources: 66 candidates passed, 27 dropped')));
    expect(live()).toBe('Step 3 of 4: Checking resources66 candidates passed, 27 dropped');
    expect([...document.querySelectorAll('.stage')].map((li) => li.className)).toEqual([
      'stage stage-done',
      'stage stage-done',
      'stage stage-current',
      'stage stage-todo',
    ]);

    act(() => ES.last?.emit('status', status()));
    expect(await screen.findByText('3 resources')).toBeTruthy();
    expect(ES.last?.closed).toBe(true);
  });

  it('falls back to polling every 2 s when the stream drops', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const ES = installEventSource();
    let answer = running('course_analysis', 1, 'Analysing course: reading the inputs');
    const { calls } = mockFetch([['GET /api/status/', () => json(answer)]]);
    render(<JobView id={JOB_ID} pollMs={2000} />);
    await waitFor(() => expect(live()).toContain('Analysing course'));
    expect(statusCalls(calls)).toBe(1);

    act(() => ES.last?.fail());
    expect(ES.last?.closed).toBe(true);
    await waitFor(() => expect(statusCalls(calls)).toBe(2)); // at once
    answer = running('formatting', 4, 'Preparing results: choosing the best mix of resources');
    await act(async () => {
      await vi.advanceTimersByTimeAsync(2000);
    });
    expect(statusCalls(calls)).toBe(3);
    expect(live()).toContain('Step 4 of 4: Preparing results');
    expect(screen.getByText(/checking every few seconds/)).toBeTruthy();

    answer = status();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(2000);
    });
    expect(await screen.findByText('3 resources')).toBeTruthy();
    const n = statusCalls(calls);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(6000);
    });
    expect(statusCalls(calls)).toBe(n); // polling stops at the end
    expect(ES.count).toBe(1); // no second stream
  });
});

describe('cancelling', () => {
  it('asks for confirmation, then cancels and shows "Search cancelled"', async () => {
    installEventSource();
    let answer = running('resource_discovery', 2, 'Finding resources: 49 searches');
    const { calls } = mockFetch([
      ['GET /api/status/', () => json(answer)],
      [
        'POST /api/cancel/',
        () => {
          answer = status({ status: 'cancelled', results: null, status_message: 'Search cancelled' });
          return json({ job_id: JOB_ID, status: 'cancelled', message: 'Search cancelled.' });
        },
      ],
    ]);
    render(<JobView id={JOB_ID} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel search' }));
    expect(screen.getByText(/Cancel this search\?/)).toBeTruthy();
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Yes, cancel it'));
    fireEvent.click(screen.getByRole('button', { name: 'Keep searching' }));
    expect(calls.some((c) => c.init?.method === 'POST')).toBe(false);

    fireEvent.click(screen.getByRole('button', { name: 'Cancel search' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, cancel it' }));
    expect(await screen.findByRole('heading', { name: 'Search cancelled' })).toBeTruthy();
    expect(calls.find((c) => c.init?.method === 'POST')?.url).toBe(`/api/cancel/${JOB_ID}`);
  });

  it('cancels a job that runs past the client-side time limit, and says so', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    installEventSource();
    let answer = running('resource_discovery', 2, 'Finding resources', { created_at: new Date().toISOString() });
    const { calls } = mockFetch([
      ['GET /api/status/', () => json(answer)],
      [
        'POST /api/cancel/',
        () => {
          answer = status({ status: 'cancelled', results: null });
          return json({ job_id: JOB_ID, status: 'cancelled', message: 'Search cancelled.' });
        },
      ],
    ]);
    render(<JobView id={JOB_ID} timeLimitMs={3000} />);
    await screen.findByRole('button', { name: 'Cancel search' });
    expect(screen.getByText(/stops after 3 seconds/)).toBeTruthy();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(4000);
    });
    await waitFor(() => expect(calls.filter((c) => c.init?.method === 'POST')).toHaveLength(1));
    expect(await screen.findByText(/ran longer than the 3-second limit, so it was cancelled/)).toBeTruthy();
  });
});

describe('ends, errors and shared links', () => {
  it('a shared link to a finished job shows its results without opening a stream', async () => {
    const ES = installEventSource();
    mockFetch([['GET /api/status/', () => json(status())]]);
    render(<JobView id={JOB_ID} />);
    expect(await screen.findByText('3 resources')).toBeTruthy();
    expect(ES.count).toBe(0);
  });

  it('an unknown job shows the API message and advice', async () => {
    installEventSource();
    mockFetch([['GET /api/status/', () => problem(404, 'not_found', 'No job has this id. Check the link, or submit the search again.')]]);
    render(<JobView id={JOB_ID} />);
    expect(await screen.findByRole('heading', { name: 'Search not found' })).toBeTruthy();
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('No job has this id. Check the link, or submit the search again.');
    expect(alert.textContent).toContain('Start a new search.');
  });

  it('a failed job shows its error with advice', async () => {
    installEventSource();
    mockFetch([['GET /api/status/', () => json(status({ status: 'failed', results: null, error: 'The course page could not be fetched: it answered 403.' }))]]);
    render(<JobView id={JOB_ID} />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The course page could not be fetched');
    expect(alert.textContent).toContain('describe the course another way');
  });

  it('an empty result suggests what to change', async () => {
    installEventSource();
    mockFetch([['GET /api/status/', () => json(status({ results: [] }))]]);
    render(<JobView id={JOB_ID} />);
    expect(await screen.findByRole('heading', { name: /No resources found/ })).toBeTruthy();
    expect(screen.getByText(/remove resource types or excluded sites/)).toBeTruthy();
  });

  it('a rate-limited status check keeps trying after the wait', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    installEventSource();
    let limited = true;
    const { calls } = mockFetch([
      ['GET /api/status/', () => (limited ? problem(429, 'rate_limited', 'Too many status checks.', { retry_after: 5 }, { 'retry-after': '5' }) : json(status()))],
    ]);
    render(<JobView id={JOB_ID} pollMs={2000} />);
    await waitFor(() => expect(statusCalls(calls)).toBe(1));
    limited = false;
    await act(async () => {
      await vi.advanceTimersByTimeAsync(3000);
    });
    expect(statusCalls(calls)).toBe(1); // waits Retry-After, not the poll interval
    await act(async () => {
      await vi.advanceTimersByTimeAsync(2500);
    });
    expect(await screen.findByText('3 resources')).toBeTruthy();
  });
});
