import { ERROR_LEVELS, type LogLevel, logLineSchema } from "../../contract/log-line";
import {
  canonicalTimestamp,
  RECORD_LIMITS,
  timestampWindowIssue,
  utf8Bytes,
} from "../../contract/limits";
import { formatIssues } from "../../contract/metric-record";
import { loneSurrogateIssue } from "./lone-surrogates";

/** Services tallied per object: each becomes an EMF document and a summary entry. */
export const MAX_SERVICES_PER_OBJECT = 1000;

export interface ServiceLogStats {
  readonly service: string;
  readonly total: number;
  readonly errors: number;
  /** Percent of lines at ERROR or FATAL. */
  readonly error_rate: number;
  readonly by_level: Partial<Record<LogLevel, number>>;
  readonly window_start: string;
  readonly window_end: string;
}

interface Tally {
  total: number;
  errors: number;
  byLevel: Partial<Record<LogLevel, number>>;
  start: string;
  end: string;
}

/** Counts application log lines per service and level over the object's time window. */
export class LogLineTally {
  readonly #services = new Map<string, Tally>();

  /** Adds one raw-logs/ line; returns the reason when the line is bad. */
  add(raw: string, nowMs: number = Date.now()): string | undefined {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (err) {
      return `not JSON: ${(err as Error).message}`;
    }
    const surrogate = loneSurrogateIssue(raw, json);
    if (surrogate) return surrogate;
    const parsed = logLineSchema.safeParse(json);
    if (!parsed.success) return formatIssues(parsed.error).join("; ");
    const { service, level } = parsed.data;
    const timeMs = Date.parse(parsed.data.timestamp);
    const late = timestampWindowIssue(timeMs, nowMs);
    if (late) return `timestamp: ${late}`;
    // Canonical, so window ends compare as strings and read the same everywhere.
    const timestamp = canonicalTimestamp(parsed.data.timestamp);
    if (utf8Bytes(service) > RECORD_LIMITS.instanceIdBytes) {
      return `service: is over ${RECORD_LIMITS.instanceIdBytes} bytes`;
    }
    const known = this.#services.get(service);
    if (!known && this.#services.size >= MAX_SERVICES_PER_OBJECT) {
      return `service: more than ${MAX_SERVICES_PER_OBJECT} services in one object`;
    }
    const t = known ?? {
      total: 0,
      errors: 0,
      byLevel: {},
      start: timestamp,
      end: timestamp,
    };
    t.total++;
    if (ERROR_LEVELS.has(level)) t.errors++;
    t.byLevel[level] = (t.byLevel[level] ?? 0) + 1;
    // ISO-8601 UTC strings of one format compare in time order.
    if (timestamp < t.start) t.start = timestamp;
    if (timestamp > t.end) t.end = timestamp;
    this.#services.set(service, t);
    return undefined;
  }

  stats(): ServiceLogStats[] {
    return [...this.#services].map(([service, t]) => ({
      service,
      total: t.total,
      errors: t.errors,
      error_rate: Math.round((t.errors / t.total) * 10_000) / 100,
      by_level: t.byLevel,
      window_start: t.start,
      window_end: t.end,
    }));
  }
}
