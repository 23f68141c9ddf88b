/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): the functions with the most self time,
 * and self time by package, so the hot spots of a profiled run can be read in a terminal. Given a
 * .heapprofile (bench/request-cost.ts --alloc-profile) it does the same with bytes allocated.
 *
 *   npx tsx bench/top-functions.ts [file.cpuprofile | file.heapprofile] [--top 25]
 *
 * Without a file it reads the newest main-thread .cpuprofile in bench/results/. Self time is the
 * time a function was on top of the stack; "(garbage collector)", "(program)" and "(idle)" are V8's
 * own buckets. By package groups self time under node_modules/<package>, app:src/<dir> or node internals.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { RESULTS_DIR, ROOT } from './lib/env.js';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({
  options: { top: { type: 'string', default: '25' } },
  allowPositionals: true,
});
const top = Number(values.top) || 25;

/**
 * Newest main-thread profile. `--cpu-prof` writes one file per thread, CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile;
 * thread 0 is the main thread (the others are loader workers, e.g. tsx's module hooks). Phase
 * profiles written by the bench itself (W1-saturation-….cpuprofile) are main-thread ones too.
 */
function newestProfile(): string {
  const files = readdirSync(RESULTS_DIR)
    .filter((file) => file.endsWith('.cpuprofile') && !/^CPU\.\d+\.\d+\.\d+\.[1-9]\d*\.\d+\.cpuprofile$/.test(file))
    .map((file) => path.join(RESULTS_DIR, file))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (!files[0]) throw new Error(`no .cpuprofile in ${RESULTS_DIR}; run bench/profile.sh first`);
  return files[0];
}

interface HeapProfileNode {
  id: number;
  callFrame: CallFrame;
  selfSize: number;
  children: HeapProfileNode[];
}

const file = positionals[0] ?? newestProfile();
const isHeapProfile = file.endsWith('.heapprofile');
const nodeById = new Map<number, { callFrame: CallFrame }>();
/** Self time (µs) or self bytes allocated per node. */
const selfByNode = new Map<number, number>();
let total = 0;
let sampleCount = 0;

if (isHeapProfile) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { head: HeapProfileNode; samples: unknown[] };
  sampleCount = profile.samples.length;
  const stack = [profile.head];
  for (let node = stack.pop(); node; node = stack.pop()) {
    nodeById.set(node.id, node);
    selfByNode.set(node.id, node.selfSize);
    total += node.selfSize;
    stack.push(...node.children);
  }
} else {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  sampleCount = profile.samples.length;
  for (const node of profile.nodes) nodeById.set(node.id, node);
  // Self time per node: each sample's delta is charged to the node it hit. (timeDeltas[i] is the
  // time before sample i; charging it to sample i is what Chrome DevTools does too.)
  profile.samples.forEach((nodeId, i) => {
    const delta = Math.max(0, profile.timeDeltas[i] ?? 0);
    selfByNode.set(nodeId, (selfByNode.get(nodeId) ?? 0) + delta);
    total += delta;
  });
}

/** "pkg" for node_modules/pkg or node_modules/@scope/pkg, "app:src/…" for the project, "node:…" for internals. */
function location(frame: CallFrame): { where: string; bucket: string } {
  const url = frame.url;
  if (!url) return { where: '', bucket: frame.functionName.startsWith('(') ? frame.functionName : '(native)' };
  const filePath = url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
  const modules = filePath.lastIndexOf('node_modules/');
  let bucket: string;
  if (modules >= 0) {
    const parts = filePath.slice(modules + 'node_modules/'.length).split('/');
    bucket = parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  } else if (filePath.startsWith('node:')) {
    bucket = 'node (internals)';
  } else {
    bucket = `app:${path.relative(ROOT, filePath).split('/').slice(0, 2).join('/')}`;
  }
  const shown = modules >= 0 ? filePath.slice(modules + 'node_modules/'.length) : path.relative(ROOT, filePath);
  return { where: `${shown}:${frame.lineNumber + 1}`, bucket };
}

// Aggregate by function (name + location) and by package.
const byFunction = new Map<string, { name: string; where: string; self: number }>();
const byBucket = new Map<string, number>();
for (const [nodeId, self] of selfByNode) {
  const node = nodeById.get(nodeId)!;
  const { where, bucket } = location(node.callFrame);
  const name = node.callFrame.functionName || '(anonymous)';
  const key = `${name}@${where}`;
  const entry = byFunction.get(key) ?? { name, where, self: 0 };
  entry.self += self;
  byFunction.set(key, entry);
  byBucket.set(bucket, (byBucket.get(bucket) ?? 0) + self);
}

/** Milliseconds from µs, or kilobytes from bytes. */
const amount = (value: number) => (value / 1000).toFixed(1).padStart(9);
const pct = (value: number) => `${((value / total) * 100).toFixed(1).padStart(5)}%`;
const idle = [...byFunction.values()].filter((f) => f.name === '(idle)').reduce((sum, f) => sum + f.self, 0);
const what = isHeapProfile ? 'bytes allocated' : 'self time';

console.log(`${file}`);
console.log(
  isHeapProfile
    ? `${(total / 1e6).toFixed(1)} MB allocated (sampled), ${sampleCount} samples\n`
    : `${(total / 1e6).toFixed(2)} s sampled, ${((idle / total) * 100).toFixed(1)}% idle, ${sampleCount} samples\n`,
);
console.log(`Top ${top} functions by ${what}:`);
console.log(`  ${(isHeapProfile ? 'self KB' : 'self ms').padStart(9)}  ${'share'.padStart(6)}  function  (location)`);
for (const entry of [...byFunction.values()].sort((a, b) => b.self - a.self).slice(0, top)) {
  console.log(`  ${amount(entry.self)}  ${pct(entry.self)}  ${entry.name}${entry.where ? `  (${entry.where})` : ''}`);
}
console.log(`\n${isHeapProfile ? 'Bytes allocated' : 'Self time'} by package:`);
for (const [bucket, self] of [...byBucket].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
  console.log(`  ${amount(self)}  ${pct(self)}  ${bucket}`);
}
