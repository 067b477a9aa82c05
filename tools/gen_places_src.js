#!/usr/bin/env node
// gen_places_src.js - write the two tab-separated sources `khaldun places
// compile` reads besides GeoNames and the curated places (docs/places.md):
//
//   countries.tsv     iso2 iso3 lat lon names demonyms borders
//                     names and demonyms are '|'-separated, borders is a
//                     ','-separated list of ISO alpha-3 codes
//   subdivisions.tsv  iso2 code type name      (ISO 3166-2)
//
// from Debian iso-codes (iso_3166-1.json, iso_3166-2.json) and npm
// world-countries (countries.json: English names, alternate spellings,
// demonyms, a representative point, land borders).
//
// usage: node tools/gen_places_src.js --iso1 FILE --iso2 FILE --wc FILE
//                                     --out-countries F --out-subdivisions F
// The output depends only on the inputs: same packages, same bytes.
'use strict';
const fs = require('fs');

const args = {};
for (let i = 2; i < process.argv.length; i += 2) {
    const a = process.argv[i], v = process.argv[i + 1];
    if (!a || !a.startsWith('--') || v === undefined) {
        process.stderr.write('usage: gen_places_src.js --iso1 F --iso2 F ' +
                             '--wc F --out-countries F --out-subdivisions F\n');
        process.exit(2);
    }
    args[a.slice(2)] = v;
}
for (const k of ['iso1', 'iso2', 'wc', 'out-countries', 'out-subdivisions'])
    if (!args[k]) {
        process.stderr.write(`gen_places_src.js: --${k} is required\n`);
        process.exit(2);
    }

const iso1 = JSON.parse(fs.readFileSync(args.iso1, 'utf8'))['3166-1'];
const iso2 = JSON.parse(fs.readFileSync(args.iso2, 'utf8'))['3166-2'];
const wc = JSON.parse(fs.readFileSync(args.wc, 'utf8'));
const byCca3 = new Map(wc.map(c => [c.cca3, c]));

// A name is usable as a place name in English text when it is written in
// Latin letters and is not a two-letter code ("SY").
function usable(s) {
    return typeof s === 'string' && s.length > 2 && !/[\t|\n]/.test(s) &&
           /^[\p{Script=Latin}\p{M}\s.'’()\-,&]+$/u.test(s);
}

const clean = s => s.replace(/\s+/g, ' ').trim();
// Countries world-countries has and ISO 3166-1 does not: Kosovo, whose
// user-assigned codes are XK / XKX (the EU's and ICAO's; world-countries
// writes UNK).  GeoNames files its towns under XK.
const EXTRA_ALPHA3 = { UNK: 'XKX' };
const isoCodes = new Set(iso1.map(c => c.alpha_3));
for (const w of wc)
    if (!isoCodes.has(w.cca3) && EXTRA_ALPHA3[w.cca3])
        iso1.push({ alpha_2: w.cca2, alpha_3: EXTRA_ALPHA3[w.cca3],
                    name: w.name.common, _wc: w });

const lines = [];
for (const c of iso1) {
    const w = c._wc || byCca3.get(c.alpha_3);
    const names = [];
    const add = s => { if (usable(s) && !names.includes(clean(s))) names.push(clean(s)); };
    // the name news uses first: it is the gazetteer's display name
    if (w) add(w.name.common);
    add(c.common_name);
    add(c.name);
    add(c.official_name);
    let lat = '', lon = '', dem = [], borders = [];
    if (w) {
        add(w.name.common);
        add(w.name.official);
        for (const s of w.altSpellings || []) add(s);
        if (Array.isArray(w.latlng) && w.latlng.length === 2) {
            lat = w.latlng[0].toFixed(4);
            lon = w.latlng[1].toFixed(4);
        }
        const d = (w.demonyms && w.demonyms.eng) || {};
        for (const s of [d.m, d.f]) if (usable(s) && !dem.includes(s)) dem.push(s);
        borders = (w.borders || []).map(b => EXTRA_ALPHA3[b] || b)
                                     .filter(b => /^[A-Z]{3}$/.test(b));
    }
    lines.push([c.alpha_2, c.alpha_3, lat, lon, names.join('|'), dem.join('|'),
                borders.join(',')].join('\t'));
}
fs.writeFileSync(args['out-countries'], lines.join('\n') + '\n');

const sub = [];
for (const s of iso2) {
    if (!/^[A-Z]{2}-[A-Z0-9]+$/.test(s.code) || !usable(s.name)) continue;
    sub.push([s.code.slice(0, 2), s.code, clean(s.type), clean(s.name)].join('\t'));
}
fs.writeFileSync(args['out-subdivisions'], sub.join('\n') + '\n');
