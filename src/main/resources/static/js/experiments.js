// Appeal experiments. The page is the same for every reader and carries the control; this script
// fetches the running variants (one cached JSON for everyone), picks one by the published shares,
// keeps the choice in this browser's localStorage for the experiment's life, and counts a view with
// a beacon carrying nothing but the variant's number. Without JavaScript the control shows, and its
// form credits the control.
(function () {
  var blocks = document.querySelectorAll('[data-experiment-placement]');
  if (!blocks.length || !window.fetch || !window.JSON) return;
  var store;
  try { store = window.localStorage; store.getItem('x'); } catch (e) { store = null; }
  var session;
  try { session = window.sessionStorage; session.getItem('x'); } catch (e) { session = null; }
  var PREFIX = 'samizdat.exp.';
  var base = document.documentElement.lang === 'ru' ? '/ru' : '';

  function choose(experiment) {
    var key = PREFIX + experiment.id;
    var kept = store && store.getItem(key);
    for (var i = 0; i < experiment.variants.length; i++) {
      if (String(experiment.variants[i].id) === kept) return experiment.variants[i];
    }
    var u = Math.random();
    var acc = 0;
    var picked = experiment.variants[experiment.variants.length - 1];
    for (var j = 0; j < experiment.variants.length; j++) {
      acc += experiment.variants[j].weight;
      if (u < acc) { picked = experiment.variants[j]; break; }
    }
    if (store) try { store.setItem(key, String(picked.id)); } catch (e) {}
    return picked;
  }

  function forgetEnded(data) {
    if (!store) return;
    var live = {};
    for (var p in data) if (data.hasOwnProperty(p)) live[PREFIX + data[p].id] = true;
    for (var k = store.length - 1; k >= 0; k--) {
      var name = store.key(k);
      if (name && name.indexOf(PREFIX) === 0 && !live[name]) store.removeItem(name);
    }
  }

  function text(el, value) { if (el && value) el.textContent = value; }

  function setVariant(form, id) {
    if (!form) return;
    var input = form.querySelector('input[name=variant]');
    if (!input) {
      input = document.createElement('input');
      input.type = 'hidden';
      input.name = 'variant';
      form.appendChild(input);
    }
    input.value = String(id);
  }

  function amounts(block, variant, currency) {
    if (!variant.amounts || !variant.amounts.length) return;
    var code = variant.frequency;
    if (!code) {
      var checked = block.querySelector('input[name=frequency]:checked');
      code = checked ? checked.value : null;
    }
    // the variant's amounts are in one currency: only that currency's set changes
    var set = code && block.querySelector('.amount-set[data-frequency="' + code + '"][data-currency="' + currency + '"]');
    if (!set) return;
    var old = set.querySelectorAll('label.choice');
    var anchor = set.querySelector('.minimum');
    var first = set.querySelector('input[type=radio]');
    var name = first ? first.name : 'amount_' + code;
    for (var i = 0; i < old.length; i++) old[i].parentNode.removeChild(old[i]);
    var chosen = variant.preselected == null ? Math.min(1, variant.amounts.length - 1) : variant.preselected;
    for (var a = 0; a < variant.amounts.length; a++) {
      var label = document.createElement('label');
      label.className = 'choice';
      var radio = document.createElement('input');
      radio.type = 'radio';
      radio.name = name;
      radio.value = variant.amounts[a].value;
      radio.checked = a === chosen;
      label.appendChild(radio);
      label.appendChild(document.createTextNode(' ' + variant.amounts[a].label));
      set.insertBefore(label, anchor);
    }
  }

  function apply(block, placement, variant, currency) {
    if (placement === 'banner') {
      if (variant.copyHtml) { var copy = block.querySelector('.banner-text'); if (copy) copy.innerHTML = variant.copyHtml; }
      var button = block.querySelector('.support-button');
      text(button, variant.button);
      // The reader who follows the banner gives on the support page: credit the banner's variant there.
      if (button) button.addEventListener('click', function () {
        if (session) try { session.setItem('samizdat.via', String(variant.id)); } catch (e) {}
      });
      return;
    }
    var form = block.querySelector('form');
    text(block.querySelector('h2'), variant.heading);
    if (variant.copyHtml) { var body = block.querySelector('.appeal-copy'); if (body) body.innerHTML = variant.copyHtml; }
    text(form && form.querySelector('button[type=submit]'), variant.button);
    if (placement === 'thanks') {
      if (variant.amounts && variant.amounts.length && form) {
        var first = variant.amounts[variant.preselected == null ? 0 : variant.preselected] || variant.amounts[0];
        var minor = form.querySelector('input[name=amount]');
        if (minor) minor.value = String(first.minor);
        var major = form.querySelector('input[name=amount_monthly]');
        if (major) major.value = first.value;
        if (!variant.button) text(form.querySelector('button[type=submit]'), first.label);
      }
    } else {
      if (variant.frequency) {
        var radio = block.querySelector('input[name=frequency][value="' + variant.frequency + '"]');
        if (radio && !radio.checked) {
          radio.checked = true;
          radio.dispatchEvent(new Event('change'));
        }
      }
      amounts(block, variant, currency);
    }
    setVariant(form, variant.id);
  }

  function visible(el) {
    for (var e = el; e; e = e.parentElement) if (e.hidden) return false;
    return true;
  }

  fetch(base + '/support/experiments.json', { credentials: 'omit' })
    .then(function (r) { return r.ok ? r.json() : {}; })
    .then(function (data) {
      forgetEnded(data);
      for (var i = 0; i < blocks.length; i++) {
        var block = blocks[i];
        var placement = block.getAttribute('data-experiment-placement');
        var experiment = data[placement];
        if (!experiment) {
          // No test of its own here: a gift on the support page that came from the banner's variant counts for it.
          var via = session && session.getItem('samizdat.via');
          if (placement === 'support' && via && data.banner) setVariant(block.querySelector('form'), via);
          continue;
        }
        var variant = choose(experiment);
        if (!variant.control) apply(block, placement, variant, experiment.currency);
        else setVariant(block.querySelector('form'), variant.id);
        if (visible(block) && navigator.sendBeacon) {
          try { navigator.sendBeacon('/support/experiments/shown', new Blob([String(variant.id)], { type: 'text/plain' })); } catch (e) {}
        }
      }
    })
    .catch(function () { /* the control stays, as without JavaScript */ });
})();
