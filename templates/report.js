// podmortem report: copy the summary as text, filter the timeline, switch the colour theme, and
// print every folded section. Allowed by its sha256 in the page's Content-Security-Policy; it
// reads its data from the JSON block and the page, and loads nothing.
(function () {
  'use strict';

  var data = JSON.parse(document.getElementById('podmortem-data').textContent || '{}');

  function byId(id) {
    return document.getElementById(id);
  }

  // Copy as text: the clipboard API where the browser allows it, else a selection of the plain
  // text block and the copy command; if both fail, the text is shown selected for Ctrl+C.
  function setupCopy() {
    var button = byId('copy-summary');
    var status = byId('copy-status');
    var block = byId('summary-text');
    var details = byId('plain-text');
    if (!button || !block) return;
    button.hidden = false;
    function copyBySelection() {
      if (details) details.open = true;
      var range = document.createRange();
      range.selectNodeContents(block);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      try {
        return document.execCommand('copy');
      } catch (error) {
        return false;
      }
    }
    function done(ok) {
      status.textContent = ok ? 'Copied to the clipboard' : 'Select the plain text below and copy it';
      button.dataset.copied = ok ? 'yes' : 'no';
    }
    button.addEventListener('click', function () {
      var text = data.summaryText || block.textContent;
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(
          function () { done(true); },
          function () { done(copyBySelection()); }
        );
      } else {
        done(copyBySelection());
      }
    });
  }

  // Timeline filter: by pod and by severity; date rows follow the rows they head.
  function setupFilter() {
    var form = byId('timeline-filters');
    var pod = byId('filter-pod');
    var status = byId('filter-status');
    if (!form || !pod) return;
    form.hidden = false;
    var rows = Array.prototype.slice.call(document.querySelectorAll('table.timeline tr.event'));
    var dateRows = Array.prototype.slice.call(document.querySelectorAll('table.timeline tr.date-row'));
    function apply() {
      var severities = {};
      Array.prototype.forEach.call(form.querySelectorAll('input[name="severity"]'), function (box) {
        severities[box.value] = box.checked;
      });
      var wanted = pod.value;
      var hidden = 0;
      rows.forEach(function (row) {
        var show = severities[row.dataset.severity] !== false && (wanted === '' || row.dataset.pod === wanted);
        row.hidden = !show;
        if (!show) hidden += 1;
      });
      dateRows.forEach(function (dateRow) {
        var next = dateRow.nextElementSibling;
        var visible = false;
        while (next && !next.classList.contains('date-row')) {
          if (!next.hidden) visible = true;
          next = next.nextElementSibling;
        }
        dateRow.hidden = !visible;
      });
      status.textContent = hidden > 0 ? hidden + ' of ' + rows.length + ' events hidden by the filter' : '';
    }
    form.addEventListener('change', apply);
    form.addEventListener('submit', function (event) { event.preventDefault(); });
  }

  // Theme: follows the system until chosen; auto → light → dark → auto.
  function setupTheme() {
    var button = byId('theme-toggle');
    if (!button) return;
    var order = ['auto', 'light', 'dark'];
    button.hidden = false;
    button.addEventListener('click', function () {
      var root = document.documentElement;
      var next = order[(order.indexOf(root.dataset.theme || 'auto') + 1) % order.length];
      if (next === 'auto') delete root.dataset.theme;
      else root.dataset.theme = next;
      button.textContent = 'Theme: ' + next;
      button.setAttribute('aria-label', next === 'auto' ? 'Colour theme: follows the system' : 'Colour theme: ' + next);
    });
  }

  // Printing shows what is folded; afterwards the page folds back as it was.
  function setupPrint() {
    var opened = [];
    window.addEventListener('beforeprint', function () {
      Array.prototype.forEach.call(document.querySelectorAll('details:not([open])'), function (details) {
        details.open = true;
        opened.push(details);
      });
    });
    window.addEventListener('afterprint', function () {
      opened.forEach(function (details) { details.open = false; });
      opened = [];
    });
  }

  setupCopy();
  setupFilter();
  setupTheme();
  setupPrint();
})();
