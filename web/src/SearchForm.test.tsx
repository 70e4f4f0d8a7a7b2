import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { httpUrl, isbnProblem } from './contracts';
import { JOB_ID, json, mockFetch, problem } from './test-helpers';
import { SearchForm } from './SearchForm';

const setup = () => {
  const onSubmitted = vi.fn();
  render(<SearchForm onSubmitted={onSubmitted} />);
  return { onSubmitted };
};
const choose = (label: string) => fireEvent.click(screen.getByRole('radio', { name: label }));
const type = (label: RegExp | string, value: string) => {
  const el = screen.getByLabelText(label);
  fireEvent.change(el, { target: { value } });
  fireEvent.blur(el);
  return el;
};
const submit = () => fireEvent.click(screen.getByRole('button', { name: 'Find resources' }));
const errorOf = (el: HTMLElement) => {
  const ids = (el.getAttribute('aria-describedby') ?? '').split(' ');
  return ids.map((id) => document.getElementById(id)).find((n) => n?.classList.contains('field-error'))?.textContent ?? null;
};

describe('choosing the input', () => {
  it('offers the seven choices and shows only the fields of the chosen one', () => {
    setup();
    expect(screen.getAllByRole('radio').map((r) => r.closest('label')?.textContent)).toEqual([
      'Course URL',
      'Book URL',
      'Title + Author',
      'ISBN',
      'Upload PDF',
      'Paste syllabus',
      'Topics',
    ]);
    expect(screen.getByRole<HTMLInputElement>('radio', { name: 'Title + Author' }).checked).toBe(true);
    expect(screen.getByLabelText(/^Book title/)).toBeTruthy();
    expect(screen.getByLabelText(/^Author/)).toBeTruthy();
    expect(screen.queryByLabelText(/^ISBN \(/)).toBeNull();

    choose('ISBN');
    expect(screen.getByLabelText(/^ISBN \(/)).toBeTruthy();
    expect(screen.queryByLabelText(/^Book title/)).toBeNull();

    choose('Course URL');
    expect(screen.getByLabelText(/^Course page URL/)).toBeTruthy();
    expect(screen.getByLabelText(/^Course name/)).toBeTruthy();
    expect(screen.queryByLabelText(/^ISBN \(/)).toBeNull();

    choose('Upload PDF');
    expect(screen.getByLabelText(/^Syllabus or book/).getAttribute('type')).toBe('file');
    choose('Paste syllabus');
    expect(screen.getByLabelText(/^Syllabus text/).tagName).toBe('TEXTAREA');
    choose('Topics');
    expect(screen.getByLabelText(/^Topics \(/).tagName).toBe('TEXTAREA');
    choose('Book URL');
    expect(screen.getByLabelText(/^Book URL \(/)).toBeTruthy();
  });

  it('keeps the advanced settings (and entries) when the choice changes', () => {
    setup();
    const details = document.querySelector('details.advanced') as HTMLDetailsElement;
    expect(details.open).toBe(false); // collapsed by default
    fireEvent.click(screen.getByText('Advanced options'));
    fireEvent.click(screen.getByLabelText('Lecture videos'));
    fireEvent.change(screen.getByLabelText('Number of results'), { target: { value: '7' } });
    type(/^Sites to exclude/, 'example.com');
    type(/^Focus topics/, 'limits');
    fireEvent.click(screen.getByLabelText(/^Bypass cache/));
    type(/^Book title/, 'Calculus');

    choose('ISBN');
    choose('Topics');
    expect(screen.queryByLabelText(/^Focus topics/)).toBeNull(); // the topics are the focus here
    choose('Title + Author');

    expect(screen.getByLabelText<HTMLInputElement>('Lecture videos').checked).toBe(true);
    expect(screen.getByLabelText<HTMLSelectElement>('Number of results').value).toBe('7');
    expect(screen.getByLabelText<HTMLInputElement>(/^Sites to exclude/).value).toBe('example.com');
    expect(screen.getByLabelText<HTMLInputElement>(/^Focus topics/).value).toBe('limits');
    expect(screen.getByLabelText<HTMLInputElement>(/^Bypass cache/).checked).toBe(true);
    expect(screen.getByLabelText<HTMLInputElement>(/^Book title/).value).toBe('Calculus');
  });
});

describe('inline validation with the API rules', () => {
  it('ISBN: the checksum message of isbnProblem, shown at the field once it is left', () => {
    setup();
    choose('ISBN');
    const el = type(/^ISBN \(/, '978-0-13-110362-8');
    expect(el.getAttribute('aria-invalid')).toBe('true');
    expect(errorOf(el)).toContain('The check digit does not match; please re-type the ISBN from the book.');
    expect(isbnProblem('978-0-13-110362-8')).toMatch(/check digit/);

    type(/^ISBN \(/, '12345');
    expect(errorOf(el)).toContain('An ISBN has 10 or 13 digits; this one has 5.');
    type(/^ISBN \(/, '978-0-13-110362-7');
    expect(el.getAttribute('aria-invalid')).toBeNull();
    expect(errorOf(el)).toBeNull();
  });

  it('URLs must be http(s), as httpUrl says, with an example of what to type', () => {
    setup();
    choose('Course URL');
    const el = type(/^Course page URL/, 'ftp://ocw.mit.edu/course');
    // Word for word the API's own rule (httpUrl), with the field named.
    const apiMessage = httpUrl.safeParse('ftp://ocw.mit.edu/course').error?.issues[0]?.message ?? '';
    expect(apiMessage).toMatch(/^must be a full http:\/\/ or https:\/\/ address/);
    expect(errorOf(el)).toContain(`⚠ Course page URL ${apiMessage.replace(/\.$/, '')}`);
    type(/^Course page URL/, 'javascript:alert(1)');
    expect(errorOf(el)).toMatch(/must be a full http/);
    type(/^Course page URL/, 'https://ocw.mit.edu/courses/18-06/');
    expect(errorOf(el)).toBeNull();
  });

  it('over-long text and bad site lists say how to fix them', () => {
    setup();
    const title = type(/^Book title/, 'x'.repeat(201));
    expect(errorOf(title)).toContain('Book title must be at most 200 characters.');
    fireEvent.click(screen.getByText('Advanced options'));
    const ex = type(/^Sites to exclude/, 'openstax.org, localhost');
    expect(errorOf(ex)).toContain('"localhost" is not a public host name such as ocw.mit.edu');
    expect(errorOf(ex)).toContain('separated by commas');
  });

  it('an error waits until a pressed button is released, so the button does not move under the pointer', async () => {
    setup();
    choose('ISBN');
    const el = screen.getByLabelText(/^ISBN \(/);
    fireEvent.change(el, { target: { value: '123' } });
    const button = screen.getByRole('button', { name: 'Find resources' });
    fireEvent.pointerDown(button);
    fireEvent.blur(el);
    expect(errorOf(el)).toBeNull();
    fireEvent.pointerUp(button);
    await waitFor(() => expect(errorOf(el)).toContain('An ISBN has 10 or 13 digits; this one has 3.'));
  });

  it('submitting an empty choice shows what to enter, focuses the field and sends nothing', async () => {
    const { fn } = mockFetch([]);
    setup();
    submit();
    const el = screen.getByLabelText(/^Book title/);
    expect(errorOf(el)).toContain('Enter the title of the textbook');
    await waitFor(() => expect(document.activeElement).toBe(el));
    expect(fn).not.toHaveBeenCalled();
  });

  it('a problem in a collapsed advanced option opens the options and focuses it', async () => {
    mockFetch([]);
    setup();
    fireEvent.click(screen.getByText('Advanced options'));
    fireEvent.change(screen.getByLabelText(/^Sites to target/), { target: { value: '10.0.0.1' } });
    fireEvent.click(screen.getByText('Advanced options')); // close it again
    type(/^Book title/, 'Calculus');
    submit();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText(/^Sites to target/)));
    expect((document.querySelector('details.advanced') as HTMLDetailsElement).open).toBe(true);
    expect(screen.getByText(/1 problem to fix/)).toBeTruthy();
  });
});

describe('submitting', () => {
  it('sends only the chosen fields plus the settings, and reports the job id', async () => {
    const { calls } = mockFetch([['POST /api/submit', () => json({ job_id: JOB_ID, status: 'queued', message: 'ok' })]]);
    const { onSubmitted } = setup();
    choose('Course URL');
    type(/^Course page URL/, 'https://ocw.mit.edu/x');
    choose('Title + Author');
    type(/^Book title/, '  Calculus Volume 1 ');
    type(/^Author/, 'Strang');
    fireEvent.click(screen.getByText('Advanced options'));
    fireEvent.click(screen.getByLabelText('Textbooks'));
    fireEvent.click(screen.getByLabelText('Lecture notes'));
    type(/^Sites to target/, 'openstax.org');
    submit();
    await waitFor(() => expect(onSubmitted).toHaveBeenCalledWith(JOB_ID, 'Calculus Volume 1 by Strang'));
    expect(JSON.parse(calls[0]?.init?.body as string)).toEqual({
      book_title: '  Calculus Volume 1 ',
      book_author: 'Strang',
      desired_resource_types: ['textbooks', 'lecture_notes'],
      targeted_sites: 'openstax.org',
      max_results: 6,
    });
  });

  it('uploads the file first, then submits its upload id', async () => {
    const uploadId = '0b7e7d0c-3a1f-4d3e-9c1b-8f2a6d5e4c3b';
    const { calls } = mockFetch([
      ['POST /api/uploads', () => json({ upload_id: uploadId }, { status: 201 })],
      ['POST /api/submit', () => json({ job_id: JOB_ID, status: 'queued', message: 'ok' })],
    ]);
    const { onSubmitted } = setup();
    choose('Upload PDF');
    const file = new File(['%PDF-1.4 syllabus'], 'syllabus.pdf', { type: 'application/pdf' });
    fireEvent.change(screen.getByLabelText(/^Syllabus or book/), { target: { files: [file] } });
    submit();
    await waitFor(() => expect(onSubmitted).toHaveBeenCalledWith(JOB_ID, 'syllabus.pdf'));
    expect(calls[0]?.init?.body).toBeInstanceOf(FormData);
    expect(JSON.parse(calls[1]?.init?.body as string)).toMatchObject({ book_upload_id: uploadId });
  });

  it('a file that is not a PDF or text is refused before upload', () => {
    mockFetch([]);
    setup();
    choose('Upload PDF');
    fireEvent.change(screen.getByLabelText(/^Syllabus or book/), { target: { files: [new File(['x'], 'slides.pptx')] } });
    submit();
    expect(screen.getByText(/Only PDF and plain-text files can be read/)).toBeTruthy();
  });

  it("the API's 422 field problems appear at their fields", async () => {
    mockFetch([
      [
        'POST /api/submit',
        () =>
          problem(422, 'validation_error', 'Please fix the request: course_url is not public.', {
            fields: [{ field: 'course_url', problem: 'points to a private or local address; give the public address of the course page' }],
          }),
      ],
    ]);
    setup();
    choose('Course URL');
    const el = type(/^Course page URL/, 'http://192.168.1.10/course');
    submit();
    await waitFor(() => expect(errorOf(el)).toContain('Points to a private or local address; give the public address of the course page.'));
    expect(screen.queryByRole('alert')).toBeNull();
    // Editing the field clears the server's complaint.
    type(/^Course page URL/, 'https://ocw.mit.edu/');
    expect(errorOf(el)).toBeNull();
  });

  it('a 429 says when to try again, from Retry-After', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    mockFetch([
      [
        'POST /api/submit',
        () =>
          problem(
            429,
            'rate_limited',
            'Too many submit requests (limit 1/minute). Try again in 42 s.',
            { error: 'rate_limited', retry_after: 42 },
            { 'retry-after': '42' },
          ),
      ],
    ]);
    setup();
    type(/^Book title/, 'Calculus');
    submit();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Too many searches');
    expect(alert.textContent).toContain('Too many submit requests (limit 1/minute)');
    expect(screen.getByTestId('retry-after').textContent).toMatch(/You can try again in 42 s \(at \d\d:\d\d:\d\d/);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(43_000);
    });
    expect(screen.getByTestId('retry-after').textContent).toBe('You can try again now.');
  });

  it('a network failure says to check the connection', async () => {
    mockFetch([['POST /api/submit', () => Promise.reject(new TypeError('Failed to fetch'))]]);
    setup();
    type(/^Book title/, 'Calculus');
    submit();
    expect((await screen.findByRole('alert')).textContent).toContain('Could not reach the ScholarSource server');
  });
});
