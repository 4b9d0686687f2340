// Remembers the reader's language choice in this browser only (no cookie, nothing sent to us),
// and opens the chosen edition's front page on the next visit. Everything works without it.
(function () {
  var KEY = 'samizdat.lang';
  var store;
  try { store = window.localStorage; } catch (e) { return; }
  if (!store) return;
  var links = document.querySelectorAll('a.lang-switch[data-lang]');
  for (var i = 0; i < links.length; i++) {
    links[i].addEventListener('click', function () {
      try { store.setItem(KEY, this.getAttribute('data-lang')); } catch (e) { /* private mode */ }
    });
  }
  var path = window.location.pathname;
  var chosen = store.getItem(KEY);
  if (path === '/' && chosen === 'ru') window.location.replace('/ru/');
  else if (path === '/ru/' && chosen === 'en') window.location.replace('/');
})();
