import { LAKE_PREFIXES } from "../../contract/lake";
import type { AlertList } from "./alerts";
import type { SeriesPoints } from "./anomaly-step";
import type { ObjectIdentity } from "./ledger";
import type { ServiceLogStats } from "./log-lines";
import type { ObjectRef } from "./s3-event";

export interface ObjectSummary {
  readonly bucket: string;
  readonly key: string;
  readonly version_id?: string;
  readonly kind: "metrics" | "logs" | "ignored";
  /** Non-blank lines read. */
  readonly lines: number;
  /** Valid metric records written (raw-metrics/) or log lines counted (raw-logs/). */
  readonly processed: number;
  readonly coerced: number;
  readonly quarantined: number;
  readonly quarantine_key: string | null;
  readonly violations: number;
  readonly services?: ServiceLogStats[];
  /** True when the object had been processed before and nothing was done again. */
  readonly duplicate?: boolean;
  /** True when the object was replaced (or deleted) before it could be read; nothing was done. */
  readonly superseded?: boolean;
}

export type ObjectKind = ObjectSummary["kind"];

/** What reading one object's lines found, before its quarantine is closed. */
export interface ReadOutcome {
  lines: number;
  processed: number;
  coerced: number;
  alerts: AlertList;
  services?: ServiceLogStats[];
  /** A metrics object's datapoints by series, when anomaly detection is on. */
  series?: SeriesPoints;
}

export const kindOf = (key: string): ObjectKind =>
  key.startsWith(LAKE_PREFIXES.metrics)
    ? "metrics"
    : key.startsWith(LAKE_PREFIXES.logs)
      ? "logs"
      : "ignored";

/** The summary of an object nothing was read from: ignored, or gone before it was read. */
export function untouchedSummary(
  ref: ObjectRef,
  kind: ObjectKind,
  superseded?: true,
): ObjectSummary {
  return {
    bucket: ref.bucket,
    key: ref.key,
    kind,
    lines: 0,
    processed: 0,
    coerced: 0,
    quarantined: 0,
    violations: 0,
    quarantine_key: null,
    ...(superseded ? { superseded } : {}),
  };
}

export function readSummary(
  id: ObjectIdentity,
  kind: ObjectKind,
  out: ReadOutcome,
  quarantined: number,
  quarantineKey: string | null,
): ObjectSummary {
  return {
    bucket: id.bucket,
    key: id.key,
    ...(id.versionId ? { version_id: id.versionId } : {}),
    kind,
    lines: out.lines,
    processed: out.processed,
    coerced: out.coerced,
    quarantined,
    quarantine_key: quarantineKey,
    violations: out.alerts.total,
    ...(out.services ? { services: out.services } : {}),
  };
}
