import { createHash } from "node:crypto";
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

/** Violations listed in one message; the rest are counted. */
export const MAX_LISTED = 100;
/** Characters of a resource, metric or source shown (escaped), so every line is bounded. */
const MAX_FIELD_CHARS = 200;
/** SNS refuses a message over 256 KB (262,144 bytes of UTF-8). */
export const SNS_MAX_MESSAGE_BYTES = 262_144;

// Control characters, line and paragraph separators, bidi overrides and marks: each could
// forge a line ("RESOLVED") or reorder what a reader sees.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

/** The text with every unsafe character spelled \uXXXX, cut to `max` characters. */
export function safeText(text: string, max: number = MAX_FIELD_CHARS): string {
  const spell = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
  // A lone surrogate too: SNS's serializer throws on it.
  const escaped = text.replace(UNSAFE, spell).replace(/\p{Cs}/gu, spell);
  if (escaped.length <= max) return escaped;
  // Never cut a surrogate pair in half: that half is a lone surrogate.
  const cut = /[\ud800-\udbff]$/.test(escaped.slice(0, max - 3)) ? max - 4 : max - 3;
  return `${escaped.slice(0, cut)}...`;
}

/** SNS subjects: ASCII, no line breaks, at most 100 characters. */
function subjectOf(text: string): string {
  const ascii = text.replace(/[^\x20-\x7E]/g, "?");
  return ascii.length <= 100 ? ascii : `${ascii.slice(0, 97)}...`;
}

/**
 * The alert for an object's violations: the first MAX_LISTED listed (`total` counts them all),
 * every field escaped and bounded, so the message always fits SNS's limit.
 */
export function alertMessage(
  environment: string,
  source: string,
  lines: readonly AlertLine[],
  total: number = lines.length,
  alertId?: string,
): { subject: string; message: string } {
  const listed = lines.slice(0, MAX_LISTED);
  const resources = [...new Set(listed.map((l) => l.resource))];
  const subject = subjectOf(
    `[${environment}] ${total} threshold violation${total === 1 ? "" : "s"}: ${resources.join(", ")}`,
  );
  const body = listed.map(
    (l) =>
      `- ${safeText(l.resource)} ${safeText(l.metric)} = ${l.value} (threshold ${l.threshold}) at ${safeText(l.time, 40)}`,
  );
  if (total > listed.length) body.push(`- ... and ${total - listed.length} more`);
  const message = [
    `${total} threshold violation(s) in ${safeText(source, 1200)} (environment ${safeText(environment)}):`,
    ...body,
    ...(alertId ? [`alert id: ${alertId}`] : []),
  ].join("\n");
  return { subject, message };
}

/** The message attribute that carries an alert's id. */
export const ALERT_ID_ATTRIBUTE = "alert_id";

/**
 * One id per object version and its violations: every publish of the same alert (a retry after
 * SNS accepted a publish whose answer was lost) carries the same, so a receiver drops repeats.
 */
export function alertIdOf(version: readonly string[], lines: readonly AlertLine[], total: number) {
  const violations = lines.map((l) => [l.resource, l.metric, l.value, l.threshold, l.time]);
  return createHash("sha256")
    .update(JSON.stringify([...version, total, violations]))
    .digest("hex")
    .slice(0, 32);
}

/** Publishes one message for all the violations of one object, its id in the body and as an attribute. */
export async function publishAlert(
  sns: SNSClient,
  topicArn: string,
  environment: string,
  source: string,
  lines: readonly AlertLine[],
  total: number,
  alertId: string,
): Promise<void> {
  const { subject, message } = alertMessage(environment, source, lines, total, alertId);
  await sns.send(
    new PublishCommand({
      TopicArn: topicArn,
      Subject: subject,
      Message: message,
      MessageAttributes: { [ALERT_ID_ATTRIBUTE]: { DataType: "String", StringValue: alertId } },
    }),
  );
}

/** An object's violations as they are found: all counted, the first MAX_LISTED kept. */
export class AlertList {
  readonly listed: AlertLine[] = [];
  #total = 0;

  get total(): number {
    return this.#total;
  }

  add(line: AlertLine): void {
    this.#total++;
    if (this.listed.length < MAX_LISTED) this.listed.push(line);
  }

  /** Takes back a violation whose record the store refused after all. */
  remove(line: AlertLine): void {
    this.#total--;
    const at = this.listed.indexOf(line);
    if (at !== -1) this.listed.splice(at, 1);
  }
}
