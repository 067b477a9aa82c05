/* export.c - the export formats of khaldun/export.h.  docs/formats.md,
 * "Exports", documents every column and how it is filled; the column
 * tables below are the single place that fixes their names and order.
 *
 * Records are appended to the kh_writer's buffer and ended with
 * kh_writer__end() (writer.h), which drops a record whole on failure.
 * Numbers go through buf.c's locale-free formatters.  Nothing here
 * allocates except through the buffer. */
#include "khaldun/export.h"
#include "buf.h"
#include "iso3166_table.h"
#include "utf8.h"
#include "writer.h"

#include <assert.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---- column sets ------------------------------------------------------- */

static const char *const petrarch_cols[] = {
    "date",     "source",       "target",      "cameo",
    "issues",   "ids",          "url",         "story_source",
    "source_text", "target_text", "event_text", "event_id"};

static const char *const phoenix_cols[] = {
    "EventID",              "Date",
    "Year",                 "Month",
    "Day",                  "SourceActorFull",
    "SourceActorEntity",    "SourceActorRole",
    "SourceActorAttribute", "TargetActorFull",
    "TargetActorEntity",    "TargetActorRole",
    "TargetActorAttribute", "EventCode",
    "EventRootCode",        "QuadClass",
    "GoldsteinScore",       "Issues",
    "Lat",                  "Lon",
    "LocationName",         "StateName",
    "CountryCode",          "SentenceID",
    "URLs",                 "NewsSources"};

#define GDELT_ACTOR(n)                                                         \
    "Actor" n "Code", "Actor" n "Name", "Actor" n "CountryCode",               \
        "Actor" n "KnownGroupCode", "Actor" n "EthnicCode",                    \
        "Actor" n "Religion1Code", "Actor" n "Religion2Code",                  \
        "Actor" n "Type1Code", "Actor" n "Type2Code", "Actor" n "Type3Code"
#define GDELT_GEO(p)                                                           \
    p "Geo_Type", p "Geo_FullName", p "Geo_CountryCode", p "Geo_ADM1Code",     \
        p "Geo_ADM2Code", p "Geo_Lat", p "Geo_Long", p "Geo_FeatureID"

static const char *const gdelt_cols[] = {
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    GDELT_ACTOR("1"), GDELT_ACTOR("2"),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode",
    "QuadClass", "GoldsteinScale", "NumMentions", "NumSources",
    "NumArticles", "AvgTone",
    GDELT_GEO("Actor1"), GDELT_GEO("Actor2"), GDELT_GEO("Action"),
    "DATEADDED", "SOURCEURL"};

static const char *const acled_cols[] = {
    "event_id_cnty", "event_date",     "year",
    "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1",        "assoc_actor_1",
    "inter1",        "actor2",         "assoc_actor_2",
    "inter2",        "interaction",    "civilian_targeting",
    "iso",           "region",         "country",
    "admin1",        "admin2",         "admin3",
    "location",      "latitude",       "longitude",
    "geo_precision", "source",         "source_scale",
    "notes",         "fatalities",     "tags",
    "timestamp"};

#define CSV_ACTOR(p)                                                           \
    p "_text", p "_code", p "_country", p "_sector", p "_name", p "_id",       \
        p "_confidence"

static const char *const csv_cols[] = {
    "event_id", "doc_id", "sentence", "span_start", "span_end",
    "date", "date_precision", "date_text",
    CSV_ACTOR("source"), CSV_ACTOR("target"),
    "cameo", "cameo_root", "quad_class", "goldstein",
    "plover", "plover_mode", "acled_type", "acled_subtype",
    "location_text", "location_name", "location_country", "location_admin1",
    "location_lat", "location_lon", "location_geonameid",
    "location_precision",
    "fatalities", "injured", "negated", "modality", "text",
    "trigger", "pattern", "dictionary", "date_rule", "location_rule",
    "mentions", "doc_ids"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

typedef struct format {
    const char *name;
    const char *const *cols; /* NULL for the JSON formats */
    size_t ncols;
    char sep;
} format;

static const format formats[KH_EXPORT_FORMAT_COUNT] = {
    {"jsonl", NULL, 0, 0},
    {"plover", NULL, 0, 0},
    {"petrarch", petrarch_cols, COUNT(petrarch_cols), '\t'},
    {"phoenix", phoenix_cols, COUNT(phoenix_cols), '\t'},
    {"gdelt", gdelt_cols, COUNT(gdelt_cols), '\t'},
    {"acled", acled_cols, COUNT(acled_cols), ','},
    {"csv", csv_cols, COUNT(csv_cols), ','},
};

kh_status kh_export_format_from_name(kh_export_format *out, const char *name)
{
    for (int i = 0; i < KH_EXPORT_FORMAT_COUNT; i++)
        if (name && strcmp(name, formats[i].name) == 0) {
            *out = (kh_export_format)i;
            return KH_OK;
        }
    return KH_ENOTFOUND;
}

const char *kh_export_format_name(kh_export_format f)
{
    return (unsigned)f < KH_EXPORT_FORMAT_COUNT ? formats[f].name : NULL;
}

size_t kh_export_columns(kh_export_format f)
{
    return (unsigned)f < KH_EXPORT_FORMAT_COUNT ? formats[f].ncols : 0;
}

const char *kh_export_column_name(kh_export_format f, size_t i)
{
    if ((unsigned)f >= KH_EXPORT_FORMAT_COUNT || i >= formats[f].ncols)
        return NULL;
    return formats[f].cols[i];
}

/* ---- small facts ------------------------------------------------------- */

static bool has(const char *s)
{
    return s != NULL && s[0] != '\0';
}

static const kh_iso3166 *country(const char *alpha3)
{
    size_t lo = 0, hi = COUNT(kh_iso3166_rows);

    if (alpha3 == NULL || strlen(alpha3) != 3)
        return NULL;
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        const int c = strcmp(alpha3, kh_iso3166_rows[mid].a3);
        if (c == 0)
            return &kh_iso3166_rows[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The numeric id GDELT and ACLED need: the first 13 hex digits of
 * event_id (khaldun's are 16), or 52 bits of an FNV-1a hash of any other
 * id.  52 bits stay exact in a double, for spreadsheet and JavaScript
 * readers. */
static bool numeric_id(const char *id, uint64_t *out)
{
    uint64_t v = 0;
    size_t i;

    if (!has(id))
        return false;
    for (i = 0; i < 13 && hexval(id[i]) >= 0; i++)
        v = v << 4 | (uint64_t)hexval(id[i]);
    if (i < 13) {
        v = 1469598103934665603ULL;
        for (const char *p = id; *p; p++)
            v = (v ^ (unsigned char)*p) * 1099511628211ULL;
    }
    *out = v & ((UINT64_C(1) << 52) - 1);
    return true;
}

/* ---- dates ------------------------------------------------------------- */

typedef enum prec { P_NONE, P_DAY, P_WEEK, P_MONTH, P_YEAR } prec;

typedef struct kdate {
    int y, m, d; /* m, d are 0 below month / day precision */
    prec p;
} kdate;

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
    static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : n[m - 1];
}

/* The event's date with its precision, checked: kh_event.date is
 * yyyymmdd, yyyymm00 or yyyy0000 and date_precision says which; a date
 * that is no calendar date is unknown. */
static kdate event_date(const kh_event *ev)
{
    kdate k = {0, 0, 0, P_NONE};
    const int32_t v = ev->date;
    const char *ps = ev->date_precision;

    if (v <= 0)
        return k;
    k.y = (int)(v / 10000);
    k.m = (int)(v / 100 % 100);
    k.d = (int)(v % 100);
    if (k.y < 1 || k.y > 9999 || k.m > 12 || k.d > 31)
        return (kdate){0, 0, 0, P_NONE};
    k.p = ps && strcmp(ps, "year") == 0    ? P_YEAR
          : ps && strcmp(ps, "month") == 0 ? P_MONTH
          : ps && strcmp(ps, "week") == 0  ? P_WEEK
                                           : P_DAY;
    if (k.m == 0)
        k.p = P_YEAR;
    else if (k.d == 0 && k.p != P_YEAR)
        k.p = P_MONTH;
    if (k.p == P_YEAR)
        k.m = 0;
    if (k.p == P_YEAR || k.p == P_MONTH)
        k.d = 0;
    if (k.d > 0 && k.d > month_days(k.y, k.m))
        return (kdate){0, 0, 0, P_NONE};
    return k;
}

static const char *prec_name(prec p)
{
    static const char *const n[] = {NULL, "day", "week", "month", "year"};
    return n[p];
}

static void add_days(kdate *k, int n)
{
    while (n-- > 0)
        if (++k->d > month_days(k->y, k->m)) {
            k->d = 1;
            if (++k->m > 12) {
                k->m = 1;
                k->y++;
            }
        }
}

/* The first day of the date's period (a week is stored as its Monday). */
static kdate first_day(kdate k)
{
    if (k.m == 0)
        k.m = 1;
    if (k.d == 0)
        k.d = 1;
    return k;
}

static kdate last_day(kdate k)
{
    if (k.p == P_YEAR) {
        k.m = 12;
        k.d = 31;
    } else if (k.p == P_MONTH) {
        k.d = month_days(k.y, k.m);
    } else if (k.p == P_WEEK) {
        add_days(&k, 6);
    }
    return k;
}

/* The middle of the period: the week's Thursday, the 15th, 1 July. */
static kdate mid_day(kdate k)
{
    if (k.p == P_YEAR) {
        k.m = 7;
        k.d = 1;
    } else if (k.p == P_MONTH) {
        k.d = 15;
    } else if (k.p == P_WEEK) {
        add_days(&k, 3);
    }
    return k;
}

/* "YYYY-MM-DD" (dashes) or "YYYYMMDD" of a full date. */
static void fmt_ymd(char *out, size_t cap, kdate k, bool dashes)
{
    snprintf(out, cap, dashes ? "%04d-%02d-%02d" : "%04d%02d%02d", k.y, k.m,
             k.d);
}

/* Schema 1's date: YYYY-MM-DD, YYYY-MM or YYYY by precision. */
static void fmt_schema_date(char *out, size_t cap, kdate k)
{
    if (k.p == P_YEAR)
        snprintf(out, cap, "%04d", k.y);
    else if (k.p == P_MONTH)
        snprintf(out, cap, "%04d-%02d", k.y, k.m);
    else
        fmt_ymd(out, cap, k, true);
}

/* ---- actors ------------------------------------------------------------ */

static bool actor_empty(const kh_actor *a)
{
    return !a->text && !a->code && !a->country && !a->sector && !a->name &&
           !a->id;
}

static const char *actor_label(const kh_actor *a)
{
    return has(a->name) ? a->name : a->text;
}

/* The three-letter parts of a CAMEO actor code other than its country:
 * "YEMREBMIL" -> REB, MIL.  The first part is skipped when it is the
 * actor's country or "---" (unknown country); a short last part is kept. */
typedef struct roles {
    char part[4][4];
    int n;
} roles;

static void actor_roles(const kh_actor *a, roles *r)
{
    const char *c = a->code;
    size_t len = c ? strlen(c) : 0, i = 0;

    r->n = 0;
    if (len >= 3 && (memcmp(c, "---", 3) == 0 ||
                     (a->country && strlen(a->country) == 3 &&
                      memcmp(c, a->country, 3) == 0)))
        i = 3;
    for (; i < len && r->n < 4; i += 3) {
        const size_t k = len - i < 3 ? len - i : 3;
        memcpy(r->part[r->n], c + i, k);
        r->part[r->n][k] = '\0';
        r->n++;
    }
    if (r->n == 0 && has(a->sector) && strlen(a->sector) <= 3) {
        memcpy(r->part[0], a->sector, strlen(a->sector) + 1);
        r->n = 1;
    }
}

/* ---- TSV / CSV cells --------------------------------------------------- */

typedef struct row {
    kh_buf *b;
    char sep;   /* '\t' TSV, ',' CSV */
    size_t n;   /* cells begun */
    bool upper; /* letters in capitals (GDELT's actor names) */
} row;

static void next_cell(row *r)
{
    if (r->n++)
        kh_buf_putc(r->b, r->sep);
}

/* Does a CSV cell holding s[0..len) need quotes (RFC 4180)? */
static bool csv_special(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r' ||
            s[i] == '\t')
            return true;
    return false;
}

/* s[0..len) as cell text: invalid UTF-8 becomes U+FFFD and control
 * characters spaces, except that CSV keeps tab, CR and LF (in quotes) and
 * doubles quotes. */
static void put_text(row *r, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, run = 0;

    while (i < len) {
        const unsigned c = p[i];
        if (c >= 0x80) {
            int32_t cp;
            const int k = kh_utf8_decode(p + i, len - i, &cp);
            if (k > 0 && r->upper) {
                char enc[4];
                kh_buf_put(r->b, s + run, i - run);
                const int32_t up =
                    utf8proc_toupper((utf8proc_int32_t)cp);
                kh_buf_put(r->b, enc, (size_t)kh_utf8_encode(up, enc));
                i += (size_t)k;
                run = i;
                continue;
            }
            if (k > 0) {
                i += (size_t)k;
                continue;
            }
            kh_buf_put(r->b, s + run, i - run);
            kh_buf_put(r->b, "\xEF\xBF\xBD", 3);
            i += (size_t)-k;
            run = i;
            continue;
        }
        const char *rep = NULL;
        char up[2] = {(char)(c - 32), 0};
        if (r->upper && c >= 'a' && c <= 'z')
            rep = up;
        else if (c == '"' && r->sep == ',')
            rep = "\"\"";
        else if ((c < 0x20 || c == 0x7F) &&
                 !(r->sep == ',' && (c == '\t' || c == '\n' || c == '\r')))
            rep = " ";
        if (rep) {
            kh_buf_put(r->b, s + run, i - run);
            kh_buf_puts(r->b, rep);
            run = i + 1;
        }
        i++;
    }
    kh_buf_put(r->b, s + run, i - run);
}

static void cell_empty(row *r)
{
    next_cell(r);
}

static void cell_mem(row *r, const char *s, size_t len)
{
    next_cell(r);
    if (r->sep == ',' && csv_special(s, len)) {
        kh_buf_putc(r->b, '"');
        put_text(r, s, len);
        kh_buf_putc(r->b, '"');
    } else {
        put_text(r, s, len);
    }
}

static void cell_str(row *r, const char *s)
{
    if (s)
        cell_mem(r, s, strlen(s));
    else
        cell_empty(r);
}

/* The non-NULL items of list[0..n) joined by `sep` in one cell. */
static void cell_join(row *r, const char *const *list, size_t n,
                      const char *sep)
{
    bool quote = false, first = true;

    if (list == NULL)
        n = 0;
    for (size_t i = 0; i < n && r->sep == ','; i++)
        if (list[i] && csv_special(list[i], strlen(list[i])))
            quote = true;
    quote = quote || (r->sep == ',' && n > 1 && csv_special(sep, strlen(sep)));
    next_cell(r);
    if (quote)
        kh_buf_putc(r->b, '"');
    for (size_t i = 0; i < n; i++) {
        if (list[i] == NULL)
            continue;
        if (!first)
            put_text(r, sep, strlen(sep));
        put_text(r, list[i], strlen(list[i]));
        first = false;
    }
    if (quote)
        kh_buf_putc(r->b, '"');
}

static void cell_int(row *r, bool known, int64_t v)
{
    next_cell(r);
    if (known)
        kh_buf_put_i64(r->b, v);
}

static void cell_num(row *r, bool known, double v, int decimals)
{
    next_cell(r);
    if (known && isfinite(v))
        kh_buf_put_double(r->b, v, decimals);
}

static void row_end(row *r, kh_export_format f)
{
    assert(r->n == formats[f].ncols);
    (void)f;
    kh_buf_putc(r->b, '\n');
}

/* "DOC-N": the sentence an event comes from, as PETRARCH's and Phoenix's
 * sentence ids (N is schema 1's 0-based sentence index). */
static void cell_sentence_id(row *r, const kh_event *ev)
{
    if (!ev->doc_id) {
        cell_empty(r);
        return;
    }
    if (ev->sentence < 0) {
        cell_str(r, ev->doc_id);
        return;
    }
    const char *parts[2];
    char num[24];
    snprintf(num, sizeof(num), "%ld", ev->sentence);
    parts[0] = ev->doc_id;
    parts[1] = num;
    cell_join(r, parts, 2, "-");
}

static const char *first_of(const char *const *list, size_t n)
{
    for (size_t i = 0; list && i < n; i++)
        if (list[i])
            return list[i];
    return NULL;
}

/* The merge information of `x`, with NULL lists emptied. */
typedef struct merged {
    int64_t mentions, sources, articles, added;
    const char *const *doc_ids, *const *urls, *const *names;
    size_t ndoc, nurl, nname;
} merged;

static merged merge_info(const kh_export_extra *x)
{
    merged m = {-1, -1, -1, 0, NULL, NULL, NULL, 0, 0, 0};

    if (x == NULL)
        return m;
    m.mentions = x->mentions;
    m.sources = x->sources;
    m.articles = x->articles;
    m.added = x->added;
    if (x->doc_ids) {
        m.doc_ids = x->doc_ids;
        m.ndoc = x->doc_id_count;
    }
    if (x->urls) {
        m.urls = x->urls;
        m.nurl = x->url_count;
    }
    if (x->source_names) {
        m.names = x->source_names;
        m.nname = x->source_name_count;
    }
    return m;
}

/* ---- PETRARCH ---------------------------------------------------------- */

static void petrarch_row(kh_buf *b, const kh_event *ev, const merged *m)
{
    row r = {b, '\t', 0, false};
    const kdate k = event_date(ev);
    char tmp[32];

    if (k.p != P_NONE) {
        fmt_ymd(tmp, sizeof(tmp), first_day(k), false);
        cell_str(&r, tmp);
    } else {
        cell_empty(&r);
    }
    cell_str(&r, ev->source.code);
    cell_str(&r, ev->target.code);
    cell_str(&r, ev->cameo);
    cell_empty(&r); /* issues */
    if (m->ndoc > 0)
        cell_join(&r, m->doc_ids, m->ndoc, ";");
    else
        cell_sentence_id(&r, ev);
    cell_str(&r, first_of(m->urls, m->nurl));
    cell_str(&r, first_of(m->names, m->nname));
    cell_str(&r, ev->source.text);
    cell_str(&r, ev->target.text);
    cell_str(&r, ev->trigger);
    cell_str(&r, ev->event_id);
    row_end(&r, KH_EXPORT_PETRARCH);
}

/* ---- Phoenix ----------------------------------------------------------- */

static void phoenix_actor(row *r, const kh_actor *a)
{
    roles ro;
    const char *rest[3];
    size_t n = 0;

    actor_roles(a, &ro);
    cell_str(r, a->code);
    cell_str(r, a->country);
    cell_str(r, ro.n > 0 ? ro.part[0] : NULL);
    for (int i = 1; i < ro.n; i++)
        rest[n++] = ro.part[i];
    cell_join(r, rest, n, "");
}

static const char *root_code(const kh_event *ev, char tmp[3])
{
    if (has(ev->cameo_root))
        return ev->cameo_root;
    if (ev->cameo && strlen(ev->cameo) >= 2) {
        memcpy(tmp, ev->cameo, 2);
        tmp[2] = '\0';
        return tmp;
    }
    return NULL;
}

static void phoenix_row(kh_buf *b, const kh_event *ev, const merged *m)
{
    row r = {b, '\t', 0, false};
    const kdate k = event_date(ev);
    const kh_location *l = &ev->location;
    const bool loc = ev->has_location;
    char tmp[32], root[3];

    cell_str(&r, ev->event_id);
    if (k.p != P_NONE) {
        fmt_ymd(tmp, sizeof(tmp), first_day(k), false);
        cell_str(&r, tmp);
    } else {
        cell_empty(&r);
    }
    cell_int(&r, k.p != P_NONE, k.y);
    cell_int(&r, k.m > 0, k.m);
    cell_int(&r, k.p == P_DAY, k.d);
    phoenix_actor(&r, &ev->source);
    phoenix_actor(&r, &ev->target);
    cell_str(&r, ev->cameo);
    cell_str(&r, root_code(ev, root));
    cell_int(&r, ev->quad_class > 0, ev->quad_class);
    cell_num(&r, ev->has_goldstein, ev->goldstein, 1);
    cell_empty(&r); /* Issues */
    cell_num(&r, loc && l->has_coords, l->lat, 5);
    cell_num(&r, loc && l->has_coords, l->lon, 5);
    cell_str(&r, loc ? l->name : NULL);
    cell_str(&r, loc ? l->admin1 : NULL);
    cell_str(&r, loc ? l->country : NULL);
    cell_sentence_id(&r, ev);
    cell_join(&r, m->urls, m->nurl, ";");
    cell_join(&r, m->names, m->nname, ";");
    row_end(&r, KH_EXPORT_PHOENIX);
}

/* ---- GDELT ------------------------------------------------------------- */

static void gdelt_actor(row *r, const kh_actor *a)
{
    roles ro;

    actor_roles(a, &ro);
    cell_str(r, a->code);
    r->upper = true;
    cell_str(r, actor_label(a));
    r->upper = false;
    cell_str(r, a->country);
    cell_empty(r); /* KnownGroupCode */
    cell_empty(r); /* EthnicCode */
    cell_empty(r); /* Religion1Code */
    cell_empty(r); /* Religion2Code */
    for (int i = 0; i < 3; i++)
        cell_str(r, i < ro.n ? ro.part[i] : NULL);
}

/* Actor1Geo_ and Actor2Geo_: khaldun places the event, not the actors;
 * GDELT writes type 0 for "no place". */
static void gdelt_no_geo(row *r)
{
    cell_int(r, true, 0);
    for (int i = 0; i < 7; i++)
        cell_empty(r);
}

static int gdelt_geo_type(const kh_location *l)
{
    const bool usa = l->country && strcmp(l->country, "USA") == 0;
    const char *p = l->precision;

    if (p == NULL)
        return 0;
    if (strcmp(p, "country") == 0)
        return 1;
    if (strcmp(p, "admin1") == 0 || strcmp(p, "region") == 0)
        return usa ? 2 : 5;
    if (strcmp(p, "place") == 0 || strcmp(p, "admin2") == 0)
        return usa ? 3 : 4;
    return 0;
}

static void gdelt_action_geo(row *r, const kh_event *ev)
{
    const kh_location *l = &ev->location;

    if (!ev->has_location) {
        gdelt_no_geo(r);
        return;
    }
    const int type = gdelt_geo_type(l);
    cell_int(r, type > 0, type);
    /* "Name, Admin1, Country", as GDELT's full names */
    const kh_iso3166 *c = country(l->country);
    const char *parts[3];
    size_t n = 0;
    if (has(l->name))
        parts[n++] = l->name;
    if (has(l->admin1) && (n == 0 || strcmp(l->admin1, parts[0]) != 0))
        parts[n++] = l->admin1;
    if (c && (n == 0 || strcmp(c->name, parts[n - 1]) != 0) &&
        (n == 0 || strcmp(c->name, parts[0]) != 0))
        parts[n++] = c->name;
    if (n > 0)
        cell_join(r, parts, n, ", ");
    else
        cell_empty(r);
    cell_str(r, l->country);
    cell_empty(r); /* ADM1Code */
    cell_empty(r); /* ADM2Code */
    cell_num(r, l->has_coords, l->lat, 4);
    cell_num(r, l->has_coords, l->lon, 4);
    cell_int(r, l->geonameid > 0, l->geonameid);
}

static void gdelt_row(kh_buf *b, const kh_event *ev, const merged *m)
{
    row r = {b, '\t', 0, false};
    const kdate k = event_date(ev);
    const kdate f = first_day(k);
    const bool dated = k.p != P_NONE;
    uint64_t id = 0;
    const bool has_id = numeric_id(ev->event_id, &id);
    char tmp[32], root[3];

    cell_int(&r, has_id, (int64_t)id);
    cell_int(&r, dated, (int64_t)f.y * 10000 + f.m * 100 + f.d);
    cell_int(&r, dated, (int64_t)f.y * 100 + f.m);
    cell_int(&r, dated, f.y);
    if (dated) {
        /* GDELT's YYYY.FFFF: ((month - 1) * 30 + day) / 365 */
        const long frac = lround(((f.m - 1) * 30 + f.d) * 10000.0 / 365.0);
        snprintf(tmp, sizeof(tmp), "%04d.%04ld", f.y, frac);
        cell_str(&r, tmp);
    } else {
        cell_empty(&r);
    }
    gdelt_actor(&r, &ev->source);
    gdelt_actor(&r, &ev->target);
    cell_int(&r, ev->sentence >= 0, ev->sentence == 0);
    cell_str(&r, ev->cameo);
    if (ev->cameo && strlen(ev->cameo) > 3) {
        memcpy(tmp, ev->cameo, 3);
        tmp[3] = '\0';
        cell_str(&r, tmp);
    } else {
        cell_str(&r, ev->cameo);
    }
    cell_str(&r, root_code(ev, root));
    cell_int(&r, ev->quad_class > 0, ev->quad_class);
    cell_num(&r, ev->has_goldstein, ev->goldstein, 1);
    /* one coded sentence is one mention in one article of one source */
    cell_int(&r, true, m->mentions >= 0 ? m->mentions : 1);
    cell_int(&r, true, m->sources >= 0 ? m->sources : 1);
    cell_int(&r, true, m->articles >= 0 ? m->articles : 1);
    cell_empty(&r); /* AvgTone */
    gdelt_no_geo(&r);
    gdelt_no_geo(&r);
    gdelt_action_geo(&r, ev);
    cell_int(&r, m->added > 0, m->added);
    const char *url = first_of(m->urls, m->nurl);
    cell_str(&r, url ? url : ev->doc_id);
    row_end(&r, KH_EXPORT_GDELT);
}

/* ---- ACLED ------------------------------------------------------------- */

static bool in_list(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(s, *list) == 0)
            return true;
    return false;
}

/* ACLED's actor type (inter1/inter2): 1 state forces, 2 rebel groups, 3
 * political militias, 5 rioters, 6 protesters, 7 civilians, 8 external
 * or other forces; 0 when the actor's codes do not say. */
static int acled_inter(const kh_actor *a, const char *type)
{
    static const char *const state[] = {"MIL", "GOV", "COP", "SPY",
                                        "JUD", "LEG", NULL};
    static const char *const rebels[] = {"REB", "INS", "SEP", "IMG", NULL};
    static const char *const militia[] = {"PRM", "UAF", "CRM", NULL};
    static const char *const civil[] = {
        "CVL", "REF", "EDU", "MED", "HLH", "JRN", "LAB", "AGR", "BUS",
        "REL", "ELI", "SOC", "OPP", "PTY", "NGO", "MOD", "RAD", NULL};
    roles ro;

    if (actor_empty(a))
        return 0;
    actor_roles(a, &ro);
    if (a->country && strcmp(a->country, "IGO") == 0)
        return 8;
    const char *s = has(a->sector) ? a->sector : ro.n ? ro.part[0] : NULL;
    if (s && in_list(s, state))
        return 1;
    if (s && in_list(s, rebels))
        return 2;
    if (s && in_list(s, militia))
        return 3;
    if (type && strcmp(type, "Protests") == 0)
        return 6;
    if (type && strcmp(type, "Riots") == 0)
        return 5;
    if (s && in_list(s, civil))
        return 7;
    return 0;
}

static const char *acled_disorder(const char *type, const char *sub)
{
    if (strcmp(type, "Battles") == 0 ||
        strcmp(type, "Explosions/Remote violence") == 0 ||
        strcmp(type, "Violence against civilians") == 0)
        return "Political violence";
    if (strcmp(type, "Protests") == 0)
        return sub && strcmp(sub, "Excessive force against protesters") == 0
                   ? "Political violence; Demonstrations"
                   : "Demonstrations";
    if (strcmp(type, "Riots") == 0) {
        if (sub && strcmp(sub, "Mob violence") == 0)
            return "Political violence";
        if (sub && strcmp(sub, "Violent demonstration") == 0)
            return "Demonstrations";
        return NULL;
    }
    if (strcmp(type, "Strategic developments") == 0)
        return "Strategic developments";
    return NULL;
}

/* Seconds since 1970-01-01 of YYYYMMDDHHMMSS (UTC); -1 if it is none. */
static int64_t unix_time(int64_t v)
{
    const int s = (int)(v % 100), mi = (int)(v / 100 % 100),
              h = (int)(v / 10000 % 100), d = (int)(v / 1000000 % 100),
              m = (int)(v / 100000000 % 100);
    const int64_t y = v / 10000000000;

    if (y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1 ||
        d > month_days((int)y, m) || h > 23 || mi > 59 || s > 60)
        return -1;
    /* leap days in the years before y since 1970 */
    const int64_t p = y - 1, leaps = (p / 4 - p / 100 + p / 400) - 477;
    int64_t days = (y - 1970) * 365 + leaps;
    for (int k = 1; k < m; k++)
        days += month_days((int)y, k);
    days += d - 1;
    return ((days * 24 + h) * 60 + mi) * 60 + s;
}

static void acled_row(kh_buf *b, const kh_event *ev, const merged *m)
{
    row r = {b, ',', 0, false};
    const kdate k = event_date(ev);
    const kh_location *l = &ev->location;
    const bool loc = ev->has_location;
    const kh_iso3166 *c = loc ? country(l->country) : NULL;
    const char *disorder = acled_disorder(ev->acled_type, ev->acled_subtype);
    const int i1 = acled_inter(&ev->source, ev->acled_type);
    const int i2 = acled_inter(&ev->target, ev->acled_type);
    uint64_t id;
    char tmp[48];

    if (numeric_id(ev->event_id, &id)) {
        snprintf(tmp, sizeof(tmp), "%s%llu", c ? c->a3 : "XXX",
                 (unsigned long long)id);
        cell_str(&r, tmp);
    } else {
        cell_empty(&r);
    }
    if (k.p != P_NONE) {
        fmt_ymd(tmp, sizeof(tmp), mid_day(k), true);
        cell_str(&r, tmp);
    } else {
        cell_empty(&r);
    }
    cell_int(&r, k.p != P_NONE, k.y);
    cell_int(&r, k.p != P_NONE, k.p == P_DAY ? 1 : k.p == P_WEEK ? 2 : 3);
    cell_str(&r, disorder);
    cell_str(&r, ev->acled_type);
    cell_str(&r, ev->acled_subtype);
    cell_str(&r, actor_label(&ev->source));
    cell_empty(&r); /* assoc_actor_1 */
    cell_int(&r, i1 > 0, i1);
    cell_str(&r, actor_label(&ev->target));
    cell_empty(&r); /* assoc_actor_2 */
    cell_int(&r, i2 > 0, i2);
    /* two types, lower first; one actor alone: its "sole" code */
    if (i1 > 0 && i2 > 0)
        cell_int(&r, true, i1 < i2 ? i1 * 10 + i2 : i2 * 10 + i1);
    else
        cell_int(&r, i1 > 0 && actor_empty(&ev->target), i1 * 10);
    /* civilians the main target: violence against civilians always, an
     * explosion or remote violence when its target is civilians */
    const bool vac = strcmp(ev->acled_type, "Violence against civilians") == 0;
    const bool erv = strcmp(ev->acled_type, "Explosions/Remote violence") == 0;
    cell_str(&r, vac || (erv && i2 == 7) ? "Civilian targeting" : NULL);
    cell_int(&r, c && c->num > 0, c ? c->num : 0);
    cell_empty(&r); /* region */
    cell_str(&r, c ? c->name : NULL);
    cell_str(&r, loc ? l->admin1 : NULL);
    cell_empty(&r); /* admin2 */
    cell_empty(&r); /* admin3 */
    cell_str(&r, loc ? l->name : NULL);
    cell_num(&r, loc && l->has_coords, l->lat, 4);
    cell_num(&r, loc && l->has_coords, l->lon, 4);
    int gp = 0;
    if (loc && l->precision)
        gp = strcmp(l->precision, "place") == 0    ? 1
             : strcmp(l->precision, "admin2") == 0 ? 2
                                                   : 3;
    cell_int(&r, gp > 0, gp);
    cell_join(&r, m->names, m->nname, "; ");
    cell_empty(&r); /* source_scale */
    cell_str(&r, ev->text);
    cell_int(&r, ev->fatalities >= 0, ev->fatalities);
    /* what ACLED would not record as it stands */
    const char *tags[2];
    size_t nt = 0;
    if (ev->modality && strcmp(ev->modality, "asserted") != 0) {
        snprintf(tmp, sizeof(tmp), "modality=%.30s", ev->modality);
        tags[nt++] = tmp;
    }
    if (ev->negated)
        tags[nt++] = "negated";
    cell_join(&r, tags, nt, "; ");
    const int64_t t = m->added > 0 ? unix_time(m->added) : -1;
    cell_int(&r, t >= 0, t);
    row_end(&r, KH_EXPORT_ACLED);
}

/* ---- flat CSV of schema 1 ---------------------------------------------- */

static void csv_actor(row *r, const kh_actor *a)
{
    cell_str(r, a->text);
    cell_str(r, a->code);
    cell_str(r, a->country);
    cell_str(r, a->sector);
    cell_str(r, a->name);
    cell_str(r, a->id);
    cell_num(r, a->confidence > 0, a->confidence, 2);
}

static void csv_row(kh_buf *b, const kh_event *ev, const merged *m)
{
    row r = {b, ',', 0, false};
    const kdate k = event_date(ev);
    const kh_location *l = &ev->location;
    const bool loc = ev->has_location;
    const bool span = ev->span.end > ev->span.start;
    char tmp[32];

    cell_str(&r, ev->event_id);
    cell_str(&r, ev->doc_id);
    cell_int(&r, ev->sentence >= 0, ev->sentence);
    cell_int(&r, span, ev->span.start);
    cell_int(&r, span, ev->span.end);
    if (k.p != P_NONE) {
        fmt_schema_date(tmp, sizeof(tmp), k);
        cell_str(&r, tmp);
    } else {
        cell_empty(&r);
    }
    cell_str(&r, prec_name(k.p));
    cell_str(&r, ev->date_text);
    csv_actor(&r, &ev->source);
    csv_actor(&r, &ev->target);
    cell_str(&r, ev->cameo);
    cell_str(&r, ev->cameo_root);
    cell_int(&r, ev->quad_class > 0, ev->quad_class);
    cell_num(&r, ev->has_goldstein, ev->goldstein, 1);
    cell_str(&r, ev->plover);
    cell_str(&r, ev->plover_mode);
    cell_str(&r, ev->acled_type);
    cell_str(&r, ev->acled_subtype);
    cell_str(&r, loc ? l->text : NULL);
    cell_str(&r, loc ? l->name : NULL);
    cell_str(&r, loc ? l->country : NULL);
    cell_str(&r, loc ? l->admin1 : NULL);
    cell_num(&r, loc && l->has_coords, l->lat, 5);
    cell_num(&r, loc && l->has_coords, l->lon, 5);
    cell_int(&r, loc && l->geonameid > 0, l->geonameid);
    cell_str(&r, loc ? l->precision : NULL);
    cell_int(&r, ev->fatalities >= 0, ev->fatalities);
    cell_int(&r, ev->injured >= 0, ev->injured);
    cell_str(&r, ev->negated ? "true" : "false");
    cell_str(&r, ev->modality ? ev->modality : "asserted");
    cell_str(&r, ev->text);
    cell_str(&r, ev->trigger);
    cell_str(&r, ev->pattern);
    cell_str(&r, ev->dictionary);
    cell_str(&r, ev->date_rule);
    cell_str(&r, ev->location_rule);
    cell_int(&r, m->mentions >= 0, m->mentions);
    cell_join(&r, m->doc_ids, m->ndoc, ";");
    row_end(&r, KH_EXPORT_CSV);
}

/* ---- JSON -------------------------------------------------------------- */

static void jkey(kh_buf *b, const char *k, bool first)
{
    if (!first)
        kh_buf_putc(b, ',');
    kh_buf_putc(b, '"');
    kh_buf_puts(b, k);
    kh_buf_puts(b, "\":");
}

static void jstr(kh_buf *b, const char *s)
{
    if (s)
        kh_buf_put_json_str(b, s, strlen(s));
    else
        kh_buf_puts(b, "null");
}

static void jint(kh_buf *b, bool known, int64_t v)
{
    if (known)
        kh_buf_put_i64(b, v);
    else
        kh_buf_puts(b, "null");
}

static void jnum(kh_buf *b, bool known, double v, int decimals)
{
    if (known)
        kh_buf_put_double(b, v, decimals); /* non-finite: null */
    else
        kh_buf_puts(b, "null");
}

static void jlist(kh_buf *b, const char *const *list, size_t n)
{
    bool first = true;

    kh_buf_putc(b, '[');
    for (size_t i = 0; i < n; i++) {
        if (list[i] == NULL)
            continue;
        if (!first)
            kh_buf_putc(b, ',');
        jstr(b, list[i]);
        first = false;
    }
    kh_buf_putc(b, ']');
}

/* The store's keys, when it gave any: mentions and doc_ids. */
static void json_merge(kh_buf *b, const merged *m)
{
    if (m->mentions < 0 && m->ndoc == 0)
        return;
    jkey(b, "mentions", false);
    jint(b, m->mentions >= 0, m->mentions);
    jkey(b, "doc_ids", false);
    if (m->ndoc > 0)
        jlist(b, m->doc_ids, m->ndoc);
    else
        kh_buf_puts(b, "null");
}

static void jsonl_row(kh_buf *b, const kh_event *ev, const merged *m)
{
    kh_writer__event_open(b, ev);
    json_merge(b, m);
    kh_buf_puts(b, "}\n");
}

/* PLOVER's quad categories (its manual's table, with the 2021 REQUEST
 * counted as verbal cooperation); 0 for a type it does not list. */
static int plover_quad(const char *type)
{
    static const struct {
        const char *type;
        int quad;
    } q[] = {{"AGREE", 1},      {"CONSULT", 1},    {"SUPPORT", 1},
             {"CONCEDE", 1},    {"REQUEST", 1},    {"COOPERATE", 2},
             {"AID", 2},        {"RETREAT", 2},    {"INVESTIGATE", 2},
             {"DEMAND", 3},     {"ACCUSE", 3},     {"DISAPPROVE", 3},
             {"REJECT", 3},     {"THREATEN", 3},   {"SANCTION", 3},
             {"PROTEST", 4},    {"MOBILIZE", 4},   {"COERCE", 4},
             {"ASSAULT", 4},    {"FIGHT", 4},      {"CRIME", 4}};
    for (size_t i = 0; i < COUNT(q); i++)
        if (strcmp(type, q[i].type) == 0)
            return q[i].quad;
    return 0;
}

/* A PLOVER actor list of one actor object, or null. */
static void plover_actor(kh_buf *b, const kh_actor *a)
{
    if (actor_empty(a)) {
        kh_buf_puts(b, "null");
        return;
    }
    kh_buf_puts(b, "[{");
    jkey(b, "code", true);
    jstr(b, a->country);
    jkey(b, "sector", false);
    jstr(b, a->sector);
    jkey(b, "actor_text", false);
    jstr(b, a->text);
    jkey(b, "identifier_id", false);
    jstr(b, a->id);
    jkey(b, "identifier_text", false);
    jstr(b, a->name);
    jkey(b, "cameo_code", false);
    jstr(b, a->code);
    jkey(b, "confidence", false);
    jnum(b, a->confidence > 0, a->confidence, 2);
    kh_buf_puts(b, "}]");
}

static void plover_loc(kh_buf *b, const kh_event *ev)
{
    const kh_location *l = &ev->location;

    if (!ev->has_location) {
        kh_buf_puts(b, "null");
        return;
    }
    const kh_iso3166 *c = country(l->country);
    kh_buf_putc(b, '{');
    jkey(b, "geonameid", true);
    jint(b, l->geonameid > 0, l->geonameid);
    jkey(b, "name", false);
    jstr(b, l->name);
    jkey(b, "latitude", false);
    jnum(b, l->has_coords, l->lat, 5);
    jkey(b, "longitude", false);
    jnum(b, l->has_coords, l->lon, 5);
    jkey(b, "country code", false);
    jstr(b, c ? c->a2 : NULL);
    jkey(b, "cc3", false);
    jstr(b, l->country);
    jkey(b, "admin1_name", false);
    jstr(b, l->admin1);
    jkey(b, "precision", false);
    jstr(b, l->precision);
    jkey(b, "location_text", false);
    jstr(b, l->text);
    kh_buf_putc(b, '}');
}

static void plover_row(kh_buf *b, const kh_event *ev, const merged *m)
{
    const kdate k = event_date(ev);
    const bool span = ev->span.end > ev->span.start;
    char tmp[32];

    kh_buf_putc(b, '{');
    jkey(b, "id", true);
    jstr(b, ev->event_id);
    jkey(b, "date", false);
    if (k.p != P_NONE) {
        fmt_ymd(tmp, sizeof(tmp), first_day(k), true);
        jstr(b, tmp);
    } else {
        jstr(b, NULL);
    }
    jkey(b, "enddate", false);
    if (k.p != P_NONE && k.p != P_DAY) {
        fmt_ymd(tmp, sizeof(tmp), last_day(first_day(k)), true);
        jstr(b, tmp);
    } else {
        jstr(b, NULL);
    }
    jkey(b, "source", false);
    plover_actor(b, &ev->source);
    jkey(b, "recipient", false);
    plover_actor(b, &ev->target);
    jkey(b, "event", false);
    kh_buf_putc(b, '[');
    jstr(b, ev->plover);
    kh_buf_putc(b, ']');
    jkey(b, "mode", false);
    jstr(b, ev->plover_mode);
    jkey(b, "context", false);
    jstr(b, NULL);
    jkey(b, "event_text", false);
    if (ev->trigger)
        jlist(b, &ev->trigger, 1);
    else
        jstr(b, NULL);
    jkey(b, "event_loc", false);
    plover_loc(b, ev);
    const int quad = plover_quad(ev->plover);
    jkey(b, "quad_code", false);
    jint(b, quad > 0, quad);
    jkey(b, "event_scale", false);
    jnum(b, ev->has_goldstein, ev->goldstein, 1);
    jkey(b, "dead", false);
    jint(b, ev->fatalities >= 0, ev->fatalities);
    jkey(b, "injured", false);
    jint(b, ev->injured >= 0, ev->injured);
    jkey(b, "text", false);
    jstr(b, ev->text);
    jkey(b, "text_info", false);
    kh_buf_putc(b, '{');
    jkey(b, "sequence", true);
    jint(b, ev->sentence >= 0, ev->sentence);
    jkey(b, "start", false);
    jint(b, span, ev->span.start);
    jkey(b, "end", false);
    jint(b, span, ev->span.end);
    kh_buf_putc(b, '}');
    jkey(b, "cite_info", false);
    kh_buf_putc(b, '{');
    jkey(b, "citation", true);
    jstr(b, ev->doc_id);
    jkey(b, "url", false);
    jstr(b, first_of(m->urls, m->nurl));
    jkey(b, "publication", false);
    jstr(b, first_of(m->names, m->nname));
    kh_buf_putc(b, '}');
    jkey(b, "coder", false);
    jstr(b, "khaldun");
    jkey(b, "coded_date", false);
    jstr(b, NULL);
    /* khaldun's own fields, after PLOVER's */
    jkey(b, "date_precision", false);
    jstr(b, prec_name(k.p));
    jkey(b, "cameo", false);
    jstr(b, ev->cameo);
    jkey(b, "negated", false);
    kh_buf_puts(b, ev->negated ? "true" : "false");
    jkey(b, "modality", false);
    jstr(b, ev->modality ? ev->modality : "asserted");
    json_merge(b, m);
    kh_buf_puts(b, "}\n");
}

/* ---- entry points ------------------------------------------------------ */

kh_status kh_export_header(kh_writer *w, kh_export_format f, kh_error *err)
{
    if ((unsigned)f >= KH_EXPORT_FORMAT_COUNT)
        return kh_error_set(err, KH_EUSAGE, "unknown export format %d",
                            (int)f);
    if (formats[f].cols == NULL)
        return KH_OK;
    kh_buf *b = kh_writer__buf(w);
    const size_t mark = b->len;
    for (size_t i = 0; i < formats[f].ncols; i++) {
        if (i)
            kh_buf_putc(b, formats[f].sep);
        kh_buf_puts(b, formats[f].cols[i]);
    }
    kh_buf_putc(b, '\n');
    return kh_writer__end(w, mark, err);
}

kh_status kh_export_event(kh_writer *w, kh_export_format f,
                          const kh_event *ev, const kh_export_extra *extra,
                          kh_error *err)
{
    if ((unsigned)f >= KH_EXPORT_FORMAT_COUNT)
        return kh_error_set(err, KH_EUSAGE, "unknown export format %d",
                            (int)f);
    /* PLOVER drops CAMEO's comments and appeals; ACLED records only its
     * own event types */
    if ((f == KH_EXPORT_PLOVER && !has(ev->plover)) ||
        (f == KH_EXPORT_ACLED && !has(ev->acled_type)))
        return 0;
    const merged m = merge_info(extra);
    kh_buf *b = kh_writer__buf(w);
    const size_t mark = b->len;
    switch (f) {
    case KH_EXPORT_JSONL: jsonl_row(b, ev, &m); break;
    case KH_EXPORT_PLOVER: plover_row(b, ev, &m); break;
    case KH_EXPORT_PETRARCH: petrarch_row(b, ev, &m); break;
    case KH_EXPORT_PHOENIX: phoenix_row(b, ev, &m); break;
    case KH_EXPORT_GDELT: gdelt_row(b, ev, &m); break;
    case KH_EXPORT_ACLED: acled_row(b, ev, &m); break;
    case KH_EXPORT_CSV: csv_row(b, ev, &m); break;
    }
    const kh_status rc = kh_writer__end(w, mark, err);
    return rc < 0 ? rc : 1;
}
