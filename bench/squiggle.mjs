// The reduced model of reduced.yaml in Squiggle, run over n samples:
// prints P(done by ASI) as JSON. squiggle.sh times it against ontrack.
import { run } from "@quri/squiggle-lang";

const n = Number(process.argv[2] ?? 100000);
const code = `
n0 = 640 to 1000
g = 0.18 to 0.41
e0 = 2400 to 4100
f0 = 0.1 to 0.2
agi = 2035 to 2050
takeoff = 0.5 to 5
r = log(1 + g)
total = e0 / f0
done = 2026 + log(1 + r * (total - e0) / n0) / r
asi = agi + takeoff
mean(SampleSet.map(done - asi, {|x| x <= 0 ? 1 : 0}))
`;
const out = await run(code, { environment: { sampleCount: n, xyPointLength: 1000 } });
if (!out.result.ok) {
  console.error(out.result.value.toString());
  process.exit(1);
}
console.log(JSON.stringify({ n, p_on_track: Number(out.result.value.result.toString()) }));
