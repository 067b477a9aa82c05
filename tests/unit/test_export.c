/* test_export.c - the export formats (khaldun/export.h) on hand-made
 * events: names and column counts, header rows, every format's cells for a
 * full event, an empty event (NULLs), quoting in CSV and TSV, dates by
 * precision, merge information, UTF-8 names, and records that are
 * skipped. */
#include "t.h"
#include "khaldun/export.h"
#include "arena.h"
#include "json.h"

#include <stdlib.h>

/* ---- output capture and a small RFC 4180 / TSV reader ------------------ */

#define MAX_ROWS 8
#define MAX_CELLS 64
#define CELL 512

typedef struct table {
    int nrows;
    int ncells[MAX_ROWS];
    char cell[MAX_ROWS][MAX_CELLS][CELL];
} table;

static table tab;
static char outbuf[1 << 16];
static size_t outlen;

/* Write the header (when asked) and `ev` in format f into outbuf; returns
 * kh_export_event()'s result. */
static kh_status run(kh_export_format f, const kh_event *ev,
                     const kh_export_extra *x, bool header)
{
    kh_writer *w = NULL;
    kh_error err;
    size_t len;
    kh_status rc;

    if (kh_writer_new_mem(&w, &err) < 0)
        return KH_ENOMEM;
    if (header && kh_export_header(w, f, &err) < 0) {
        kh_writer_free(w);
        return KH_ERR;
    }
    rc = kh_export_event(w, f, ev, x, &err);
    const char *d = kh_writer_data(w, &len);
    if (len >= sizeof(outbuf))
        len = sizeof(outbuf) - 1;
    memcpy(outbuf, d, len);
    outbuf[len] = '\0';
    outlen = len;
    kh_writer_free(w);
    return rc;
}

/* Split outbuf into rows and cells: `sep` between cells, LF between rows;
 * with sep ',' a cell may be quoted, "" standing for one quote.  Returns
 * false on a malformed CSV quote. */
static bool parse(char sep)
{
    size_t i = 0;

    memset(&tab, 0, sizeof(tab));
    while (i < outlen && tab.nrows < MAX_ROWS) {
        int row = tab.nrows++, c = 0;
        for (;;) {
            char *cell = tab.cell[row][c];
            size_t n = 0;
            if (sep == ',' && outbuf[i] == '"') {
                i++;
                for (;;) {
                    if (i >= outlen)
                        return false;
                    if (outbuf[i] == '"') {
                        if (i + 1 < outlen && outbuf[i + 1] == '"') {
                            i += 2;
                            if (n < CELL - 1)
                                cell[n++] = '"';
                            continue;
                        }
                        i++;
                        break;
                    }
                    if (n < CELL - 1)
                        cell[n++] = outbuf[i];
                    i++;
                }
                if (i < outlen && outbuf[i] != sep && outbuf[i] != '\n')
                    return false;
            } else {
                while (i < outlen && outbuf[i] != sep && outbuf[i] != '\n') {
                    if (n < CELL - 1)
                        cell[n++] = outbuf[i];
                    i++;
                }
            }
            cell[n] = '\0';
            if (c < MAX_CELLS - 1)
                c++;
            if (i >= outlen || outbuf[i] == '\n') {
                i++;
                break;
            }
            i++; /* the separator */
        }
        tab.ncells[row] = c;
    }
    return true;
}

/* The cell of row r under the header's column `name`, or NULL. */
static const char *col(kh_export_format f, int r, const char *name)
{
    for (size_t i = 0; i < kh_export_columns(f); i++)
        if (strcmp(kh_export_column_name(f, i), name) == 0)
            return (int)i < tab.ncells[r] ? tab.cell[r][i] : NULL;
    return NULL;
}

/* The JSON member `key` of the one line in outbuf, its raw text in buf. */
static const char *member(const char *key, char *buf, size_t cap)
{
    kh_arena a;
    kh_json_member *m;
    size_t n, off;
    const char *msg;
    const char *got = NULL;

    kh_arena_init(&a, 4096, 0);
    if (outlen > 0 && kh_json__parse_object(&a, outbuf, outlen - 1, &m, &n,
                                            &off, &msg) == KH_OK) {
        for (size_t i = 0; i < n; i++)
            if (strcmp(m[i].key, key) == 0) {
                size_t l = m[i].raw_len < cap - 1 ? m[i].raw_len : cap - 1;
                memcpy(buf, m[i].raw, l);
                buf[l] = '\0';
                got = buf;
            }
    }
    kh_arena_dispose(&a);
    return got;
}

static bool valid_json_line(void)
{
    size_t off;
    const char *msg;
    return outlen > 1 && outbuf[outlen - 1] == '\n' &&
           memchr(outbuf, '\n', outlen - 1) == NULL &&
           kh_json__validate(outbuf, outlen - 1, &off, &msg) == KH_OK;
}

/* ---- events ------------------------------------------------------------ */

static void full_event(kh_event *ev)
{
    kh_event_init(ev);
    ev->event_id = "5e84133725317871";
    ev->doc_id = "wire-7";
    ev->sentence = 2;
    ev->span.start = 100;
    ev->span.end = 140;
    ev->date = 20210308;
    ev->date_precision = "day";
    ev->date_text = "on Monday";
    ev->source.text = "Saudi warplanes";
    ev->source.code = "SAUMIL";
    ev->source.country = "SAU";
    ev->source.sector = "MIL";
    ev->source.name = "saudi arabia";
    ev->source.id = "countries.actors:12";
    ev->source.confidence = 1.0;
    ev->target.text = "Houthi rebels";
    ev->target.code = "YEMREBMIL";
    ev->target.country = "YEM";
    ev->target.sector = "REB";
    ev->target.name = "houthis";
    ev->target.confidence = 0.9;
    ev->cameo = "1952";
    ev->cameo_root = "19";
    ev->quad_class = 4;
    ev->goldstein = -10;
    ev->has_goldstein = true;
    ev->plover = "ASSAULT";
    ev->plover_mode = "aerial";
    ev->acled_type = "Explosions/Remote violence";
    ev->acled_subtype = "Air/drone strike";
    ev->has_location = true;
    ev->location.text = "in Saada";
    ev->location.name = "Sa'dah";
    ev->location.country = "YEM";
    ev->location.admin1 = "Saada Governorate";
    ev->location.lat = 16.94021;
    ev->location.lon = 43.76393;
    ev->location.has_coords = true;
    ev->location.geonameid = 71333;
    ev->location.precision = "place";
    ev->fatalities = 12;
    ev->injured = 3;
    ev->text = "Saudi warplanes bombed Houthi rebels in Saada, killing 12.";
    ev->trigger = "bombed";
    ev->pattern = "verb pattern, line 7";
    ev->date_rule = "text";
    ev->location_rule = "clause";
}

static const char *const urls[] = {"https://a.example/1", "https://b.example/2"};
static const char *const names[] = {"Reuters", "AFP"};
static const char *const docs[] = {"wire-7", "wire-9"};

static kh_export_extra merged(void)
{
    kh_export_extra x = KH_EXPORT_EXTRA_INIT;
    x.mentions = 3;
    x.sources = 2;
    x.articles = 2;
    x.doc_ids = docs;
    x.doc_id_count = 2;
    x.urls = urls;
    x.url_count = 2;
    x.source_names = names;
    x.source_name_count = 2;
    x.added = 20210309123000;
    return x;
}

/* ---- tests ------------------------------------------------------------- */

static void test_names(void)
{
    static const struct {
        const char *name;
        size_t cols;
        const char *first, *last;
    } rows[] = {
        {"jsonl", 0, NULL, NULL},
        {"plover", 0, NULL, NULL},
        {"petrarch", 12, "date", "event_id"},
        {"phoenix", 26, "EventID", "NewsSources"},
        {"gdelt", 61, "GlobalEventID", "SOURCEURL"},
        {"acled", 31, "event_id_cnty", "timestamp"},
        {"csv", 50, "event_id", "doc_ids"},
    };
    kh_export_format f = KH_EXPORT_CSV;

    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        T_EQ_INT(kh_export_format_from_name(&f, rows[i].name), KH_OK);
        T_EQ_STR(kh_export_format_name(f), rows[i].name);
        T_EQ_INT(kh_export_columns(f), rows[i].cols);
        if (rows[i].cols) {
            T_EQ_STR(kh_export_column_name(f, 0), rows[i].first);
            T_EQ_STR(kh_export_column_name(f, rows[i].cols - 1),
                     rows[i].last);
            T_CHECK(kh_export_column_name(f, rows[i].cols) == NULL);
        }
    }
    f = KH_EXPORT_GDELT;
    T_EQ_INT(kh_export_format_from_name(&f, "text"), KH_ENOTFOUND);
    T_EQ_INT(kh_export_format_from_name(&f, "GDELT"), KH_ENOTFOUND);
    T_EQ_INT(f, KH_EXPORT_GDELT);
    T_CHECK(kh_export_format_name((kh_export_format)99) == NULL);
    T_EQ_INT(kh_export_columns((kh_export_format)99), 0);
    /* the GDELT 2.0 names, in order, at a few places */
    T_EQ_STR(kh_export_column_name(KH_EXPORT_GDELT, 25), "IsRootEvent");
    T_EQ_STR(kh_export_column_name(KH_EXPORT_GDELT, 34), "AvgTone");
    T_EQ_STR(kh_export_column_name(KH_EXPORT_GDELT, 51), "ActionGeo_Type");
    T_EQ_STR(kh_export_column_name(KH_EXPORT_GDELT, 59), "DATEADDED");
    T_EQ_STR(kh_export_column_name(KH_EXPORT_PHOENIX, 23), "SentenceID");
}

static void test_headers(void)
{
    for (int f = 0; f < KH_EXPORT_FORMAT_COUNT; f++) {
        kh_writer *w = NULL;
        kh_error err;
        size_t len;
        const size_t n = kh_export_columns((kh_export_format)f);
        T_EQ_INT(kh_writer_new_mem(&w, &err), KH_OK);
        T_EQ_INT(kh_export_header(w, (kh_export_format)f, &err), KH_OK);
        const char *d = kh_writer_data(w, &len);
        if (n == 0) {
            T_EQ_INT(len, 0); /* JSON formats: no header */
        } else {
            const char sep = f == KH_EXPORT_ACLED || f == KH_EXPORT_CSV
                                 ? ','
                                 : '\t';
            size_t seps = 0, nl = 0;
            for (size_t i = 0; i < len; i++) {
                seps += d[i] == sep;
                nl += d[i] == '\n';
            }
            T_EQ_INT(seps, n - 1);
            T_EQ_INT(nl, 1);
            T_CHECK(len > 0 && d[len - 1] == '\n');
        }
        kh_writer_free(w);
    }
    kh_writer *w = NULL;
    kh_error err;
    T_EQ_INT(kh_writer_new_mem(&w, &err), KH_OK);
    T_EQ_INT(kh_export_header(w, (kh_export_format)7, &err), KH_EUSAGE);
    kh_event ev;
    kh_event_init(&ev);
    T_EQ_INT(kh_export_event(w, (kh_export_format)-1, &ev, NULL, &err),
             KH_EUSAGE);
    kh_writer_free(w);
}

static void test_petrarch(void)
{
    kh_event ev;
    full_event(&ev);
    T_EQ_INT(run(KH_EXPORT_PETRARCH, &ev, NULL, true), 1);
    T_CHECK(parse('\t'));
    T_EQ_INT(tab.nrows, 2);
    T_EQ_INT(tab.ncells[1], 12);
    T_EQ_STR(tab.cell[1][0], "20210308");
    T_EQ_STR(tab.cell[1][1], "SAUMIL");
    T_EQ_STR(tab.cell[1][2], "YEMREBMIL");
    T_EQ_STR(tab.cell[1][3], "1952");
    T_EQ_STR(tab.cell[1][4], "");
    T_EQ_STR(tab.cell[1][5], "wire-7-2");
    T_EQ_STR(tab.cell[1][6], "");
    T_EQ_STR(tab.cell[1][8], "Saudi warplanes");
    T_EQ_STR(tab.cell[1][9], "Houthi rebels");
    T_EQ_STR(tab.cell[1][10], "bombed");
    T_EQ_STR(tab.cell[1][11], "5e84133725317871");

    kh_export_extra x = merged();
    T_EQ_INT(run(KH_EXPORT_PETRARCH, &ev, &x, false), 1);
    T_CHECK(parse('\t'));
    T_EQ_STR(tab.cell[0][5], "wire-7;wire-9");
    T_EQ_STR(tab.cell[0][6], "https://a.example/1");
    T_EQ_STR(tab.cell[0][7], "Reuters");
}

static void test_phoenix(void)
{
    const kh_export_format f = KH_EXPORT_PHOENIX;
    kh_event ev;
    full_event(&ev);
    kh_export_extra x = merged();
    T_EQ_INT(run(f, &ev, &x, true), 1);
    T_CHECK(parse('\t'));
    T_EQ_INT(tab.nrows, 2);
    T_EQ_INT(tab.ncells[0], 26);
    T_EQ_INT(tab.ncells[1], 26);
    T_EQ_STR(col(f, 1, "EventID"), "5e84133725317871");
    T_EQ_STR(col(f, 1, "Date"), "20210308");
    T_EQ_STR(col(f, 1, "Year"), "2021");
    T_EQ_STR(col(f, 1, "Month"), "3");
    T_EQ_STR(col(f, 1, "Day"), "8");
    T_EQ_STR(col(f, 1, "SourceActorFull"), "SAUMIL");
    T_EQ_STR(col(f, 1, "SourceActorEntity"), "SAU");
    T_EQ_STR(col(f, 1, "SourceActorRole"), "MIL");
    T_EQ_STR(col(f, 1, "SourceActorAttribute"), "");
    T_EQ_STR(col(f, 1, "TargetActorEntity"), "YEM");
    T_EQ_STR(col(f, 1, "TargetActorRole"), "REB");
    T_EQ_STR(col(f, 1, "TargetActorAttribute"), "MIL");
    T_EQ_STR(col(f, 1, "EventCode"), "1952");
    T_EQ_STR(col(f, 1, "EventRootCode"), "19");
    T_EQ_STR(col(f, 1, "QuadClass"), "4");
    T_EQ_STR(col(f, 1, "GoldsteinScore"), "-10.0");
    T_EQ_STR(col(f, 1, "Issues"), "");
    T_EQ_STR(col(f, 1, "Lat"), "16.94021");
    T_EQ_STR(col(f, 1, "Lon"), "43.76393");
    T_EQ_STR(col(f, 1, "LocationName"), "Sa'dah");
    T_EQ_STR(col(f, 1, "StateName"), "Saada Governorate");
    T_EQ_STR(col(f, 1, "CountryCode"), "YEM");
    T_EQ_STR(col(f, 1, "SentenceID"), "wire-7-2");
    T_EQ_STR(col(f, 1, "URLs"), "https://a.example/1;https://b.example/2");
    T_EQ_STR(col(f, 1, "NewsSources"), "Reuters;AFP");
}

static void test_gdelt(void)
{
    const kh_export_format f = KH_EXPORT_GDELT;
    kh_event ev;
    full_event(&ev);
    kh_export_extra x = merged();
    T_EQ_INT(run(f, &ev, &x, true), 1);
    T_CHECK(parse('\t'));
    T_EQ_INT(tab.nrows, 2);
    T_EQ_INT(tab.ncells[1], 61);
    /* the first 13 hex digits of event_id */
    T_EQ_STR(col(f, 1, "GlobalEventID"), "1662741617201943");
    T_EQ_STR(col(f, 1, "Day"), "20210308");
    T_EQ_STR(col(f, 1, "MonthYear"), "202103");
    T_EQ_STR(col(f, 1, "Year"), "2021");
    T_EQ_STR(col(f, 1, "FractionDate"), "2021.1863"); /* (2*30+8)/365 */
    T_EQ_STR(col(f, 1, "Actor1Code"), "SAUMIL");
    T_EQ_STR(col(f, 1, "Actor1Name"), "SAUDI ARABIA");
    T_EQ_STR(col(f, 1, "Actor1CountryCode"), "SAU");
    T_EQ_STR(col(f, 1, "Actor1Type1Code"), "MIL");
    T_EQ_STR(col(f, 1, "Actor1Type2Code"), "");
    T_EQ_STR(col(f, 1, "Actor2Type1Code"), "REB");
    T_EQ_STR(col(f, 1, "Actor2Type2Code"), "MIL");
    T_EQ_STR(col(f, 1, "Actor2EthnicCode"), "");
    T_EQ_STR(col(f, 1, "IsRootEvent"), "0");
    T_EQ_STR(col(f, 1, "EventCode"), "1952");
    T_EQ_STR(col(f, 1, "EventBaseCode"), "195");
    T_EQ_STR(col(f, 1, "EventRootCode"), "19");
    T_EQ_STR(col(f, 1, "QuadClass"), "4");
    T_EQ_STR(col(f, 1, "GoldsteinScale"), "-10.0");
    T_EQ_STR(col(f, 1, "NumMentions"), "3");
    T_EQ_STR(col(f, 1, "NumSources"), "2");
    T_EQ_STR(col(f, 1, "NumArticles"), "2");
    T_EQ_STR(col(f, 1, "AvgTone"), "");
    T_EQ_STR(col(f, 1, "Actor1Geo_Type"), "0");
    T_EQ_STR(col(f, 1, "Actor2Geo_FullName"), "");
    T_EQ_STR(col(f, 1, "ActionGeo_Type"), "4");
    T_EQ_STR(col(f, 1, "ActionGeo_FullName"),
             "Sa'dah, Saada Governorate, Yemen");
    T_EQ_STR(col(f, 1, "ActionGeo_CountryCode"), "YEM");
    T_EQ_STR(col(f, 1, "ActionGeo_ADM1Code"), "");
    T_EQ_STR(col(f, 1, "ActionGeo_Lat"), "16.9402");
    T_EQ_STR(col(f, 1, "ActionGeo_Long"), "43.7639");
    T_EQ_STR(col(f, 1, "ActionGeo_FeatureID"), "71333");
    T_EQ_STR(col(f, 1, "DATEADDED"), "20210309123000");
    T_EQ_STR(col(f, 1, "SOURCEURL"), "https://a.example/1");

    /* straight from `code`: one mention; the document as the citation */
    ev.sentence = 0;
    ev.location.country = "USA";
    ev.location.precision = "admin1";
    ev.location.name = "Texas";
    ev.location.admin1 = "Texas";
    T_EQ_INT(run(f, &ev, NULL, false), 1);
    T_CHECK(parse('\t'));
    T_EQ_STR(col(f, 0, "IsRootEvent"), "1");
    T_EQ_STR(col(f, 0, "NumMentions"), "1");
    T_EQ_STR(col(f, 0, "NumArticles"), "1");
    T_EQ_STR(col(f, 0, "DATEADDED"), "");
    T_EQ_STR(col(f, 0, "SOURCEURL"), "wire-7");
    T_EQ_STR(col(f, 0, "ActionGeo_Type"), "2"); /* a US state */
    T_EQ_STR(col(f, 0, "ActionGeo_FullName"), "Texas, United States");

    /* an id that is not hex is hashed to 52 bits */
    ev.event_id = "doc-1/3";
    T_EQ_INT(run(f, &ev, NULL, false), 1);
    T_CHECK(parse('\t'));
    const char *id = col(f, 0, "GlobalEventID");
    T_CHECK(id && id[0] && strtoull(id, NULL, 10) < (1ULL << 52));
}

static void test_acled(void)
{
    const kh_export_format f = KH_EXPORT_ACLED;
    kh_event ev;
    full_event(&ev);
    kh_export_extra x = merged();
    T_EQ_INT(run(f, &ev, &x, true), 1);
    T_CHECK(parse(','));
    T_EQ_INT(tab.nrows, 2);
    T_EQ_INT(tab.ncells[0], 31);
    T_EQ_INT(tab.ncells[1], 31);
    T_EQ_STR(col(f, 1, "event_id_cnty"), "YEM1662741617201943");
    T_EQ_STR(col(f, 1, "event_date"), "2021-03-08");
    T_EQ_STR(col(f, 1, "year"), "2021");
    T_EQ_STR(col(f, 1, "time_precision"), "1");
    T_EQ_STR(col(f, 1, "disorder_type"), "Political violence");
    T_EQ_STR(col(f, 1, "event_type"), "Explosions/Remote violence");
    T_EQ_STR(col(f, 1, "sub_event_type"), "Air/drone strike");
    T_EQ_STR(col(f, 1, "actor1"), "saudi arabia");
    T_EQ_STR(col(f, 1, "inter1"), "1");
    T_EQ_STR(col(f, 1, "actor2"), "houthis");
    T_EQ_STR(col(f, 1, "inter2"), "2");
    T_EQ_STR(col(f, 1, "interaction"), "12");
    T_EQ_STR(col(f, 1, "civilian_targeting"), "");
    T_EQ_STR(col(f, 1, "iso"), "887");
    T_EQ_STR(col(f, 1, "region"), "");
    T_EQ_STR(col(f, 1, "country"), "Yemen");
    T_EQ_STR(col(f, 1, "admin1"), "Saada Governorate");
    T_EQ_STR(col(f, 1, "location"), "Sa'dah");
    T_EQ_STR(col(f, 1, "latitude"), "16.9402");
    T_EQ_STR(col(f, 1, "geo_precision"), "1");
    T_EQ_STR(col(f, 1, "source"), "Reuters; AFP");
    T_EQ_STR(col(f, 1, "notes"), ev.text); /* quoted: it has a comma */
    T_CHECK(strstr(outbuf, "\"Saudi warplanes bombed") != NULL);
    T_EQ_STR(col(f, 1, "fatalities"), "12");
    T_EQ_STR(col(f, 1, "tags"), "");
    T_EQ_STR(col(f, 1, "timestamp"), "1615293000"); /* 2021-03-09 12:30 */

    /* civilians attacked; a threat, denied */
    ev.acled_type = "Violence against civilians";
    ev.acled_subtype = "Attack";
    ev.target.code = "YEMCVL";
    ev.target.sector = NULL;
    ev.modality = "threat";
    ev.negated = true;
    T_EQ_INT(run(f, &ev, NULL, false), 1);
    T_CHECK(parse(','));
    T_EQ_STR(col(f, 0, "inter2"), "7");
    T_EQ_STR(col(f, 0, "interaction"), "17");
    T_EQ_STR(col(f, 0, "civilian_targeting"), "Civilian targeting");
    T_EQ_STR(col(f, 0, "tags"), "modality=threat; negated");
    T_EQ_STR(col(f, 0, "timestamp"), "");

    /* civilians under an air strike are targeted; in a battle not */
    ev.acled_type = "Explosions/Remote violence";
    ev.acled_subtype = "Air/drone strike";
    T_EQ_INT(run(f, &ev, NULL, false), 1);
    T_CHECK(parse(','));
    T_EQ_STR(col(f, 0, "civilian_targeting"), "Civilian targeting");
    ev.acled_type = "Battles";
    ev.acled_subtype = "Armed clash";
    T_EQ_INT(run(f, &ev, NULL, false), 1);
    T_CHECK(parse(','));
    T_EQ_STR(col(f, 0, "civilian_targeting"), "");
    T_EQ_STR(col(f, 0, "inter2"), "7");

    /* protesters; no target: a "sole" interaction */
    ev.acled_type = "Protests";
    ev.acled_subtype = "Peaceful protest";
    memset(&ev.source, 0, sizeof(ev.source));
    ev.source.text = "students";
    ev.source.code = "YEMEDU";
    ev.source.country = "YEM";
    memset(&ev.target, 0, sizeof(ev.target));
    T_EQ_INT(run(f, &ev, NULL, false), 1);
    T_CHECK(parse(','));
    T_EQ_STR(col(f, 0, "disorder_type"), "Demonstrations");
    T_EQ_STR(col(f, 0, "actor1"), "students");
    T_EQ_STR(col(f, 0, "inter1"), "6");
    T_EQ_STR(col(f, 0, "inter2"), "");
    T_EQ_STR(col(f, 0, "interaction"), "60");

    /* no ACLED type: no record */
    ev.acled_type = NULL;
    T_EQ_INT(run(f, &ev, NULL, false), 0);
    T_EQ_INT(outlen, 0);
    ev.acled_type = "";
    T_EQ_INT(run(f, &ev, NULL, false), 0);
}

static void test_csv(void)
{
    const kh_export_format f = KH_EXPORT_CSV;
    kh_event ev;
    full_event(&ev);
    T_EQ_INT(run(f, &ev, NULL, true), 1);
    T_CHECK(parse(','));
    T_EQ_INT(tab.nrows, 2);
    T_EQ_INT(tab.ncells[1], 50);
    T_EQ_STR(col(f, 1, "event_id"), "5e84133725317871");
    T_EQ_STR(col(f, 1, "sentence"), "2");
    T_EQ_STR(col(f, 1, "span_start"), "100");
    T_EQ_STR(col(f, 1, "span_end"), "140");
    T_EQ_STR(col(f, 1, "date"), "2021-03-08");
    T_EQ_STR(col(f, 1, "date_precision"), "day");
    T_EQ_STR(col(f, 1, "source_text"), "Saudi warplanes");
    T_EQ_STR(col(f, 1, "source_confidence"), "1.0");
    T_EQ_STR(col(f, 1, "target_id"), "");
    T_EQ_STR(col(f, 1, "target_confidence"), "0.9");
    T_EQ_STR(col(f, 1, "goldstein"), "-10.0");
    T_EQ_STR(col(f, 1, "location_lat"), "16.94021");
    T_EQ_STR(col(f, 1, "location_geonameid"), "71333");
    T_EQ_STR(col(f, 1, "fatalities"), "12");
    T_EQ_STR(col(f, 1, "injured"), "3");
    T_EQ_STR(col(f, 1, "negated"), "false");
    T_EQ_STR(col(f, 1, "modality"), "asserted");
    T_EQ_STR(col(f, 1, "pattern"), "verb pattern, line 7");
    T_EQ_STR(col(f, 1, "mentions"), "");
    T_EQ_STR(col(f, 1, "doc_ids"), "");

    kh_export_extra x = merged();
    T_EQ_INT(run(f, &ev, &x, false), 1);
    T_CHECK(parse(','));
    T_EQ_STR(col(f, 0, "mentions"), "3");
    T_EQ_STR(col(f, 0, "doc_ids"), "wire-7;wire-9");
}

/* Commas, quotes, line breaks and tabs inside values. */
static void test_quoting(void)
{
    kh_event ev;
    kh_event_init(&ev);
    ev.event_id = "e1";
    ev.text = "He said \"no\", then\nleft\tquickly\r\n";
    ev.source.text = "a,b";
    ev.trigger = "plain";

    T_EQ_INT(run(KH_EXPORT_CSV, &ev, NULL, false), 1);
    T_CHECK(strstr(outbuf,
                   "\"He said \"\"no\"\", then\nleft\tquickly\r\n\"") !=
            NULL);
    T_CHECK(strstr(outbuf, ",\"a,b\",") != NULL);
    T_CHECK(strstr(outbuf, ",plain,") != NULL); /* unquoted when plain */
    T_CHECK(parse(','));
    T_EQ_INT(tab.nrows, 1);
    T_EQ_INT(tab.ncells[0], 50);
    T_EQ_STR(col(KH_EXPORT_CSV, 0, "text"), ev.text);
    T_EQ_STR(col(KH_EXPORT_CSV, 0, "source_text"), "a,b");

    /* TSV: tabs and line breaks become spaces, quotes stay */
    ev.source.code = "X\tY";
    ev.trigger = "two\nlines";
    T_EQ_INT(run(KH_EXPORT_PETRARCH, &ev, NULL, false), 1);
    T_EQ_INT(outbuf[outlen - 1], '\n');
    T_CHECK(memchr(outbuf, '\n', outlen - 1) == NULL);
    T_CHECK(memchr(outbuf, '\r', outlen) == NULL);
    T_CHECK(parse('\t'));
    T_EQ_INT(tab.ncells[0], 12);
    T_EQ_STR(tab.cell[0][1], "X Y");
    T_EQ_STR(tab.cell[0][10], "two lines");
    T_EQ_INT(run(KH_EXPORT_PHOENIX, &ev, NULL, false), 1);
    T_CHECK(parse('\t'));
    T_EQ_INT(tab.ncells[0], 26);
    T_EQ_STR(tab.cell[0][5], "X Y");

    /* invalid UTF-8 becomes U+FFFD; other controls spaces */
    ev.source.text = "bad \xC3( byte\x01";
    T_EQ_INT(run(KH_EXPORT_CSV, &ev, NULL, false), 1);
    T_CHECK(parse(','));
    T_EQ_STR(col(KH_EXPORT_CSV, 0, "source_text"), "bad \xEF\xBF\xBD( byte ");
}

/* kh_event_init(): every field unknown. */
static void test_nulls(void)
{
    kh_event ev;
    kh_event_init(&ev);

    for (int f = 0; f < KH_EXPORT_FORMAT_COUNT; f++) {
        const size_t n = kh_export_columns((kh_export_format)f);
        const kh_status rc = run((kh_export_format)f, &ev, NULL, false);
        if (f == KH_EXPORT_PLOVER || f == KH_EXPORT_ACLED) {
            T_EQ_INT(rc, 0);
            T_EQ_INT(outlen, 0);
            continue;
        }
        T_EQ_INT(rc, 1);
        if (n == 0) {
            T_CHECK(valid_json_line());
            continue;
        }
        const char sep = f == KH_EXPORT_CSV ? ',' : '\t';
        T_CHECK(parse(sep));
        T_EQ_INT(tab.nrows, 1);
        T_EQ_INT(tab.ncells[0], n);
        /* empty cells but for the few with a value of their own */
        size_t filled = 0;
        for (int i = 0; i < tab.ncells[0]; i++)
            filled += tab.cell[0][i][0] != '\0';
        T_EQ_INT(filled, f == KH_EXPORT_GDELT ? 6 /* 3 geo types, counts */
                         : f == KH_EXPORT_CSV ? 2 /* negated, modality */
                                              : 0);
    }
    T_EQ_INT(run(KH_EXPORT_GDELT, &ev, NULL, false), 1);
    T_CHECK(parse('\t'));
    T_EQ_STR(col(KH_EXPORT_GDELT, 0, "ActionGeo_Type"), "0");
    T_EQ_STR(col(KH_EXPORT_GDELT, 0, "NumSources"), "1");
    T_EQ_STR(col(KH_EXPORT_GDELT, 0, "GlobalEventID"), "");

    /* PLOVER with a type and nothing else */
    char buf[256];
    ev.plover = "PROTEST";
    T_EQ_INT(run(KH_EXPORT_PLOVER, &ev, NULL, false), 1);
    T_CHECK(valid_json_line());
    T_EQ_STR(member("id", buf, sizeof(buf)), "null");
    T_EQ_STR(member("date", buf, sizeof(buf)), "null");
    T_EQ_STR(member("source", buf, sizeof(buf)), "null");
    T_EQ_STR(member("event", buf, sizeof(buf)), "[\"PROTEST\"]");
    T_EQ_STR(member("quad_code", buf, sizeof(buf)), "4");
    T_EQ_STR(member("event_loc", buf, sizeof(buf)), "null");
    T_EQ_STR(member("dead", buf, sizeof(buf)), "null");
    T_EQ_STR(member("date_precision", buf, sizeof(buf)), "null");
    T_CHECK(member("mentions", buf, sizeof(buf)) == NULL);

    /* an ACLED type and nothing else */
    ev.acled_type = "Riots";
    T_EQ_INT(run(KH_EXPORT_ACLED, &ev, NULL, false), 1);
    T_CHECK(parse(','));
    T_EQ_INT(tab.ncells[0], 31);
    T_EQ_STR(col(KH_EXPORT_ACLED, 0, "event_type"), "Riots");
    T_EQ_STR(col(KH_EXPORT_ACLED, 0, "event_id_cnty"), "");
    T_EQ_STR(col(KH_EXPORT_ACLED, 0, "disorder_type"), "");

    /* garbage numbers are unknown, never "nan" or "null" in a cell */
    kh_event_init(&ev);
    ev.has_goldstein = true;
    ev.goldstein = 0.0 / 0.0;
    ev.has_location = true;
    ev.location.has_coords = true;
    ev.location.lat = 1.0 / 0.0;
    ev.location.lon = -1.0 / 0.0;
    ev.date = 20210230; /* no such day */
    ev.date_precision = "day";
    T_EQ_INT(run(KH_EXPORT_CSV, &ev, NULL, false), 1);
    T_CHECK(parse(','));
    T_EQ_STR(col(KH_EXPORT_CSV, 0, "goldstein"), "");
    T_EQ_STR(col(KH_EXPORT_CSV, 0, "location_lat"), "");
    T_EQ_STR(col(KH_EXPORT_CSV, 0, "date"), "");
    T_EQ_STR(col(KH_EXPORT_CSV, 0, "date_precision"), "");
}

/* Dates by precision in each format. */
static void test_dates(void)
{
    static const struct {
        int32_t date;
        const char *precision;
        const char *plover_date, *plover_end; /* JSON text */
        const char *petrarch;                 /* YYYYMMDD */
        const char *acled, *acled_prec;
        const char *month, *day;              /* Phoenix */
        const char *csv;
        const char *fraction;                 /* GDELT */
    } rows[] = {
        {20210308, "day", "\"2021-03-08\"", "null", "20210308", "2021-03-08",
         "1", "3", "8", "2021-03-08", "2021.1863"},
        /* a week across a month's end: 29 March to 4 April */
        {20210329, "week", "\"2021-03-29\"", "\"2021-04-04\"", "20210329",
         "2021-04-01", "2", "3", "", "2021-03-29", "2021.2438"},
        /* across the year's end */
        {20201228, "week", "\"2020-12-28\"", "\"2021-01-03\"", "20201228",
         "2020-12-31", "2", "12", "", "2020-12-28", "2020.9808"},
        /* a leap February */
        {20200200, "month", "\"2020-02-01\"", "\"2020-02-29\"", "20200201",
         "2020-02-15", "3", "2", "", "2020-02", "2020.0849"},
        {20210000, "year", "\"2021-01-01\"", "\"2021-12-31\"", "20210101",
         "2021-07-01", "3", "", "", "2021", "2021.0027"},
        /* precision missing: the zeros tell */
        {20210400, NULL, "\"2021-04-01\"", "\"2021-04-30\"", "20210401",
         "2021-04-15", "3", "4", "", "2021-04", "2021.2493"},
        /* month precision with a day: the day is dropped */
        {20210417, "month", "\"2021-04-01\"", "\"2021-04-30\"", "20210401",
         "2021-04-15", "3", "4", "", "2021-04", "2021.2493"},
        {0, "day", "null", "null", "", "", "", "", "", "", ""},
        {20211301, "day", "null", "null", "", "", "", "", "", "", ""},
    };
    char buf[64];

    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        kh_event ev;
        full_event(&ev);
        ev.date = rows[i].date;
        ev.date_precision = rows[i].precision;

        T_EQ_INT(run(KH_EXPORT_PLOVER, &ev, NULL, false), 1);
        T_CHECK(valid_json_line());
        T_EQ_STR(member("date", buf, sizeof(buf)), rows[i].plover_date);
        T_EQ_STR(member("enddate", buf, sizeof(buf)), rows[i].plover_end);

        T_EQ_INT(run(KH_EXPORT_PETRARCH, &ev, NULL, false), 1);
        T_CHECK(parse('\t'));
        T_EQ_STR(tab.cell[0][0], rows[i].petrarch);

        T_EQ_INT(run(KH_EXPORT_ACLED, &ev, NULL, false), 1);
        T_CHECK(parse(','));
        T_EQ_STR(col(KH_EXPORT_ACLED, 0, "event_date"), rows[i].acled);
        T_EQ_STR(col(KH_EXPORT_ACLED, 0, "time_precision"),
                 rows[i].acled_prec);

        T_EQ_INT(run(KH_EXPORT_PHOENIX, &ev, NULL, false), 1);
        T_CHECK(parse('\t'));
        T_EQ_STR(col(KH_EXPORT_PHOENIX, 0, "Month"), rows[i].month);
        T_EQ_STR(col(KH_EXPORT_PHOENIX, 0, "Day"), rows[i].day);

        T_EQ_INT(run(KH_EXPORT_CSV, &ev, NULL, false), 1);
        T_CHECK(parse(','));
        T_EQ_STR(col(KH_EXPORT_CSV, 0, "date"), rows[i].csv);

        T_EQ_INT(run(KH_EXPORT_GDELT, &ev, NULL, false), 1);
        T_CHECK(parse('\t'));
        T_EQ_STR(col(KH_EXPORT_GDELT, 0, "FractionDate"), rows[i].fraction);
    }
}

static void test_plover(void)
{
    kh_event ev;
    char buf[512];
    full_event(&ev);
    ev.source.name = "Bachar al-Assad"; /* and a UTF-8 name */
    ev.target.name = "Sébastien Lecornu";

    T_EQ_INT(run(KH_EXPORT_PLOVER, &ev, NULL, false), 1);
    T_CHECK(valid_json_line());
    T_EQ_STR(member("id", buf, sizeof(buf)), "\"5e84133725317871\"");
    T_EQ_STR(member("event", buf, sizeof(buf)), "[\"ASSAULT\"]");
    T_EQ_STR(member("mode", buf, sizeof(buf)), "\"aerial\"");
    T_EQ_STR(member("context", buf, sizeof(buf)), "null");
    T_EQ_STR(member("quad_code", buf, sizeof(buf)), "4");
    T_EQ_STR(member("event_scale", buf, sizeof(buf)), "-10.0");
    T_EQ_STR(member("event_text", buf, sizeof(buf)), "[\"bombed\"]");
    T_EQ_STR(member("dead", buf, sizeof(buf)), "12");
    T_EQ_STR(member("injured", buf, sizeof(buf)), "3");
    T_EQ_STR(member("source", buf, sizeof(buf)),
             "[{\"code\":\"SAU\",\"sector\":\"MIL\",\"actor_text\":"
             "\"Saudi warplanes\",\"identifier_id\":\"countries.actors:12\","
             "\"identifier_text\":\"Bachar al-Assad\",\"cameo_code\":"
             "\"SAUMIL\",\"confidence\":1.0}]");
    T_CHECK(strstr(member("recipient", buf, sizeof(buf)),
                   "\"identifier_text\":\"Sébastien Lecornu\"") != NULL);
    T_EQ_STR(member("event_loc", buf, sizeof(buf)),
             "{\"geonameid\":71333,\"name\":\"Sa'dah\",\"latitude\":16.94021,"
             "\"longitude\":43.76393,\"country code\":\"YE\",\"cc3\":\"YEM\","
             "\"admin1_name\":\"Saada Governorate\",\"precision\":\"place\","
             "\"location_text\":\"in Saada\"}");
    T_EQ_STR(member("text_info", buf, sizeof(buf)),
             "{\"sequence\":2,\"start\":100,\"end\":140}");
    T_EQ_STR(member("cite_info", buf, sizeof(buf)),
             "{\"citation\":\"wire-7\",\"url\":null,\"publication\":null}");
    T_EQ_STR(member("coder", buf, sizeof(buf)), "\"khaldun\"");
    T_EQ_STR(member("cameo", buf, sizeof(buf)), "\"1952\"");

    kh_export_extra x = merged();
    T_EQ_INT(run(KH_EXPORT_PLOVER, &ev, &x, false), 1);
    T_CHECK(valid_json_line());
    T_EQ_STR(member("mentions", buf, sizeof(buf)), "3");
    T_EQ_STR(member("doc_ids", buf, sizeof(buf)), "[\"wire-7\",\"wire-9\"]");
    T_EQ_STR(member("cite_info", buf, sizeof(buf)),
             "{\"citation\":\"wire-7\",\"url\":\"https://a.example/1\","
             "\"publication\":\"Reuters\"}");

    /* quad categories are PLOVER's own: INVESTIGATE is cooperation */
    ev.plover = "INVESTIGATE";
    T_EQ_INT(run(KH_EXPORT_PLOVER, &ev, NULL, false), 1);
    T_EQ_STR(member("quad_code", buf, sizeof(buf)), "2");
    ev.plover = "NOT-A-TYPE";
    T_EQ_INT(run(KH_EXPORT_PLOVER, &ev, NULL, false), 1);
    T_EQ_STR(member("quad_code", buf, sizeof(buf)), "null");
    ev.plover = NULL;
    T_EQ_INT(run(KH_EXPORT_PLOVER, &ev, NULL, false), 0);
    T_EQ_INT(outlen, 0);

    /* GDELT names in capitals, UTF-8 included */
    ev.source.name = "Sébastien Lecornu";
    T_EQ_INT(run(KH_EXPORT_GDELT, &ev, NULL, false), 1);
    T_CHECK(parse('\t'));
    T_EQ_STR(col(KH_EXPORT_GDELT, 0, "Actor1Name"), "SÉBASTIEN LECORNU");
    T_EQ_INT(run(KH_EXPORT_ACLED, &ev, NULL, false), 1);
    T_CHECK(parse(','));
    T_EQ_STR(col(KH_EXPORT_ACLED, 0, "actor1"), "Sébastien Lecornu");
}

/* JSONL: schema 1 as kh_writer_event() writes it; merge keys at the end. */
static void test_jsonl(void)
{
    kh_event ev;
    kh_writer *w = NULL;
    kh_error err;
    size_t len;
    char plain[4096], buf[256];

    full_event(&ev);
    T_EQ_INT(kh_writer_new_mem(&w, &err), KH_OK);
    T_EQ_INT(kh_writer_event(w, &ev, &err), KH_OK);
    const char *d = kh_writer_data(w, &len);
    T_CHECK(len < sizeof(plain));
    memcpy(plain, d, len);
    plain[len] = '\0';
    kh_writer_free(w);

    T_EQ_INT(run(KH_EXPORT_JSONL, &ev, NULL, false), 1);
    T_EQ_STR(outbuf, plain);
    kh_export_extra x = KH_EXPORT_EXTRA_INIT; /* nothing known: no keys */
    x.urls = urls;
    x.url_count = 1;
    T_EQ_INT(run(KH_EXPORT_JSONL, &ev, &x, false), 1);
    T_EQ_STR(outbuf, plain);

    x = merged();
    T_EQ_INT(run(KH_EXPORT_JSONL, &ev, &x, false), 1);
    T_CHECK(valid_json_line());
    T_CHECK(outlen == len + strlen(",\"mentions\":3,\"doc_ids\":"
                                   "[\"wire-7\",\"wire-9\"]"));
    T_CHECK(memcmp(outbuf, plain, len - 2) == 0);
    T_EQ_STR(member("mentions", buf, sizeof(buf)), "3");
    T_EQ_STR(member("doc_ids", buf, sizeof(buf)), "[\"wire-7\",\"wire-9\"]");
    x.mentions = -1; /* ids without a count */
    T_EQ_INT(run(KH_EXPORT_JSONL, &ev, &x, false), 1);
    T_EQ_STR(member("mentions", buf, sizeof(buf)), "null");
}

int main(void)
{
    test_names();
    test_headers();
    test_petrarch();
    test_phoenix();
    test_gdelt();
    test_acled();
    test_csv();
    test_quoting();
    test_nulls();
    test_dates();
    test_plover();
    test_jsonl();
    return t_summary();
}
