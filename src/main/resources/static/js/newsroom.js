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
