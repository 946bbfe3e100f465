// Import job page: asks the page's JSON twin for the job every second and updates the figures,
// until the job is done or failed. A separate file because the CSP forbids inline script.
(function () {
  const section = document.getElementById('job');
  if (!section || section.dataset.finished === '1') return;
  const url = section.dataset.jobUrl;
  const field = (name) => section.querySelector('[data-field="' + name + '"]');
  const setText = (name, value) => {
    const el = field(name);
    if (el) el.textContent = String(value);
  };
  const setProgress = (name, percent) => {
    const el = field(name);
    if (el) {
      el.value = percent;
      el.textContent = percent + '%';
    }
    setText(name + 'Text', percent + '%');
  };
  const show = (name, visible) => {
    const el = field(name);
    if (el) el.hidden = !visible;
  };

  function render(job) {
    setText('state', job.state);
    setText('phase', job.finished || !job.phase ? '' : job.phase === 'align' ? '· aligning' : '· importing');
    for (const name of ['lines', 'imported', 'duplicates', 'rejected', 'aligned', 'toAlign']) setText(name, job[name]);
    setProgress('importPercent', job.importPercent);
    setProgress('alignPercent', job.alignPercent);
    setText('error', job.error || '');
    show('error', Boolean(job.error));
    show('done', job.state === 'done');
    const list = field('rejections');
    if (list && job.rejections.length) {
      const ul = list.querySelector('ul');
      ul.replaceChildren(...job.rejections.map((r) => {
        const li = document.createElement('li');
        li.textContent = 'Line ' + r.line + ': ' + r.reason;
        return li;
      }));
      list.hidden = false;
    }
  }

  async function poll() {
    try {
      const res = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      if (res.ok) {
        const job = await res.json();
        render(job);
        if (job.finished) return;
      }
    } catch {
      // The server may be restarting: keep asking.
    }
    setTimeout(poll, 1000);
  }
  setTimeout(poll, 1000);
})();
