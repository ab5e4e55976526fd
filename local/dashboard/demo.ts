import { PutObjectCommand } from "@aws-sdk/client-s3";
import { hostSource } from "../../functions/data-collector/sources/host";
import { LocalAlarms } from "../alarms/local-alarms";
import { embeddedBackend } from "../backend";
import { LOCAL_STACK, type LocalPaths } from "../layout";
import { NotificationLog } from "../notifications";
import { createLocalPipeline } from "../pipeline";

/** Application log lines for one cycle: checkout fails 1 request in 8, search never. */
function appLog(at: Date): string {
  const line = (service: string, level: string, i: number) =>
    JSON.stringify({
      timestamp: new Date(at.getTime() + i).toISOString(),
      service,
      level,
      message: `request ${i}`,
    });
  const lines = [];
  for (let i = 0; i < 8; i++) {
    lines.push(line("checkout", i === 0 ? "ERROR" : "INFO", i), line("search", "INFO", i));
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Fills a data folder as `npm start -- --spike cpu` does, plus an application log object per
 * cycle (the error-rate graph's data), so that every widget has something to draw.
 */
export async function runDemo(paths: LocalPaths, cycles: number): Promise<void> {
  const backend = await embeddedBackend(paths);
  try {
    const notifications = new NotificationLog(paths.notifications, () => undefined);
    const alarms = new LocalAlarms(paths, notifications);
    const pipeline = createLocalPipeline({
      backend,
      source: hostSource({ region: LOCAL_STACK.region, spike: "cpu" }),
      paths,
      notifications,
    });
    for (let cycle = 1; cycle <= cycles; cycle++) {
      await pipeline.runCycle(cycle, (execution) => {
        const at = new Date();
        const hour = at.toISOString().slice(0, 13).split(/[-T]/);
        return backend.s3.send(
          new PutObjectCommand({
            Bucket: LOCAL_STACK.bucket,
            Key: `raw-logs/year=${hour[0]}/month=${hour[1]}/day=${hour[2]}/hour=${hour[3]}/app-${execution}.jsonl`,
            Body: appLog(at),
          }),
        );
      });
      alarms.evaluate();
    }
  } finally {
    await backend.stop();
  }
}
