// Live pages. The page is the same for every reader and already holds every update up to the moment
// it was made; this script asks the site every few seconds (30 by default, the page says how many)
// for the updates newer than the newest it shows, one cached JSON for everyone, and puts them on top
// without a reload. It stops when the coverage ends. Where there is nothing to ask (a static copy,
// a file on disk) it stays quiet: the page still works by reloading.
(function () {
  var section = document.querySelector('[data-live-updates]');
  if (!section || !window.fetch || !window.JSON) return;
  if (location.protocol !== 'http:' && location.protocol !== 'https:') return;
  if (section.getAttribute('data-running') !== 'true') return;
  var url = section.getAttribute('data-live-updates');
  var after = parseInt(section.getAttribute('data-after'), 10) || 0;
  var seconds = parseInt(section.getAttribute('data-poll-seconds'), 10) || 30;
  var list = document.getElementById('live-updates');
  var status = document.getElementById('live-status');
  var timer = null;
  var stopped = false;
  var busy = false;

  function stop() {
    stopped = true;
    if (timer) clearTimeout(timer);
  }

  function later() {
    if (!stopped) timer = setTimeout(poll, seconds * 1000);
  }

  function fragment(html) {
    var t = document.createElement('template');
    t.innerHTML = html;
    return t.content;
  }

  function show(data) {
    if (!data.complete) {
      // more arrived at once than one answer holds: the page itself has them all
      stop();
      location.reload();
      return;
    }
    var added = 0;
    // newest first in the answer: insert oldest first so the newest ends on top
    for (var i = data.updates.length - 1; i >= 0; i--) {
      var u = data.updates[i];
      if (u.id > after) after = u.id;
      if (document.getElementById(u.anchor)) continue;
      list.insertBefore(fragment(u.html), list.firstChild);
      var shown = document.getElementById(u.anchor);
      if (shown) shown.classList.add('live-new');
      added++;
    }
    if (added) {
      var none = document.getElementById('live-none');
      if (none) none.parentNode.removeChild(none);
      if (status) status.textContent = data.announcement || '';
    }
    var summary = document.getElementById('live-summary');
    if (data.summaryHtml && !summary) {
      summary = document.createElement('div');
      summary.id = 'live-summary';
      summary.className = 'live-summary article-body';
      section.insertBefore(summary, status);
    }
    if (summary && summary.getAttribute('data-html') !== data.summaryHtml) {
      if (data.summaryHtml) {
        summary.innerHTML = '';
        summary.appendChild(fragment(data.summaryHtml));
        summary.setAttribute('data-html', data.summaryHtml);
      } else {
        summary.parentNode.removeChild(summary);
      }
    }
    if (!data.running) {
      var badge = document.getElementById('live-badge');
      if (badge) badge.parentNode.removeChild(badge);
      var title = document.getElementById('live-title');
      if (title) title.textContent = data.status;
      section.setAttribute('data-running', 'false');
      stop();
    }
  }

  function poll() {
    timer = null;
    if (stopped || busy) return;
    if (document.hidden) return; // asked again when the reader comes back
    busy = true;
    fetch(url + '?after=' + after, { headers: { Accept: 'application/json' }, credentials: 'omit' })
      .then(function (r) {
        if (r.status === 404 || r.status === 410) { stop(); return null; }
        return r.ok ? r.json() : null;
      })
      .then(function (data) { if (data && data.updates) show(data); })
      .catch(function () { /* offline or blocked: try again later, quietly */ })
      .then(function () { busy = false; later(); });
  }

  document.addEventListener('visibilitychange', function () {
    if (!document.hidden && !stopped && !timer && !busy) poll();
  });
  later();
})();
