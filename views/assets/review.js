// Review screen: progressive enhancement of the row forms. Without this file every operation is a
// form post (POST → 303 → GET). With it, operations go to the JSON API and only the rows that
// changed are replaced, so the page never reloads; every operation also has a key (press ?).
(() => {
  'use strict';
  const root = document.getElementById('review');
  if (!root) return;
  const pairId = root.dataset.pair;
  const threshold = root.dataset.threshold || '0.8';
  const csrf = document.querySelector('meta[name="csrf-token"]')?.content || '';
  const rowsEl = document.getElementById('rows');
  const flash = document.getElementById('flash');
  const help = document.getElementById('help');
  let version = Number(root.dataset.version);
  let busy = false;
  let caret = null; // last caret position in a paragraph being edited (for "Break paragraph here")

  const NUMERIC = new Set(['link', 'sentence', 'en', 'ko', 'index', 'paragraph', 'at', 'version']);

  function revealScriptControls() {
    document.querySelectorAll('.help-button, .next-doubtful').forEach((el) => { el.hidden = false; });
  }
  revealScriptControls();

  const rows = () => Array.from(rowsEl.querySelectorAll(':scope > .bead-row'));
  const openRows = () => rows().map((r, i) => (r.classList.contains('open') ? i : -1)).filter((i) => i >= 0).join(',');

  function showFlash(message, opts = {}) {
    flash.replaceChildren();
    const p = document.createElement('p');
    p.textContent = message;
    flash.append(p);
    if (opts.changes && opts.changes.length) {
      const ul = document.createElement('ul');
      ul.className = 'changes';
      for (const c of opts.changes) {
        const li = document.createElement('li');
        const b = document.createElement('b');
        b.textContent = c.user;
        li.append(b, ` ${c.summary}`);
        ul.append(li);
      }
      flash.append(ul);
    }
    flash.classList.toggle('info', !!opts.info);
    flash.hidden = false;
  }
  const hideFlash = () => { flash.hidden = true; flash.replaceChildren(); };

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

  function bodyFrom(form, action) {
    const body = {};
    for (const [k, v] of new FormData(form)) {
      if (k === '_csrf' || k === 'open' || k === 'do') continue;
      body[k] = v;
    }
    parseAction(action, body);
    if (body.op === 'split-paragraph' && caret !== null) body.at = caret;
    for (const k of Object.keys(body)) if (NUMERIC.has(k) && body[k] !== '') body[k] = Number(body[k]);
    body.version = version;
    return body;
  }

  function renumber() {
    rows().forEach((row, i) => {
      if (Number(row.dataset.link) === i) return;
      const old = row.dataset.link;
      row.dataset.link = String(i);
      row.id = `row-${i}`;
      row.querySelectorAll('input[name="link"]').forEach((el) => { el.value = String(i); });
      row.querySelectorAll('input[name="open"]').forEach((el) => { el.value = String(i); });
      const no = row.querySelector('.row-no');
      if (no) no.textContent = String(i + 1);
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
  }

  function where() {
    const active = document.activeElement;
    const row = active && active.closest ? active.closest('.bead-row') : null;
    const sent = active && active.closest ? active.closest('.sent-row') : null;
    return {
      row, sent,
      link: row ? Number(row.dataset.link) : null,
      sentence: sent ? Number(sent.dataset.sentence) : null,
    };
  }

  async function send(body, after = {}) {
    if (busy) return;
    busy = true;
    root.setAttribute('aria-busy', 'true');
    const here = where();
    try {
      const q = new URLSearchParams({ fragment: '1', below: threshold, open: openRows() });
      const res = await fetch(`/api/pairs/${pairId}/ops?${q}`, {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrf },
        body: JSON.stringify(body),
      });
      let data = null;
      try { data = await res.json(); } catch { data = null; }
      if (!res.ok) {
        const err = (data && data.error) || { code: 'http_' + res.status, message: `The server answered ${res.status}.` };
        showFlash(`${res.status === 409 ? 'Conflict: ' : ''}${err.message}`, { changes: err.changes });
        flash.dataset.code = err.code;
        flash.dataset.status = String(res.status);
        if (res.status === 409) await refreshAll();
        return;
      }
      hideFlash();
      const { patch, rows: html, summary } = data.fragment;
      const list = rows();
      const ref = list[patch.start + patch.removed] || null;
      for (let k = 0; k < patch.removed; k++) list[patch.start + k].remove();
      rowsEl.insertBefore(fromHtml(html.join('')), ref);
      renumber();
      replaceSummary(summary);
      version = data.version;
      root.dataset.version = String(version);
      caret = null;
      let link = here.link ?? patch.start;
      if (after.advance) link += 1;
      focusRow(link, after.advance ? null : here.sentence);
    } catch (e) {
      showFlash(`The change could not be sent (${e && e.message ? e.message : e}). Nothing was changed; try again.`);
    } finally {
      busy = false;
      root.removeAttribute('aria-busy');
    }
  }

  /** After a conflict: fetch every row and the summary as they are now. */
  async function refreshAll() {
    const here = where();
    const q = new URLSearchParams({ below: threshold, open: openRows() });
    const res = await fetch(`/pairs/${pairId}/rows?${q}`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!res.ok) return;
    const data = await res.json();
    rowsEl.replaceChildren(fromHtml(data.rows.join('')));
    replaceSummary(data.summary);
    version = data.version;
    root.dataset.version = String(version);
    if (here.link !== null) focusRow(here.link);
  }

  /** Re-renders one row (open or closed, optionally with a paragraph in edit mode). */
  async function reloadRow(row, opts) {
    const i = Number(row.dataset.link);
    const q = new URLSearchParams({ below: threshold, open: opts.open ? '1' : '0' });
    if (opts.edit) q.set('edit', opts.edit);
    const res = await fetch(`/pairs/${pairId}/rows/${i}?${q}`, { credentials: 'same-origin' });
    if (!res.ok) { showFlash(`Row ${i + 1} could not be loaded (${res.status}).`); return null; }
    const frag = fromHtml(await res.text());
    const fresh = frag.firstElementChild;
    row.replaceWith(frag);
    return fresh;
  }

  async function toggleSentences(row) {
    const fresh = await reloadRow(row, { open: !row.classList.contains('open') });
    if (fresh) fresh.focus();
  }

  async function editParagraph(row, key) {
    const fresh = await reloadRow(row, { open: row.classList.contains('open'), edit: key });
    const area = fresh && fresh.querySelector('textarea.edit-text');
    if (area) { area.focus(); area.setSelectionRange(area.value.length, area.value.length); }
  }

  function nextDoubtful() {
    const list = rows();
    const start = where().link ?? -1;
    for (let k = 1; k <= list.length; k++) {
      const row = list[(start + k) % list.length];
      if (row.dataset.doubtful === '1') { row.focus({ preventScroll: true }); row.scrollIntoView({ block: 'center' }); return; }
    }
    showFlash('No doubtful rows left: every row is confirmed or above the threshold.', { info: true });
  }

  function step(dir) {
    const items = Array.from(rowsEl.querySelectorAll('.bead-row, .sent-row'));
    const active = document.activeElement;
    const current = active && active.closest ? (active.closest('.sent-row') || active.closest('.bead-row')) : null;
    let i = current ? items.indexOf(current) + dir : 0;
    i = Math.max(0, Math.min(items.length - 1, i));
    if (items[i]) { items[i].focus({ preventScroll: true }); items[i].scrollIntoView({ block: 'nearest' }); }
  }

  // ---- events -----------------------------------------------------------------------------------

  document.addEventListener('submit', (ev) => {
    const form = ev.target;
    if (!(form instanceof HTMLFormElement) || !form.classList.contains('op-form')) return;
    const submitter = ev.submitter;
    if (!submitter || submitter.name !== 'do') return;
    ev.preventDefault();
    send(bodyFrom(form, submitter.value));
  });

  document.addEventListener('click', (ev) => {
    const a = ev.target instanceof Element ? ev.target.closest('a, button') : null;
    if (!a) return;
    const row = a.closest('.bead-row');
    if (a.classList.contains('toggle-sentences') && row) { ev.preventDefault(); toggleSentences(row); }
    else if (a.classList.contains('edit-link') && row) { ev.preventDefault(); editParagraph(row, a.dataset.edit); }
    else if (a.classList.contains('cancel-edit') && row) { ev.preventDefault(); reloadRow(row, { open: row.classList.contains('open') }).then((r) => r && r.focus()); }
    else if (a.classList.contains('next-doubtful')) { ev.preventDefault(); nextDoubtful(); }
    else if (a.classList.contains('help-button')) { ev.preventDefault(); help.showModal(); }
  });

  document.addEventListener('selectionchange', () => {
    const a = document.activeElement;
    if (a instanceof HTMLTextAreaElement && a.classList.contains('edit-text')) caret = a.selectionStart;
  });

  /** Runs an operation on the focused row (or sentence link) from the keyboard. */
  function keyOp(action, opts = {}) {
    const here = where();
    const scope = here.sent || (here.row && here.row.querySelector('form.row-form'));
    if (action === 'undo' || action === 'redo' || action === 'realign-rest') {
      send({ op: action, version });
      return;
    }
    if (!scope) { showFlash('Choose a row first: j / k move between rows.', { info: true }); return; }
    const body = {};
    for (const [k, v] of new FormData(scope)) {
      if (['link', 'sentence'].includes(k) || (action === 'split' && (k === 'en' || k === 'ko'))) body[k] = Number(v);
    }
    parseAction(action, body);
    body.version = version;
    send(body, opts);
  }

  document.addEventListener('keydown', (ev) => {
    const t = ev.target;
    if (t instanceof HTMLTextAreaElement && t.classList.contains('edit-text')) {
      const row = t.closest('.bead-row');
      if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
        ev.preventDefault();
        t.closest('.para').querySelector('button[value^="edit-text"]').click();
      } else if (ev.key === 'Escape' && row) {
        ev.preventDefault();
        reloadRow(row, { open: row.classList.contains('open') }).then((r) => r && r.focus());
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
      case 'j': case 'ArrowDown': if (ev.key === 'ArrowDown' && !onRowItself && here.row) { handled = false; break; } step(1); break;
      case 'k': case 'ArrowUp': if (ev.key === 'ArrowUp' && !onRowItself && here.row) { handled = false; break; } step(-1); break;
      case 'n': nextDoubtful(); break;
      case 'N': window.location.href = `/review/next?after=${pairId}`; break;
      case 'o': if (here.row) toggleSentences(here.row); break;
      case 'Enter': if (onRowItself && !here.sent && here.row) toggleSentences(here.row); else handled = false; break;
      case 'c': {
        const scope = here.sent || here.row;
        const confirmed = here.sent ? here.sent.classList.contains('confirmed') : here.row && here.row.dataset.confirmed === '1';
        if (!scope) { keyOp('confirm'); break; }
        keyOp(confirmed ? 'unconfirm' : 'confirm', { advance: !confirmed && !here.sent });
        break;
      }
      case 'C': keyOp('confirm-up-to'); break;
      case 'm': keyOp('merge'); break;
      case 's': keyOp('split'); break;
      case 'u': case 'd': case 'U': case 'D': keyOp(`move side=${sideKey[ev.key][0]} dir=${sideKey[ev.key][1]}`); break;
      case 'x': keyOp('no-counterpart side=en'); break;
      case 'X': keyOp('no-counterpart side=ko'); break;
      case 'e': case 'E': {
        const side = ev.key === 'e' ? 'en' : 'ko';
        const para = here.row && here.row.querySelector(`.para[data-side="${side}"]`);
        if (para) editParagraph(here.row, `${side}-${para.dataset.paragraph}`);
        else showFlash(`This row has no ${side === 'en' ? 'English' : 'Korean'} paragraph to edit.`, { info: true });
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

  // Start on the row in the URL fragment (after a no-JS post, or a shared link), else the first doubtful one.
  const target = window.location.hash ? document.querySelector(window.location.hash.replace(/[^#\w-]/g, '')) : null;
  if (target && target.classList.contains('bead-row')) target.focus({ preventScroll: false });
})();
