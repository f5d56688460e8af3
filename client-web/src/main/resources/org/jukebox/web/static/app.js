// Light JavaScript over pages that work without it: search as you type, continuous playback,
// and the DJ's "more" form submitted on its own. Everything from the server is set with
// textContent or attributes, never parsed as HTML.
(function () {
  'use strict';
  function meta(name) {
    var m = document.querySelector('meta[name="' + name + '"]');
    return m ? m.getAttribute('content') : '';
  }

  function hidden(name, value) {
    var i = document.createElement('input');
    i.type = 'hidden';
    i.name = name;
    i.value = value;
    return i;
  }

  function cell(row, content) {
    var td = document.createElement('td');
    if (typeof content === 'string') {
      td.textContent = content;
    } else {
      td.appendChild(content);
    }
    row.appendChild(td);
  }

  function time(ms) {
    var s = Math.floor(ms / 1000);
    var r = s % 60;
    return Math.floor(s / 60) + ':' + (r < 10 ? '0' : '') + r;
  }

  function render(songs, body, back) {
    while (body.firstChild) {
      body.removeChild(body.firstChild);
    }
    songs.forEach(function (s) {
      var tr = document.createElement('tr');
      var a = document.createElement('a');
      a.href = '/song/' + encodeURIComponent(s.id);
      a.textContent = s.title;
      cell(tr, a);
      cell(tr, s.artist);
      cell(tr, s.album);
      cell(tr, time(s.durationMs));
      var f = document.createElement('form');
      f.method = 'post';
      f.action = '/playlist/' + encodeURIComponent(meta('playlist-id')) + '/add';
      f.className = 'inline';
      f.appendChild(hidden('csrf', meta('csrf-token')));
      f.appendChild(hidden('song', s.id));
      f.appendChild(hidden('back', back));
      var b = document.createElement('button');
      b.className = 'add';
      b.textContent = 'Add';
      f.appendChild(b);
      cell(tr, f);
      body.appendChild(tr);
    });
  }

  function searchAsYouType() {
    var q = document.getElementById('q');
    var body = document.getElementById('results');
    if (!q || !body) {
      return;
    }
    var timer = null;
    var seq = 0;
    q.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var mine = ++seq;
        var text = q.value;
        var back = '/search?q=' + encodeURIComponent(text);
        fetch('/api/songs?limit=200&q=' + encodeURIComponent(text), {credentials: 'same-origin'})
          .then(function (r) { return r.ok ? r.json() : {songs: []}; })
          .then(function (j) {
            if (mine === seq) {
              render(j.songs, body, back);
              var none = document.getElementById('none');
              if (none) {
                none.hidden = j.songs.length > 0;
              }
              history.replaceState(null, '', back);
            }
          });
      }, 150);
    });
  }

  function continuousPlayback() {
    var audio = document.getElementById('player');
    if (!audio) {
      return;
    }
    audio.addEventListener('ended', function () {
      var next = audio.getAttribute('data-next');
      if (next) {
        window.location.assign(next);
      }
    });
  }

  function djMore() {
    var f = document.getElementById('dj-more');
    if (f && f.getAttribute('data-auto') === '1') {
      f.submit();
    }
  }

  document.addEventListener('DOMContentLoaded', function () {
    searchAsYouType();
    continuousPlayback();
    djMore();
  });
})();
