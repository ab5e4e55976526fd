import { createHash } from "node:crypto";
import { PublishCommand, type SNSClient } from "@aws-sdk/client-sns";
import { ALERT_ID_ATTRIBUTE, MAX_LISTED, safeText } from "./alerts";
import type { PendingAlert } from "./anomaly-state";

/** One id per series and episode: the first alerting point's time names the episode. */
export function anomalyAlertId(pk: string, time: string): string {
  return createHash("sha256")
    .update(JSON.stringify([pk, time]))
    .digest("hex")
    .slice(0, 32);
}

/** Scores and baselines to 3 significant digits: enough to read, short enough to scan. */
const num = (x: number) => Number(x.toPrecision(3));

/** The message for one object's anomalies, bounded like the threshold alert (100 listed). */
export function anomalyMessage(
  environment: string,
  alerts: readonly PendingAlert[],
): { subject: string; message: string; id: string } {
  const listed = alerts.slice(0, MAX_LISTED);
  const first = listed[0];
  const head =
    alerts.length === 1 && first
      ? `anomaly: ${first.instance} ${first.metric} score ${num(first.score)}`
      : `${alerts.length} anomalies: ${[...new Set(listed.map((a) => a.instance))].join(", ")}`;
  const ascii = `[${environment}] ${head}`.replace(/[^\x20-\x7E]/g, "?");
  const subject = ascii.length <= 100 ? ascii : `${ascii.slice(0, 97)}...`;
  const lines = listed.map(
    (a) =>
      `- ${safeText(a.instance)} ${safeText(a.metric)}: score ${num(a.score)}, value ${a.value} ` +
      `at ${a.time}; baseline ${num(a.baselineMean)} ± ${num(a.baselineStd)}; ` +
      `window ${a.windowStart} to ${a.windowEnd}`,
  );
  if (alerts.length > listed.length) lines.push(`- ... and ${alerts.length - listed.length} more`);
  // The same anomalies always give the same id, so a receiver drops a repeated publish.
  const id = createHash("sha256")
    .update(JSON.stringify(alerts.map((a) => a.id).sort()))
    .digest("hex")
    .slice(0, 32);
  const message = [
    `${alerts.length} anomal${alerts.length === 1 ? "y" : "ies"} (environment ${safeText(environment)}):`,
    ...lines,
    `alert id: ${id}`,
    `series alert ids: ${listed.map((a) => a.id).join(", ")}`,
  ].join("\n");
  return { subject, message, id };
}

/** Publishes the anomalies of one object in one message, its id in the body and as an attribute. */
export async function publishAnomalies(
  sns: SNSClient,
  topicArn: string,
  environment: string,
  alerts: readonly PendingAlert[],
): Promise<void> {
  const { subject, message, id } = anomalyMessage(environment, alerts);
  await sns.send(
    new PublishCommand({
      TopicArn: topicArn,
      Subject: subject,
      Message: message,
      MessageAttributes: { [ALERT_ID_ATTRIBUTE]: { DataType: "String", StringValue: id } },
    }),
  );
}
