// OpenCIRT console: small progressive enhancements. Every page works without this file; the
// Content-Security-Policy allows only scripts from this origin, so nothing here is inline.
(function () {
  'use strict';
  // A select marked data-autosubmit submits its form when changed (its submit button stays for keyboards
  // and for browsers without JavaScript).
  document.addEventListener('change', function (event) {
    var target = event.target;
    if (target instanceof HTMLSelectElement && target.hasAttribute('data-autosubmit') && target.form) {
      target.form.requestSubmit();
    }
  });
  // A form marked data-confirm asks before it is sent (the text comes from the page, in its language).
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.hasAttribute('data-confirm') && !window.confirm(form.getAttribute('data-confirm'))) {
      event.preventDefault();
    }
  });
  // A "select all" checkbox (data-select-all="name") ticks every checkbox of that name.
  document.addEventListener('click', function (event) {
    var box = event.target;
    if (box instanceof HTMLInputElement && box.hasAttribute('data-select-all')) {
      var name = box.getAttribute('data-select-all');
      document.querySelectorAll('input[type=checkbox][name="' + CSS.escape(name) + '"]').forEach(function (b) { b.checked = box.checked; });
    }
  });
  // An element with data-poll="url" is replaced every second by the server-rendered fragment at that URL, as long
  // as the fresh fragment still has data-poll (a feed run in progress).
  function poll(element) {
    window.setTimeout(function () {
      fetch(element.getAttribute('data-poll'), { credentials: 'same-origin', headers: { Accept: 'text/html' } })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (html === null) {
            return;
          }
          var template = document.createElement('template');
          template.innerHTML = html;
          var fresh = template.content.firstElementChild;
          if (!fresh) {
            return;
          }
          element.replaceWith(fresh);
          if (fresh.hasAttribute('data-poll')) {
            poll(fresh);
          }
        })
        .catch(function () { poll(element); });
    }, 1000);
  }
  document.querySelectorAll('[data-poll]').forEach(poll);
  // A finding of the CSAF validator with data-line selects that line of the JSON editor (without script the link
  // goes to the editor and the finding says the line).
  document.addEventListener('click', function (event) {
    var link = event.target.closest('a.finding-line[data-line]');
    var editor = document.getElementById('a-document');
    if (!link || !editor) {
      return;
    }
    event.preventDefault();
    var lines = editor.value.split('\n');
    var line = Math.min(Math.max(parseInt(link.getAttribute('data-line'), 10) || 1, 1), lines.length);
    var start = lines.slice(0, line - 1).join('\n').length + (line > 1 ? 1 : 0);
    editor.focus();
    editor.setSelectionRange(start, start + lines[line - 1].length);
    var height = editor.scrollHeight / lines.length;
    editor.scrollTop = Math.max(0, (line - 3) * height);
  });
}());
