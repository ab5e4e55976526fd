// The local dashboard: draws /api/dashboard (the widgets of the CloudWatch dashboard
// AlertingStack deploys, with the local run's data) and redraws it as cycles run.
"use strict";

const REFRESH_MS = 2000;
const ROW_PX = 36;
const COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2"];

/** Widget elements and their charts, by position in the body. */
const shown = [];

function element(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

/** uPlot's columnar data: shared x values, one y column per series (null where absent). */
function columns(series) {
  const xs = [...new Set(series.flatMap((s) => s.points.map((p) => p[0])))].sort((a, b) => a - b);
  const ys = series.map((s) => {
    const byX = new Map(s.points.map((p) => [p[0], p[1]]));
    return xs.map((x) => (byX.has(x) ? byX.get(x) : null));
  });
  return [xs, ...ys];
}

function widgetBox(index, w) {
  let box = shown[index];
  if (!box) {
    const el = element("section", "widget");
    el.dataset.widget = w.title;
    el.style.gridColumn = `${w.x + 1} / span ${w.width}`;
    el.style.gridRow = `${w.y + 1} / span ${w.height}`;
    el.append(element("h2", "", w.title), element("div", "body"));
    document.getElementById("grid").append(el);
    box = { el, body: el.querySelector(".body"), plot: undefined, key: "" };
    shown[index] = box;
  }
  return box;
}

function drawMetric(box, w) {
  const points = w.series.reduce((n, s) => n + s.points.length, 0);
  box.el.dataset.points = String(points);
  if (points === 0) {
    if (box.plot) box.plot.destroy();
    box.plot = undefined;
    box.key = "";
    box.body.replaceChildren(element("div", "empty", "No data for this time range"));
    return;
  }
  const data = columns(w.series);
  const key = w.series.map((s) => s.label).join("\n");
  if (box.plot && box.key === key) {
    box.plot.setData(data);
    return;
  }
  if (box.plot) box.plot.destroy();
  box.body.replaceChildren();
  box.key = key;
  box.plot = new uPlot(
    {
      width: Math.max(200, box.el.clientWidth - 20),
      height: w.height * ROW_PX - 70,
      series: [
        {},
        ...w.series.map((s, i) => ({
          label: s.label,
          stroke: COLORS[i % COLORS.length],
          width: 2,
          points: { show: true, size: 5 },
          spanGaps: false,
        })),
      ],
      axes: [{}, { size: 60 }],
    },
    data,
    box.body,
  );
}

function drawAlarms(box, w) {
  box.el.dataset.points = String(w.alarms.length);
  const list = element("div", "alarms");
  for (const a of w.alarms) {
    const item = element("div", `alarm ${a.state}`, `${a.name}: ${a.state}`);
    item.title = `${a.reason}\n(${a.updated})`;
    item.dataset.state = a.state;
    list.append(item);
  }
  box.body.replaceChildren(w.alarms.length ? list : element("div", "empty", "No alarms yet"));
}

function drawLake(lake) {
  const el = document.getElementById("lake");
  el.dataset.points = String(lake.rows.length);
  const table = element("table");
  const head = element("tr");
  for (const c of lake.columns) head.append(element("th", "", c));
  table.append(head);
  for (const row of lake.rows) {
    const tr = element("tr");
    for (const cell of row) {
      const text = typeof cell === "number" && !Number.isInteger(cell) ? cell.toFixed(2) : cell;
      tr.append(element("td", "", String(text)));
    }
    table.append(tr);
  }
  el.replaceChildren(
    element("h2", "", lake.title),
    lake.rows.length ? table : element("div", "empty", lake.note || "No rows"),
  );
}

function draw(payload) {
  payload.widgets.forEach((w, i) => {
    const box = widgetBox(i, w);
    if (w.type === "alarm") drawAlarms(box, w);
    else drawMetric(box, w);
  });
  drawLake(payload.lake);
  const status = document.getElementById("status");
  status.className = "";
  status.textContent = `${payload.cycles} cycle(s) · updated ${new Date().toLocaleTimeString()}`;
  document.body.dataset.loaded = "true";
}

async function refresh() {
  try {
    const response = await fetch("/api/dashboard", { cache: "no-store" });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    draw(await response.json());
  } catch (err) {
    // The run may have ended: keep the last picture, say it is stale.
    const status = document.getElementById("status");
    status.className = "stale";
    status.textContent = `not updating (${err.message})`;
  } finally {
    setTimeout(refresh, REFRESH_MS);
  }
}

refresh();
