// Live preview in the editor: sends the Markdown to the server, which renders and sanitises it
// exactly as it will for readers. Without JavaScript the preview shows the last saved text.
(function () {
  var body = document.getElementById('body');
  var preview = document.getElementById('preview');
  if (!body || !preview) return;
  var form = body.form;
  var csrf = form.querySelector('input[name="_csrf"]');
  var timer = null;
  var inFlight = null;
  function refresh() {
    if (inFlight) inFlight.abort();
    inFlight = new AbortController();
    var data = new URLSearchParams();
    data.set('body', body.value);
    fetch('/newsroom/preview', {
      method: 'POST',
      headers: { 'X-CSRF-TOKEN': csrf ? csrf.value : '' },
      body: data,
      credentials: 'same-origin',
      signal: inFlight.signal
    }).then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) { preview.innerHTML = html; })
      .catch(function () { /* keep the last good preview */ });
  }
  body.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  });
})();

// Never lose work: the editor's text is kept in this browser on every keystroke, saved on the
// server a few seconds after typing stops (a live article's text becomes its pending edit, never
// what readers see), flushed when the tab is hidden or closed, and offered back after a crash.
// The editor also tells the server it is open, and shows who else has the article open.
(function () {
  var form = document.getElementById('editor-form');
  if (!form) return;
  var status = document.getElementById('save-status');
  var csrf = form.querySelector('input[name="_csrf"]');
  var AUTOSAVE_AFTER_MS = 3000;
  var articleId = form.getAttribute('data-article-id') || '';
  var timer = null;
  var saving = false;
  var again = false;
  var dirty = false;
  var stopped = false;

  function storageKey() { return 'samizdat:draft:' + (articleId || 'new'); }
  function field(name) { return form.elements.namedItem(name); }
  function value(name) { var f = field(name); return f && 'value' in f ? f.value : ''; }
  function show(text, kind) {
    if (!status) return;
    status.textContent = text;
    status.className = 'save-status' + (kind ? ' ' + kind : '');
  }
  function snapshot() {
    return { headline: value('headline'), standfirst: value('standfirst'), body: value('body'), at: Date.now() };
  }
  function remember() {
    try { localStorage.setItem(storageKey(), JSON.stringify(snapshot())); } catch (e) { /* private mode: server autosave still runs */ }
  }
  function forget(key) {
    try { localStorage.removeItem(key || storageKey()); } catch (e) { /* nothing kept */ }
  }
  function payload() {
    var data = new FormData(form);
    data.delete('heroFile');
    data.delete('action');
    return data;
  }
  function versionInput() {
    var v = field('version');
    if (!v) {
      v = document.createElement('input');
      v.type = 'hidden';
      v.name = 'version';
      form.appendChild(v);
    }
    return v;
  }
  function adopt(id) {
    var oldKey = storageKey();
    articleId = String(id);
    form.setAttribute('data-article-id', articleId);
    form.action = '/newsroom/articles/' + articleId;
    if (window.history && history.replaceState) history.replaceState(null, '', '/newsroom/articles/' + articleId);
    forget(oldKey);
  }

  function save(keepalive) {
    if (stopped || !dirty) return;
    if (saving) { again = true; return; }
    saving = true;
    dirty = false;
    show('Saving…');
    var url = articleId ? '/newsroom/articles/' + articleId + '/autosave' : '/newsroom/articles/autosave';
    fetch(url, {
      method: 'POST',
      body: payload(),
      headers: { 'X-CSRF-TOKEN': csrf ? csrf.value : '', 'Accept': 'application/json' },
      credentials: 'same-origin',
      keepalive: !!keepalive
    }).then(function (r) {
      return r.json().then(function (json) { return { status: r.status, json: json }; });
    }).then(function (res) {
      var j = res.json;
      if (res.status === 200) {
        if (!articleId && j.id) adopt(j.id);
        versionInput().value = j.version;
        if (!dirty) forget();
        show('Saved at ' + j.savedAt + (j.pending ? ' · not live yet: readers see the published version' : ''), 'ok');
        var pendingBanner = document.getElementById('pending-notice');
        if (j.pending && !pendingBanner) {
          pendingBanner = document.createElement('div');
          pendingBanner.id = 'pending-notice';
          pendingBanner.className = 'notice pending';
          pendingBanner.setAttribute('role', 'status');
          var p = document.createElement('p');
          p.textContent = 'Unpublished changes: readers still see the live version until an editor chooses “Update live article”.';
          pendingBanner.appendChild(p);
          form.parentNode.insertBefore(pendingBanner, form);
        }
      } else if (res.status === 409) {
        stopped = true;
        show(j.error, 'error');
      } else {
        dirty = true;
        show(j.error || 'Not saved yet.', 'warn');
      }
    }).catch(function () {
      dirty = true;
      show('Not saved yet: no connection. The text is kept in this browser.', 'warn');
    }).then(function () {
      saving = false;
      if (again) { again = false; schedule(); }
    });
  }
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(function () { save(false); }, AUTOSAVE_AFTER_MS);
  }
  function changed() {
    dirty = true;
    remember();
    show('Unsaved changes');
    schedule();
  }
  form.addEventListener('input', function (e) {
    if (e.target && e.target.name === 'heroFile') return;
    changed();
  });
  form.addEventListener('change', function (e) {
    if (e.target && e.target.type !== 'file') changed();
  });
  form.addEventListener('submit', function () { stopped = true; clearTimeout(timer); });
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden') save(true);
  });
  window.addEventListener('pagehide', function () {
    save(true);
    if (articleId && navigator.sendBeacon) {
      var bye = new FormData();
      if (csrf) bye.set('_csrf', csrf.value);
      bye.set('leaving', 'true');
      navigator.sendBeacon('/newsroom/articles/' + articleId + '/presence', bye);
    }
  });

  // Text this browser kept that the server does not have: offer it back.
  (function offerRecovery() {
    var kept = null;
    if (articleId) {
      // The text of a new article, once it was saved and has an address, is no longer "new".
      try {
        var fresh = JSON.parse(localStorage.getItem('samizdat:draft:new') || 'null');
        if (fresh && fresh.body === value('body') && fresh.headline === value('headline')) forget('samizdat:draft:new');
      } catch (e) { /* nothing kept */ }
    }
    try { kept = JSON.parse(localStorage.getItem(storageKey()) || 'null'); } catch (e) { kept = null; }
    if (!kept) return;
    var now = snapshot();
    if (kept.body === now.body && kept.headline === now.headline && kept.standfirst === now.standfirst) {
      forget();
      return;
    }
    var box = document.createElement('div');
    box.className = 'notice recovery';
    box.id = 'recovery';
    box.setAttribute('role', 'alert');
    var p = document.createElement('p');
    p.textContent = 'This browser kept text from ' + new Date(kept.at).toLocaleString() +
      ' that was not saved. Restore it into the editor?';
    var restore = document.createElement('button');
    restore.type = 'button';
    restore.id = 'restore-kept';
    restore.textContent = 'Restore my text';
    var dismiss = document.createElement('button');
    dismiss.type = 'button';
    dismiss.textContent = 'Discard it';
    restore.addEventListener('click', function () {
      ['headline', 'standfirst', 'body'].forEach(function (name) {
        var f = field(name);
        if (f && typeof kept[name] === 'string') {
          f.value = kept[name];
          f.dispatchEvent(new Event('input', { bubbles: true }));
        }
      });
      box.remove();
    });
    dismiss.addEventListener('click', function () { forget(); box.remove(); });
    box.appendChild(p);
    box.appendChild(restore);
    box.appendChild(dismiss);
    form.parentNode.insertBefore(box, form);
  })();

  // Presence: who else has this article open.
  var presenceBox = document.getElementById('presence');
  function heartbeat() {
    if (!articleId) return;
    var data = new FormData();
    if (csrf) data.set('_csrf', csrf.value);
    fetch('/newsroom/articles/' + articleId + '/presence', {
      method: 'POST', body: data, credentials: 'same-origin',
      headers: { 'X-CSRF-TOKEN': csrf ? csrf.value : '', 'Accept': 'application/json' }
    }).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (j) {
        if (!j || !presenceBox) return;
        presenceBox.textContent = '';
        j.others.forEach(function (line) {
          var p = document.createElement('p');
          p.textContent = line;
          presenceBox.appendChild(p);
        });
        presenceBox.hidden = j.others.length === 0;
      }).catch(function () { /* try again next time */ });
  }
  setInterval(heartbeat, 30000);
})();

// The toolbar editor loads only where there is an article body to edit; without JavaScript (or
// before it loads) the Markdown textarea is the editor.
(function () {
  if (!document.getElementById('body') || !document.getElementById('editor-form')) return;
  var vendor = document.createElement('script');
  vendor.src = '/js/vendor/editor/tiptap.js';
  vendor.onload = function () {
    var glue = document.createElement('script');
    glue.src = '/js/editor.js';
    document.head.appendChild(glue);
  };
  document.head.appendChild(vendor);
})();
