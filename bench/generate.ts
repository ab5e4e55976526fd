import { HOST_METRICS } from "../contract/emitted-metrics";

/** A raw-metrics/ object body of `count` valid lines, as the collector writes them. */
export function generateMetricLines(count: number): string[] {
  const start = Date.parse("2025-03-01T00:00:00Z");
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const metric = HOST_METRICS[i % HOST_METRICS.length]!;
    const percent = metric.unit === "Percent";
    lines.push(
      JSON.stringify({
        timestamp: new Date(start + i * 1000).toISOString(),
        instance_id: `i-${(i % 500).toString(16).padStart(17, "0")}`,
        region: "eu-west-1",
        metric_type: metric.metricType,
        metric_name: metric.name,
        // One value in a hundred arrives as a numeric string, as the original collector wrote
        // them; those take the full schema path.
        value: i % 100 === 0 ? String((i % 97) + 0.5) : percent ? (i % 97) + 0.25 : i * 1024,
        unit: metric.unit,
        metadata: { collection_method: "cloudwatch", pipeline_version: "1.0" },
      }),
    );
  }
  return lines;
}
