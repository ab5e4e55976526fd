import { expect } from "chai";
import { parseQueryArgs, parseStartArgs, UsageError } from "../../local/args";

describe("npm start flags", () => {
  it("defaults: 3 cycles every 10 s from this host, into .local, nothing cleared", () => {
    expect(parseStartArgs([])).to.deep.equal({
      cycles: 3,
      everySeconds: 10,
      source: "host",
      fresh: false,
      dataDir: ".local",
      help: false,
    });
  });

  it("--source cloudwatch reads the fleet at the endpoint, by tag or by ids", () => {
    const endpoint = ["--endpoint", "http://127.0.0.1:5000", "--source", "cloudwatch"];
    expect(parseStartArgs([...endpoint, "--tag", "Monitoring=enabled"])).to.deep.include({
      source: "cloudwatch",
      tag: { key: "Monitoring", value: "enabled" },
    });
    expect(parseStartArgs([...endpoint, "--instances", "i-1,i-2"])).to.deep.include({
      instances: ["i-1", "i-2"],
    });
    const refused = (args: string[]) => () => parseStartArgs(args);
    expect(refused(["--source", "cloudwatch", "--tag", "a=b"])).to.throw(
      UsageError,
      "--source cloudwatch reads CloudWatch at --endpoint URL",
    );
    expect(refused(endpoint)).to.throw(
      UsageError,
      "needs either --tag KEY=VALUE or --instances IDS",
    );
    expect(refused([...endpoint, "--tag", "a=b", "--instances", "i-1"])).to.throw(
      UsageError,
      "needs either --tag KEY=VALUE or --instances IDS",
    );
    expect(refused([...endpoint, "--tag", "novalue"])).to.throw(
      UsageError,
      "--tag must be KEY=VALUE",
    );
    expect(refused([...endpoint, "--instances", "i-1,,x"])).to.throw(UsageError, '(got "")');
    expect(refused(["--tag", "a=b"])).to.throw(UsageError, "apply to --source cloudwatch");
  });

  it("reads every option", () => {
    const options = parseStartArgs([
      "--cycles=2",
      "--every",
      "0",
      "--spike",
      "memory",
      "--fresh",
      "--source",
      "host",
      "--endpoint",
      "http://127.0.0.1:5000",
      "--data-dir",
      "/tmp/x",
    ]);
    expect(options).to.deep.equal({
      cycles: 2,
      everySeconds: 0,
      source: "host",
      spike: "memory",
      fresh: true,
      endpoint: "http://127.0.0.1:5000",
      dataDir: "/tmp/x",
      help: false,
    });
  });

  const bad: [string[], RegExp][] = [
    [["--cycles", "0"], /--cycles must be a whole number from 1 to 10000 \(got "0"\)/],
    [["--cycles", "1.5"], /--cycles must be a whole number/],
    [["--every=-1"], /--every must be a number of seconds, 0 or more \(got "-1"\)/],
    [["--every", "soon"], /--every must be a number of seconds/],
    [["--source", "fleet"], /--source must be one of host, synthetic, cloudwatch \(got "fleet"\)/],
    [["--spike", "disk"], /--spike must be one of cpu, memory \(got "disk"\)/],
    [["--source", "synthetic", "--spike", "cpu"], /--spike applies to --source host/],
    [["--endpoint", "localhost:5000"], /--endpoint must be an http\(s\) URL/],
    [["--colour"], /^Unknown option '--colour'$/],
    [["--cycles"], /--cycles <value>' argument missing/],
    [["extra"], /Unexpected argument 'extra'/],
  ];
  for (const [argv, message] of bad) {
    it(`refuses ${argv.join(" ")} naming the problem`, () => {
      expect(() => parseStartArgs(argv))
        .to.throw(UsageError)
        .with.property("message")
        .that.matches(message);
    });
  }
});

describe("npm run query arguments", () => {
  it("takes one query name or SQL statement", () => {
    expect(parseQueryArgs(["avg-cpu-by-instance"])).to.deep.equal({
      query: "avg-cpu-by-instance",
      list: false,
      help: false,
      dataDir: ".local",
    });
    expect(parseQueryArgs(["SELECT 1", "--data-dir", "d"]).query).to.equal("SELECT 1");
  });

  it("--list needs no query", () => {
    expect(parseQueryArgs(["--list"])).to.include({ list: true });
  });

  it("refuses no query, two queries and unknown flags", () => {
    expect(() => parseQueryArgs([])).to.throw(UsageError, "name a query, give SQL, or use --list");
    expect(() => parseQueryArgs(["a", "b"])).to.throw(UsageError, "(got 2 arguments)");
    expect(() => parseQueryArgs(["--format", "csv"])).to.throw(
      UsageError,
      "Unknown option '--format'",
    );
  });
});
