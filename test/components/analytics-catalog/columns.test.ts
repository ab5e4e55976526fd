import { expect } from "chai";
import * as z from "zod";
import {
  glueColumns,
  hiveType,
  UnsupportedFieldError,
} from "../../../components/analytics-catalog/columns";
import { metricRecordFields } from "../../../contract/metric-record";
import { quarantineLineSchema } from "../../../contract/quarantine";

describe("Glue columns derived from zod schemas", () => {
  it("maps the metric record field for field", () => {
    expect(glueColumns(metricRecordFields)).to.deep.equal([
      { name: "timestamp", type: "string" },
      { name: "instance_id", type: "string" },
      { name: "region", type: "string" },
      { name: "metric_type", type: "string" },
      { name: "metric_name", type: "string" },
      { name: "value", type: "double" },
      { name: "unit", type: "string" },
      {
        name: "metadata",
        type: "struct<collection_method:string,pipeline_version:string,synthetic:boolean>",
      },
    ]);
  });

  it("gives every record field a column and every column a field", () => {
    const columns = glueColumns(metricRecordFields).map((c) => c.name);
    expect(columns).to.have.members(Object.keys(metricRecordFields.shape));
    expect(columns).to.have.lengthOf(Object.keys(metricRecordFields.shape).length);
  });

  it("gives a field added to a copy of the schema its own column", () => {
    const extended = metricRecordFields.extend({
      availability_zone: z.string().optional(),
      sample_count: z.number().int(),
    });
    const columns = glueColumns(extended);
    expect(columns.slice(0, -2)).to.deep.equal(glueColumns(metricRecordFields));
    expect(columns.slice(-2)).to.deep.equal([
      { name: "availability_zone", type: "string" },
      { name: "sample_count", type: "bigint" },
    ]);
  });

  it("maps the quarantine line, whose line number is an integer", () => {
    expect(glueColumns(quarantineLineSchema)).to.deep.equal([
      { name: "source_key", type: "string" },
      { name: "line_number", type: "bigint" },
      { name: "raw_line", type: "string" },
      { name: "reason", type: "string" },
      { name: "quarantined_at", type: "string" },
    ]);
  });

  it("types a pipe by its output, or by its input when the output is a transform", () => {
    const toNumber = z.string().transform(Number);
    expect(hiveType(toNumber, "f")).to.equal("string");
    expect(hiveType(z.string().pipe(z.coerce.number()), "f")).to.equal("double");
    expect(hiveType(z.boolean().default(false), "f")).to.equal("boolean");
    expect(hiveType(z.array(z.object({ a: z.number() })).nullable(), "f")).to.equal(
      "array<struct<a:double>>",
    );
  });

  it("refuses a union of different types, naming the field", () => {
    const mixed = z.object({ meta: z.object({ v: z.union([z.string(), z.number()]) }) });
    expect(() => glueColumns(mixed))
      .to.throw(UnsupportedFieldError)
      .with.property("message", 'meta.v: no Glue column type for zod type "union"');
  });
});
