import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { Results } from './Results';
import { JOB_ID, mockFetch, problem, resources, status } from './test-helpers';

function setup() {
  const writeText = vi.fn((_t: string) => Promise.resolve());
  vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
  const openWindow = vi.fn();
  const saveFile = vi.fn();
  const job = status();
  render(<Results job={job} results={job.results ?? []} openWindow={openWindow} saveFile={saveFile} />);
  return { writeText, openWindow, saveFile };
}
const cards = () => screen.getAllByTestId('resource-card');
const titles = () => cards().map((c) => within(c).getByRole('heading').textContent?.replace(' (opens in a new tab)', ''));
const checkbox = (title: string) => screen.getByRole<HTMLInputElement>('checkbox', { name: `Select ${title}` });
const button = (name: string) => screen.getByRole<HTMLButtonElement>('button', { name });
const message = () => screen.getByTestId('action-message').textContent;

describe('results', () => {
  it('shows the count, the search title and the textbook found', () => {
    setup();
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('3 resources for Calculus Volume 1');
    expect(screen.getByTestId('textbook').textContent).toBe('Textbook: Calculus Volume 1 by Gilbert Strang, Edwin Herman, found from what you entered.');
  });

  it('each card has a type badge, a safe title link, source, description, coverage, licence, format and score with its rationale', () => {
    setup();
    const card = cards()[0] as HTMLElement;
    expect(within(card).getByText('Textbook').className).toContain('badge');
    const link = within(card).getByRole('link');
    expect(link.getAttribute('href')).toBe('https://openstax.org/details/books/calculus-volume-1');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(within(card).getByText('OpenStax')).toBeTruthy();
    expect(within(card).getByText('Free, peer-reviewed textbook.')).toBeTruthy();
    expect(within(card).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Limits', 'Derivatives']);
    expect(within(card).getByText('CC BY-NC-SA 4.0')).toBeTruthy();
    expect(within(card).getByText('Web page')).toBeTruthy();
    expect(within(card).getByText(/99\/100/)).toBeTruthy();

    const why = within(card).getByRole('button', { name: 'Why?' });
    const panel = document.getElementById(why.getAttribute('aria-controls') ?? '') as HTMLElement;
    expect(panel.hidden).toBe(true);
    fireEvent.click(why);
    expect(why.getAttribute('aria-expanded')).toBe('true');
    expect(panel.hidden).toBe(false);
    expect(panel.textContent).toContain('Covers 2 of 4 chapters.');
  });

  it('never renders a non-http(s) address as a link', () => {
    setup();
    const bad = cards().find((c) => c.textContent?.includes('Bad Link Problems')) as HTMLElement;
    expect(within(bad).queryByRole('link')).toBeNull();
    expect(document.querySelector('a[href^="javascript:"]')).toBeNull();
    expect(within(bad).queryByRole('button', { name: /Copy URL/ })).toBeNull();
    expect(screen.getAllByRole('link')).toHaveLength(2);
  });

  it('everything is selected at first; clear and select all change the selection', () => {
    setup();
    expect(resources.every((r) => checkbox(r.title).checked)).toBe(true);
    expect(screen.getByTestId('selection-count').textContent).toBe('3 of 3 selected');
    fireEvent.click(button('Clear selection'));
    expect(screen.getByTestId('selection-count').textContent).toBe('0 of 3 selected');
    expect(button('Copy selected').disabled).toBe(true);
    expect(button('Download').disabled).toBe(true);
    fireEvent.click(button('Select all'));
    expect(screen.getByTestId('selection-count').textContent).toBe('3 of 3 selected');
  });

  it('copy selected puts the selected http(s) URLs on the clipboard, one per line, in the shown order', async () => {
    const { writeText } = setup();
    fireEvent.click(checkbox('Another Calculus Course'));
    fireEvent.click(button('Select all'));
    fireEvent.click(checkbox('Calculus Volume 1'));
    await act(async () => {
      fireEvent.click(button('Copy selected'));
      await Promise.resolve();
    });
    expect(writeText).toHaveBeenCalledWith('https://ocw.mit.edu/courses/18-01/');
    await waitFor(() => expect(message()).toBe('Copied 1 URL to the clipboard, one per line. 1 resource without a web address left out.'));

    fireEvent.click(button('Select all'));
    await act(async () => {
      fireEvent.click(button('Copy selected'));
      await Promise.resolve();
    });
    expect(writeText).toHaveBeenLastCalledWith('https://openstax.org/details/books/calculus-volume-1\nhttps://ocw.mit.edu/courses/18-01/');
  });

  it('copy selected and open NotebookLM copies, then opens notebooklm.google.com', async () => {
    const { writeText, openWindow } = setup();
    await act(async () => {
      fireEvent.click(button('Copy selected and open NotebookLM'));
      await Promise.resolve();
    });
    await waitFor(() => expect(openWindow).toHaveBeenCalledWith('https://notebooklm.google.com/'));
    expect(writeText).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(message()).toMatch(/^Copied 2 URLs\. In NotebookLM/));
  });

  it('a card copies its own URL', async () => {
    const { writeText } = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Copy URL of Another Calculus Course' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith('https://ocw.mit.edu/courses/18-01/'));
  });

  it('filters by type and sorts by score, type or title', () => {
    setup();
    expect(titles()).toEqual(['Calculus Volume 1', 'Bad Link Problems', 'Another Calculus Course']); // score
    fireEvent.change(screen.getByLabelText('Sort by'), { target: { value: 'title' } });
    expect(titles()).toEqual(['Another Calculus Course', 'Bad Link Problems', 'Calculus Volume 1']);
    fireEvent.change(screen.getByLabelText('Sort by'), { target: { value: 'type' } });
    expect(titles()).toEqual(['Bad Link Problems', 'Calculus Volume 1', 'Another Calculus Course']); // Problem set, Textbook, Video
    const filter = screen.getByLabelText<HTMLSelectElement>('Type');
    expect([...filter.options].map((o) => o.textContent)).toEqual(['All types (3)', 'Textbook (1)', 'Problem set (1)', 'Video (1)']);
    fireEvent.change(filter, { target: { value: 'video' } });
    expect(titles()).toEqual(['Another Calculus Course']);
    expect(screen.getByTestId('selection-count').textContent).toBe('3 of 3 selected (2 hidden by the type filter)');
  });

  it('the coverage view shows which chapters each selected resource covers, and the gaps', () => {
    setup();
    const table = screen.getByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['Limits', 'Derivatives', 'Integration', 'Series']);
    const cells = (r: HTMLElement) => within(r).getAllByRole('cell').map((c) => c.textContent);
    // Columns: selected resources by score: Calculus Volume 1, Bad Link Problems, Another Calculus Course; then the count.
    expect(cells(rows[0] as HTMLElement)).toEqual(['✓covered', '✓covered', '–not covered', '2']);
    expect(cells(rows[3] as HTMLElement)).toEqual(['–not covered', '–not covered', '–not covered', '0']);
    expect(screen.getByTestId('coverage-gaps').textContent).toBe('Series (no resource in the results covers it)');

    fireEvent.click(checkbox('Another Calculus Course'));
    expect(within(screen.getByTestId('coverage-gaps')).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Integration (select another resource to cover it)',
      'Series (no resource in the results covers it)',
    ]);
    expect(screen.getByTestId('coverage-summary').textContent).toBe('2 of 4 chapters or topics are covered by the selection.');
  });

  it('exports the selection through the export endpoint in the chosen format', async () => {
    const { calls } = mockFetch([
      [
        /^GET \/api\/jobs\/.+\/export/,
        () => new Response('title\r\n', { headers: { 'content-type': 'text/csv', 'content-disposition': 'attachment; filename="scholarsource-calc-3f2b6c1e.ris"' } }),
      ],
    ]);
    const { saveFile } = setup();
    fireEvent.change(screen.getByLabelText('Export as'), { target: { value: 'ris' } });
    fireEvent.click(button('Download'));
    await waitFor(() => expect(saveFile).toHaveBeenCalledTimes(1));
    expect(calls[0]?.url).toBe(`/api/jobs/${JOB_ID}/export?format=ris`);
    expect(saveFile.mock.calls[0]?.[1]).toBe('scholarsource-calc-3f2b6c1e.ris');

    fireEvent.click(checkbox('Calculus Volume 1'));
    fireEvent.change(screen.getByLabelText('Export as'), { target: { value: 'bibtex' } });
    fireEvent.click(button('Download'));
    await waitFor(() => expect(saveFile).toHaveBeenCalledTimes(2));
    expect(calls[1]?.url).toBe(`/api/jobs/${JOB_ID}/export?format=bibtex&items=1%2C2`);
  });

  it('an export refused with 429 says when to try again', async () => {
    mockFetch([[/export/, () => problem(429, 'rate_limited', 'Too many status checks (limit 100/minute). Try again in 30 s.', { retry_after: 30 }, { 'retry-after': '30' })]]);
    setup();
    fireEvent.click(button('Download'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The export failed');
    expect(alert.textContent).toMatch(/You can try again in 30 s/);
  });
});
