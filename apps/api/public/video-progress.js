// Reports the watching of an uploaded lesson video to the server (no inline script: the CSP forbids it).
// The server counts forward playback at most at wall-clock pace, so seeking ahead does not count as watched.
(function () {
  'use strict';
  var video = document.querySelector('video[data-progress-url]');
  if (!video || !window.fetch || !window.JSON) return;
  var url = video.getAttribute('data-progress-url');
  var csrf = video.getAttribute('data-csrf');
  var resume = parseFloat(video.getAttribute('data-resume') || '0');
  var status = document.getElementById('video-status');
  var EVERY_MS = 10000;
  var lastSent = 0;
  var busy = false;
  var done = false;

  function show(body) {
    if (!status || !body) return;
    if (body.completed) {
      done = true;
      status.textContent = status.getAttribute('data-done');
    } else {
      status.textContent = status.getAttribute('data-watched') + ': ' + body.watchedPercent + '%';
    }
  }

  function send(force) {
    var duration = video.duration;
    if (busy || !isFinite(duration) || duration <= 0) return;
    var now = Date.now();
    if (!force && now - lastSent < EVERY_MS) return;
    lastSent = now;
    busy = true;
    fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify({
        positionSeconds: Math.round(Math.min(video.currentTime, duration) * 100) / 100,
        durationSeconds: Math.round(duration * 100) / 100,
      }),
    })
      .then(function (res) {
        return res.ok ? res.json() : null;
      })
      .then(function (body) {
        busy = false;
        show(body);
      })
      .catch(function () {
        busy = false;
      });
  }

  video.addEventListener('loadedmetadata', function () {
    // Resume where the learner left off (not at the very end).
    if (resume > 0 && resume < video.duration - 5) video.currentTime = resume;
  });
  video.addEventListener('timeupdate', function () {
    if (!done) send(false);
  });
  video.addEventListener('pause', function () {
    send(true);
  });
  video.addEventListener('seeking', function () {
    send(true);
  });
  video.addEventListener('ended', function () {
    send(true);
  });
})();
