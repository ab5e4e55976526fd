import * as z from "zod";
import { UnsupportedFieldError } from "../../contract/errors";
import type { GlueColumn } from "./glue-column";

export type { GlueColumn };

// UnsupportedFieldError: see contract/errors.ts (every error class is defined there).
export { UnsupportedFieldError };

/**
 * The Hive type of what a field holds in the lake's JSON. Wrappers are looked through:
 * optional, nullable, default; a pipe is typed by its output, unless the output is a transform
 * (whose result type zod cannot tell), then by its input.
 */
export function hiveType(schema: z.ZodType, path: string): string {
  if (
    schema instanceof z.ZodOptional ||
    schema instanceof z.ZodNullable ||
    schema instanceof z.ZodDefault ||
    schema instanceof z.ZodPrefault
  ) {
    return hiveType(schema.unwrap() as z.ZodType, path);
  }
  if (schema instanceof z.ZodPipe) {
    const out = schema.out as z.ZodType;
    return hiveType(out instanceof z.ZodTransform ? (schema.in as z.ZodType) : out, path);
  }
  // ISO datetimes stay strings: Athena's JSON SerDes do not read "…Z" as a timestamp;
  // queries use from_iso8601_timestamp.
  if (schema instanceof z.ZodString || schema instanceof z.ZodStringFormat) return "string";
  if (schema instanceof z.ZodEnum) return "string";
  if (schema instanceof z.ZodNumber) return schema.isInt ? "bigint" : "double";
  if (schema instanceof z.ZodBoolean) return "boolean";
  if (schema instanceof z.ZodArray) {
    return `array<${hiveType(schema.element as z.ZodType, `${path}[]`)}>`;
  }
  if (schema instanceof z.ZodObject) {
    const fields = glueColumns(schema, `${path}.`).map((c) => `${c.name}:${c.type}`);
    return `struct<${fields.join(",")}>`;
  }
  if (schema instanceof z.ZodUnion) {
    // A union is one column only when every member has the same Hive type.
    const types = new Set((schema.options as z.ZodType[]).map((option) => hiveType(option, path)));
    const [only] = types;
    if (types.size === 1 && only) return only;
  }
  throw new UnsupportedFieldError(path, schema.def.type);
}

/** One column per field of a zod object, in the schema's field order. */
export function glueColumns(schema: z.ZodObject, pathPrefix = ""): GlueColumn[] {
  return Object.entries(schema.shape).map(([name, field]) => ({
    name,
    type: hiveType(field as z.ZodType, `${pathPrefix}${name}`),
  }));
}
