import { expect } from "chai";
import * as z from "zod";
import { utcMillis } from "../../functions/shared/utc-millis";

// The record schema's own timestamp rule: utcMillis may only accept what it accepts.
const schemaTimestamp = z.iso.datetime();

function expectAgreement(ts: string): void {
  const ms = utcMillis(ts);
  if (Number.isNaN(ms)) return;
  expect(schemaTimestamp.safeParse(ts).success, `${ts}: the schema refuses it`).to.equal(true);
  expect(ms, ts).to.equal(Date.parse(ts));
}

describe("utcMillis (the processor's timestamp reader)", () => {
  it("reads every day from 1999 to 2101 in both spellings exactly as Date.parse does", () => {
    const day = 86_400_000;
    let read = 0;
    for (let t = Date.UTC(1999, 0, 1); t < Date.UTC(2101, 0, 1); t += day) {
      // A time of day that changes with the date, so every field takes many values.
      const iso = new Date(t + ((t / day) % day) * 997).toISOString();
      for (const ts of [iso, `${iso.slice(0, 19)}Z`]) {
        expect(utcMillis(ts), ts).to.equal(Date.parse(ts));
        read++;
      }
    }
    expect(read).to.be.greaterThan(74_000);
  });

  it("takes leap days only in leap years, and the last day of each month", () => {
    expect(utcMillis("2024-02-29T00:00:00Z")).to.equal(Date.UTC(2024, 1, 29));
    expect(utcMillis("2000-02-29T00:00:00Z")).to.equal(Date.UTC(2000, 1, 29));
    expect(utcMillis("2025-12-31T23:59:59.999Z")).to.equal(Date.UTC(2025, 11, 31, 23, 59, 59, 999));
    for (const ts of [
      "2025-02-29T00:00:00Z",
      "2100-02-29T00:00:00Z",
      "2025-04-31T00:00:00Z",
      "2025-06-31T00:00:00Z",
      "2025-02-30T00:00:00Z",
    ]) {
      expect(utcMillis(ts), ts).to.satisfy(Number.isNaN);
      expect(schemaTimestamp.safeParse(ts).success, ts).to.equal(false);
    }
  });

  it("returns NaN for every other spelling and every field out of range", () => {
    const refused = [
      "",
      "2025-03-01",
      "2025-03-01T10:00:00",
      "2025-03-01T10:00Z",
      "2025-03-01T10:00:00.1Z",
      "2025-03-01T10:00:00.12Z",
      "2025-03-01T10:00:00.1234Z",
      "2025-03-01T10:00:00+00:00",
      "2025-03-01T10:00:00z",
      "2025-03-01t10:00:00Z",
      "2025-03-01 10:00:00Z",
      "2025/03/01T10:00:00Z",
      "2025-03-01T10-00-00Z",
      "2025-03-01T10:00:00,000Z",
      "2025-00-01T10:00:00Z",
      "2025-13-01T10:00:00Z",
      "2025-03-00T10:00:00Z",
      "2025-03-32T10:00:00Z",
      "2025-03-01T24:00:00Z",
      "2025-03-01T10:60:00Z",
      "2025-03-01T10:00:60Z",
      "2025-03-01T1a:00:00Z",
      "2025-03-01T10:00:00.00xZ",
      "20a5-03-01T10:00:00Z",
      "-025-03-01T10:00:00Z",
      "2025-+3-01T10:00:00Z",
      "２０２５-03-01T10:00:00Z",
    ];
    for (const ts of refused) expect(utcMillis(ts), JSON.stringify(ts)).to.satisfy(Number.isNaN);
  });

  it("never accepts what the schema refuses, over random characters in a valid shape", () => {
    // A seeded generator: the same 50,000 strings on every run.
    let seed = 42;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const alphabet = "0123456789-:.TZ +x";
    const base = "2024-02-29T23:59:59.999Z";
    for (let i = 0; i < 50_000; i++) {
      const chars = [...base];
      for (let k = 0; k < 1 + Math.floor(next() * 3); k++) {
        chars[Math.floor(next() * chars.length)] = alphabet[Math.floor(next() * alphabet.length)]!;
      }
      const ts = next() < 0.3 ? chars.join("").slice(0, 19) + "Z" : chars.join("");
      expectAgreement(ts);
    }
  });
});
