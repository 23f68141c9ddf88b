/**
 * What a V8 heap snapshot holds, grouped by constructor (or node type): count and self size, the
 * biggest groups first. With `--before` (an earlier snapshot of the same process), what was added
 * since; with `--per N`, also divided by N (N sockets, say): how W4's "heap per socket" breaks down.
 *
 *   npx tsx bench/heap-summary.ts <after.heapsnapshot> [--before <before.heapsnapshot>] [--per 10000] [--top 40]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { per: { type: 'string' }, top: { type: 'string' }, before: { type: 'string' } },
});
const file = positionals[0];
if (!file) throw new Error('usage: heap-summary.ts <file.heapsnapshot> [--per N] [--top 40]');
const per = Number(values.per ?? 1);
const top = Number(values.top ?? 40);

type Groups = Map<string, { count: number; bytes: number }>;

function summarize(path: string): Groups {
  const heap = JSON.parse(readFileSync(path, 'utf8')) as Snapshot;
  const fields = heap.snapshot.meta.node_fields;
  const typeNames = heap.snapshot.meta.node_types[0];
  const stride = fields.length;
  const TYPE = fields.indexOf('type');
  const NAME = fields.indexOf('name');
  const SELF = fields.indexOf('self_size');
  const groups: Groups = new Map();
  for (let i = 0; i < heap.nodes.length; i += stride) {
    const type = typeNames[heap.nodes[i + TYPE]!]!;
    // Objects by constructor name; strings, code, closures and the rest by their kind.
    const name = type === 'object' ? heap.strings[heap.nodes[i + NAME]!]! : `(${type})`;
    const group = groups.get(name) ?? { count: 0, bytes: 0 };
    group.count += 1;
    group.bytes += heap.nodes[i + SELF]!;
    groups.set(name, group);
  }
  return groups;
}

const groups = summarize(file);
for (const [name, earlier] of values.before ? summarize(values.before) : []) {
  const group = groups.get(name) ?? { count: 0, bytes: 0 };
  groups.set(name, { count: group.count - earlier.count, bytes: group.bytes - earlier.bytes });
}
let total = 0;
for (const { bytes } of groups.values()) total += bytes;

const rows = [...groups.entries()].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, top);
console.log(
  `total self size ${(total / 2 ** 20).toFixed(1)} MiB${per > 1 ? `, ${Math.round(total / per)} B per ${per}th` : ''}`,
);
for (const [name, { count, bytes }] of rows) {
  const share =
    per > 1
      ? `  ${(count / per).toFixed(1).padStart(6)}/unit ${String(Math.round(bytes / per)).padStart(6)} B/unit`
      : '';
  console.log(`${String(bytes).padStart(11)} B ${String(count).padStart(8)}×${share}  ${name.slice(0, 80)}`);
}
