import { expect } from "chai";
import {
  initialState,
  parseState,
  serializeState,
  STATE_BYTES,
  update,
  type Datapoint,
} from "../../functions/shared/anomaly/detector";
import { DEFAULT_PARAMS } from "../../contract/anomaly/params";
import { dailySeries, FIVE_MIN, START } from "./series";

const DAY_POINTS = 288;
const series = dailySeries(10 * DAY_POINTS);
const scoresOf = (points: readonly Datapoint[]) => update(initialState(), points).scores;

describe("anomaly detector: causality and state", () => {
  it("scores a prefix the same whatever follows it", () => {
    const prefix = series.slice(0, 6 * DAY_POINTS);
    const calm = series;
    const wild = [
      ...prefix,
      ...series.slice(6 * DAY_POINTS).map((p, i) => ({ ...p, value: i % 2 ? 1e6 : -1e6 })),
    ];
    const a = scoresOf(calm).slice(0, prefix.length);
    const b = scoresOf(wild).slice(0, prefix.length);
    expect(a).to.deep.equal(scoresOf(prefix));
    expect(b).to.deep.equal(a);
    expect(scoresOf(wild).slice(prefix.length)).to.not.deep.equal(
      scoresOf(calm).slice(prefix.length),
    );
  });

  it("serializes to a fixed size under 1 KB that does not grow with the series", () => {
    // 699 bytes, as docs/anomaly-detection.md states.
    expect(STATE_BYTES).to.equal(699);
    expect(serializeState(initialState()).length).to.equal(699);
    const { state } = update(initialState(), series);
    expect(Buffer.byteLength(serializeState(state))).to.equal(699);
  });

  it("gives the same scores from a stored state as an uninterrupted run", () => {
    const whole = scoresOf(series);
    let stored = serializeState(initialState());
    const chunked: number[] = [];
    for (let i = 0; i < series.length; i += 5) {
      const r = update(parseState(stored), series.slice(i, i + 5));
      chunked.push(...r.scores);
      stored = serializeState(r.state);
    }
    expect(chunked).to.deep.equal(whole);
    expect(parseState(stored)).to.deep.equal(update(initialState(), series).state);
  });

  it("is deterministic and leaves the given state unchanged", () => {
    const start = update(initialState(), series.slice(0, 1000)).state;
    const before = serializeState(start);
    const a = update(start, series.slice(1000));
    const b = update(start, series.slice(1000));
    expect(serializeState(start)).to.equal(before);
    expect(a.scores).to.deep.equal(b.scores);
    expect(a.state).to.deep.equal(b.state);
  });

  it("skips non-finite values, duplicates and late points without learning them", () => {
    const clean = series.slice(0, 500);
    const dirty: Datapoint[] = [];
    for (const [i, p] of clean.entries()) {
      dirty.push(p);
      if (i === 100) dirty.push({ timestamp: p.timestamp + 1, value: NaN });
      if (i === 200) dirty.push({ ...p, value: 1e9 });
      if (i === 300) dirty.push({ timestamp: p.timestamp - FIVE_MIN, value: -1e9 });
    }
    const r = update(initialState(), dirty);
    expect(r.skipped).to.equal(3);
    expect(r.scores.filter((_, i) => [101, 202, 303].includes(i))).to.deep.equal([0, 0, 0]);
    const cleanRun = update(initialState(), clean);
    expect(r.scores.filter((_, i) => ![101, 202, 303].includes(i))).to.deep.equal(cleanRun.scores);
    expect(r.state.n).to.equal(cleanRun.state.n);
  });

  it("refuses a state of another version or of the wrong length", () => {
    const text = serializeState(initialState());
    expect(() => parseState(text.replace(/^a1:/, "a0:"))).to.throw();
    expect(() => parseState(text.slice(0, -12))).to.throw(/expected 520 bytes/);
  });
});

describe("anomaly detector: what it flags", () => {
  const alert = DEFAULT_PARAMS.alertLevel;

  it("stays below the alert level on a normal daily pattern after warm-up", () => {
    const scores = scoresOf(series).slice(3 * DAY_POINTS);
    expect(Math.max(...scores)).to.be.below(alert);
    expect(scores.every((s) => s >= 0 && s <= 1)).to.equal(true);
  });

  it("flags a spike the moment it arrives", () => {
    const spiked = series.map((p, i) => (i === 7 * DAY_POINTS ? { ...p, value: 99 } : p));
    expect(scoresOf(spiked)[7 * DAY_POINTS]).to.equal(1);
  });

  it("scores a day whose pattern is missing, though every value stays in range", () => {
    const start = 7 * DAY_POINTS;
    const quiet = dailySeries(10 * DAY_POINTS, 2, 1);
    const flat = quiet.map((p, i) =>
      i >= start && i < start + DAY_POINTS ? { ...p, value: 40 + (p.value - 40) * 0.1 } : p,
    );
    const flatMax = Math.max(...scoresOf(flat).slice(start, start + DAY_POINTS));
    const normalMax = Math.max(...scoresOf(quiet).slice(start, start + DAY_POINTS));
    // Only the hour-of-day baseline sees it: without it the flat day scores below 0.01.
    expect(flatMax).to.be.at.least(0.3);
    expect(flatMax).to.be.at.least(3 * normalMax);
  });

  it("alerts once per episode: a level shift gives one alert, not one per point", () => {
    const start = 7 * DAY_POINTS;
    const shifted = series.map((p, i) => (i >= start ? { ...p, value: p.value + 30 } : p));
    const alerts = scoresOf(shifted)
      .slice(start, start + DEFAULT_PARAMS.refractory)
      .filter((s) => s >= alert);
    expect(alerts.length).to.be.within(1, 3);
  });

  it("stays finite on a flat line, then flags its first change", () => {
    const flat = Array.from({ length: 600 }, (_, i) => ({
      timestamp: START + i * FIVE_MIN,
      value: i === 500 ? 0.5 : 0,
    }));
    const scores = scoresOf(flat);
    expect(scores.every(Number.isFinite)).to.equal(true);
    expect(scores[500]).to.be.at.least(alert);
    expect(Math.max(...scores.slice(0, 500))).to.be.below(0.1);
  });
});
