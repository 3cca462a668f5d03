// dvstream live dashboard: draws what /stream sends (docs/dashboard.md).
//   event "frame": {camera, w, h, scale, pixels}: pixels = base64 of 4 bytes per active view pixel:
//                  uint16 big-endian index (y * w + x), ON count, OFF count (events since the last frame)
//   event "state": the JSON of /state, about 4 times a second
// Everything from the server goes into the page as text (textContent), never as HTML.
'use strict';

const DECAY = 0.55;          // what is left of a pixel's brightness one frame later
const TIMELINE_US = 30e6;    // camera time the timeline strip spans
const cameras = new Map();   // camera id -> card
const main = document.getElementById('cameras');

function hue(classIndex, classCount) {
  return Math.round(360 * classIndex / Math.max(1, classCount));
}

function el(tag, cls, parent) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (parent) parent.appendChild(e);
  return e;
}

function card(camera) {
  let c = cameras.get(camera);
  if (c) return c;
  const empty = document.getElementById('empty');
  if (empty) empty.remove();
  const root = el('section', 'camera');
  root.dataset.camera = camera;
  const h2 = el('h2', null, root);
  el('span', 'id', h2).textContent = camera;
  const sensor = el('span', 'sensor', h2);
  const top = el('div', 'top', root);
  const view = el('canvas', 'view', top);
  view.width = 128; view.height = 128;
  const decision = el('div', 'decision', top);
  const gesture = el('div', 'gesture none', decision);
  gesture.textContent = 'no gesture yet';
  const sub = el('div', 'sub', decision);
  const bars = el('div', 'bars', decision);
  const timeline = el('canvas', 'timeline', root);
  const events = el('ul', 'events', root);
  const health = el('div', 'health', root);
  // Keep cards in camera id order.
  const after = [...cameras.keys()].filter(k => k > camera).sort()[0];
  main.insertBefore(root, after ? cameras.get(after).root : null);
  c = {root, sensor, view, ctx: view.getContext('2d'), gesture, sub, bars, barRows: [], timeline, events, health,
       w: 0, h: 0, on: null, off: null, image: null, frames: 0, state: null};
  cameras.set(camera, c);
  return c;
}

function onFrame(f) {
  const c = card(f.camera);
  if (c.w !== f.w || c.h !== f.h) {
    c.w = f.w; c.h = f.h;
    c.view.width = f.w; c.view.height = f.h;
    c.on = new Float32Array(f.w * f.h);
    c.off = new Float32Array(f.w * f.h);
    c.image = c.ctx.createImageData(f.w, f.h);
  }
  const on = c.on, off = c.off;
  for (let i = 0; i < on.length; i++) { on[i] *= DECAY; off[i] *= DECAY; }
  const bytes = atob(f.pixels);
  for (let k = 0; k + 3 < bytes.length; k += 4) {
    const idx = (bytes.charCodeAt(k) << 8) | bytes.charCodeAt(k + 1);
    on[idx] += bytes.charCodeAt(k + 2);
    off[idx] += bytes.charCodeAt(k + 3);
  }
  // ON: warm yellow, OFF: blue, both: white-ish; black where nothing happened.
  const d = c.image.data;
  for (let i = 0, p = 0; i < on.length; i++, p += 4) {
    const a = Math.min(1, on[i] / 2), b = Math.min(1, off[i] / 2);
    d[p] = 255 * a + 60 * b;
    d[p + 1] = 200 * a + 140 * b;
    d[p + 2] = 60 * a + 255 * b;
    d[p + 3] = 255;
  }
  c.ctx.putImageData(c.image, 0, 0);
  c.frames++;
}

function fmtNumber(v) {
  if (v === undefined || v === null) return 'n/a';
  if (Math.abs(v) >= 1e6) return (v / 1e6).toFixed(2) + ' M';
  if (Math.abs(v) >= 1e4) return (v / 1e3).toFixed(1) + ' k';
  return String(Math.round(v * 100) / 100);
}

function fmtJoules(j) {
  const units = [[1, 'J'], [1e-3, 'mJ'], [1e-6, 'µJ'], [1e-9, 'nJ'], [1e-12, 'pJ']];
  for (const [scale, unit] of units) if (Math.abs(j) >= scale) return (j / scale).toPrecision(3) + ' ' + unit;
  return j === 0 ? '0 J' : j.toExponential(2) + ' J';
}

function updateBars(c, classes, scores, best, current) {
  if (c.barRows.length !== classes.length) {
    c.bars.textContent = '';
    c.barRows = classes.map(() => {
      const name = el('div', 'name', c.bars);
      const track = el('div', 'track', c.bars);
      const fill = el('div', 'fill', track);
      const value = el('div', 'value', c.bars);
      return {name, fill, value};
    });
  }
  classes.forEach((n, i) => {
    const r = c.barRows[i];
    const s = scores[i] || 0;
    r.name.textContent = n;
    r.name.className = 'name' + (i === best ? ' best' : '');
    r.fill.style.width = (100 * s).toFixed(1) + '%';
    r.fill.style.background = `hsl(${hue(i, classes.length)} 65% ${i === current ? 62 : 48}%)`;
    r.value.textContent = s.toFixed(2);
  });
}

function drawTimeline(c, s) {
  const cv = c.timeline;
  const dpr = window.devicePixelRatio || 1;
  const width = cv.clientWidth, height = cv.clientHeight;
  if (cv.width !== Math.round(width * dpr)) { cv.width = Math.round(width * dpr); cv.height = Math.round(height * dpr); }
  const g = cv.getContext('2d');
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  g.clearRect(0, 0, width, height);
  const left = 64, right = width - 4;
  const end = s.cameraUs, start = end - TIMELINE_US;
  const x = t => left + (right - left) * (t - start) / TIMELINE_US;
  const k = (s.classes || []).length;
  const rows = [['windows', 4], ['gestures', 28], ['labels', 52]];
  g.font = '11px system-ui, sans-serif';
  g.textBaseline = 'middle';
  for (const [name, y] of rows) {
    g.fillStyle = '#8a919c';
    g.fillText(name, 0, y + 9);
    g.fillStyle = '#262a31';
    g.fillRect(left, y, right - left, 18);
  }
  let prevEnd = -Infinity;
  for (const [ws, we, cls, conf] of s.windows || []) {
    const from = Math.max(ws, prevEnd);
    prevEnd = we;
    if (we < start) continue;
    g.fillStyle = `hsla(${hue(cls, k)} 65% 50% / ${0.25 + 0.75 * conf})`;
    g.fillRect(x(Math.max(from, start)), 4, Math.max(1, x(we) - x(Math.max(from, start))), 18);
  }
  const open = new Map();
  const segments = [];
  for (const e of s.timeline || []) {
    if (e.kind === 'start') open.set(e.gesture, e);
    else if (e.kind === 'end') { segments.push([e.startUs, e.endUs, e.classIndex, e.gesture]); open.delete(e.gesture); }
  }
  for (const e of open.values()) segments.push([e.startUs, end, e.classIndex, e.gesture]);
  const bar = (y, from, to, fill, text) => {
    if (to < start) return;
    const a = x(Math.max(from, start)), b = x(to);
    g.fillStyle = fill;
    g.fillRect(a, y, Math.max(2, b - a), 18);
    if (b - a > 30) {
      g.save();
      g.beginPath(); g.rect(a, y, b - a, 18); g.clip();
      g.fillStyle = '#0d0f12';
      g.fillText(text, a + 3, y + 9);
      g.restore();
    }
  };
  for (const [from, to, cls, name] of segments) bar(28, from, to, `hsl(${hue(cls, k)} 65% 55%)`, name);
  for (const l of s.labels || []) bar(52, l.startUs, l.endUs, '#9aa3ae', l.gesture);
  g.fillStyle = '#8a919c';
  g.fillText(`-${TIMELINE_US / 1e6} s`, left, height - 4);
  g.fillText((end / 1e6).toFixed(1) + ' s camera time', right - 120, height - 4);
}

function updateEvents(c, s) {
  const items = (s.timeline || []).slice(-4).reverse();
  c.events.textContent = '';
  for (const e of items) {
    const li = el('li', e.kind, c.events);
    li.textContent = `${e.kind.toUpperCase()} ${e.gesture}  p ${e.confidence.toFixed(2)}  camera t ${(e.endUs / 1e6).toFixed(2)} s`;
  }
}

function updateHealth(c, s) {
  const h = s.health;
  const cells = [
    ['events/s', fmtNumber(h.eventsPerSecond)],
    ['packets/s', fmtNumber(h.packetsPerSecond)],
    ['dropped events', fmtNumber(h.droppedEvents), h.droppedEvents > 0],
    ['sequence gaps', `${h.sequenceGaps} (${h.missingPackets} pkts)`, h.sequenceGaps > 0],
    ['job Kafka lag', h.jobLagRecords === undefined ? 'n/a' : h.jobLagRecords + ' pkts'],
    ['event→decision', h.decisionLatencyMs === undefined ? 'n/a'
        : `${h.decisionLatencyMs} ms (p50 ${h.decisionLatencyP50Ms}, p95 ${h.decisionLatencyP95Ms})`],
    ['inference/frame', h.inferenceMs === undefined ? 'n/a (not in records)'
        : `${h.inferenceMs.toFixed(2)} ms (p50 ${h.inferenceP50Ms.toFixed(2)}, p95 ${h.inferenceP95Ms.toFixed(2)})`],
    ['decision→here', h.visibleAfterMs === undefined ? 'n/a' : h.visibleAfterMs + ' ms'],
    ['windows', fmtNumber(h.windows)],
    ['gesture starts', fmtNumber(h.gestureStarts)],
    ['firing rate', s.window ? s.window.firingRate.toFixed(4) : 'n/a'],
    ['energy/window', s.window ? fmtJoules(s.window.energyJoules) : 'n/a'],
  ];
  if (c.health.childElementCount !== cells.length) {
    c.health.textContent = '';
    for (const _ of cells) {
      const d = el('div', null, c.health);
      el('span', 'label', d);
      el('span', 'metric', d);
    }
  }
  cells.forEach(([label, value, warn], i) => {
    const d = c.health.children[i];
    d.children[0].textContent = label;
    d.children[1].textContent = value;
    d.children[1].className = 'metric' + (warn ? ' warn' : '');
  });
}

function onState(state) {
  const p = document.getElementById('pipeline');
  const groups = (state.jobGroups || []).map(g => `${g.group}: lag ${g.lagRecords}`).join(', ');
  const t = state.topics || {};
  p.textContent = `${t.events} → ${t.gestures} (${t.isolation})` + (groups ? ` · job groups ${groups}` : ' · no job group offsets yet');
  const d = state.dashboard || {};
  document.getElementById('footer').textContent =
      `dashboard: ${d.browsers} browser(s), ${d.framesDropped} frame message(s) dropped for slow browsers, ` +
      `reader lag ${d.readerLagRecords} record(s), ${d.skippedRecords} skipped to stay live, ${d.unreadableRecords} unreadable` +
      (d.readerError ? ` · reader: ${d.readerError}` : '') + (d.lagError ? ` · lag probe: ${d.lagError}` : '');
  for (const s of state.cameras || []) {
    const c = card(s.camera);
    c.state = s;
    c.sensor.textContent = s.sensor || '';
    if (s.current) {
      c.gesture.textContent = s.current.gesture;
      c.gesture.className = 'gesture';
    } else {
      c.gesture.textContent = s.window ? 'no gesture in progress' : 'no gesture yet';
      c.gesture.className = 'gesture none';
    }
    c.gesture.dataset.current = s.current ? s.current.gesture : '';
    if (s.window) {
      c.sub.textContent = `top class of window ${s.window.window}: ${s.window.gesture} (p ${s.window.confidence.toFixed(2)})` +
          ` · ${s.window.modelId}`;
      c.sub.dataset.top = s.window.gesture;
      updateBars(c, s.classes, s.window.scores, s.window.classIndex, s.current ? s.current.classIndex : -1);
    }
    drawTimeline(c, s);
    updateEvents(c, s);
    updateHealth(c, s);
  }
}

function connect() {
  const status = document.getElementById('connection');
  const source = new EventSource('stream');
  source.addEventListener('open', () => { status.textContent = 'live'; status.className = 'connection live'; });
  source.addEventListener('error', () => { status.textContent = 'reconnecting'; status.className = 'connection connecting'; });
  source.addEventListener('frame', e => onFrame(JSON.parse(e.data)));
  source.addEventListener('state', e => onState(JSON.parse(e.data)));
}

connect();
