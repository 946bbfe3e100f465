// Review screen: progressive enhancement of the row forms. Without this file every operation is a
// form post (POST → 303 → GET). With it, operations go to the JSON API and only the rows that
// changed are replaced, so the page never reloads; every operation also has a key (press ?).
// Rules kept here: nothing moves under the pointer (rows have a fixed height; tools only fade in),
// every outcome is said in the sticky bar (an aria-live region) and marked on its row, and no typed
// text is lost (open editors survive redraws, conflicts and leaving the page asks first).
(() => {
  'use strict';
  const root = document.getElementById('review');
  if (!root) return;
  const pairId = root.dataset.pair;
  const threshold = root.dataset.threshold || '';
  const csrf = document.querySelector('meta[name="csrf-token"]')?.content || '';
  const rowsEl = document.getElementById('rows');
  const flash = document.getElementById('flash');
  const evLine = document.getElementById('evidence-line');
  const help = document.getElementById('help');
  let version = Number(root.dataset.version);
  let busy = false;
  let current = null; // the row last focused: n, keys and the evidence line start from it
  let marked = null; // {link, message, kind}: the row a message is about
  const pendingEvents = [];
  // what "Link selected" links: paragraphs (indices as the API shows them) or sentences of one row
  const sel = { level: 'paragraph', link: null, en: new Set(), ko: new Set(), anchor: { en: null, ko: null } };

  const NUMERIC = new Set(['link', 'sentence', 'en', 'ko', 'index', 'paragraph', 'at', 'version']);
  const SIDE = { en: 'English', ko: 'Korean' };

  const rows = () => Array.from(rowsEl.querySelectorAll(':scope > .link-row'));
  const rowAt = (i) => document.getElementById(`row-${i}`);
  const openRows = () => rows().filter((r) => r.classList.contains('open')).map((r) => r.dataset.link).join(',');

  function revealScriptControls() {
    document.querySelectorAll('.help-button, .next-doubtful').forEach((el) => { el.hidden = false; });
    const hide = document.querySelector('.filter-confirmed');
    const only = document.querySelector('.filter-doubtful');
    if (hide) hide.checked = root.classList.contains('hide-confirmed');
    if (only) only.checked = root.classList.contains('only-doubtful');
    paintPresence();
  }

  // ---- messages: in the sticky bar (aria-live) and on the row concerned ---------------------------

  function markRow() {
    document.querySelectorAll('.link-row.has-msg').forEach((r) => {
      r.classList.remove('has-msg', 'msg-info');
      const m = r.querySelector('.row-msg');
      if (m) m.textContent = '';
    });
    if (!marked) return;
    const r = rowAt(marked.link);
    if (!r) return;
    r.classList.add('has-msg');
    if (marked.kind !== 'error') r.classList.add('msg-info');
    const m = r.querySelector(':scope > form > .row-head .row-msg');
    if (m) m.textContent = marked.message;
  }

  /** Says `message` in the bar; `row` (index) gets marked; `actions` become buttons beside it. */
  function say(message, opts = {}) {
    const kind = opts.kind || 'error';
    flash.replaceChildren();
    flash.setAttribute('aria-live', kind === 'error' ? 'assertive' : 'polite');
    const p = document.createElement('p');
    p.textContent = message;
    p.title = message;
    flash.append(p);
    if (opts.changes && opts.changes.length) {
      const ul = document.createElement('ul');
      ul.className = 'changes';
      for (const c of opts.changes.slice(0, 5)) {
        const li = document.createElement('li');
        const b = document.createElement('b');
        b.textContent = c.user;
        li.append(b, ` ${c.summary}`);
        ul.append(li);
      }
      flash.append(ul);
    }
    let first = null;
    for (const a of opts.actions || []) {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = a.label;
      b.addEventListener('click', a.run);
      flash.append(b);
      first = first || b;
    }
    flash.className = `flash ${kind}`;
    flash.dataset.kind = kind;
    if (opts.code) flash.dataset.code = opts.code; else delete flash.dataset.code;
    marked = opts.row !== undefined && opts.row !== null ? { link: opts.row, message, kind } : null;
    markRow();
    if (first && opts.focusAction) first.focus();
  }
  const clearMsg = () => { flash.replaceChildren(); flash.className = 'flash empty'; delete flash.dataset.code; marked = null; markRow(); };

  // ---- the row in use: focus ring, evidence line --------------------------------------------------

  function showEvidence(row) {
    evLine.replaceChildren();
    const ul = row && row.querySelector('ul.evidence');
    if (!row || !ul) return;
    const list = document.createElement('ul');
    for (const li of ul.children) list.append(li.cloneNode(true));
    evLine.append(`Evidence, row ${Number(row.dataset.link) + 1}: `, list);
  }

  function setCurrent(row) {
    if (current === row) return;
    if (current) current.classList.remove('current');
    current = row;
    if (row) row.classList.add('current');
    showEvidence(row);
  }

  rowsEl.addEventListener('focusin', (ev) => {
    const row = ev.target.closest && ev.target.closest('.link-row');
    if (row) setCurrent(row);
    const sent = ev.target.closest && ev.target.closest('.sent-row');
    document.querySelectorAll('.sent-row.current').forEach((s) => { if (s !== sent) s.classList.remove('current'); });
    if (sent) sent.classList.add('current');
    if (row && row.dataset.stub) loadAround(Number(row.dataset.link));
  });
  rowsEl.addEventListener('mouseover', (ev) => {
    const row = ev.target.closest && ev.target.closest('.link-row');
    if (row) showEvidence(row);
  });
  rowsEl.addEventListener('mouseleave', () => showEvidence(current));

  // ---- building request bodies -------------------------------------------------------------------

  /** "move side=en dir=up" → {op:'move', side:'en', dir:'up'} */
  function parseAction(action, body) {
    const [op, ...pairs] = action.trim().split(/\s+/);
    body.op = op;
    for (const p of pairs) {
      const eq = p.indexOf('=');
      if (eq > 0) body[p.slice(0, eq)] = p.slice(eq + 1);
    }
    return body;
  }

  function bodyFrom(form, action, submitter) {
    const body = {};
    for (const [k, v] of new FormData(form)) {
      if (k === '_csrf' || k === 'open' || k === 'do' || k === 'text' || k === 'at' || k === 'confidence') continue;
      body[k] = v;
    }
    parseAction(action, body);
    if (body.op === 'edit-text' || body.op === 'split-paragraph') {
      const editor = submitter.closest('.editor');
      const area = editor.querySelector('textarea.edit-text');
      if (body.op === 'edit-text') body.text = area.value;
      else {
        // the typed "break after character" position when given, else the caret
        const typed = editor.querySelector('input.break-at').value.trim();
        const at = typed !== '' ? Number(typed) : area.selectionStart; // a textarea keeps its caret when it loses focus
        if (at === null || !(at > 0 && at < area.value.length)) return null;
        body.at = at;
      }
    } else if (body.op !== 'split') { delete body.en; delete body.ko; }
    for (const k of Object.keys(body)) if (NUMERIC.has(k) && body[k] !== '') body[k] = Number(body[k]);
    body.version = version;
    return body;
  }

  // ---- talking to the server ---------------------------------------------------------------------

  /** Rows near the viewport (and rows with an open editor), so the server draws those in full. */
  function nearRange() {
    const list = rows();
    const top = 0;
    const bottom = window.innerHeight;
    let a = -1;
    let b = -1;
    for (let i = 0; i < list.length; i++) {
      const r = list[i].getBoundingClientRect();
      if (r.height === 0) continue;
      if (r.bottom >= top - 800 && r.top <= bottom + 800) { if (a < 0) a = i; b = i; }
      else if (a >= 0 && r.top > bottom + 800) break;
    }
    for (const e of rowsEl.querySelectorAll('.link-row.editing')) {
      const i = Number(e.dataset.link);
      a = a < 0 ? i : Math.min(a, i);
      b = Math.max(b, i);
    }
    return a < 0 ? '0-30' : `${a}-${b}`;
  }

  async function post(body, query = {}) {
    const q = new URLSearchParams({ below: threshold, open: openRows(), near: nearRange(), ...query });
    const res = await fetch(`/api/pairs/${pairId}/ops?${q}`, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify(body),
    });
    let data = null;
    try { data = await res.json(); } catch { data = null; }
    return { res, data };
  }

  function where() {
    const active = document.activeElement;
    const inRows = active && rowsEl.contains(active);
    const row = inRows ? active.closest('.link-row') : current;
    const sent = inRows ? active.closest('.sent-row') : null;
    return {
      row, sent,
      link: row ? Number(row.dataset.link) : null,
      sentence: sent ? Number(sent.dataset.sentence) : null,
    };
  }

  async function send(body, after = {}) {
    if (busy) { say('Still saving the previous change; try again in a moment.', { kind: 'info' }); return; }
    busy = true;
    root.setAttribute('aria-busy', 'true');
    const here = after.here || where();
    const rowOfOp = typeof body.link === 'number' ? body.link : here.link;
    try {
      const { res, data } = await post(body, { fragment: '1' });
      if (!res.ok) {
        const err = (data && data.error) || { code: 'http_' + res.status, message: `The server answered ${res.status}.` };
        if (err.conflict && after.editor) {
          showConflict(after.editor, err.conflict);
          say(err.message, { row: rowOfOp, code: err.code });
        } else {
          say(`${res.status === 409 && err.code === 'stale_version' ? 'Conflict: ' : ''}${err.message}`, { changes: err.changes, row: rowOfOp, code: err.code });
        }
        if (res.status === 409 && err.code === 'stale_version') { await refreshAll(); markRow(); }
        return;
      }
      if (after.editor) after.editor.dataset.saved = '1';
      applyFragment(data.fragment);
      version = data.version;
      root.dataset.version = String(version);
      if (data.crossed) await refreshAll();
      if (body.op === 'link') clearSelection();
      let link = here.link ?? data.fragment.patch.start;
      if (after.advance) link = nextVisible(link);
      if (!after.keepFocus) focusRow(link, after.advance ? null : here.sentence);
      say(`Done: ${data.applied}.`, { kind: 'ok', row: link });
    } catch (e) {
      say(`The change could not be sent (${e && e.message ? e.message : e}). Nothing was changed; try again.`, { row: rowOfOp });
    } finally {
      busy = false;
      root.removeAttribute('aria-busy');
      drainEvents();
    }
  }

  function fromHtml(html) {
    const t = document.createElement('template');
    t.innerHTML = html; // server-rendered, every text escaped by the template
    return t.content;
  }

  function replaceSummary(html) {
    const el = document.getElementById('review-summary');
    if (el) el.replaceWith(fromHtml(html));
    revealScriptControls();
  }

  /** Open editors in `nodes` (kept with what was typed, the caret and any conflict note). */
  function takeEditors(nodes) {
    const out = [];
    for (const n of nodes) {
      for (const ed of n.querySelectorAll('.para.editor')) {
        if (ed.dataset.saved) continue; // its own save just went through
        const area = ed.querySelector('textarea');
        out.push({ ed, focused: document.activeElement === area, start: area.selectionStart, end: area.selectionEnd });
      }
    }
    return out;
  }

  /** Puts kept editors back in place of their paragraphs in the fresh rows. */
  function putEditors(kept) {
    for (const k of kept) {
      const { side, paragraph } = k.ed.dataset;
      const target = rowsEl.querySelector(`.link-row:not(.open) .para[data-side="${side}"][data-paragraph="${paragraph}"]`);
      if (target) {
        target.closest('.link-row').classList.add('editing');
        // someone else changed the very paragraph being edited: show theirs beside the typed text
        const copy = target.cloneNode(true);
        copy.querySelectorAll('.pno').forEach((n) => n.remove());
        const theirs = copy.textContent.trim();
        const area = k.ed.querySelector('textarea');
        if (!target.classList.contains('editor') && theirs !== area.defaultValue.trim() && theirs !== k.ed.dataset.theirs) {
          k.ed.dataset.theirs = theirs;
          showConflict(k.ed, { theirs, resend: { op: 'edit-text', side, paragraph: Number(paragraph) } });
        }
        target.replaceWith(k.ed);
        if (k.focused) { const a = k.ed.querySelector('textarea'); a.focus({ preventScroll: true }); a.setSelectionRange(k.start, k.end); }
      } else {
        // the paragraph is gone (joined, or its row is open): the text must not be lost
        const text = k.ed.querySelector('textarea').value;
        say(`Your unsaved text of ${SIDE[side]} paragraph ${Number(paragraph) + 1} no longer has its place; it was copied to the clipboard.`, { kind: 'error' });
        navigator.clipboard?.writeText(text).catch(() => {});
      }
    }
  }

  /** Replaces rows [start, start+removed) with fresh HTML, keeping open editors and the selection marks. */
  function replaceRows(start, removed, html) {
    const list = rows();
    const old = list.slice(start, start + removed);
    const kept = takeEditors(old);
    const ref = list[start + removed] || null;
    const hadCurrent = current && old.includes(current);
    const currentIndex = current ? Number(current.dataset.link) : null;
    for (const r of old) r.remove();
    const frag = fromHtml(html);
    const fresh = Array.from(frag.children);
    rowsEl.insertBefore(frag, ref && ref.parentNode === rowsEl ? ref : null);
    renumber();
    putEditors(kept);
    if (hadCurrent) { current = null; setCurrent(rowAt(Math.min(currentIndex, rows().length - 1))); }
    for (const r of fresh) if (r.dataset && r.dataset.stub && lazy) lazy.observe(r);
    paintSelection();
  }

  function applyFragment(fragment) {
    const { patch, rows: html, summary } = fragment;
    replaceRows(patch.start, patch.removed, html.join(''));
    replaceSummary(summary);
    markRow();
  }

  function renumber() {
    rows().forEach((row, i) => {
      if (Number(row.dataset.link) === i) return;
      const old = row.dataset.link;
      row.dataset.link = String(i);
      row.id = `row-${i}`;
      row.querySelectorAll('input[name="link"], input[name="open"]').forEach((el) => { el.value = String(i); });
      row.querySelectorAll('.row-no').forEach((no) => { no.textContent = no.textContent.replace(/^\d+/, String(i + 1)); });
      const relabel = (el) => {
        const label = el.getAttribute('aria-label');
        if (label) el.setAttribute('aria-label', label.replace(/\b(Row|row) \d+/, (_m, w) => `${w} ${i + 1}`));
      };
      relabel(row);
      row.querySelectorAll('[aria-label]').forEach(relabel);
      row.querySelectorAll('a[href]').forEach((a) => {
        a.setAttribute('href', a.getAttribute('href').replace(/#row-\d+/, `#row-${i}`).replace(`open=${old}`, `open=${i}`));
      });
    });
  }

  /** After a conflict or a change of crossed rows: every row and the summary as they are now. */
  async function refreshAll() {
    const here = where();
    const q = new URLSearchParams({ below: threshold, open: openRows(), near: nearRange() });
    const res = await fetch(`/pairs/${pairId}/rows?${q}`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!res.ok) return;
    const data = await res.json();
    const kept = takeEditors(rows());
    const currentIndex = current ? Number(current.dataset.link) : null;
    rowsEl.replaceChildren(fromHtml(data.rows.join('')));
    current = null;
    putEditors(kept);
    replaceSummary(data.summary);
    version = data.version;
    root.dataset.version = String(version);
    observeStubs();
    paintSelection();
    if (currentIndex !== null) setCurrent(rowAt(Math.min(currentIndex, rows().length - 1)));
    if (here.link !== null && !kept.some((k) => k.focused) && rowsEl.contains(document.activeElement) === false && document.activeElement === document.body) focusRow(here.link);
  }

  /** Re-renders one row (open or closed, optionally with a paragraph in edit mode). */
  async function reloadRow(row, opts) {
    const i = Number(row.dataset.link);
    const q = new URLSearchParams({ below: threshold, open: opts.open ? '1' : '0' });
    if (opts.edit) q.set('edit', opts.edit);
    const res = await fetch(`/pairs/${pairId}/rows/${i}?${q}`, { credentials: 'same-origin' });
    if (!res.ok) { say(`Row ${i + 1} could not be loaded (${res.status}).`, { row: i }); return null; }
    const frag = fromHtml(await res.text());
    const fresh = frag.firstElementChild;
    const wasCurrent = row === current;
    row.replaceWith(frag);
    if (wasCurrent) { current = null; setCurrent(fresh); }
    paintSelection();
    markRow();
    return fresh;
  }

  // ---- long pairs: stubs are filled as they come near --------------------------------------------

  const wanted = new Set();
  let loadTimer = null;
  const lazy = 'IntersectionObserver' in window ? new IntersectionObserver((entries) => {
    for (const e of entries) if (e.isIntersecting) wanted.add(Number(e.target.dataset.link));
    if (wanted.size && !loadTimer) loadTimer = setTimeout(loadWanted, 20);
  }, { rootMargin: '1200px 0px' }) : null;
  function observeStubs() { if (lazy) rowsEl.querySelectorAll('.link-row.stub').forEach((r) => lazy.observe(r)); }
  observeStubs();

  async function loadRange(from, to) {
    const q = new URLSearchParams({ below: threshold, open: openRows(), from: String(from), to: String(to) });
    const res = await fetch(`/pairs/${pairId}/rows?${q}`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!res.ok) return;
    const data = await res.json();
    if (data.version !== version) return; // changed meanwhile: the next op or event redraws
    data.rows.forEach((html, k) => {
      const r = rowAt(data.from + k);
      if (r && r.dataset.stub) {
        if (lazy) lazy.unobserve(r);
        const frag = fromHtml(html);
        const fresh = frag.firstElementChild;
        const wasCurrent = r === current;
        const hadFocus = document.activeElement === r;
        r.replaceWith(frag);
        if (wasCurrent) { current = null; setCurrent(fresh); }
        if (hadFocus) fresh.focus({ preventScroll: true });
      }
    });
    paintSelection();
    markRow();
  }

  async function loadWanted() {
    loadTimer = null;
    const list = [...wanted].sort((a, b) => a - b);
    wanted.clear();
    // contiguous runs, at most 200 rows per request
    let a = list[0];
    let prev = a;
    const runs = [];
    for (const i of list.slice(1).concat([Infinity])) {
      if (i !== prev + 1 || i - a >= 200) { runs.push([a, prev + 1]); a = i; }
      prev = i;
    }
    for (const [from, to] of runs) await loadRange(from, to);
  }

  async function loadAround(i) {
    const r = rowAt(i);
    if (r && r.dataset.stub) await loadRange(Math.max(0, i - 15), i + 25);
  }

  // ---- moving around -------------------------------------------------------------------------------

  const shown = (el) => el.offsetParent !== null;

  function nextVisible(i) {
    const list = rows();
    for (let k = i + 1; k < list.length; k++) if (shown(list[k])) return k;
    return Math.min(i, list.length - 1);
  }

  function focusRow(i, sentence) {
    const list = rows();
    if (list.length === 0) return;
    const row = list[Math.max(0, Math.min(i, list.length - 1))];
    let target = row;
    if (sentence !== undefined && sentence !== null) {
      const sents = row.querySelectorAll('.sent-row');
      if (sents.length) target = sents[Math.max(0, Math.min(sentence, sents.length - 1))];
    }
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: 'nearest' });
    setCurrent(row);
  }

  async function toggleSentences(row) {
    const fresh = await reloadRow(row, { open: !row.classList.contains('open') });
    if (fresh) fresh.focus();
  }

  async function editParagraph(row, side) {
    // the selected paragraph of that side in this row, else the first
    const paras = Array.from(row.querySelectorAll(`.sel[data-side="${side}"][data-paragraph]`)).map((b) => Number(b.dataset.paragraph));
    if (!paras.length) { say(`This row has no ${SIDE[side]} paragraph to edit.`, { kind: 'info', row: Number(row.dataset.link) }); return; }
    const chosen = paras.find((p) => sel.level === 'paragraph' && sel[side].has(p)) ?? paras[0];
    const fresh = await reloadRow(row, { open: false, edit: `${side}-${chosen}` });
    const area = fresh && fresh.querySelector('textarea.edit-text');
    if (area) { area.focus(); area.setSelectionRange(area.value.length, area.value.length); }
  }

  function nextDoubtful() {
    const list = rows();
    const start = current ? Number(current.dataset.link) : -1;
    for (let k = 1; k <= list.length; k++) {
      const row = list[(start + k) % list.length];
      if (row.dataset.doubtful === '1' && shown(row)) {
        row.focus({ preventScroll: true });
        row.scrollIntoView({ block: 'center' });
        setCurrent(row);
        return;
      }
    }
    say('No doubtful rows left: every row is confirmed or at or above the threshold.', { kind: 'info' });
  }

  function step(dir) {
    const items = Array.from(rowsEl.querySelectorAll('.link-row, .sent-row')).filter(shown);
    const active = document.activeElement;
    const inRows = active && rowsEl.contains(active);
    const here = inRows ? (active.closest('.sent-row') || active.closest('.link-row')) : current;
    let i = here ? items.indexOf(here) + dir : 0;
    i = Math.max(0, Math.min(items.length - 1, i));
    if (items[i]) { items[i].focus({ preventScroll: true }); items[i].scrollIntoView({ block: 'nearest' }); }
  }

  function nextPair() {
    let skipped = [];
    try { skipped = JSON.parse(sessionStorage.getItem('jjak-skipped') || '[]'); } catch { skipped = []; }
    const status = document.getElementById('review-summary')?.dataset.status;
    if (status !== 'reviewed' && !skipped.includes(Number(pairId))) skipped.push(Number(pairId));
    skipped = skipped.slice(-300);
    try { sessionStorage.setItem('jjak-skipped', JSON.stringify(skipped)); } catch { /* private mode: no memory of skips */ }
    window.location.href = `/review/next?after=${pairId}&skip=${skipped.join(',')}`;
  }

  // ---- selection and "Link selected" ----------------------------------------------------------------

  function clearSelection() {
    sel.en.clear(); sel.ko.clear(); sel.link = null; sel.anchor = { en: null, ko: null };
    paintSelection();
  }

  function paintSelection() {
    for (const b of rowsEl.querySelectorAll('button.sel')) {
      const side = b.dataset.side;
      let on = false;
      if (b.dataset.paragraph !== undefined) on = sel.level === 'paragraph' && sel[side].has(Number(b.dataset.paragraph));
      else on = sel.level === 'sentence' && sel.link === Number(b.closest('.link-row').dataset.link) && sel[side].has(Number(b.dataset.item));
      b.setAttribute('aria-pressed', on ? 'true' : 'false');
    }
    for (const p of rowsEl.querySelectorAll('p.para.text')) {
      p.classList.toggle('selected', sel.level === 'paragraph' && sel[p.dataset.side].has(Number(p.dataset.paragraph)));
    }
  }

  /** Toggles item `n` of `side` (shift: the range from the last one picked on that side). */
  function pick(level, link, side, n, range) {
    if (sel.level !== level || (level === 'sentence' && sel.link !== link)) { clearSelection(); sel.level = level; sel.link = link; }
    const set = sel[side];
    if (range && sel.anchor[side] !== null) {
      const a = Math.min(sel.anchor[side], n);
      const b = Math.max(sel.anchor[side], n);
      for (let k = a; k <= b; k++) set.add(k);
    } else if (set.has(n)) set.delete(n);
    else set.add(n);
    sel.anchor[side] = n;
    paintSelection();
    const count = (s) => `${sel[s].size} ${SIDE[s]}`;
    say(`Selected ${count('en')} and ${count('ko')} ${level === 'paragraph' ? 'paragraph' : 'sentence'}(s); press l or "Link selected" to link exactly them.`, { kind: 'info' });
  }

  /** v / V: the English / Korean paragraphs of the row in use (or the sentences of the sentence link in use). */
  function pickRow(side, extend) {
    const here = where();
    if (!here.row) { say('Choose a row first: j / k move between rows.', { kind: 'info' }); return; }
    const scope = here.sent || here.row.querySelector(':scope > form');
    const items = Array.from(scope.querySelectorAll(`.sel[data-side="${side}"]`));
    if (!items.length) { say(`This row has no ${SIDE[side]} ${here.sent ? 'sentence' : 'paragraph'}.`, { kind: 'info', row: here.link }); return; }
    const level = here.sent ? 'sentence' : 'paragraph';
    const nums = items.map((b) => Number(here.sent ? b.dataset.item : b.dataset.paragraph));
    if (sel.level !== level || (level === 'sentence' && sel.link !== here.link)) { clearSelection(); sel.level = level; sel.link = here.link; }
    const all = nums.every((n) => sel[side].has(n));
    if (!extend && all) nums.forEach((n) => sel[side].delete(n));
    else if (extend && sel.anchor[side] !== null) {
      const lo = Math.min(sel.anchor[side], nums[0]);
      const hi = Math.max(sel.anchor[side], nums[nums.length - 1]);
      for (let k = lo; k <= hi; k++) sel[side].add(k);
    } else nums.forEach((n) => sel[side].add(n));
    sel.anchor[side] = nums[nums.length - 1];
    paintSelection();
    say(`Selected ${sel.en.size} English and ${sel.ko.size} Korean ${level}(s); press l to link them.`, { kind: 'info' });
  }

  function linkSelected(fromButton) {
    if (sel.en.size + sel.ko.size === 0) {
      say('Nothing is selected: click the ¶ buttons of the paragraphs to link (shift-click for a range) or press v / V on a row, then l.', { kind: 'info', row: fromButton ? Number(fromButton.closest('.link-row').dataset.link) : null });
      return;
    }
    const sorted = (s) => [...s].sort((a, b) => a - b);
    const body = { op: 'link', level: sel.level, en: sorted(sel.en), ko: sorted(sel.ko), version };
    if (sel.level === 'sentence') body.link = sel.link;
    send(body, sel.level === 'sentence' ? { here: { link: sel.link, sentence: null, row: rowAt(sel.link) } } : {});
  }

  // ---- bulk confirm ------------------------------------------------------------------------------

  async function confirmAtLeast() {
    const input = document.querySelector('.bulk-confidence');
    const confidence = Number(input ? input.value : threshold);
    if (!(confidence >= 0 && confidence <= 1)) { say('Give a confidence between 0 and 1.', { kind: 'error' }); return; }
    const { res, data } = await post({ op: 'confirm-at-least', confidence, dryRun: true, version });
    if (!res.ok) { say((data && data.error && data.error.message) || `The server answered ${res.status}.`, { code: data?.error?.code }); return; }
    const n = data.dryRun.count;
    if (n === 0) { say(`No unconfirmed row has a confidence at or above ${confidence}.`, { kind: 'info' }); return; }
    say(`${n} unconfirmed row${n === 1 ? '' : 's'} at or above ${confidence} would be confirmed (one undo step).`, {
      kind: 'info', focusAction: true,
      actions: [
        { label: `Confirm ${n} row${n === 1 ? '' : 's'}`, run: () => send({ op: 'confirm-at-least', confidence, version }, { keepFocus: true }) },
        { label: 'Cancel', run: clearMsg },
      ],
    });
  }

  // ---- text editing: conflicts, leaving the page ---------------------------------------------------

  function showConflict(editor, conflict) {
    const box = editor.querySelector('.conflict');
    if (!box) return;
    box.replaceChildren();
    const p = document.createElement('p');
    p.textContent = conflict.theirs === null
      ? 'This paragraph no longer exists in the current version (someone joined or removed it). Your text is still in the box above.'
      : 'Someone else saved this paragraph meanwhile. Their version is below; yours is still in the box above.';
    box.append(p);
    if (conflict.theirs !== null) {
      const q = document.createElement('blockquote');
      q.textContent = conflict.theirs;
      box.append(q);
      const onTop = document.createElement('button');
      onTop.type = 'button';
      onTop.className = 'primary save-on-top';
      onTop.textContent = 'Save on top';
      onTop.addEventListener('click', () => {
        const area = editor.querySelector('textarea');
        box.hidden = true;
        send({ ...conflict.resend, text: area.value, version }, { editor });
      });
      const theirs = document.createElement('button');
      theirs.type = 'button';
      theirs.textContent = 'Keep theirs';
      theirs.addEventListener('click', () => {
        const row = editor.closest('.link-row');
        editor.querySelector('textarea').value = editor.querySelector('textarea').defaultValue;
        reloadRow(row, { open: false }).then((r) => r && r.focus());
      });
      box.append(onTop, ' ', theirs);
    }
    box.hidden = false;
  }

  const dirtyEditors = () => Array.from(rowsEl.querySelectorAll('textarea.edit-text')).filter((a) => a.value !== a.defaultValue);

  window.addEventListener('beforeunload', (ev) => {
    if (dirtyEditors().length) { ev.preventDefault(); ev.returnValue = ''; }
  });

  function cancelEdit(row) {
    const dirty = Array.from(row.querySelectorAll('textarea.edit-text')).some((a) => a.value !== a.defaultValue);
    if (dirty && !window.confirm('Discard the text you typed in this paragraph?')) return;
    reloadRow(row, { open: false }).then((r) => r && r.focus());
  }

  // ---- others' changes (Server-Sent Events) and who else is here -----------------------------------

  function drainEvents() {
    while (pendingEvents.length && !busy) {
      const ev = pendingEvents.shift();
      if (ev.version > version) { void applyRemote(ev); return; }
    }
  }

  async function applyRemote(ev) {
    if (busy) { pendingEvents.unshift(ev); return; }
    busy = true;
    try {
      const focusedEl = document.activeElement;
      const here = where();
      if (ev.version !== version + 1) {
        await refreshAll();
      } else {
        // the server sends the window to redraw, already widened for rows that became first or last
        const { start, removed, inserted } = ev.changed;
        const q = new URLSearchParams({ below: threshold, open: openRows(), from: String(start), to: String(start + inserted), summary: '1' });
        const res = await fetch(`/pairs/${pairId}/rows?${q}`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
        const data = res.ok ? await res.json() : null;
        if (!data || data.version !== ev.version || data.rows.length !== inserted) await refreshAll();
        else {
          replaceRows(start, removed, data.rows.join(''));
          if (data.summary) replaceSummary(data.summary);
          version = data.version;
          root.dataset.version = String(version);
        }
      }
      // focus stays where it was: on the same element if it survived, else on the same row
      if (focusedEl && !document.contains(focusedEl) && here.link !== null && !rowsEl.querySelector('textarea:focus')) {
        const r = rowAt(Math.min(here.link, rows().length - 1));
        if (r) r.focus({ preventScroll: true });
      }
      const row = ev.changed.rows && ev.changed.rows.length ? ev.changed.rows[0] : ev.changed.start;
      say(`${ev.by} ${ev.summary}.`, { kind: 'info', row });
    } finally {
      busy = false;
      drainEvents();
    }
  }

  let others = [];
  /** Who else has the pair open (the summary is redrawn after each op, so this is painted again). */
  function paintPresence() {
    const el = document.querySelector('.presence');
    if (!el) return;
    el.replaceChildren();
    if (!others.length) return;
    el.append('Also open by ');
    others.forEach((u, k) => { const b = document.createElement('b'); b.textContent = u; el.append(k ? ', ' : '', b); });
  }

  function listen() {
    if (!('EventSource' in window)) return;
    const es = new EventSource(`/pairs/${pairId}/events`);
    es.addEventListener('op', (e) => {
      let ev;
      try { ev = JSON.parse(e.data); } catch { return; }
      if (ev.version <= version) return; // our own change, already drawn
      pendingEvents.push(ev);
      drainEvents();
    });
    es.addEventListener('presence', (e) => {
      let p;
      try { p = JSON.parse(e.data); } catch { return; }
      others = p.users.filter((u) => u !== p.you);
      root.dataset.others = others.join(',');
      paintPresence();
    });
  }
  listen();

  // ---- pointer -----------------------------------------------------------------------------------

  document.addEventListener('submit', (ev) => {
    const form = ev.target;
    if (!(form instanceof HTMLFormElement) || !form.classList.contains('op-form')) return;
    const submitter = ev.submitter;
    if (!submitter || submitter.name !== 'do') return;
    ev.preventDefault();
    const body = bodyFrom(form, submitter.value, submitter);
    const row = form.closest('.link-row');
    const link = row ? Number(row.dataset.link) : null;
    if (!body) { say('Put the caret where the paragraph should break, or type a position in "break after character".', { row: link }); return; }
    const sent = form.classList.contains('sent-row') ? form : null;
    send(body, {
      here: { row, sent, link, sentence: sent ? Number(sent.dataset.sentence) : null },
      editor: submitter.closest('.editor'),
    });
  });

  document.addEventListener('click', (ev) => {
    const a = ev.target instanceof Element ? ev.target.closest('a, button') : null;
    if (!a) return;
    const row = a.closest('.link-row');
    if (a.classList.contains('toggle-sentences') && row) { ev.preventDefault(); toggleSentences(row); }
    else if (a.classList.contains('edit-link') && row) { ev.preventDefault(); editParagraph(row, a.dataset.edit.slice(0, 2)); }
    else if (a.classList.contains('cancel-edit') && row) { ev.preventDefault(); cancelEdit(row); }
    else if (a.classList.contains('next-doubtful')) { ev.preventDefault(); nextDoubtful(); }
    else if (a.classList.contains('next-pair')) { ev.preventDefault(); nextPair(); }
    else if (a.classList.contains('help-button')) { ev.preventDefault(); help.showModal(); }
    else if (a.classList.contains('confirm-at-least')) { ev.preventDefault(); confirmAtLeast(); }
    else if (a.classList.contains('link-selected')) { ev.preventDefault(); linkSelected(a); }
    else if (a.classList.contains('jump-crossed')) { ev.preventDefault(); jumpCrossed(a); }
    else if (a.classList.contains('sel') && row) {
      ev.preventDefault();
      const sent = a.closest('.sent-row');
      if (sent) pick('sentence', Number(row.dataset.link), a.dataset.side, Number(a.dataset.item), ev.shiftKey);
      else pick('paragraph', null, a.dataset.side, Number(a.dataset.paragraph), ev.shiftKey);
    }
  });

  function jumpCrossed(a) {
    const target = a.classList.contains('crossed-tag')
      ? document.getElementById(`ko-place-${a.closest('.link-row').dataset.crossedKo}`)
      : rowAt(Number(a.closest('.ko-place').dataset.row));
    if (!target) return;
    target.scrollIntoView({ block: 'center' });
    if (target.classList.contains('link-row')) { target.focus({ preventScroll: true }); setCurrent(target); }
    else { target.setAttribute('tabindex', '-1'); target.focus({ preventScroll: true }); }
  }

  document.addEventListener('change', (ev) => {
    const t = ev.target;
    if (!(t instanceof HTMLInputElement)) return;
    if (t.classList.contains('filter-confirmed')) setFilter('hide-confirmed', t.checked);
    else if (t.classList.contains('filter-doubtful')) setFilter('only-doubtful', t.checked);
  });

  function setFilter(cls, on) {
    root.classList.toggle(cls, on);
    const url = new URL(window.location.href);
    if (cls === 'hide-confirmed') { if (on) url.searchParams.set('hide', 'confirmed'); else url.searchParams.delete('hide'); }
    else if (on) url.searchParams.set('only', 'doubtful'); else url.searchParams.delete('only');
    history.replaceState(null, '', url);
    revealScriptControls();
    say(on ? (cls === 'hide-confirmed' ? 'Confirmed rows are hidden.' : 'Only doubtful rows are shown.') : 'All rows are shown.', { kind: 'info' });
  }

  // ---- keys ----------------------------------------------------------------------------------------

  /** Runs an operation on the row (or sentence link) in use from the keyboard. */
  async function keyOp(action, opts = {}) {
    if (action === 'undo' || action === 'redo' || action === 'realign-rest') { send({ op: action, version }, { keepFocus: false }); return; }
    const here = where();
    if (here.row && here.row.dataset.stub) await loadAround(here.link);
    const fresh = where();
    const row = fresh.row || (here.link !== null ? rowAt(here.link) : null);
    const scope = fresh.sent || (row && row.querySelector('form.row-form'));
    if (!scope) { say('Choose a row first: j / k move between rows.', { kind: 'info' }); return; }
    const body = {};
    for (const [k, v] of new FormData(scope)) {
      if (['link', 'sentence'].includes(k) || (action === 'split' && (k === 'en' || k === 'ko'))) body[k] = Number(v);
    }
    parseAction(action, body);
    for (const k of ['index', 'paragraph']) if (body[k] !== undefined) body[k] = Number(body[k]);
    body.version = version;
    send(body, { ...opts, here: { row, sent: fresh.sent, link: Number(row.dataset.link), sentence: fresh.sent ? Number(fresh.sent.dataset.sentence) : null } });
  }

  /** The value of the row's own button with this key (so keys and buttons send the same thing). */
  function buttonAction(key) {
    const here = where();
    const scope = here.sent || (here.row && here.row.querySelector(':scope > form'));
    const b = scope && scope.querySelector(`button[data-key="${key}"][name="do"]`);
    return b ? (b.disabled ? false : b.value) : null;
  }

  document.addEventListener('keydown', (ev) => {
    const t = ev.target;
    if (t instanceof HTMLTextAreaElement && t.classList.contains('edit-text')) {
      const row = t.closest('.link-row');
      if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey) && ev.shiftKey) {
        ev.preventDefault();
        t.closest('.para').querySelector('button[value^="split-paragraph"]').click();
      } else if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
        ev.preventDefault();
        t.closest('.para').querySelector('button[value^="edit-text"]').click();
      } else if (ev.key === 'Escape' && row) {
        ev.preventDefault();
        cancelEdit(row);
      }
      return;
    }
    if (t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement || (t instanceof HTMLElement && t.isContentEditable)) return;
    if (help.open) return;
    if (ev.ctrlKey || ev.metaKey) {
      const k = ev.key.toLowerCase();
      if (k === 'z' && !ev.shiftKey) { ev.preventDefault(); keyOp('undo'); }
      else if ((k === 'z' && ev.shiftKey) || k === 'y') { ev.preventDefault(); keyOp('redo'); }
      return;
    }
    if (ev.altKey) return;
    const here = where();
    const onRowItself = document.activeElement === here.row || document.activeElement === here.sent;
    const sideKey = { u: ['en', 'up'], d: ['en', 'down'], U: ['ko', 'up'], D: ['ko', 'down'] };
    let handled = true;
    switch (ev.key) {
      case 'j': case 'ArrowDown': if (ev.key === 'ArrowDown' && !onRowItself && here.row && rowsEl.contains(document.activeElement)) { handled = false; break; } step(1); break;
      case 'k': case 'ArrowUp': if (ev.key === 'ArrowUp' && !onRowItself && here.row && rowsEl.contains(document.activeElement)) { handled = false; break; } step(-1); break;
      case 'n': nextDoubtful(); break;
      case 'N': nextPair(); break;
      case 'o': if (here.row) toggleSentences(here.row); break;
      case 'Enter': if (onRowItself && !here.sent && here.row) toggleSentences(here.row); else handled = false; break;
      case 'c': {
        const confirmed = here.sent ? here.sent.classList.contains('confirmed') : here.row && here.row.dataset.confirmed === '1';
        keyOp(confirmed ? 'unconfirm' : 'confirm', { advance: !confirmed && !here.sent });
        break;
      }
      case 'r': {
        const status = here.sent ? (here.sent.classList.contains('rejected') ? 'rejected' : '') : here.row && here.row.dataset.status;
        keyOp(status === 'rejected' ? 'unreject' : 'reject');
        break;
      }
      case 'C': keyOp('confirm-up-to'); break;
      case 'm': keyOp('merge'); break;
      case 's': keyOp('split'); break;
      case 'u': case 'd': case 'U': case 'D': keyOp(`move side=${sideKey[ev.key][0]} dir=${sideKey[ev.key][1]}`); break;
      case 'x': case 'X': {
        const v = buttonAction(ev.key);
        keyOp(v || `no-counterpart side=${ev.key === 'x' ? 'en' : 'ko'}`);
        break;
      }
      case 'J': case 'K': {
        const v = buttonAction(ev.key);
        if (v) keyOp(v); else say(`This row has only one ${ev.key === 'J' ? 'English' : 'Korean'} paragraph; nothing to join.`, { kind: 'info', row: here.link });
        break;
      }
      case 'e': case 'E': if (here.row) editParagraph(here.row, ev.key === 'e' ? 'en' : 'ko'); break;
      case 'v': case 'V': pickRow(ev.key === 'v' ? 'en' : 'ko', false); break;
      case 'w': case 'W': pickRow(ev.key === 'w' ? 'en' : 'ko', true); break;
      case 'l': linkSelected(null); break;
      case 'Escape': if (sel.en.size + sel.ko.size) { clearSelection(); say('Selection cleared.', { kind: 'info' }); } else handled = false; break;
      case 'A': confirmAtLeast(); break;
      case 'h': { const c = !root.classList.contains('hide-confirmed'); setFilter('hide-confirmed', c); break; }
      case 'f': { const c = !root.classList.contains('only-doubtful'); setFilter('only-doubtful', c); break; }
      case 'g': {
        const a = here.row && here.row.querySelector('.crossed-tag');
        if (a) jumpCrossed(a); else say('This row is not a crossed link.', { kind: 'info', row: here.link });
        break;
      }
      case 'z': keyOp('undo'); break;
      case 'y': case 'Z': keyOp('redo'); break;
      case 'R': keyOp('realign-rest'); break;
      case '?': help.showModal(); break;
      default: handled = false;
    }
    if (handled) ev.preventDefault();
  });

  revealScriptControls();

  // Start on the row in the URL fragment (after a no-JS post, or a shared link).
  const target = window.location.hash ? document.getElementById(window.location.hash.slice(1).replace(/[^\w-]/g, '')) : null;
  if (target && target.classList.contains('link-row')) { target.focus({ preventScroll: false }); setCurrent(target); }
})();
