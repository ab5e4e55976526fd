import type {
  DashboardBody,
  MetricRow,
  MetricWidget,
  Widget,
} from "../../components/alerting-stack";
import { aggregate, cycleOf, type Statistic } from "../alarms/cycles";
import { type Datum, sameMetric } from "../alarms/emf-datapoints";
import type { AlarmStatus } from "../alarms/local-alarms";

/** One line of a graph: x in seconds since the epoch (the cycle's start, with milliseconds), y its value. */
export interface Series {
  readonly label: string;
  readonly points: readonly (readonly [number, number])[];
}

/** Where the widget sits on CloudWatch's 24-column grid. */
export interface Placement {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export type WidgetData = Placement &
  (
    | { readonly type: "metric"; readonly title: string; readonly series: Series[] }
    | { readonly type: "alarm"; readonly title: string; readonly alarms: AlarmStatus[] }
  );

/** A SEARCH expression as dashboard.ts writes it: `SEARCH('{"Ns","Dim"} MetricName="m" K="v"', 'Stat')`. */
const SEARCH = /^SEARCH\('\{([^}]*)\}\s+(.*)',\s*'(Sum|Maximum)'\)$/;

interface Selector {
  readonly namespace: string;
  readonly metricName: string;
  /** Exact dimensions (a metric row) or, for SEARCH, the dimension names and filters. */
  readonly dimensions?: Readonly<Record<string, string>>;
  readonly search?: { readonly names: string[]; readonly filters: Record<string, string> };
  readonly stat: Statistic;
  readonly label?: string;
}

/** What a metric row of the dashboard body selects; throws on a form dashboard.ts does not write. */
export function parseRow(row: MetricRow, widgetStat: Statistic): Selector {
  const first = row[0];
  if (typeof first === "object" && first !== null && "expression" in first) {
    const m = SEARCH.exec(first.expression);
    if (!m) throw new Error(`unsupported expression: ${first.expression}`);
    const [namespace = "", ...names] = (m[1] ?? "").split(",").map((s) => s.trim().slice(1, -1));
    const terms = Object.fromEntries(
      [...(m[2] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((t) => [t[1] ?? "", t[2] ?? ""]),
    );
    const { MetricName: metricName = "", ...filters } = terms;
    return { namespace, metricName, search: { names, filters }, stat: m[3] as Statistic };
  }
  const parts = row.filter((p): p is string => typeof p === "string");
  const options = row.find((p) => typeof p === "object") as
    { stat?: Statistic; label?: string } | undefined;
  const [namespace = "", metricName = "", ...pairs] = parts;
  const dimensions: Record<string, string> = {};
  for (let i = 0; i + 1 < pairs.length; i += 2) dimensions[pairs[i] ?? ""] = pairs[i + 1] ?? "";
  return {
    namespace,
    metricName,
    dimensions,
    stat: options?.stat ?? widgetStat,
    ...(options?.label ? { label: options.label } : {}),
  };
}

/** One value per cycle with data, at the cycle's start. */
function perCycle(points: readonly Datum[], starts: readonly number[], stat: Statistic) {
  const byCycle = new Map<number, number[]>();
  for (const d of points) {
    const c = cycleOf(starts, d.timestamp);
    if (c >= 0) byCycle.set(c, [...(byCycle.get(c) ?? []), d.value]);
  }
  return [...byCycle]
    .sort(([a], [b]) => a - b)
    .map(([c, values]) => [(starts[c] ?? 0) / 1000, aggregate(values, stat)] as const);
}

/** The series a selector yields: one for a metric row, one per dimension value set for SEARCH. */
export function seriesFor(sel: Selector, data: readonly Datum[], starts: readonly number[]) {
  if (sel.dimensions) {
    const points = data.filter((d) =>
      sameMetric(d, sel.namespace, sel.metricName, sel.dimensions ?? {}),
    );
    return [{ label: sel.label ?? sel.metricName, points: perCycle(points, starts, sel.stat) }];
  }
  const { names, filters } = sel.search ?? { names: [], filters: {} };
  const groups = new Map<string, Datum[]>();
  for (const d of data) {
    if (d.namespace !== sel.namespace || d.metricName !== sel.metricName) continue;
    const keys = Object.keys(d.dimensions);
    if (keys.length !== names.length || !names.every((n) => n in d.dimensions)) continue;
    if (!Object.entries(filters).every(([k, v]) => d.dimensions[k] === v)) continue;
    const label = [
      sel.metricName,
      ...names.filter((n) => !(n in filters)).map((n) => d.dimensions[n]),
    ].join(" ");
    groups.set(label, [...(groups.get(label) ?? []), d]);
  }
  return [...groups]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([label, points]) => ({
      label,
      points: perCycle(points, starts, sel.stat),
    }));
}

function metricData(w: MetricWidget, data: readonly Datum[], starts: readonly number[]) {
  const series = w.properties.metrics.flatMap((row) =>
    seriesFor(parseRow(row, w.properties.stat), data, starts),
  );
  return { type: "metric" as const, title: w.properties.title, series };
}

/** Each widget of the body with the local data it shows, in the body's order. */
export function widgetData(
  body: DashboardBody,
  data: readonly Datum[],
  starts: readonly number[],
  alarms: readonly AlarmStatus[],
): WidgetData[] {
  return body.widgets.map((w: Widget): WidgetData => {
    const placement = { x: w.x, y: w.y, width: w.width, height: w.height };
    if (w.type === "metric") return { ...placement, ...metricData(w, data, starts) };
    const names = new Set(w.properties.alarms.map((arn) => arn.split(":").at(-1)));
    // sortBy stateUpdatedTimestamp: the most recent change first.
    const shown = alarms
      .filter((a) => names.has(a.name))
      .sort((a, b) => b.updated.localeCompare(a.updated) || a.name.localeCompare(b.name));
    return { ...placement, type: "alarm", title: w.properties.title, alarms: shown };
  });
}
