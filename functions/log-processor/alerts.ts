import { PublishCommand, type SNSClient } from "@aws-sdk/client-sns";

/** One threshold crossed: an instance's metric or a service's error rate. */
export interface AlertLine {
  /** Instance id, or the service of an application log. */
  readonly resource: string;
  readonly metric: string;
  readonly value: number;
  readonly threshold: number;
  /** ISO-8601; for error rates, the end of the log window. */
  readonly time: string;
}

/** Keeps a message far below SNS's 256 KB even for an object full of violations. */
const MAX_LISTED = 100;

/** SNS subjects: ASCII, no line breaks, at most 100 characters. */
function subjectOf(text: string): string {
  const ascii = text.replace(/[^\x20-\x7E]/g, "?");
  return ascii.length <= 100 ? ascii : `${ascii.slice(0, 97)}...`;
}

export function alertMessage(
  environment: string,
  source: string,
  lines: readonly AlertLine[],
): { subject: string; message: string } {
  const resources = [...new Set(lines.map((l) => l.resource))];
  const subject = subjectOf(
    `[${environment}] ${lines.length} threshold violation${lines.length === 1 ? "" : "s"}: ${resources.join(", ")}`,
  );
  const body = lines
    .slice(0, MAX_LISTED)
    .map((l) => `- ${l.resource} ${l.metric} = ${l.value} (threshold ${l.threshold}) at ${l.time}`);
  if (lines.length > MAX_LISTED) body.push(`- ... and ${lines.length - MAX_LISTED} more`);
  const message = [
    `${lines.length} threshold violation(s) in ${source} (environment ${environment}):`,
    ...body,
  ].join("\n");
  return { subject, message };
}

/** Publishes one message for all the violations of one object. */
export async function publishAlert(
  sns: SNSClient,
  topicArn: string,
  environment: string,
  source: string,
  lines: readonly AlertLine[],
): Promise<void> {
  const { subject, message } = alertMessage(environment, source, lines);
  await sns.send(new PublishCommand({ TopicArn: topicArn, Subject: subject, Message: message }));
}
