// Generates tests/Bulwark.Scanning.Tests/Dependencies/Fixtures/cvss/vectors.tsv: random valid CVSS vectors with the
// scores of two independent npm implementations; a vector is written only when both agree, so the C# tests check
// against numbers that do not come from our own code.
//
// Run (npm only, no network beyond the registry):
//   mkdir -p /tmp/cvssgen && cd /tmp/cvssgen && npm init -y && npm install ae-cvss-calculator@1.0.13 @pandatix/js-cvss@0.4.4
//   node <repo>/tests/Bulwark.Scanning.Tests/Dependencies/Cvss/generate_vectors.mjs > <repo>/tests/Bulwark.Scanning.Tests/Dependencies/Fixtures/cvss/vectors.tsv
// Packages are resolved from the current folder. The seed is fixed, so a rerun reproduces the file.
// Output columns: OSV severity type, vector, expected score (v2/v3: base score; v4: the score of the whole vector,
// threat and environmental metrics included, as the FIRST v4 calculator computes it).
import { createRequire, register } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(join(process.cwd(), 'package.json'));
const ae = require('ae-cvss-calculator');
// @pandatix/js-cvss ships ES modules whose relative imports omit '.js'; this resolve hook adds it.
register('data:text/javascript,' + encodeURIComponent(
  'export async function resolve(s, c, n) { try { return await n(s, c); } catch (e) {' +
  ' if (s.startsWith(".") && !s.endsWith(".js")) return n(s + ".js", c); throw e; } }'));
const pj = await import(pathToFileURL(require.resolve('@pandatix/js-cvss')).href);

// mulberry32: a small seeded PRNG so the fixture is reproducible.
let state = 0x5eed2024;
function random() {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = values => values[Math.floor(random() * values.length)];

// v3 and v4 metrics beyond the base are optional one by one; v2 lists its temporal and environmental groups whole.
function vector(version, withOptional) {
  const parts = version.prefix ? [version.prefix] : [];
  for (const [name, values] of version.base) parts.push(`${name}:${pick(values)}`);
  if (!withOptional) return parts.join('/');
  for (const group of version.groups ?? version.optional.map(metric => [metric])) {
    if (random() < 0.4) for (const [name, values] of group) parts.push(`${name}:${pick(values)}`);
  }
  return parts.join('/');
}

const v2Base = [['AV', ['L', 'A', 'N']], ['AC', ['H', 'M', 'L']], ['Au', ['M', 'S', 'N']],
  ['C', ['N', 'P', 'C']], ['I', ['N', 'P', 'C']], ['A', ['N', 'P', 'C']]];
const v2Groups = [
  [['E', ['U', 'POC', 'F', 'H', 'ND']], ['RL', ['OF', 'TF', 'W', 'U', 'ND']], ['RC', ['UC', 'UR', 'C', 'ND']]],
  [['CDP', ['N', 'L', 'LM', 'MH', 'H', 'ND']], ['TD', ['N', 'L', 'M', 'H', 'ND']],
    ['CR', ['L', 'M', 'H', 'ND']], ['IR', ['L', 'M', 'H', 'ND']], ['AR', ['L', 'M', 'H', 'ND']]]];
const v3Base = [['AV', ['N', 'A', 'L', 'P']], ['AC', ['L', 'H']], ['PR', ['N', 'L', 'H']], ['UI', ['N', 'R']],
  ['S', ['U', 'C']], ['C', ['N', 'L', 'H']], ['I', ['N', 'L', 'H']], ['A', ['N', 'L', 'H']]];
const v3Optional = [['E', ['X', 'U', 'P', 'F', 'H']], ['RL', ['X', 'O', 'T', 'W', 'U']], ['RC', ['X', 'U', 'R', 'C']],
  ['CR', ['X', 'L', 'M', 'H']], ['IR', ['X', 'L', 'M', 'H']], ['AR', ['X', 'L', 'M', 'H']],
  ['MAV', ['X', 'N', 'A', 'L', 'P']], ['MAC', ['X', 'L', 'H']], ['MPR', ['X', 'N', 'L', 'H']], ['MUI', ['X', 'N', 'R']],
  ['MS', ['X', 'U', 'C']], ['MC', ['X', 'N', 'L', 'H']], ['MI', ['X', 'N', 'L', 'H']], ['MA', ['X', 'N', 'L', 'H']]];
const v4Base = [['AV', ['N', 'A', 'L', 'P']], ['AC', ['L', 'H']], ['AT', ['N', 'P']], ['PR', ['N', 'L', 'H']],
  ['UI', ['N', 'P', 'A']], ['VC', ['H', 'L', 'N']], ['VI', ['H', 'L', 'N']], ['VA', ['H', 'L', 'N']],
  ['SC', ['H', 'L', 'N']], ['SI', ['H', 'L', 'N']], ['SA', ['H', 'L', 'N']]];
const v4Optional = [['E', ['X', 'A', 'P', 'U']], ['CR', ['X', 'H', 'M', 'L']], ['IR', ['X', 'H', 'M', 'L']], ['AR', ['X', 'H', 'M', 'L']],
  ['MAV', ['X', 'N', 'A', 'L', 'P']], ['MAC', ['X', 'L', 'H']], ['MAT', ['X', 'N', 'P']], ['MPR', ['X', 'N', 'L', 'H']],
  ['MUI', ['X', 'N', 'P', 'A']], ['MVC', ['X', 'H', 'L', 'N']], ['MVI', ['X', 'H', 'L', 'N']], ['MVA', ['X', 'H', 'L', 'N']],
  ['MSC', ['X', 'H', 'L', 'N']], ['MSI', ['X', 'S', 'H', 'L', 'N']], ['MSA', ['X', 'S', 'H', 'L', 'N']],
  ['S', ['X', 'N', 'P']], ['AU', ['X', 'N', 'Y']], ['R', ['X', 'A', 'U', 'I']], ['V', ['X', 'D', 'C']],
  ['RE', ['X', 'L', 'M', 'H']], ['U', ['X', 'Clear', 'Green', 'Amber', 'Red']]];

const versions = [
  { type: 'CVSS_V2', prefix: '', base: v2Base, groups: v2Groups, count: [150, 50],
    ours: v => new ae.Cvss2(v).calculateScores().base, theirs: v => new pj.CVSS20(v).BaseScore() },
  { type: 'CVSS_V3', prefix: 'CVSS:3.0', base: v3Base, optional: v3Optional, count: [200, 60],
    ours: v => new ae.Cvss3P0(v).calculateScores().base, theirs: v => new pj.CVSS30(v).BaseScore() },
  { type: 'CVSS_V3', prefix: 'CVSS:3.1', base: v3Base, optional: v3Optional, count: [300, 60],
    ours: v => new ae.Cvss3P1(v).calculateScores().base, theirs: v => new pj.CVSS31(v).BaseScore() },
  { type: 'CVSS_V4', prefix: 'CVSS:4.0', base: v4Base, optional: v4Optional, count: [300, 250],
    ours: v => new ae.Cvss4P0(v).calculateScores().overall, theirs: v => new pj.CVSS40(v).Score() },
];

const lines = [];
let disagreements = 0;
for (const version of versions) {
  const [plain, extended] = version.count;
  const seen = new Set();
  while (seen.size < plain + extended) {
    const v = vector(version, seen.size >= plain);
    if (seen.has(v)) continue;
    seen.add(v);
    const a = version.ours(v);
    const b = version.theirs(v);
    if (a !== b) {
      disagreements++;
      console.error(`disagree ${v}: ae-cvss-calculator ${a}, js-cvss ${b}`);
      continue;
    }
    lines.push(`${version.type}\t${v}\t${a.toFixed(1)}`);
  }
}
console.error(`${lines.length} vectors, ${disagreements} left out where the two implementations disagree`);
process.stdout.write(lines.join('\n') + '\n');
