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

// Support banner and appeal. Every choice a reader makes (closed the banner, "remind me later",
// already gave) is kept in this browser's localStorage and never sent anywhere; the pages stay
// the same for everyone, and without JavaScript the plain forms and links still work.
(function () {
  var store;
  try { store = window.localStorage; store.getItem('x'); } catch (e) { store = null; }
  var DAY = 86400000;
  var now = Date.now();
  function until(key) { var v = store && parseInt(store.getItem(key) || '0', 10); return v || 0; }
  function keep(key, days) { if (store) try { store.setItem(key, String(now + days * DAY)); } catch (e) {} }
  function hide(el) { if (el) el.hidden = true; }

  var banner = document.getElementById('support-banner');
  var appeals = document.querySelectorAll('section.appeal');
  var gave = until('samizdat.gave') > now;
  var snoozed = until('samizdat.remind') > now;

  if (banner) {
    if (gave || snoozed || until('samizdat.bannerClosed') > now) hide(banner);
    var close = banner.querySelector('.banner-close');
    if (close) close.addEventListener('click', function (ev) {
      ev.preventDefault();
      keep('samizdat.bannerClosed', parseInt(banner.getAttribute('data-dismiss-days') || '14', 10));
      hide(banner);
    });
  }

  // On the thank-you page: remember, so this browser is thanked instead of asked.
  var outcome = document.querySelector('.support-outcome.thanks');
  if (outcome && banner) keep('samizdat.gave', parseInt(banner.getAttribute('data-thanks-days') || '90', 10));

  function capped(appeal) {
    // At most N appeal views in M days, counted in this browser only.
    var views = parseInt(appeal.getAttribute('data-cap-views') || '0', 10);
    var days = parseInt(appeal.getAttribute('data-cap-days') || '0', 10);
    if (!store || !views || !days) return false;
    var seen = [];
    try { seen = JSON.parse(store.getItem('samizdat.appealViews') || '[]'); } catch (e) { seen = []; }
    seen = seen.filter(function (t) { return t > now - days * DAY; });
    if (seen.length >= views) return true;
    seen.push(now);
    try { store.setItem('samizdat.appealViews', JSON.stringify(seen)); } catch (e) {}
    return false;
  }

  for (var i = 0; i < appeals.length; i++) {
    var appeal = appeals[i];
    var onSupportPage = appeal.id === 'support-form';
    if (!onSupportPage && (gave || snoozed || capped(appeal))) {
      hide(appeal);
      var thanks = appeal.nextElementSibling;
      if (gave && thanks && thanks.classList.contains('appeal-thanks')) thanks.hidden = false;
      continue;
    }
    if (!onSupportPage && navigator.sendBeacon) {
      try { navigator.sendBeacon('/support/funnel', new Blob(['shown'], { type: 'text/plain' })); } catch (e) {}
    }
    wire(appeal);
  }

  function wire(appeal) {
    var sets = appeal.querySelectorAll('.amount-set');
    var radios = appeal.querySelectorAll('input[name=frequency]');
    // Without JavaScript every frequency's amounts show, each with its own field; with it,
    // only the chosen frequency's.
    function show(code) {
      for (var j = 0; j < sets.length; j++) {
        sets[j].hidden = sets[j].getAttribute('data-frequency') !== code;
        var label = sets[j].querySelector('.amount-set-label');
        if (label) label.hidden = true;
      }
    }
    var chosen = appeal.querySelector('input[name=frequency]:checked');
    if (chosen) show(chosen.value);
    for (var r = 0; r < radios.length; r++) {
      radios[r].addEventListener('change', function () { show(this.value); });
    }
    var custom = appeal.querySelector('input[name=custom]');
    if (custom) custom.addEventListener('input', function () {
      if (!custom.value) return;
      var picked = appeal.querySelectorAll('.amount-set input[type=radio]:checked');
      for (var p = 0; p < picked.length; p++) picked[p].checked = false;
    });
    var later = appeal.querySelector('a.remind-later');
    if (later) later.addEventListener('click', function (ev) {
      // "Remind me later": hide the asks for a while, in this browser only. The page it links to
      // (for readers without JavaScript) also offers one reminder e-mail.
      if (appeal.id === 'support-form') return;
      ev.preventDefault();
      keep('samizdat.remind', parseInt(appeal.getAttribute('data-remind-days') || '7', 10));
      hide(appeal);
      hide(banner);
    });
  }
})();
