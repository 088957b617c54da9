// Exam pages (no inline script: the CSP forbids it). Without this file the pages still work: each page's form saves
// its answers. With it: each answer is sent (PUT, JSON) as soon as it changes; while the connection is down the
// answers are kept in localStorage and sent when it comes back; the page says which ones are not saved yet; the
// remaining time counts down (the server's deadline is what counts: at zero the page reloads and shows the result).
(function () {
  'use strict';
  var timer = document.getElementById('exam-timer');
  if (timer) countdown(timer);

  var form = document.querySelector('form[data-answers-url]');
  var status = document.getElementById('save-status');
  if (!form || !status || !window.fetch || !window.JSON) return;
  var url = form.getAttribute('data-answers-url');
  var csrf = form.getAttribute('data-csrf');
  var key = 'moc-exam-answers:' + form.getAttribute('data-attempt');
  var store = null;
  try {
    store = window.localStorage;
  } catch (e) {
    store = null;
  }
  var pending = load();
  var sending = {};
  var over = false;
  var RETRY_MS = 5000;

  function load() {
    try {
      return (store && JSON.parse(store.getItem(key) || '{}')) || {};
    } catch (e) {
      return {};
    }
  }
  function keep() {
    if (!store) return;
    try {
      if (count() > 0) store.setItem(key, JSON.stringify(pending));
      else store.removeItem(key);
    } catch (e) {
      // Storage full or refused: the answers stay in memory and in the form.
    }
  }
  function count() {
    return Object.keys(pending).length;
  }
  function text(name) {
    return status.getAttribute('data-' + name) || '';
  }
  function fieldsetOf(id) {
    return form.querySelector('fieldset[data-question="' + id + '"]');
  }

  function answerOf(fs) {
    if (fs.getAttribute('data-type') === 'short_answer') {
      return { text: fs.querySelector('input[type="text"]').value };
    }
    var selected = [];
    var inputs = fs.querySelectorAll('input[type="radio"], input[type="checkbox"]');
    for (var i = 0; i < inputs.length; i++) if (inputs[i].checked) selected.push(inputs[i].value);
    return { selected: selected };
  }
  function apply(fs, answer) {
    if (answer.text !== undefined) {
      fs.querySelector('input[type="text"]').value = answer.text;
      return;
    }
    var inputs = fs.querySelectorAll('input[type="radio"], input[type="checkbox"]');
    for (var i = 0; i < inputs.length; i++) inputs[i].checked = (answer.selected || []).indexOf(inputs[i].value) >= 0;
  }

  function mark(id, state) {
    var el = document.getElementById('s-' + id);
    if (!el) return;
    el.textContent = text(state);
    el.className = 'exam-saved ' + (state === 'saved' ? 'muted' : 'exam-unsaved');
  }
  function summary() {
    var n = count();
    var line;
    if (over) line = text('over');
    else if (n === 0) line = text('all-saved');
    else line = text('unsaved').replace('{n}', String(n)) + (navigator.onLine === false ? ' ' + text('offline') : '');
    status.textContent = line;
    status.className = 'exam-status ' + (n === 0 && !over ? 'ok' : 'alert');
  }

  function send(id) {
    if (over || sending[id] || !(id in pending)) return;
    var answer = pending[id];
    var body = JSON.stringify(answer);
    sending[id] = true;
    fetch(url + '/' + encodeURIComponent(id), {
      method: 'PUT',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrf },
      body: body,
    })
      .then(function (res) {
        sending[id] = false;
        if (res.ok) {
          if (pending[id] && JSON.stringify(pending[id]) === body) {
            delete pending[id];
            mark(id, 'saved');
          } else {
            send(id); // changed again while this one was on its way
          }
        } else if (res.status === 409) {
          // Submitted or past the deadline: nothing more is saved; the result page says what counted.
          over = true;
          pending = {};
          setTimeout(function () {
            window.location.reload();
          }, 1500);
        } else if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
          delete pending[id];
          mark(id, 'refused');
        }
        keep();
        summary();
      })
      .catch(function () {
        sending[id] = false;
        mark(id, 'pending');
        summary();
      });
  }
  function flush() {
    for (var id in pending) if (Object.prototype.hasOwnProperty.call(pending, id)) send(id);
  }

  function changed(ev) {
    var fs = ev.target && ev.target.closest ? ev.target.closest('fieldset[data-question]') : null;
    if (!fs) return;
    var id = fs.getAttribute('data-question');
    pending[id] = answerOf(fs);
    keep();
    mark(id, 'pending');
    summary();
    send(id);
  }
  form.addEventListener('change', changed);
  var typing = null;
  form.addEventListener('input', function (ev) {
    if (!ev.target || ev.target.type !== 'text') return;
    clearTimeout(typing);
    typing = setTimeout(function () {
      changed(ev);
    }, 800);
  });

  // The page's own form carries this page's answers; answers kept from elsewhere are sent first. Offline, nothing
  // is posted (the browser could not load the next page): the answers wait here.
  form.addEventListener('submit', function (ev) {
    if (navigator.onLine === false) {
      ev.preventDefault();
      summary();
      return;
    }
    var fieldsets = form.querySelectorAll('fieldset[data-question]');
    for (var i = 0; i < fieldsets.length; i++) delete pending[fieldsets[i].getAttribute('data-question')];
    keep();
    if (count() === 0) return;
    ev.preventDefault();
    var submitter = ev.submitter;
    flush();
    var wait = setInterval(function () {
      if (count() > 0 && !over) return;
      clearInterval(wait);
      if (form.requestSubmit) form.requestSubmit(submitter || undefined);
      else form.submit();
    }, 200);
  });

  window.addEventListener('online', function () {
    summary();
    flush();
  });
  window.addEventListener('offline', summary);
  setInterval(function () {
    if (count() > 0) flush();
  }, RETRY_MS);

  // Answers kept from before a reload: shown in the form, then sent.
  for (var id in pending) {
    if (!Object.prototype.hasOwnProperty.call(pending, id)) continue;
    var fs = fieldsetOf(id);
    if (fs) {
      apply(fs, pending[id]);
      mark(id, 'pending');
    }
  }
  summary();
  flush();

  function countdown(el) {
    var remaining = parseInt(el.getAttribute('data-remaining') || '', 10);
    var strong = el.querySelector('strong');
    if (!isFinite(remaining) || !strong) return;
    var end = Date.now() + remaining * 1000;
    var min = el.getAttribute('data-min') || 'min';
    var sec = el.getAttribute('data-sec') || 's';
    var tick = setInterval(function () {
      var left = Math.max(0, Math.round((end - Date.now()) / 1000));
      strong.textContent = Math.floor(left / 60) + ' ' + min + ' ' + ('0' + (left % 60)).slice(-2) + ' ' + sec;
      if (left > 0) return;
      clearInterval(tick);
      setTimeout(function () {
        window.location.href = window.location.pathname;
      }, 2000);
    }, 1000);
  }
})();
