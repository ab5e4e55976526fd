import { expect } from "chai";
import {
  normalize,
  optimizeThreshold,
  probationaryLength,
  scaledSigmoid,
  scoreAtThreshold,
  scoresByThreshold,
  sweepFile,
} from "../../scripts/nab/sweeper";

const standard = { tpWeight: 1, fpWeight: 0.11, fnWeight: 1 };

describe("NAB scorer port: the sweep", () => {
  it("uses NAB's scaled sigmoid: 0.98661 at a window's start, 0 at its end, -1 far past it", () => {
    expect(scaledSigmoid(-1)).to.be.closeTo(0.98661, 1e-5);
    expect(scaledSigmoid(-0.5)).to.be.closeTo(0.84828, 1e-5);
    expect(scaledSigmoid(0)).to.equal(0);
    expect(scaledSigmoid(1)).to.be.closeTo(-0.98661, 1e-5);
    expect(scaledSigmoid(3.01)).to.equal(-1);
  });

  it("takes 15 % of the rows as probation, at most 750", () => {
    expect(probationaryLength(1000)).to.equal(150);
    expect(probationaryLength(4999)).to.equal(749);
    expect(probationaryLength(22695)).to.equal(750);
  });

  // 20 rows, probation 3; one window, rows 10..13 (width 4).
  const windows = [{ start: 10, end: 13 }];
  const scores = (hits: number[]) =>
    Array.from({ length: 20 }, (_, i) => (hits.includes(i) ? 1 : 0));
  const at = (hits: number[], cost = standard) => {
    const { points, scorableWindows } = sweepFile(scores(hits), windows, cost, 0);
    return scoreAtThreshold(scoresByThreshold(points, scorableWindows, cost), 0.5).score;
  };

  it("gives a detection at a window's first row the full TP weight; one missed window costs FN", () => {
    expect(at([])).to.equal(-1);
    expect(at([10])).to.be.closeTo(1, 1e-12);
    // Row 12 of 10..13: position -(13 - 12 + 1) / 4 = -0.5.
    expect(at([12])).to.be.closeTo(0.84828 / 0.98661, 1e-5);
    // Only the earliest detection in a window counts.
    expect(at([10, 11, 12, 13])).to.be.closeTo(1, 1e-12);
  });

  it("charges a detection before any window the full FP weight, and ignores probation", () => {
    expect(at([5])).to.be.closeTo(-1 - 0.11, 1e-12);
    expect(at([2])).to.equal(-1);
    expect(at([5], { ...standard, fpWeight: 0.22 })).to.be.closeTo(-1.22, 1e-12);
  });

  it("charges a detection just after a window less than a far one", () => {
    // Row 14: |13 - 14| / (4 - 1) = 1/3 past the window.
    const near = at([14]);
    expect(near).to.be.closeTo(-1 + 0.11 * scaledSigmoid(1 / 3), 1e-12);
    expect(at([19])).to.be.closeTo(-1 - 0.11, 1e-4);
    expect(near).to.be.above(at([19]));
  });

  it("optimizes the threshold over every distinct score, the higher one on a tie", () => {
    const fileScores = Array.from({ length: 20 }, () => 0.1);
    fileScores[11] = 0.9; // inside the window
    fileScores[5] = 0.7; // a false positive before it
    const { points, scorableWindows } = sweepFile(fileScores, windows, standard, 0);
    const sweep = scoresByThreshold(points, scorableWindows, standard);
    expect(sweep.map((s) => s.threshold)).to.deep.equal([1.1, 0.9, 0.7, 0.1]);
    const best = optimizeThreshold(sweep);
    expect(best.threshold).to.equal(0.9);
    expect(optimizeThreshold([...sweep, { threshold: 0.05, score: best.score }])).to.equal(best);
    expect(scoreAtThreshold(sweep, 0.8).threshold).to.equal(0.9);
  });

  it("normalizes so that null scores 0 and perfect 100", () => {
    expect(normalize(-116, -116, 116)).to.equal(0);
    expect(normalize(116, -116, 116)).to.equal(100);
    expect(normalize(46.6344501971, -116, 116)).to.be.closeTo(70.101, 1e-3);
  });
});
