import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { api, ApiProblem } from './api';
import { ErrorNotice } from './ErrorNotice';
import {
  MODES,
  MODE_FIELDS,
  buildRequest,
  fieldMessage,
  formFieldOf,
  initialForm,
  provisionalTitle,
  validateForm,
  type FieldKey,
  type FieldSpec,
  type FormState,
  type Mode,
  type Options,
  type TextField,
} from './form-model';
import { DESIRED_TYPES, DESIRED_TYPE_LABELS, type DesiredResourceType } from './labels';

export interface SearchFormProps {
  onSubmitted: (jobId: string, title: string) => void;
}

type Errors = Partial<Record<FieldKey, string>>;

const ADVANCED_FIELDS: readonly FieldKey[] = ['desired_resource_types', 'focus_topics', 'targeted_sites', 'excluded_sites', 'max_results'];

export const fieldId = (k: FieldKey): string => (k === 'desired_resource_types' ? `f-type-${DESIRED_TYPES[0]}` : `f-${k}`);

/** The search form: the choice of input, only that choice's fields, and the advanced options. */
export function SearchForm({ onSubmitted }: SearchFormProps) {
  const [form, setForm] = useState<FormState>(initialForm);
  const [touched, setTouched] = useState<ReadonlySet<FieldKey>>(new Set());
  const [tried, setTried] = useState(false);
  const [serverErrors, setServerErrors] = useState<Errors>({});
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [retryAt, setRetryAt] = useState<number | null>(null);
  const [busy, setBusy] = useState<'' | 'uploading' | 'submitting'>('');
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const errors = useMemo(() => validateForm(form), [form]);
  const shown = (k: FieldKey): string | undefined => serverErrors[k] ?? (tried || touched.has(k) ? errors[k] : undefined);

  const clearServer = (k: FieldKey) =>
    setServerErrors((e) => {
      if (!(k in e)) return e;
      const { [k]: _gone, ...rest } = e;
      return rest;
    });
  const touch = (k: FieldKey) => setTouched((t) => (t.has(k) ? t : new Set(t).add(k)));

  // A field left by pressing a button shows its error only once the press is over: an error appearing
  // at mousedown would move the button away from under the pointer, and the click would be lost.
  const pointerDown = useRef(false);
  const pendingTouch = useRef(new Set<FieldKey>());
  useEffect(() => {
    const down = () => {
      pointerDown.current = true;
    };
    const up = () =>
      setTimeout(() => {
        pointerDown.current = false;
        const keys = [...pendingTouch.current];
        pendingTouch.current.clear();
        if (keys.length) setTouched((t) => new Set([...t, ...keys]));
      }, 0);
    document.addEventListener('pointerdown', down, true);
    document.addEventListener('pointerup', up, true);
    document.addEventListener('pointercancel', up, true);
    return () => {
      document.removeEventListener('pointerdown', down, true);
      document.removeEventListener('pointerup', up, true);
      document.removeEventListener('pointercancel', up, true);
    };
  }, []);
  const leave = (k: FieldKey) => {
    if (pointerDown.current) pendingTouch.current.add(k);
    else touch(k);
  };
  const setText = (k: TextField, v: string) => {
    clearServer(k);
    setForm((f) => ({ ...f, text: { ...f.text, [k]: v } }));
  };
  const setOption = <K extends keyof Options>(k: K, v: Options[K]) => {
    if (k !== 'bypass_cache') clearServer(k);
    setForm((f) => ({ ...f, options: { ...f.options, [k]: v } }));
  };
  // Changing the choice keeps every entry and the optional settings; only what is shown changes.
  const setMode = (mode: Mode) => {
    setForm((f) => ({ ...f, mode }));
    setProblem(null);
  };

  const focusFirst = (errs: Errors) => {
    const order: FieldKey[] = [...MODE_FIELDS[form.mode].map((f) => f.key), ...ADVANCED_FIELDS];
    const first = order.find((k) => errs[k]);
    if (!first) return;
    if (ADVANCED_FIELDS.includes(first)) setAdvancedOpen(true);
    setTimeout(() => document.getElementById(fieldId(first))?.focus(), 0);
  };

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setTried(true);
    setProblem(null);
    if (Object.keys(errors).length > 0) {
      focusFirst(errors);
      return;
    }
    try {
      let uploadId: string | undefined;
      if (form.mode === 'upload' && form.file) {
        setBusy('uploading');
        try {
          uploadId = (await api.upload(form.file)).upload_id;
        } catch (err) {
          if (err instanceof ApiProblem && err.status !== 429 && err.status !== 0) {
            setServerErrors({ file: err.message });
            focusFirst({ file: err.message });
            return;
          }
          throw err;
        }
      }
      setBusy('submitting');
      const res = await api.submit(buildRequest(form, uploadId));
      onSubmitted(res.job_id, provisionalTitle(form));
    } catch (err) {
      const p = err instanceof ApiProblem ? err : new ApiProblem(0, 'network', 'The search could not be sent. Please try again.');
      const mapped: Errors = {};
      for (const f of p.fields) {
        const k = formFieldOf(f.field, form.mode);
        if (k && !mapped[k]) mapped[k] = fieldMessage(k, f.problem);
      }
      setServerErrors(mapped);
      setRetryAt(p.status === 429 || p.retryAfter !== null ? Date.now() + (p.retryAfter ?? 60) * 1000 : null);
      // Field problems are shown at their fields; anything else (or a problem with a hidden field) up here.
      const visible = Object.keys(mapped).length > 0 && Object.keys(mapped).length === p.fields.length;
      setProblem(visible ? null : p);
      if (Object.keys(mapped).length) focusFirst(mapped);
    } finally {
      setBusy('');
    }
  }

  const modeFields = MODE_FIELDS[form.mode];
  const advancedErrors = ADVANCED_FIELDS.filter((k) => shown(k)).length;

  return (
    <form ref={formRef} className="search-form" onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="search-heading">
      <h2 id="search-heading">Describe your course</h2>
      <fieldset className="modes">
        <legend>How do you want to describe it?</legend>
        <div className="mode-options">
          {MODES.map((m) => (
            <label key={m.id} className={`mode-option${form.mode === m.id ? ' is-checked' : ''}`}>
              <input type="radio" name="mode" value={m.id} checked={form.mode === m.id} onChange={() => setMode(m.id)} />
              <span>{m.label}</span>
            </label>
          ))}
        </div>
      </fieldset>

      <div className="mode-fields">
        {modeFields.map((spec) =>
          spec.kind === 'file' ? (
            <FileField
              key={spec.key}
              spec={spec}
              file={form.file}
              error={shown('file')}
              onChange={(file) => {
                clearServer('file');
                touch('file');
                setForm((f) => ({ ...f, file }));
              }}
            />
          ) : (
            <TextInput
              key={spec.key}
              fieldKey={spec.key}
              spec={spec}
              value={form.text[spec.key as TextField]}
              error={shown(spec.key)}
              onChange={(v) => setText(spec.key as TextField, v)}
              onBlur={() => leave(spec.key)}
            />
          ),
        )}
      </div>

      <details className="advanced" open={advancedOpen} onToggle={(e) => setAdvancedOpen(e.currentTarget.open)}>
        <summary>
          Advanced options
          {advancedErrors > 0 && <span className="summary-error"> ({advancedErrors === 1 ? '1 problem' : `${advancedErrors} problems`} to fix)</span>}
        </summary>
        <div className="advanced-body">
          <fieldset className="types" aria-describedby="types-hint">
            <legend>Resource types</legend>
            <p id="types-hint" className="hint">
              Leave all unticked for the best mix.
            </p>
            <div className="type-options">
              {DESIRED_TYPES.map((t) => (
                <label key={t} className="check">
                  <input
                    type="checkbox"
                    id={`f-type-${t}`}
                    checked={form.options.desired_resource_types.includes(t)}
                    onChange={(e) => {
                      const cur = form.options.desired_resource_types;
                      const next: DesiredResourceType[] = e.currentTarget.checked ? [...cur, t] : cur.filter((x) => x !== t);
                      setOption('desired_resource_types', DESIRED_TYPES.filter((x) => next.includes(x)));
                    }}
                  />
                  <span>{DESIRED_TYPE_LABELS[t]}</span>
                </label>
              ))}
            </div>
            <FieldError id="desired_resource_types" error={shown('desired_resource_types')} />
          </fieldset>

          {form.mode === 'topics' ? (
            <p className="hint" id="focus-topics-note">
              Focus topics: in Topics mode your topics are the focus. Anything typed here for other choices is kept.
            </p>
          ) : (
            <TextInput
              spec={{ label: 'Focus topics (optional)', required: false, kind: 'text', hint: 'Topics to stress, separated by commas; they take priority.', placeholder: 'eigenvalues, least squares' }}
              fieldKey="focus_topics"
              value={form.options.focus_topics}
              error={shown('focus_topics')}
              onChange={(v) => setOption('focus_topics', v)}
              onBlur={() => leave('focus_topics')}
            />
          )}
          <TextInput
            spec={{ label: 'Sites to target (optional)', required: false, kind: 'text', hint: 'Host names separated by commas.', placeholder: 'ocw.mit.edu, openstax.org' }}
            fieldKey="targeted_sites"
            value={form.options.targeted_sites}
            error={shown('targeted_sites')}
            onChange={(v) => setOption('targeted_sites', v)}
            onBlur={() => leave('targeted_sites')}
          />
          <TextInput
            spec={{ label: 'Sites to exclude (optional)', required: false, kind: 'text', hint: 'Host names separated by commas.', placeholder: 'example.com' }}
            fieldKey="excluded_sites"
            value={form.options.excluded_sites}
            error={shown('excluded_sites')}
            onChange={(v) => setOption('excluded_sites', v)}
            onBlur={() => leave('excluded_sites')}
          />
          <div className="field field-inline">
            <label htmlFor="f-max_results">Number of results</label>
            <select id="f-max_results" value={form.options.max_results} onChange={(e) => setOption('max_results', Number(e.currentTarget.value))}>
              {[5, 6, 7].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
            <FieldError id="max_results" error={shown('max_results')} />
          </div>
          <label className="check">
            <input type="checkbox" id="f-bypass_cache" checked={form.options.bypass_cache} onChange={(e) => setOption('bypass_cache', e.currentTarget.checked)} />
            <span>Bypass cache: search again instead of reusing a recent answer</span>
          </label>
        </div>
      </details>

      {problem && <ErrorNotice problem={problem} retryAt={retryAt} title={problem.status === 429 ? 'Too many searches' : 'The search could not start'} />}

      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy !== ''} aria-describedby={busy ? 'busy-note' : undefined}>
          {busy === 'uploading' ? 'Uploading…' : busy === 'submitting' ? 'Starting search…' : 'Find resources'}
        </button>
        {busy && (
          <span id="busy-note" className="hint" role="status">
            {busy === 'uploading' ? 'Uploading your file…' : 'Starting your search…'}
          </span>
        )}
      </div>
    </form>
  );
}

function FieldError({ id, error }: { id: string; error: string | undefined }) {
  if (!error) return null;
  return (
    <p id={`${id}-error`} className="field-error">
      <span aria-hidden="true">⚠ </span>
      {error}
    </p>
  );
}

function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const v = ids.filter(Boolean).join(' ');
  return v || undefined;
}

function TextInput(props: {
  fieldKey: FieldKey;
  spec: Omit<FieldSpec, 'key'>;
  value: string;
  error: string | undefined;
  onChange: (v: string) => void;
  onBlur: () => void;
}) {
  const { spec, value, error, fieldKey: key } = props;
  const id = `f-${key}`;
  const hintId = spec.hint ? `${key}-hint` : undefined;
  const countId = spec.kind === 'textarea' && spec.max ? `${key}-count` : undefined;
  const common = {
    id,
    name: key,
    value,
    'aria-invalid': error ? true : undefined,
    'aria-required': spec.required || undefined,
    'aria-describedby': describedBy(hintId, error && `${key}-error`, countId),
    onChange: (e: { currentTarget: { value: string } }) => props.onChange(e.currentTarget.value),
    onBlur: props.onBlur,
    placeholder: spec.placeholder,
  };
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>
        {spec.label.replace(/ \(optional\)$/, '')}
        <span className="required">{spec.required ? ' (required)' : ' (optional)'}</span>
      </label>
      {spec.hint && (
        <p id={hintId} className="hint">
          {spec.hint}
        </p>
      )}
      {spec.kind === 'textarea' ? (
        <textarea {...common} rows={key === 'syllabus_text' ? 10 : 3} />
      ) : (
        <input
          {...common}
          type={spec.kind === 'url' ? 'url' : 'text'}
          inputMode={spec.kind === 'url' ? 'url' : undefined}
          autoComplete={spec.autoComplete ?? 'off'}
          spellCheck={spec.kind === 'url' ? false : undefined}
        />
      )}
      {countId && spec.max && (
        <p id={countId} className={`hint count${value.length > spec.max ? ' over' : ''}`}>
          {value.length.toLocaleString('en')} / {spec.max.toLocaleString('en')} characters
        </p>
      )}
      <FieldError id={key} error={error} />
    </div>
  );
}

function FileField(props: { spec: FieldSpec; file: File | null; error: string | undefined; onChange: (f: File | null) => void }) {
  const { spec, file, error } = props;
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor="f-file">
        {spec.label}
        <span className="required"> (required)</span>
      </label>
      <p id="file-hint" className="hint">
        {spec.hint}
      </p>
      <input
        id="f-file"
        name="file"
        type="file"
        accept=".pdf,.txt,application/pdf,text/plain"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy('file-hint', error && 'file-error')}
        onChange={(e) => props.onChange(e.currentTarget.files?.[0] ?? null)}
      />
      {file && <p className="hint">Chosen: {file.name}</p>}
      <FieldError id="file" error={error} />
    </div>
  );
}
