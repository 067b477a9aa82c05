#!/usr/bin/env node
// gen_countries.js - write the generated country dictionary (native actors
// format, docs/dictionaries.md "Default dictionaries") from two packages:
//
//   Debian iso-codes     iso_3166-1.json: alpha_3, name, official_name,
//                        common_name (the list of countries: all 249)
//   npm world-countries  countries.json: common and official names,
//                        alternate spellings, English demonyms, capitals,
//                        whether the country is independent
//
// usage: node tools/gen_countries.js --iso FILE --wc FILE [--extra FILE]
//                                    [-o OUT]
//
// For every ISO 3166-1 country two entries are written:
//   actor NAME              code XXX      names, spellings, demonyms
//   actor Government of N   code XXXGOV   the capital(s) as metonyms
// Names that data/countries-extra.actors (--extra) already lists are left
// out, so the hand-curated file decides them.  A name claimed by two
// countries goes to the independent one when exactly one is; otherwise it
// is dropped ("Congolese", "Dominican", "Channel Islander").
// The output depends only on the inputs: same packages, same bytes.
'use strict';
const fs = require('fs');

function usage() {
    process.stderr.write('usage: gen_countries.js --iso FILE --wc FILE ' +
                         '[--extra FILE] [-o OUT]\n');
    process.exit(2);
}

const args = { iso: null, wc: null, extra: null, out: null };
for (let i = 2; i < process.argv.length; i++) {
    const a = process.argv[i], v = process.argv[i + 1];
    if (a === '--iso' && v) args.iso = v, i++;
    else if (a === '--wc' && v) args.wc = v, i++;
    else if (a === '--extra' && v) args.extra = v, i++;
    else if (a === '-o' && v) args.out = v, i++;
    else usage();
}
if (!args.iso || !args.wc) usage();

// CAMEO country codes are ISO alpha-3, as the Phoenix-era dictionaries use
// them (ROU, TLS, COD, SRB).  The original CAMEO codebook had a few codes of
// its own (ROM for Romania, TMP for East Timor, ZAR for Zaire); we do not
// emit them.  Kosovo (KSV, no ISO code) is in data/countries-extra.actors.
const CAMEO_CODE = {};

// Alternate spellings that are ordinary English words, a different country's
// name, or too ambiguous to code as the country.
const DROP = new Set([
    'island', 'prathet', 'mann', 'congo', 'guiana', 'timor', 'emirates',
    'korea', 'guinea', 'virgin islands',
    'the abode of peace', 'vaticans', 'pleasant island', 'nation of brunei',
]);
// Capitals that would mostly be something else in news text: a common word
// ("Male"), a very common place or personal name elsewhere.
const CAPITAL_DROP = new Set([
    'malé', 'male', 'victoria', 'georgetown', 'kingston', 'douglas',
    'hamilton', 'the valley', 'plymouth', 'washington d.c.', 'moroni',
    'brussels', // the EU's in news: data/igos.actors (European Commission)
]);

function fold(s) {
    return s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}
function ascii(s) {
    return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '')
        .replace(/[\u2018\u2019\u02bb\u02bc]/g, "'");
}
function isLatin(s) {
    return /^[\u0000-\u024f\u1e00-\u1eff\u2018\u2019\u02bb\u02bc' .,\-]+$/.test(s);
}

// "Korea, Republic of" -> "Republic of Korea"; "Virgin Islands, British" ->
// "British Virgin Islands"; a real list ("Saint Helena, Ascension and
// Tristan da Cunha") stays as it is.
function uninvert(s) {
    const m = /^(.*), (.*)$/.exec(s);
    if (!m) return s;
    const [, head, tail] = m;
    if (/ of( the)?$/i.test(tail)) return tail.replace(/^The /, 'the ') + ' ' + head;
    if (/^(British|U\.S\.)$/.test(tail)) return tail + ' ' + head;
    return null; // "Taiwan, Province of China" and the like: not a news name
}

// The variants of one name that news text uses.
function variants(name) {
    const out = [];
    let s = name.replace(/\s*\([^)]*\)\s*/g, ' ').replace(/\s+/g, ' ').trim();
    if (s.includes(',')) {
        const u = uninvert(s);
        if (u === null) return out;
        s = u;
    }
    s = s.replace(/^the /i, '');
    if (!s) return out;
    out.push(s);
    if (/^Saint /.test(s)) {
        out.push(s.replace(/^Saint /, 'St. '));
        out.push(s.replace(/^Saint /, 'St '));
    }
    return out;
}

// Plural of a demonym used as a noun: "Iraqis", "Syrians"; none for the
// ones that are their own plural or take "the" ("Chinese", "French",
// "Swiss", "Malagasy").
function demonymPlural(d) {
    if (/(s|sh|ch|x|z|e|y)$/i.test(d)) return null;
    return d + 's';
}

const iso = JSON.parse(fs.readFileSync(args.iso, 'utf8'))['3166-1'];
const wcList = JSON.parse(fs.readFileSync(args.wc, 'utf8'));
const wc = {};
for (const c of wcList) wc[c.cca3] = c;

// Phrases the curated file owns.
const curated = new Set();
if (args.extra) {
    for (const line of fs.readFileSync(args.extra, 'utf8').split('\n')) {
        const m = /^\s*(actor|alias|translit)\s+(.*?)\s*(\s#.*)?$/.exec(line);
        if (m) curated.add(fold(m[2]));
    }
}

// Build the candidate names, then settle the names two countries claim.
const entries = [];
for (const c of iso) {
    const a3 = c.alpha_3;
    const w = wc[a3] || null;
    const indep = w ? w.independent === true : false;
    const names = [];      // [kind, text] for the country entry
    const capitals = [];
    const add = (kind, text, list) => {
        if (!text) return;
        for (const v of variants(text)) {
            list.push([kind, v]);
            const a = ascii(v);
            if (a !== v && isLatin(v)) list.push(['translit', a]);
        }
    };
    const root = variants(c.common_name || (w && w.name.common) ||
                          c.name)[0] || c.name;
    add('alias', c.name, names);
    add('alias', c.official_name, names);
    add('alias', c.common_name, names);
    if (w) {
        add('alias', w.name.common, names);
        add('alias', w.name.official, names);
        for (const s of w.altSpellings || []) {
            if (/^[A-Z]{2,3}$/.test(s)) continue; // ISO/other codes: "IQ", "RSA"
            add(isLatin(s) && ascii(s) === s ? 'alias' : 'translit', s, names);
        }
        const dem = w.demonyms && w.demonyms.eng;
        if (dem) {
            for (const g of [dem.m, dem.f]) {
                for (const d of (g || '').split(/, | or /)) {
                    if (!d) continue;
                    add('alias', d, names);
                    const p = demonymPlural(d);
                    if (p) add('alias', p, names);
                }
            }
        }
        if (indep || a3 === 'PSE' || a3 === 'TWN')
            for (const cap of w.capital || []) add('alias', cap, capitals);
    }
    entries.push({ a3, indep, root, names, capitals });
}

// Who claims which folded phrase (country names and capitals alike).
const claims = new Map();
for (const e of entries) {
    const seen = new Set();
    for (const [, t] of e.names.concat(e.capitals)) {
        const k = fold(t);
        if (seen.has(k)) continue;
        seen.add(k);
        if (!claims.has(k)) claims.set(k, []);
        claims.get(k).push(e);
    }
}
function owns(e, k) {
    const cl = claims.get(k);
    if (!cl || cl.length === 1) return true;
    const ind = cl.filter((x) => x.indep);
    return ind.length === 1 && ind[0] === e;
}

const countryKeys = new Set();
for (const e of entries)
    for (const [, t] of e.names) countryKeys.add(fold(t));

const lines = [];
const out = (s) => lines.push(s);
out('#khaldun-dict 1 actors');
out('# GENERATED by tools/gen_countries.js from Debian iso-codes');
out('# (iso_3166-1.json) and npm world-countries; do not edit: curate in');
out('# data/countries-extra.actors instead.');
let ncountry = 0, ngov = 0;
for (const e of entries) {
    const code = CAMEO_CODE[e.a3] || e.a3;
    const used = new Set();
    const take = (t, allowRoot) => {
        const k = fold(t);
        if (used.has(k) || DROP.has(k) || curated.has(k)) return false;
        if (!allowRoot && !owns(e, k)) return false;
        used.add(k);
        return true;
    };
    // The root name stays even when shared or curated, so every country has
    // its entry; only a curated root is renamed to the official name.
    let root = e.root;
    if (curated.has(fold(root)) || !owns(e, fold(root))) {
        const alt = e.names.find(([k, t]) => k === 'alias' &&
            !curated.has(fold(t)) && owns(e, fold(t)));
        if (alt) root = alt[1];
    }
    used.add(fold(root));
    out('');
    out('actor ' + root);
    out('    id ' + e.a3.toLowerCase());
    for (const [kind, t] of e.names)
        if (take(t, false)) out('    ' + kind + ' ' + t);
    out('    code ' + code);
    out('    country ' + e.a3);
    ncountry++;

    // "Government of the United States", "... of the Philippines".
    const the = /(s|Republic|Kingdom|Union)$/.test(root) ? 'the ' : '';
    out('actor Government of ' + the + root);
    out('    id ' + e.a3.toLowerCase() + '-gov');
    for (const [kind, t] of e.capitals) {
        const k = fold(t);
        if (CAPITAL_DROP.has(k) || countryKeys.has(k)) continue;
        if (take(t, false)) out('    ' + kind + ' ' + t);
    }
    out('    code ' + code + 'GOV');
    out('    country ' + e.a3);
    out('    sector GOV');
    ngov++;
}
out('');
out('# ' + ncountry + ' countries, ' + ngov + ' governments');
const text = lines.join('\n') + '\n';
if (args.out) {
    fs.writeFileSync(args.out + '.tmp', text);
    fs.renameSync(args.out + '.tmp', args.out);
} else {
    process.stdout.write(text);
}
