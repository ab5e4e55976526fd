import { appendFileSync } from "node:fs";
import type { Log } from "../functions/shared/logging";

/**
 * The handlers' structured logs, one JSON object a line in a file, as CloudWatch Logs would
 * keep them: the terminal stays for the run's own report. Errors are also shown there.
 */
export class FileLogger implements Log {
  #keys: Record<string, unknown> = {};

  constructor(
    private readonly file: string,
    private readonly service: string,
    private readonly onError: (line: string) => void = (line) => console.error(line),
  ) {}

  debug(message: unknown, ...extra: unknown[]): void {
    this.#write("DEBUG", message, extra);
  }
  info(message: unknown, ...extra: unknown[]): void {
    this.#write("INFO", message, extra);
  }
  warn(message: unknown, ...extra: unknown[]): void {
    this.#write("WARN", message, extra);
  }
  error(message: unknown, ...extra: unknown[]): void {
    this.#write("ERROR", message, extra);
    this.onError(`${this.service}: ${String(message)} ${extra.map(describe).join(" ")}`.trim());
  }
  appendKeys(attributes: Record<string, unknown>): void {
    this.#keys = { ...this.#keys, ...attributes };
  }
  removeKeys(keys: string[]): void {
    for (const key of keys) delete this.#keys[key];
  }

  #write(level: string, message: unknown, extra: unknown[]): void {
    const fields = Object.assign(
      {},
      ...extra.map((e) => (typeof e === "object" && e !== null ? e : { extra: e })),
    ) as Record<string, unknown>;
    const line = {
      level,
      message: String(message),
      timestamp: new Date().toISOString(),
      service: this.service,
      ...this.#keys,
      ...fields,
    };
    appendFileSync(this.file, `${JSON.stringify(line, errorReplacer)}\n`);
  }
}

/** Errors have no enumerable fields; keep what a reader needs. */
function errorReplacer(_key: string, value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message } : value;
}

function describe(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  return JSON.stringify(value, errorReplacer);
}
