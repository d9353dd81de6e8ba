// Isaacus pages: thin glue between the REST API and form-js. No framework on purpose.
(function () {
  'use strict';
  const T = window.ISAACUS_TEXT || { status: {} };
  const main = document.getElementById('main');

  function csrfToken() {
    const m = document.cookie.match(/(?:^|; )XSRF-TOKEN=([^;]*)/);
    return m ? decodeURIComponent(m[1]) : '';
  }

  async function api(method, url, body) {
    const headers = { 'X-XSRF-TOKEN': csrfToken(), 'Accept': 'application/json' };
    const init = { method, headers, credentials: 'same-origin' };
    if (body instanceof FormData) {
      init.body = body;
    } else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const res = await fetch(url, init);
    const text = await res.text();
    const data = text ? JSON.parse(text) : null;
    if (!res.ok) {
      const err = new Error((data && (data.detail || data.title)) || res.statusText);
      err.fieldErrors = data && data.fieldErrors;
      err.status = res.status;
      throw err;
    }
    return data;
  }

  function say(message) {
    const el = document.getElementById('messages');
    if (el) el.textContent = message;
    const errors = document.getElementById('errors');
    if (errors) errors.textContent = '';
  }

  function fail(err) {
    const el = document.getElementById('errors');
    if (!el) return;
    el.textContent = '';
    const p = document.createElement('p');
    p.textContent = err.message;
    el.appendChild(p);
    if (err.fieldErrors) {
      const ul = document.createElement('ul');
      for (const [field, message] of Object.entries(err.fieldErrors)) {
        const li = document.createElement('li');
        li.textContent = message;
        li.dataset.field = field;
        ul.appendChild(li);
      }
      el.appendChild(ul);
    }
  }

  function code(status) {
    return status.toLowerCase().replace(/_/g, '-');
  }

  function statusText(code) {
    return T.status[code] || code;
  }

  function cell(row, content) {
    const td = document.createElement('td');
    if (content instanceof Node) td.appendChild(content); else td.textContent = content == null ? '' : content;
    row.appendChild(td);
  }

  function link(href, text) {
    const a = document.createElement('a');
    a.href = href;
    a.textContent = text;
    return a;
  }

  // words: what the form's texts show instead of codes (a purpose, an outcome, dataset names), by variable
  async function renderForm(formId, data, readOnly, words) {
    const schema = plainTemplates(await api('GET', '/api/forms/' + formId));
    const container = document.getElementById('form');
    container.textContent = '';
    const shown = Object.assign({}, data, { plain: markdownEscaped(Object.assign({}, data || {}, words || {})) });
    // no debounce: a field's pending input would read its element after a re-render (the server's field
    // messages, below) had reset it, and the typed value was lost
    const form = await FormViewer.createForm({
      container, schema, data: shown, properties: { readOnly: !!readOnly }, debounce: false,
      additionalModules: [validationInLanguage] });
    return form;
  }

  // form-js words its checks in English only; each message it makes is said again in the page's language
  const FORM_JS_MESSAGES = [
    [/^Field is required\.$/, 'required'],
    [/^Field must have minimum length of (.+)\.$/, 'minLength'],
    [/^Field must have maximum length of (.+)\.$/, 'maxLength'],
    [/^Field must have minimum value of (.+)\.$/, 'min'],
    [/^Field must have maximum value of (.+)\.$/, 'max'],
    [/^Field must match pattern /, 'pattern'],
    [/^Value is not a number\.$/, 'number'],
    [/^Value is expected to be an integer\.$/, 'integer']
  ];

  function inLanguage(message) {
    for (const [pattern, key] of FORM_JS_MESSAGES) {
      const m = message.match(pattern);
      if (m && T.validation && T.validation[key]) return T.validation[key].replace('{0}', m[1]);
    }
    return message;
  }

  function ValidationInLanguage(validator) {
    for (const method of ['validateField', 'validateFieldInstance']) {
      const original = validator[method].bind(validator);
      validator[method] = (...args) => original(...args).map(inLanguage);
    }
  }
  ValidationInLanguage.$inject = ['validator'];
  const validationInLanguage = {
    __init__: ['validationInLanguage'],
    validationInLanguage: ['type', ValidationInLanguage]
  };

  // the server's reasons beside the fields they concern, where form-js shows its own (the list above the
  // form keeps them too, for those who do not see the marks)
  function markFields(form, fieldErrors) {
    if (!form || !fieldErrors) return;
    const state = form._getState();
    const ids = {};
    (function walk(components) {
      for (const c of components || []) {
        if (c.key) ids[c.key] = c.id;
        walk(c.components);
      }
    })(state.schema.components);
    const errors = Object.assign({}, state.errors);
    for (const [key, message] of Object.entries(fieldErrors)) {
      if (ids[key]) errors[ids[key]] = [message];
    }
    form._setState({ errors });
  }

  // form-js renders text components as Markdown. What applicants, holders and researchers wrote reaches them
  // through {{templates}}; escaped, a title like "[see](https://…)", a bare address or "# Approved" stays text. A text component
  // names the server-made Markdown it really means (a download link) in properties.markdownVariables.
  function plainTemplates(schema) {
    (function walk(components) {
      for (const c of components || []) {
        if (c.type === 'text' && typeof c.text === 'string') {
          const trusted = ((c.properties && c.properties.markdownVariables) || '').split(',').map(s => s.trim());
          c.text = c.text.replace(/\{\{\s*([A-Za-z_][\w.]*)\s*\}\}/g,
            (whole, path) => trusted.includes(path) ? whole : '{{plain.' + path + '}}');
        }
        walk(c.components);
      }
    })(schema.components);
    return schema;
  }

  function markdownEscaped(value) {
    // character references: shown as typed, never read as Markdown (backslash escapes show up inside autolinks)
    if (typeof value === 'string') {
      return value.replace(/[\\`*_{}\[\]()#+\-.!|<>~&:=]/g, c => '&#' + c.charCodeAt(0) + ';');
    }
    if (Array.isArray(value)) return value.map(markdownEscaped);
    if (value && typeof value === 'object') {
      const copy = {};
      for (const [k, v] of Object.entries(value)) copy[k] = markdownEscaped(v);
      return copy;
    }
    return value;
  }

  // --- applications list
  // "New data permit application": a draft is made at once and opened
  async function newApplicationButton() {
    const button = document.getElementById('new-application');
    if (!button) return;
    button.addEventListener('click', async () => {
      try {
        const created = await api('POST', '/api/applications');
        location.href = '/applications/' + created.id;
      } catch (e) { fail(e); }
    });
    button.disabled = false;
  }

  async function applicationsPage() {
    newApplicationButton();
    const list = await api('GET', '/api/applications');
    const body = document.querySelector('#application-list tbody');
    for (const app of list) {
      const row = document.createElement('tr');
      cell(row, link('/applications/' + app.id, app.title || app.id));
      cell(row, statusText(code(app.status)));
      cell(row, new Date(app.createdAt).toLocaleString(document.documentElement.lang));
      body.appendChild(row);
    }
    document.getElementById('empty').hidden = list.length > 0;
  }

  // --- one application
  // the application form's dataset and variable choices, named as the catalogue names them
  async function catalogueOptions() {
    // the catalogue's own names in the page's language
    const suffix = { fi: 'Fi', sv: 'Sv' }[document.documentElement.lang] || 'En';
    const datasets = await api('GET', '/api/catalogue/datasets');
    const datasetNames = Object.fromEntries(datasets.map(d => [d.id, d['name' + suffix]]));
    const variables = await api('GET', '/api/catalogue/variables');
    return {
      datasetOptions: datasets.map(d => ({
        value: d.id, label: d['name' + suffix] + ' (' + (d['holderName' + (suffix === 'En' ? '' : suffix)]) + ')' })),
      // each variable with what it holds
      // each variable says its dataset: the form lists only those of the datasets chosen
      variableOptions: variables.map(v => ({
        value: v.datasetId + '.' + v.name,
        dataset: v.datasetId,
        label: datasetNames[v.datasetId] + ': ' + v['label' + suffix]
          + (v['description' + suffix] ? ' — ' + v['description' + suffix] : '') }))
    };
  }

  function attachmentItem(caseId, a) {
    const li = document.createElement('li');
    const url = '/api/applications/' + caseId + '/attachments/' + a.id;
    li.appendChild(link(url, a.filename));
    li.appendChild(document.createTextNode(' (' + Math.round(a.sizeBytes / 1024) + ' kB) '));
    // read in the page: the server renders each page as an image, so no PDF viewer is needed
    const read = document.createElement('button');
    read.type = 'button';
    read.textContent = T.readHere;
    read.setAttribute('aria-expanded', 'false');
    const pages = document.createElement('div');
    pages.className = 'attachment-pages';
    pages.hidden = true;
    read.addEventListener('click', async () => {
      const open = pages.hidden;
      pages.hidden = !open;
      read.setAttribute('aria-expanded', String(open));
      if (!open || pages.childElementCount) return;
      try {
        const { pages: count, texts } = await api('GET', url + '/pages');
        for (let n = 1; n <= count; n++) {
          // each page as an image and, for a screen reader or a search in the page, its text beside it
          const figure = document.createElement('figure');
          const img = document.createElement('img');
          img.src = url + '/pages/' + n;
          img.alt = a.filename + ': ' + T.pageOf.replace('{0}', n).replace('{1}', count);
          img.loading = 'lazy';
          const text = document.createElement('details');
          const summary = document.createElement('summary');
          summary.textContent = T.pageText + ' (' + T.pageOf.replace('{0}', n).replace('{1}', count) + ')';
          const body = document.createElement('div');
          body.className = 'page-text';
          body.textContent = texts[n - 1] || T.pageNoText;
          text.append(summary, body);
          figure.append(img, text);
          pages.appendChild(figure);
        }
      } catch (e) { fail(e); }
    });
    li.append(read, pages);
    return li;
  }

  async function applicationPage() {
    const id = main.dataset.applicationId;
    const { datasetOptions: options, variableOptions } = await catalogueOptions();
    let app = await api('GET', '/api/applications/' + id);
    const draft = app.status === 'DRAFT';
    const form = await renderForm('permit-application',
      Object.assign({ datasetOptions: options, variableOptions: variableOptions }, app.formData), !draft);

    function show(app) {
      const current = code(app.status);
      document.getElementById('app-title').textContent = app.title;
      const status = document.getElementById('app-status');
      status.textContent = statusText(current);
      status.dataset.status = current;
      document.getElementById('withdraw').hidden = !['submitted', 'incomplete', 'under-assessment'].includes(current);
      const inForce = ['granted', 'granted-with-conditions', 'data-in-preparation', 'data-available'];
      // the server refuses what the permit cannot take (appeal period over, renewal used or too late) with a reason
      document.getElementById('appeal').hidden = !(current === 'refused' || inForce.includes(current));
      document.getElementById('renew').hidden = !inForce.includes(current);
      const ul = document.getElementById('attachments');
      ul.textContent = '';
      for (const a of app.attachments) ul.appendChild(attachmentItem(id, a));
      showTimeline(document.getElementById('timeline'), app.timeline);
      for (const el of document.querySelectorAll('.draft-only')) el.hidden = app.status !== 'DRAFT';
      const decided = !['DRAFT', 'SUBMITTED', 'INCOMPLETE', 'UNDER_ASSESSMENT', 'WITHDRAWN', 'LAPSED']
        .includes(app.status);
      const decision = document.getElementById('decision-link');
      decision.hidden = !decided;
      if (decided) decision.href = '/api/applications/' + id + '/decision.pdf';
      // a decision under appeal says so, and what the court decided once it is recorded
      const appealState = document.getElementById('appeal-state');
      appealState.hidden = !app.appeal;
      if (app.appeal) {
        appealState.textContent = T.appealLodged + ' ' + new Date(app.appeal.lodgedAt).toLocaleDateString(document.documentElement.lang)
          + (app.appeal.courtOutcome ? ' · ' + T.courtOutcome + ': ' + (T.court[app.appeal.courtOutcome] || app.appeal.courtOutcome)
            + ' (' + app.appeal.courtDecidedOn + ')' : ' · ' + T.courtPending);
      }
    }
    show(app);
    // a data request's tables, once the authority has approved them
    if (app.type === 'data-request') {
      api('GET', '/api/applications/' + id + '/statistics').then(files => {
        const ul = document.getElementById('statistics');
        for (const f of files) {
          const li = document.createElement('li');
          li.appendChild(link('/api/applications/' + id + '/statistics/' + f, f));
          ul.appendChild(li);
        }
        document.getElementById('statistics-section').hidden = files.length === 0;
      }).catch(() => {});
    }

    function formData() {
      const { data } = form.submit();
      const copy = Object.assign({}, data);
      delete copy.datasetOptions;
      delete copy.variableOptions;
      return copy;
    }

    // a draft saves itself a few seconds after the last change, so nothing typed is lost
    let autosave = null;
    form.on('changed', (state) => {
      if (app.status !== 'DRAFT') return;
      clearTimeout(autosave);
      autosave = setTimeout(async () => {
        const copy = Object.assign({}, state.data);
        delete copy.datasetOptions;
        delete copy.variableOptions;
        try {
          app = await api('PUT', '/api/applications/' + id + '/form', copy);
          document.getElementById('autosave').textContent =
            T.autosaved + ' ' + new Date().toLocaleTimeString(document.documentElement.lang);
        } catch (e) { /* the buttons save and say what is wrong */ }
      }, 3000);
    });

    document.getElementById('save-draft').addEventListener('click', async () => {
      try {
        app = await api('PUT', '/api/applications/' + id + '/form', formData());
        show(app);
        say(T.saved);
      } catch (e) { fail(e); markFields(form, e.fieldErrors); }
    });
    document.getElementById('submit-application').addEventListener('click', async () => {
      clearTimeout(autosave);
      try {
        await api('PUT', '/api/applications/' + id + '/form', formData());
        app = await api('POST', '/api/applications/' + id + '/submit');
        show(app);
        say(T.submitted);
      } catch (e) { fail(e); markFields(form, e.fieldErrors); }
    });
    document.getElementById('upload').addEventListener('submit', async (event) => {
      event.preventDefault();
      const input = document.getElementById('research-plan');
      if (!input.files.length) return;
      const body = new FormData();
      body.append('file', input.files[0]);
      try {
        await api('POST', '/api/applications/' + id + '/attachments', body);
        app = await api('GET', '/api/applications/' + id);
        show(app);
        input.value = '';
        say(T.uploaded);
      } catch (e) { fail(e); }
    });
    for (const [button, action] of [['withdraw', 'withdraw'], ['appeal', 'appeal'], ['renew', 'renewal']]) {
      document.getElementById(button).addEventListener('click', async () => {
        try {
          await api('POST', '/api/applications/' + id + '/' + action);
          say(T.requested);
        } catch (e) { fail(e); }
      });
    }
    // the authority's actions on the case: both forms answer with the server's reason when refused
    const extendForm = document.getElementById('extend-form');
    if (extendForm) {
      extendForm.addEventListener('submit', async (event) => {
        event.preventDefault();
        try {
          await api('POST', '/api/applications/' + id + '/clock/extension',
            { reason: document.getElementById('extension-reason').value });
          say(T.officerDone);
        } catch (e) { fail(e); }
      });
      document.getElementById('revoke-form').addEventListener('submit', async (event) => {
        event.preventDefault();
        try {
          await api('POST', '/api/applications/' + id + '/revoke',
            { reason: document.getElementById('revocation-reason').value });
          say(T.officerDone);
        } catch (e) { fail(e); }
      });
      document.getElementById('confirm-revocation').addEventListener('click', async () => {
        try {
          await api('POST', '/api/applications/' + id + '/revoke/confirm');
          say(T.officerDone);
        } catch (e) { fail(e); }
      });
      // enabled only now: a click before the handlers exist would submit the form natively and lose the text
      ready('extend-button', 'propose-revocation', 'confirm-revocation');
    }
    try {
      const clock = await api('GET', '/api/applications/' + id + '/clock');
      document.getElementById('clock-due').textContent = new Date(clock.dueAt).toLocaleDateString(document.documentElement.lang);
      document.getElementById('clock-due').dateTime = clock.dueAt;
      document.getElementById('clock').hidden = false;
      if (clock.extended) {
        document.getElementById('clock-due').after(' (' + T.extended + ': ' + clock.extensionReason + ')');
      }
    } catch (e) { /* 404 until the application is complete */ }
    ready('save-draft', 'submit-application', 'upload-button');
  }

  // the case's status history in words, oldest first, in the page's language
  function showTimeline(ol, timeline) {
    ol.textContent = '';
    for (const change of timeline) {
      const li = document.createElement('li');
      li.textContent = statusText(change.status) + (change.reason ? ' (' + change.reason + ')' : '')
        + ' — ' + new Date(change.at).toLocaleString(document.documentElement.lang);
      ol.appendChild(li);
    }
  }

  // The application beside the task, in the form's own words (labels, not codes) with its attachments, for those
  // who may read the case (the authority); committees and holders see what their task shows, and get a 404 here.
  async function showCase(caseId) {
    if (!caseId) return;
    let app;
    try {
      app = await api('GET', '/api/applications/' + caseId);
    } catch (e) { return; }
    const schema = plainTemplates(await api('GET', '/api/forms/permit-application'));
    const container = document.getElementById('case-form');
    await FormViewer.createForm({
      container, schema, data: Object.assign(await catalogueOptions(), app.formData), properties: { readOnly: true }
    });
    const ul = document.getElementById('case-attachments');
    for (const a of app.attachments) ul.appendChild(attachmentItem(caseId, a));
    showTimeline(document.getElementById('case-timeline'), app.timeline);
    document.getElementById('case-link').href = '/applications/' + caseId;
    document.getElementById('case').hidden = false;
  }

  // what earlier steps of the case answered, where it matters to this one: step, who, when, each field in words
  async function showEarlier(jobKey) {
    let earlier;
    try {
      earlier = await api('GET', '/api/tasks/' + jobKey + '/earlier');
    } catch (e) { return; }
    const container = document.getElementById('earlier-answers');
    for (const answer of earlier) {
      const article = document.createElement('article');
      const h3 = document.createElement('h3');
      h3.textContent = answer.step;
      const by = document.createElement('p');
      by.textContent = T.earlierBy.replace('{0}', answer.answeredBy)
        .replace('{1}', new Date(answer.answeredAt).toLocaleDateString(document.documentElement.lang));
      const dl = document.createElement('dl');
      dl.className = 'facts';
      for (const field of answer.fields) {
        const dt = document.createElement('dt');
        dt.textContent = field.label;
        const dd = document.createElement('dd');
        dd.textContent = field.value;
        dl.append(dt, dd);
      }
      article.append(h3, by, dl);
      container.appendChild(article);
    }
    document.getElementById('earlier').hidden = earlier.length === 0;
  }

  // the process diagram beside a task: the steps its case has passed, and this task
  async function showPosition(jobKey) {
    let position;
    try {
      position = await api('GET', '/api/tasks/' + jobKey + '/position');
    } catch (e) { return; }
    if (!position.processId || typeof BpmnJS === 'undefined') return;
    const xml = await (await fetch('/api/tasks/' + jobKey + '/model', { credentials: 'same-origin' })).text();
    document.getElementById('position').hidden = false;
    const viewer = new BpmnJS({ container: '#task-diagram' });
    await viewer.importXML(xml);
    const canvas = viewer.get('canvas');
    const registry = viewer.get('elementRegistry');
    canvas.zoom('fit-viewport');
    for (const id of position.passed) if (registry.get(id)) canvas.addMarker(id, 'passed');
    // a task inside a collapsed subprocess is shown by its subprocess on the main diagram
    const process = viewer.getDefinitions().rootElements.find(e => e.$type === 'bpmn:Process');
    for (const id of [position.current, ...containersOf(process, position.current)]) {
      if (registry.get(id)) canvas.addMarker(id, 'current');
    }
  }

  // the ids of the subprocesses around a flow element, outermost first
  function containersOf(container, id, chain = []) {
    for (const element of (container && container.flowElements) || []) {
      if (element.id === id) return chain;
      if (element.flowElements) {
        const found = containersOf(element, id, chain.concat(element.id));
        if (found) return found;
      }
    }
    return chain.length ? null : [];
  }

  // --- one task
  async function taskPage() {
    const jobKey = main.dataset.jobKey;
    let task = await api('GET', '/api/tasks/' + jobKey);
    const form = await renderForm(task.formId, task.variables, false, task.words);
    function show(t) {
      document.getElementById('task-name').textContent = main.dataset.taskName + ': ' + t.title;
      document.getElementById('task-due').textContent = t.dueAt ? new Date(t.dueAt).toLocaleDateString(document.documentElement.lang) : '';
      document.getElementById('task-assignee').textContent = t.assignee || '';
      document.getElementById('claim').hidden = !!t.assignee;
      // its holder gives it back; an officer can take it back from someone who is away
      document.getElementById('unclaim').hidden =
        !t.assignee || !t.candidateGroups.length || (t.assignee !== main.dataset.me && main.dataset.officer !== 'true');
    }
    show(task);
    showEarlier(jobKey);
    showCase(task.caseId);
    showPosition(jobKey);
    document.getElementById('claim').addEventListener('click', async () => {
      try {
        task = await api('POST', '/api/tasks/' + jobKey + '/claim');
        show(task);
        say(T.claimed);
      } catch (e) { fail(e); }
    });
    document.getElementById('unclaim').addEventListener('click', async () => {
      try {
        task = await api('POST', '/api/tasks/' + jobKey + '/unclaim');
        show(task);
        say(T.unclaimed);
        document.getElementById('claim').focus();
      } catch (e) { fail(e); }
    });
    const assignForm = document.getElementById('assign-form');
    if (assignForm) {
      assignForm.addEventListener('submit', async (event) => {
        event.preventDefault();
        try {
          task = await api('POST', '/api/tasks/' + jobKey + '/assign', { assignee: assignForm.assignee.value });
          show(task);
          say(T.assigned + ' ' + task.assignee);
        } catch (e) { fail(e); }
      });
      ready('assign');
    }
    document.getElementById('complete').addEventListener('click', async () => {
      let submitted;
      try {
        submitted = form.submit();
      } catch (e) { fail(e); return; }
      const { data, errors } = submitted;
      if (Object.keys(errors).length) {
        // form-js marks the fields; the summary says which, for those who do not see the marks
        const fieldErrors = {};
        for (const [field, messages] of Object.entries(errors)) fieldErrors[field] = [].concat(messages).join(' ');
        fail({ message: T.checkFields, fieldErrors });
        return;
      }
      const answer = {};
      for (const key of Object.keys(data)) {
        if (!(key in task.variables) || data[key] !== task.variables[key]) answer[key] = data[key];
      }
      try {
        await api('POST', '/api/tasks/' + jobKey + '/complete', answer);
        say(T.completed);
        document.getElementById('complete').disabled = true;
        setTimeout(() => { location.href = '/tasks'; }, 800);
      } catch (e) { fail(e); markFields(form, e.fieldErrors); }
    });
    ready('claim', 'unclaim', 'complete');
  }

  // buttons stay disabled until their handlers are attached, so an early click is never lost
  function ready(...ids) {
    for (const id of ids) document.getElementById(id).disabled = false;
  }

  async function mailboxPage() {
    const messages = await api('GET', '/api/notifications');
    const list = document.getElementById('messages-list');
    for (const m of messages) {
      const li = document.createElement('li');
      const h = document.createElement('h2');
      h.textContent = m.subject;
      const meta = document.createElement('p');
      meta.className = 'meta';
      meta.textContent = new Date(m.createdAt).toLocaleString(document.documentElement.lang) + ' · ' + m.recipient;
      const body = document.createElement('p');
      body.textContent = m.body;
      li.append(h, meta, body);
      list.appendChild(li);
    }
    document.getElementById('empty').hidden = messages.length > 0;
  }

  // the public yearly figures: applications, decisions and the median days to a decision
  async function yearlyStatistics() {
    const yearly = await api('GET', '/api/public/statistics');
    const body = document.querySelector('#yearly-statistics tbody');
    for (const r of yearly.rows) {
      const row = document.createElement('tr');
      // the year as it is written (2026, not 2 026), the counts in the reader's locale
      r.forEach((v, i) => cell(row, i > 0 && typeof v === 'number' ? v.toLocaleString(document.documentElement.lang) : v));
      body.appendChild(row);
    }
  }

  async function permitsPage() {
    yearlyStatistics();
    const permits = await api('GET', '/api/public/permits');
    const body = document.querySelector('#permit-list tbody');
    for (const p of permits) {
      const row = document.createElement('tr');
      cell(row, p.permitHolder);
      cell(row, p.title);
      cell(row, p.purpose);
      cell(row, p.datasets);
      cell(row, p.validUntil || '');
      body.appendChild(row);
    }
  }

  // --- the secure environment
  async function workspacesPage() {
    const list = await api('GET', '/api/spe/workspaces');
    const body = document.querySelector('#workspace-list tbody');
    for (const w of list) {
      const row = document.createElement('tr');
      cell(row, link('/workspaces/' + w.caseId, w.title));
      body.appendChild(row);
    }
    document.getElementById('empty').hidden = list.length > 0;
  }

  async function workspacePage() {
    const id = main.dataset.caseId;
    const url = '/api/spe/workspaces/' + id;
    async function load() {
      const w = await api('GET', url);
      document.getElementById('workspace-title').textContent = w.title;
      const files = document.querySelector('#file-list tbody');
      files.textContent = '';
      for (const f of w.files) {
        const row = document.createElement('tr');
        cell(row, f.name);
        cell(row, f.bytes.toLocaleString(document.documentElement.lang));
        const sum = document.createElement('code');
        sum.textContent = f.sha256;
        cell(row, sum);
        files.appendChild(row);
      }
      const outputs = document.querySelector('#output-list tbody');
      outputs.textContent = '';
      for (const o of w.outputs) {
        const row = document.createElement('tr');
        cell(row, o.status === 'approved' ? link(url + '/outputs/' + o.id + '/content', o.filename) : o.filename);
        cell(row, (T.output && T.output[o.status]) || o.status);
        cell(row, o.reasons || (o.findings || []).join('; '));
        outputs.appendChild(row);
      }
    }
    try {
      await load();
    } catch (err) {
      fail(err);
      return;
    }
    document.getElementById('output-upload').addEventListener('submit', async (event) => {
      event.preventDefault();
      const input = document.getElementById('output-file');
      if (!input.files.length) return;
      const body = new FormData();
      body.append('file', input.files[0]);
      try {
        await api('POST', url + '/outputs', body);
        say(T.outputSubmitted);
        input.value = '';
        setTimeout(load, 1500);
      } catch (err) {
        fail(err);
      }
    });
  }

  // --- managers' dashboard: every figure is a table; charts draw the tables, CSV exports them
  const CHARTS = {
    'stage-durations': [2, 3], 'holder-responses': [2, 3], 'volumes-by-type': [1],
    'volumes-by-dataset': [1], 'backlog-by-step': [1], 'backlog-by-officer': [1], 'throughput': 'pivot',
    'element-durations': [2, 3], 'elements-waiting': [1]
  };

  // column titles in the reader's language, steps by their names in the models, numbers in the reader's locale
  const STEP_COLUMNS = new Set(['step', 'element']);
  function columnTitle(D, c) {
    return (D.columns && D.columns[c]) || c;
  }
  function shown(value, column, names) {
    if (STEP_COLUMNS.has(column) && typeof value === 'string') return names[value] || value;
    if (typeof value === 'number') return value.toLocaleString(document.documentElement.lang || undefined);
    return value;
  }
  async function stepNames() {
    const names = {};
    for (const option of document.querySelectorAll('#process option')) {
      try {
        const res = await fetch('/api/dashboard/models/' + option.value + '.bpmn', { credentials: 'same-origin' });
        const xml = new DOMParser().parseFromString(await res.text(), 'application/xml');
        for (const el of xml.querySelectorAll('[id][name]')) {
          if (!names[el.getAttribute('id')]) names[el.getAttribute('id')] = el.getAttribute('name');
        }
      } catch (e) { /* ids stay as they are */ }
    }
    return names;
  }

  function chartOptions(table, spec, D, names) {
    if (spec === 'pivot') { // month × outcome
      const months = [...new Set(table.rows.map(r => r[0]))];
      const outcomes = [...new Set(table.rows.map(r => r[1]))];
      return {
        tooltip: {}, legend: {}, xAxis: { type: 'category', data: months }, yAxis: { type: 'value' },
        series: outcomes.map(o => ({
          name: o, type: 'bar', stack: 'all',
          data: months.map(m => (table.rows.find(r => r[0] === m && r[1] === o) || [0, 0, 0])[2])
        }))
      };
    }
    return {
      tooltip: {}, legend: {},
      xAxis: { type: 'category', data: table.rows.map(r => shown(r[0], table.columns[0], names)), axisLabel: { rotate: 30 } },
      yAxis: { type: 'value' }, grid: { bottom: 90 },
      series: spec.map(i => ({ name: columnTitle(D, table.columns[i]), type: 'bar', data: table.rows.map(r => r[i]) }))
    };
  }

  async function dashboardPage() {
    const D = window.ISAACUS_DASHBOARD;
    const names = await stepNames();
    const form = document.getElementById('dashboard-filter');
    let figures = [];
    function query() {
      const params = new URLSearchParams();
      for (const name of ['from', 'to', 'type']) {
        const value = form.elements[name].value;
        if (value) params.set(name, value);
      }
      return params.toString() ? '?' + params : '';
    }
    async function load() {
      try {
        const res = await fetch('/api/dashboard' + query(), { credentials: 'same-origin', headers: { 'Accept': 'application/json' } });
        const data = await res.json();
        if (!res.ok) throw new Error(data.detail || data.title || res.statusText);
        figures = data;
        // figures computed from the database while search is away: say so in plain words
        document.getElementById('figures-source').textContent =
          res.headers.get('X-Figures-Source') === 'postgresql' ? D.fromDatabase : '';
      } catch (err) {
        fail(err);
        return;
      }
      document.getElementById('errors').textContent = '';
      compare(figures);
      const container = document.getElementById('figures');
      container.textContent = '';
      for (const t of figures) {
        const section = document.createElement('section');
        section.id = 'figure-' + t.name;
        const h = document.createElement('h2');
        h.textContent = D.titles[t.name] || t.name;
        section.appendChild(h);
        if (CHARTS[t.name] && t.rows.length) {
          const chart = document.createElement('div');
          chart.className = 'chart';
          chart.setAttribute('role', 'img');
          chart.setAttribute('aria-label', h.textContent);
          section.appendChild(chart);
          setTimeout(() => echarts.init(chart).setOption(chartOptions(t, CHARTS[t.name], D, names)), 0);
        }
        const table = document.createElement('table');
        const caption = document.createElement('caption');
        caption.className = 'visually-hidden';
        caption.textContent = h.textContent;
        table.appendChild(caption);
        const head = document.createElement('tr');
        for (const c of t.columns) {
          const th = document.createElement('th');
          th.scope = 'col';
          th.textContent = columnTitle(D, c);
          head.appendChild(th);
        }
        const thead = document.createElement('thead');
        thead.appendChild(head);
        const body = document.createElement('tbody');
        for (const r of t.rows) {
          const row = document.createElement('tr');
          r.forEach((v, i) => cell(row, shown(v, t.columns[i], names)));
          body.appendChild(row);
        }
        table.append(thead, body);
        section.appendChild(table);
        if (!t.rows.length) {
          const p = document.createElement('p');
          p.textContent = D.empty;
          section.appendChild(p);
        }
        const csv = link('/api/dashboard/' + t.name + '.csv' + query(), D.csv);
        csv.className = 'csv';
        section.appendChild(csv);
        container.appendChild(section);
      }
      await heatmap();
    }

    // the period shown against the one of the same length just before it: decisions, times, deadlines, volume
    async function compare(current) {
      const day = 86400000;
      const iso = (t) => new Date(t).toISOString().slice(0, 10);
      const to = form.elements.to.value ? Date.parse(form.elements.to.value) : Date.parse(iso(Date.now()));
      const from = form.elements.from.value ? Date.parse(form.elements.from.value) : Date.parse(iso(to - 365 * day));
      const length = to - from + day;
      const params = new URLSearchParams({ from: iso(from - length), to: iso(from - day) });
      if (form.elements.type.value) params.set('type', form.elements.type.value);
      let previous;
      try {
        previous = await api('GET', '/api/dashboard?' + params);
      } catch (e) { return; }
      const cellOf = (figs, name, column) => {
        const f = figs.find(x => x.name === name);
        if (!f || !f.rows.length) return null;
        return f.rows[0][f.columns.indexOf(column)];
      };
      const sumOf = (figs, name, column) => {
        const f = figs.find(x => x.name === name);
        return f ? f.rows.reduce((n, r) => n + Number(r[f.columns.indexOf(column)] || 0), 0) : 0;
      };
      const lang = document.documentElement.lang;
      const n = (v) => v === null || v === undefined ? '–' : Number(v).toLocaleString(lang, { maximumFractionDigits: 2 });
      const rows = [
        [D.compare.received, sumOf(current, 'volumes-by-type', 'submitted'), sumOf(previous, 'volumes-by-type', 'submitted')],
        [D.compare.decided, cellOf(current, 'end-to-end', 'decided'), cellOf(previous, 'end-to-end', 'decided')],
        [D.compare.median, cellOf(current, 'end-to-end', 'median_days'), cellOf(previous, 'end-to-end', 'median_days')],
        [D.compare.p90, cellOf(current, 'end-to-end', 'p90_days'), cellOf(previous, 'end-to-end', 'p90_days')],
        [D.compare.within, cellOf(current, 'end-to-end', 'within_deadline_share'), cellOf(previous, 'end-to-end', 'within_deadline_share')]
      ];
      const body = document.querySelector('#comparison tbody');
      body.textContent = '';
      for (const [label, now, before] of rows) {
        const row = document.createElement('tr');
        const th = document.createElement('th');
        th.scope = 'row';
        th.textContent = label;
        row.appendChild(th);
        cell(row, n(now));
        cell(row, n(before));
        const change = now === null || before === null ? null : Number(now) - Number(before);
        cell(row, change === null ? '–' : (change > 0 ? '+' : '') + n(change));
        body.appendChild(row);
      }
      document.getElementById('comparison-caption').textContent =
        iso(from) + ' – ' + iso(to) + ' / ' + iso(from - length) + ' – ' + iso(from - day);
      document.getElementById('comparison').hidden = false;
    }

    let viewer;
    async function heatmap() {
      const process = document.getElementById('process').value;
      const xml = await (await fetch('/api/dashboard/models/' + process + '.bpmn', { credentials: 'same-origin' })).text();
      if (!viewer) viewer = new BpmnJS({ container: '#heatmap' });
      await viewer.importXML(xml);
      viewer.get('canvas').zoom('fit-viewport');
      const overlays = viewer.get('overlays');
      const registry = viewer.get('elementRegistry');
      // every step from the engine's element history where there is one; else the human steps from the task list
      const rowsOf = (name) => (figures.find(f => f.name === name) || { rows: [] }).rows;
      const fromEngine = rowsOf('element-durations').length > 0 || rowsOf('elements-waiting').length > 0;
      const durations = fromEngine ? rowsOf('element-durations') : rowsOf('stage-durations');
      const waiting = fromEngine ? rowsOf('elements-waiting') : rowsOf('backlog-by-step');
      const max = Math.max(1, ...durations.map(r => r[2]));
      const ids = new Set([...durations.map(r => r[0]), ...waiting.map(r => r[0])]);
      for (const id of ids) {
        if (!registry.get(id)) continue;
        const d = durations.find(r => r[0] === id);
        const w = waiting.find(r => r[0] === id);
        const box = document.createElement('div');
        box.className = 'heat';
        box.dataset.element = id;
        if (d) box.style.background = 'hsla(' + Math.round(120 - 120 * d[2] / max) + ', 80%, 45%, 0.85)';
        const n = (v) => Number(v).toLocaleString(document.documentElement.lang);
        box.textContent = (d ? T.heat.median + ' ' + n(d[2]) + ' h · p90 ' + n(d[3]) + ' h' : '')
          + (w ? ' · ' + T.heat.waiting + ' ' + n(w[1]) : '');
        overlays.add(id, { position: { bottom: 18, left: 0 }, html: box });
      }
    }

    form.addEventListener('submit', (event) => { event.preventDefault(); load(); });
    document.getElementById('process').addEventListener('change', heatmap);
    await load();
  }


  // --- search: words, facets (one value per facet), sort, "more" pages with the cursor the server gives
  async function searchPage() {
    const texts = window.ISAACUS_SEARCH;
    const form = document.getElementById('search-form');
    const results = document.getElementById('results');
    const facetsBox = document.getElementById('facets');
    const status = document.getElementById('search-status');
    const more = document.getElementById('more');
    const chosen = {};
    const param = { status: 'status', type: 'type', datasets: 'dataset', holders: 'holder', committee: 'committee', overdue: 'overdue' };
    let next = null;

    function query(after) {
      const p = new URLSearchParams();
      const q = document.getElementById('q').value.trim();
      if (q) p.set('q', q);
      p.set('sort', document.getElementById('sort').value);
      for (const [facet, value] of Object.entries(chosen)) p.set(param[facet], value);
      if (after) p.set('after', after);
      return '/api/search/cases?' + p.toString();
    }

    function renderFacets(facets) {
      facetsBox.replaceChildren();
      for (const [facet, buckets] of Object.entries(facets)) {
        const entries = Object.entries(buckets);
        if (entries.length === 0) continue;
        const set = document.createElement('fieldset');
        const legend = document.createElement('legend');
        legend.textContent = texts.facets[facet] || facet;
        set.appendChild(legend);
        for (const [value, count] of entries) {
          const id = 'facet-' + facet + '-' + value.replace(/[^A-Za-z0-9_-]/g, '_');
          const box = document.createElement('input');
          box.type = 'checkbox';
          box.id = id;
          box.checked = chosen[facet] === value;
          box.addEventListener('change', () => {
            if (box.checked) chosen[facet] = value; else delete chosen[facet];
            run();
          });
          const label = document.createElement('label');
          label.htmlFor = id;
          label.textContent = value + ' (' + count + ')';
          const row = document.createElement('div');
          row.append(box, label);
          set.appendChild(row);
        }
        facetsBox.appendChild(set);
      }
    }

    function renderHits(hits) {
      for (const hit of hits) {
        const li = document.createElement('li');
        const link = document.createElement('a');
        link.href = '/applications/' + encodeURIComponent(hit.id);
        link.textContent = hit.title || hit.id;
        const meta = document.createElement('p');
        meta.className = 'meta';
        const submitted = hit.submittedAt ? texts.submitted + ' ' + new Date(hit.submittedAt).toLocaleDateString(document.documentElement.lang) : '';
        meta.textContent = [hit.status, hit.type, submitted].filter(Boolean).join(' · ');
        li.append(link, meta);
        results.appendChild(li);
      }
    }

    async function run(after) {
      try {
        const data = await api('GET', query(after));
        if (!after) {
          results.replaceChildren();
          renderFacets(data.facets);
        }
        renderHits(data.hits);
        next = data.next;
        more.hidden = !next;
        status.textContent = data.total > 0 ? data.total + ' ' + texts.found : texts.none;
      } catch (e) {
        status.textContent = e.message;
      }
    }

    form.addEventListener('submit', (event) => { event.preventDefault(); run(); });
    more.addEventListener('click', () => run(next));
    await run();
  }

  const pages = { 'applicant-home': newApplicationButton, portal: yearlyStatistics, dashboard: dashboardPage, workspaces: workspacesPage, workspace: workspacePage, mailbox: mailboxPage, permits: permitsPage, applications: applicationsPage, application: applicationPage, task: taskPage, search: searchPage };
  const page = main && pages[main.dataset.page];
  if (page) page().catch(fail);
})();
