// Zoom and pan over the space-time diagram (time only: lanes keep their height), and a click on
// a message or mark that carries a slot highlights every message of that slot.
(function () {
  var svg = document.getElementById('diagram');
  if (!svg) { document.body.setAttribute('data-ready', '1'); return; }
  var left = +svg.getAttribute('data-left'), width = +svg.getAttribute('data-width');
  var end = +svg.getAttribute('data-end') || 1;
  var from = 0, to = end;
  var spans = svg.querySelectorAll('[data-t1]'), points = svg.querySelectorAll('.at');
  var axis = document.getElementById('axis');
  var NS = 'http://www.w3.org/2000/svg';

  function x(t) { return left + (t - from) / (to - from) * width; }

  function draw() {
    var i, el, t1, t2;
    for (i = 0; i < spans.length; i++) {
      el = spans[i];
      t1 = +el.getAttribute('data-t1'); t2 = +el.getAttribute('data-t2');
      if (el.tagName === 'line') {
        var x1 = x(t1), x2 = x(t2);
        if (el.hasAttribute('data-half')) { x2 = (x1 + x2) / 2; }
        el.setAttribute('x1', x1.toFixed(1)); el.setAttribute('x2', x2.toFixed(1));
      } else {
        var a = Math.max(left - 5, x(t1)), b = Math.min(left + width + 5, x(t2));
        el.setAttribute('x', a.toFixed(1)); el.setAttribute('width', Math.max(b - a, 0.5).toFixed(1));
      }
    }
    for (i = 0; i < points.length; i++) {
      el = points[i];
      el.setAttribute('transform', 'translate(' + x(+el.getAttribute('data-t')).toFixed(1) + ',' + el.getAttribute('data-y') + ')');
    }
    drawAxis();
  }

  function drawAxis() {
    while (axis.firstChild) { axis.removeChild(axis.firstChild); }
    var y = +axis.getAttribute('data-y');
    var span = to - from, step = Math.pow(10, Math.floor(Math.log10(span / 8)));
    if (span / step > 20) { step *= 5; } else if (span / step > 10) { step *= 2; }
    for (var t = Math.ceil(from / step) * step; t <= to; t += step) {
      var line = document.createElementNS(NS, 'line');
      line.setAttribute('x1', x(t)); line.setAttribute('x2', x(t));
      line.setAttribute('y1', y); line.setAttribute('y2', y + 5);
      axis.appendChild(line);
      var label = document.createElementNS(NS, 'text');
      label.setAttribute('x', x(t) - 10); label.setAttribute('y', y + 16);
      label.textContent = span >= 3000 ? (+(t / 1000).toFixed(3)) + ' s' : (+t.toFixed(3)) + ' ms';
      axis.appendChild(label);
    }
  }

  function zoom(factor, atX) {
    var t = from + (atX - left) / width * (to - from);
    var span = Math.max(0.05, Math.min(end * 1.05, (to - from) * factor));
    from = t - (atX - left) / width * span; to = from + span;
    clamp(); draw();
  }

  function clamp() {
    var span = to - from;
    if (from < 0) { from = 0; to = span; }
    if (to > end) { to = end; from = Math.max(0, end - span); }
  }

  svg.addEventListener('wheel', function (e) {
    e.preventDefault();
    var box = svg.getBoundingClientRect();
    zoom(e.deltaY < 0 ? 0.8 : 1.25, e.clientX - box.left);
  }, { passive: false });

  var dragX = null, dragFrom = 0, moved = false;
  svg.addEventListener('mousedown', function (e) { dragX = e.clientX; dragFrom = from; moved = false; });
  window.addEventListener('mouseup', function () { dragX = null; });
  window.addEventListener('mousemove', function (e) {
    if (dragX === null) { return; }
    var dt = (e.clientX - dragX) / width * (to - from);
    if (Math.abs(e.clientX - dragX) > 2) { moved = true; }
    var span = to - from;
    from = dragFrom - dt; to = from + span;
    clamp(); draw();
  });

  document.getElementById('zoom-in').onclick = function () { zoom(0.5, left + width / 2); };
  document.getElementById('zoom-out').onclick = function () { zoom(2, left + width / 2); };
  document.getElementById('zoom-reset').onclick = function () { from = 0; to = end; draw(); };

  function highlight(slot) {
    var i, old = document.querySelectorAll('.hl');
    for (i = 0; i < old.length; i++) { old[i].classList.remove('hl'); }
    var info = document.getElementById('slot-info');
    if (slot === null || slot === '') { svg.classList.remove('dim'); info.textContent = ''; return; }
    var found = document.querySelectorAll('[data-slot="' + slot + '"]');
    for (i = 0; i < found.length; i++) { found[i].classList.add('hl'); }
    svg.classList.add('dim');
    info.textContent = found.length + ' elements of slot ' + slot;
  }

  svg.addEventListener('click', function (e) {
    if (moved) { return; }
    var el = e.target.closest('[data-slot]');
    var slot = el ? el.getAttribute('data-slot') : null;
    document.getElementById('slot').value = slot === null ? '' : slot;
    highlight(slot);
  });
  document.getElementById('slot').addEventListener('change', function (e) { highlight(e.target.value.trim()); });

  // A page address ending in #t=FROM-TO (milliseconds) opens zoomed in on that part of the run,
  // and one with slot=N (as in #slot=2 or #t=0-100&slot=2) with that slot highlighted.
  var asked = /t=([0-9.]+)-([0-9.]+)/.exec(window.location.hash);
  if (asked && +asked[2] > +asked[1]) { from = +asked[1]; to = +asked[2]; clamp(); }
  var slotAsked = /slot=([0-9]+)/.exec(window.location.hash);
  if (slotAsked) { document.getElementById('slot').value = slotAsked[1]; highlight(slotAsked[1]); }
  draw();
  document.body.setAttribute('data-ready', '1');
})();
