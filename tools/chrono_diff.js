#!/usr/bin/env node
// chrono_diff.js - differential test of src/lib/when.c against npm
// chrono-node (installed into build/npm by tools/deps.sh; no network here).
//
//   node tools/chrono_diff.js --bin build/tests/test_when \
//        --chrono build/npm/node_modules/chrono-node \
//        --templates tests/data/when/templates.tsv \
//        --refs tests/data/when/refs.txt --out build/when-diff [-v]
//
// Expands every template against every reference date (deterministically),
// writes OUT/input.tsv, runs `test_when --dump` on it, parses the same
// strings with chrono (forwardDate for future-tense rows) and compares at
// khaldun's precision: day = same day, week = same Monday-Sunday week,
// month = same month, year = same year.  Prints the totals and the
// disagreements grouped by template; OUT/diff.tsv has every row.
// docs/dates.md explains each disagreement class.
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const args = { v: false };
for (let i = 2; i < process.argv.length; i++) {
    const a = process.argv[i];
    if (a === '-v') args.v = true;
    else args[a.replace(/^--/, '')] = process.argv[++i];
}
for (const k of ['bin', 'chrono', 'templates', 'refs', 'out'])
    if (!args[k]) {
        console.error(`chrono_diff: missing --${k}`);
        process.exit(2);
    }
const chrono = require(path.resolve(args.chrono));

const lines = (f) => fs.readFileSync(f, 'utf8').split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'));
const templates = lines(args.templates).map((l) => l.split('\t'));
const refs = lines(args.refs).map((l) => l.trim());

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July',
    'August', 'September', 'October', 'November', 'December'];
const MON = ['Jan.', 'Feb.', 'March', 'April', 'May', 'June', 'July', 'Aug.',
    'Sept.', 'Oct.', 'Nov.', 'Dec.'];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday',
    'Saturday', 'Sunday'];
const NW = ['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

// Deterministic fill: row k uses slot values picked by small co-prime
// strides, so the rows cover the value ranges without a random generator.
function expand(t, k) {
    return t
        .replace('{MONTH}', () => MONTHS[(k * 5) % 12])
        .replace('{MON}', () => MON[(k * 7) % 12])
        .replace('{DAY}', () => String(1 + (k * 11) % 28))
        .replace('{YEAR}', () => String(2005 + (k * 3) % 16))
        .replace('{WEEKDAY}', () => WEEKDAYS[(k * 3) % 7])
        .replace('{NW}', () => NW[(k * 3) % 8])
        .replace('{N}', () => String(2 + (k * 5) % 8));
}

const rows = [];
templates.forEach(([t, tense], ti) => {
    refs.forEach((ref, ri) => {
        rows.push({ tpl: t, expr: expand(t, ti * 31 + ri), ref, tense });
    });
});
fs.mkdirSync(args.out, { recursive: true });
const input = path.join(args.out, 'input.tsv');
fs.writeFileSync(input, rows.map((r) => `${r.expr}\t${r.ref}\t${r.tense}\n`).join(''));

const dumped = execFileSync(args.bin, ['--dump', input], { encoding: 'utf8' })
    .split('\n').filter((l) => l !== '');
if (dumped.length !== rows.length) {
    console.error(`chrono_diff: ${dumped.length} answers for ${rows.length} rows`);
    process.exit(1);
}

const pad = (n, w) => String(n).padStart(w, '0');
const ymd = (d) => d.getFullYear() * 10000 + (d.getMonth() + 1) * 100 + d.getDate();
function toDate(n) {
    return new Date(Math.floor(n / 10000), Math.floor(n / 100) % 100 - 1, n % 100, 12);
}
function weekStart(n) {
    const d = toDate(n);
    d.setDate(d.getDate() - ((d.getDay() + 6) % 7));
    return ymd(d);
}

let agree = 0;
const groups = new Map();
const out = [];
rows.forEach((r, i) => {
    const f = dumped[i].split('\t');
    const kd = f[3] === '-' ? null : Number(f[3]);
    const kp = f[4];
    const refDate = toDate(Number(r.ref));
    const res = chrono.parse(r.expr, refDate, { forwardDate: r.tense === 'F' });
    const c = res.length ? ymd(res[0].start.date()) : null;
    let same;
    if (kd === null || c === null) same = kd === c;
    else if (kp === 'D') same = kd === c;
    else if (kp === 'W') same = weekStart(kd) === weekStart(c);
    else if (kp === 'M') same = Math.floor(kd / 100) === Math.floor(c / 100);
    else same = Math.floor(kd / 10000) === Math.floor(c / 10000);
    const ctext = res.length ? res[0].text : '-';
    out.push([same ? 'agree' : 'DIFF', r.expr, r.ref, r.tense,
        kd === null ? '-' : pad(kd, 8), kp, c === null ? '-' : c, ctext].join('\t'));
    if (same) {
        agree++;
        return;
    }
    const key = `${r.tpl} [${r.tense}]`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(`${r.expr} @${r.ref}: khaldun ${kd === null ? '-' : kd}${kp === '-' ? '' : '/' + kp}` +
        `, chrono ${c === null ? '-' : c} ("${ctext}")`);
});
fs.writeFileSync(path.join(args.out, 'diff.tsv'),
    'result\texpression\tref\ttense\tkhaldun\tprecision\tchrono\tchrono_text\n' + out.join('\n') + '\n');

console.log(`when-diff: ${rows.length} expressions, ${agree} agree, ` +
    `${rows.length - agree} disagree (${(100 * agree / rows.length).toFixed(1)}%)`);
for (const [key, list] of [...groups].sort((a, b) => b[1].length - a[1].length)) {
    console.log(`  ${pad(list.length, 3)}  ${key}`);
    for (const l of list.slice(0, args.v ? list.length : 2)) console.log(`         ${l}`);
}
console.log(`when-diff: rows in ${path.join(args.out, 'diff.tsv')}`);
