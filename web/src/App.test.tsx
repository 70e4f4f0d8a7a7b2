import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { App } from './App';
import { readHistory, remember } from './history';
import { navigate } from './router';
import { installEventSource, JOB_ID, json, mockFetch, status } from './test-helpers';

describe('app: routes and history', () => {
  it('a submitted search gets its own URL (/jobs/:id) and is kept in the history with its final title', async () => {
    installEventSource();
    mockFetch([
      ['POST /api/submit', () => json({ job_id: JOB_ID, status: 'queued', message: 'ok' })],
      ['GET /api/status/', () => json(status({ search_title: 'Calculus Volume 1 (OpenStax)' }))],
    ]);
    render(<App />);
    fireEvent.change(screen.getByLabelText(/^Book title/), { target: { value: 'Calculus Volume 1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Find resources' }));
    expect(await screen.findByText('3 resources')).toBeTruthy();
    expect(window.location.pathname).toBe(`/jobs/${JOB_ID}`);
    await waitFor(() => expect(readHistory()[0]).toMatchObject({ job_id: JOB_ID, title: 'Calculus Volume 1 (OpenStax)' }));
    expect(document.title).toBe('Calculus Volume 1 (OpenStax): ScholarSource');
  });

  it('recent searches can be reopened, removed and cleared', async () => {
    installEventSource();
    mockFetch([['GET /api/status/', () => json(status())]]);
    remember('11111111-2222-4333-8444-555555555555', 'Older search', '2026-01-02T10:00:00.000Z');
    remember(JOB_ID, 'Calculus Volume 1 by Strang');
    render(<App />);
    const links = screen.getAllByRole('link', { name: /search|Calculus/ }).filter((a) => a.getAttribute('href')?.startsWith('/jobs/'));
    expect(links.map((a) => a.textContent)).toEqual(['Calculus Volume 1 by Strang', 'Older search']);

    fireEvent.click(screen.getByRole('button', { name: 'Remove Older search from recent searches' }));
    expect(screen.queryByText('Older search')).toBeNull();

    fireEvent.click(screen.getByRole('link', { name: 'Calculus Volume 1 by Strang' }));
    expect(await screen.findByText('3 resources')).toBeTruthy();
    expect(window.location.pathname).toBe(`/jobs/${JOB_ID}`);

    act(() => navigate('/'));
    fireEvent.click(screen.getByRole('button', { name: 'Clear recent searches' }));
    expect(screen.queryByRole('heading', { name: 'Recent searches' })).toBeNull();
    expect(readHistory()).toEqual([]);
  });

  it('a malformed job link says what a search link looks like', () => {
    window.history.replaceState(null, '', '/jobs/not-a-job');
    render(<App />);
    expect(screen.getByRole('heading', { name: 'This link is not a search link' })).toBeTruthy();
  });

  it('survives a corrupt history in local storage', () => {
    localStorage.setItem('scholarsource.history.v1', '{"not": "a list"');
    render(<App />);
    expect(screen.queryByRole('heading', { name: 'Recent searches' })).toBeNull();
  });
});
