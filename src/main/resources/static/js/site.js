// Remembers the reader's language choice in this browser only (no cookie, nothing sent to us),
// and opens the chosen edition's front page on the next visit. Following any link into the other
// edition (the switch, an article's translation, the masthead of the edition being read) is a
// choice of language too. Everything works without it.
(function () {
  var KEY = 'samizdat.lang';
  var store;
  try { store = window.localStorage; } catch (e) { return; }
  if (!store) return;
  function choose(lang) {
    if (lang === 'en' || lang === 'ru') try { store.setItem(KEY, lang); } catch (e) { /* private mode */ }
  }
  document.addEventListener('click', function (ev) {
    var a = ev.target && ev.target.closest ? ev.target.closest('a[data-lang], a[hreflang]') : null;
    if (a) choose(a.getAttribute('data-lang') || a.getAttribute('hreflang'));
  });
  var path = window.location.pathname;
  var here = document.documentElement.lang;
  // Arrived here by a link of this site: reading this edition now is the choice.
  if (document.referrer && document.referrer.indexOf(window.location.origin + '/') === 0 && path !== '/' && path !== '/ru/') choose(here);
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

  // On the thank-you page: remember, so this browser is thanked instead of asked, but no longer
  // than the appeal's frequency cap would keep it quiet anyway, and only to the day: a marker on a
  // seized phone should say as little as possible about when, or whether, its owner gave.
  var outcome = document.querySelector('.support-outcome.thanks');
  if (outcome) {
    var thanksDays = parseInt(outcome.getAttribute('data-thanks-days') || '7', 10);
    var capDays = parseInt(outcome.getAttribute('data-cap-days') || '7', 10);
    var gaveUntil = Math.ceil((now + Math.min(thanksDays, capDays) * DAY) / DAY) * DAY;
    if (store) try { store.setItem('samizdat.gave', String(gaveUntil)); } catch (e) {}
  }

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
      // after the (hidden) "remind me later" confirmation
      if (thanks && thanks.classList.contains('appeal-snoozed')) thanks = thanks.nextElementSibling;
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
    var currency = appeal.querySelector('select[name=currency]');
    var shown = appeal.querySelector('input[name=shown]');
    var symbol = appeal.querySelector('.custom-currency');
    function show(code) {
      var cur = currency ? currency.value : null;
      for (var j = 0; j < sets.length; j++) {
        sets[j].hidden = sets[j].getAttribute('data-frequency') !== code ||
          (cur !== null && sets[j].getAttribute('data-currency') !== cur);
        var label = sets[j].querySelector('.amount-set-label');
        if (label) label.hidden = true;
      }
    }
    function chosenFrequency() {
      var c = appeal.querySelector('input[name=frequency]:checked');
      return c ? c.value : null;
    }
    var chosen = chosenFrequency();
    if (chosen) show(chosen);
    for (var r = 0; r < radios.length; r++) {
      radios[r].addEventListener('change', function () { show(this.value); });
    }
    // The amounts, minimums and the custom field follow the currency the reader picks.
    if (currency) currency.addEventListener('change', function () {
      if (shown) shown.value = currency.value;
      var option = currency.options[currency.selectedIndex];
      if (symbol && option) symbol.textContent = option.getAttribute('data-symbol') || currency.value;
      show(chosenFrequency());
    });
    var custom = appeal.querySelector('input[name=custom]');
    if (custom) custom.addEventListener('input', function () {
      if (!custom.value) return;
      var picked = appeal.querySelectorAll('.amount-set input[type=radio]:checked');
      for (var p = 0; p < picked.length; p++) picked[p].checked = false;
    });
    var later = appeal.querySelector('a.remind-later');
    var snoozed = appeal.nextElementSibling;
    if (snoozed && !snoozed.classList.contains('appeal-snoozed')) snoozed = null;
    if (later) later.addEventListener('click', function (ev) {
      // "Remind me later": hide the asks for a while, in this browser only, and say so where the
      // appeal was, without moving the page. The page it links to (for readers without
      // JavaScript, and from the support page) offers one reminder e-mail.
      if (appeal.id === 'support-form' || !snoozed) return;
      ev.preventDefault();
      var days = parseInt(appeal.getAttribute('data-remind-days') || '7', 10);
      keep('samizdat.remind', days);
      var anchor = later.getBoundingClientRect().top;
      hide(appeal);
      if (banner && !banner.hidden) hide(banner);
      say(snoozed, now + days * DAY);
      snoozed.hidden = false;
      window.scrollBy(0, snoozed.getBoundingClientRect().top - anchor);
      var again = snoozed.querySelector('a.show-again');
      if (again) again.focus({ preventScroll: true });
    });
    var again = snoozed && snoozed.querySelector('a.show-again');
    if (again) again.addEventListener('click', function (ev) {
      ev.preventDefault();
      if (store) try { store.removeItem('samizdat.remind'); } catch (e) {}
      var anchor = snoozed.getBoundingClientRect().top;
      snoozed.hidden = true;
      appeal.hidden = false;
      window.scrollBy(0, appeal.getBoundingClientRect().top - anchor);
    });
  }

  // "Hidden until 17 December.": the date in the page's language.
  function say(el, at) {
    var lang = document.documentElement.lang || 'en';
    var date = new Date(at).toLocaleDateString(lang === 'ru' ? 'ru-RU' : 'en-GB', { day: 'numeric', month: 'long' });
    var text = el.querySelector('.snoozed-text');
    if (text) text.textContent = (el.getAttribute('data-text') || '').replace('{date}', date);
  }

  // The page "Remind me later" leads to: it hides the asks on this device for real, and says until
  // when; without JavaScript nothing is kept, and the page claims nothing.
  var here = document.querySelector('[data-snooze-here]');
  if (here && store) {
    var remindDays = parseInt(here.getAttribute('data-remind-days') || '7', 10);
    if (until('samizdat.remind') <= now) keep('samizdat.remind', remindDays);
    say(here, until('samizdat.remind'));
    here.hidden = false;
    hide(banner);
  }
})();

// "Forget me on this device": removes everything this site keeps in the browser.
(function () {
  var button = document.getElementById('forget-device');
  var store;
  try { store = window.localStorage; store.getItem('x'); } catch (e) { return; }
  if (!button || !store) return;
  button.hidden = false;
  button.addEventListener('click', function () {
    var keys = [];
    for (var i = 0; i < store.length; i++) {
      var key = store.key(i);
      if (key && key.indexOf('samizdat.') === 0) keys.push(key);
    }
    for (var k = 0; k < keys.length; k++) {
      try { store.removeItem(keys[k]); } catch (e) {}
    }
    button.hidden = true;
    var done = document.getElementById('forgotten');
    if (done) done.hidden = false;
  });
})();
