/* fuzz_export.c - the export formats (khaldun/export.h) on any kh_event.
 * An event and merge information are built from slices of the input (as
 * in fuzz_json_writer.c, plus the store's counts and lists), then every
 * format writes its header, that event and an empty one.  The output must
 * be valid UTF-8; JSON formats one valid JSON object per line; TSV
 * formats one line per record with exactly one cell per column and no
 * CR; CSV formats RFC 4180 records with exactly one field per column.
 * A format with no record for an event (PLOVER without a PLOVER type,
 * ACLED without an ACLED type) must say so and write nothing. */
#include "fuzz.h"
#include "khaldun/export.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct cursor {
    const uint8_t *p;
    size_t n, i;
    char *owned[64];
    size_t nowned;
} cursor;

static uint8_t take_byte(cursor *c)
{
    return c->i < c->n ? c->p[c->i++] : 0;
}

static uint64_t take_u64(cursor *c)
{
    uint64_t v = 0;
    for (int k = 0; k < 8; k++)
        v = v << 8 | take_byte(c);
    return v;
}

static double take_double(cursor *c)
{
    const uint64_t bits = take_u64(c);
    double d;
    memcpy(&d, &bits, sizeof(d));
    return d;
}

/* A NUL-terminated copy of the next slice (its length from one byte), or
 * NULL (length byte 0xF0 and above). */
static const char *take_str(cursor *c)
{
    const uint8_t l = take_byte(c);
    if (l >= 0xF0 || c->nowned == sizeof(c->owned) / sizeof(c->owned[0]))
        return NULL;
    size_t n = l;
    if (n > c->n - c->i)
        n = c->n - c->i;
    char *s = malloc(n + 1);
    FZ_CHECK(s != NULL);
    if (n)
        memcpy(s, c->p + c->i, n);
    s[n] = '\0';
    c->i += n;
    c->owned[c->nowned++] = s;
    return s;
}

static void take_actor(cursor *c, kh_actor *a)
{
    a->text = take_str(c);
    a->code = take_str(c);
    a->country = take_str(c);
    a->sector = take_str(c);
    a->name = take_str(c);
    a->id = take_str(c);
    a->confidence = take_double(c);
}

static void take_event(cursor *c, kh_event *ev)
{
    static const char *const precisions[] = {"day", "week", "month", "year"};

    kh_event_init(ev);
    ev->event_id = take_str(c);
    ev->doc_id = take_str(c);
    ev->sentence = (long)(int64_t)take_u64(c);
    ev->span.start = (uint32_t)take_u64(c);
    ev->span.end = (uint32_t)take_u64(c);
    ev->date = (int32_t)take_u64(c);
    const uint8_t pr = take_byte(c);
    ev->date_precision = pr < 4 ? precisions[pr] : pr < 8 ? take_str(c) : NULL;
    ev->date_text = take_str(c);
    take_actor(c, &ev->source);
    take_actor(c, &ev->target);
    ev->cameo = take_str(c);
    ev->cameo_root = take_str(c);
    ev->quad_class = (int)(int8_t)take_byte(c);
    ev->has_goldstein = take_byte(c) & 1;
    ev->goldstein = take_double(c);
    ev->plover = take_str(c);
    ev->plover_mode = take_str(c);
    ev->acled_type = take_str(c);
    ev->acled_subtype = take_str(c);
    ev->has_location = take_byte(c) & 1;
    ev->location.text = take_str(c);
    ev->location.name = take_str(c);
    ev->location.country = take_str(c);
    ev->location.admin1 = take_str(c);
    ev->location.has_coords = take_byte(c) & 1;
    ev->location.lat = take_double(c);
    ev->location.lon = take_double(c);
    ev->location.geonameid = (int64_t)take_u64(c);
    ev->location.precision = take_str(c);
    ev->fatalities = (int64_t)take_u64(c);
    ev->injured = (int64_t)take_u64(c);
    ev->negated = take_byte(c) & 1;
    ev->modality = take_str(c);
    ev->text = take_str(c);
    ev->trigger = take_str(c);
    ev->pattern = take_str(c);
    ev->dictionary = take_str(c);
    ev->date_rule = take_str(c);
    ev->location_rule = take_str(c);
}

/* Up to three strings (a NULL among them allowed). */
static size_t take_list(cursor *c, const char *list[3])
{
    const size_t n = take_byte(c) % 4;
    for (size_t i = 0; i < n; i++)
        list[i] = take_str(c);
    return n;
}

/* ---- output checks ----------------------------------------------------- */

/* TSV: `records` lines after the header, each with ncols - 1 tabs. */
FZ_NOCOV static void check_tsv(kh_export_format f, const char *out,
                               size_t len, size_t records)
{
    const size_t ncols = kh_export_columns(f);
    size_t lines = 0, i = 0;

    FZ_CHECK(len > 0 && out[len - 1] == '\n');
    FZ_CHECK(memchr(out, '\r', len) == NULL);
    while (i < len) {
        const char *nl = memchr(out + i, '\n', len - i);
        const size_t n = (size_t)(nl - (out + i));
        size_t tabs = 0;
        for (size_t k = 0; k < n; k++)
            tabs += out[i + k] == '\t';
        if (tabs != ncols - 1) {
            fprintf(stderr, "%s line %zu: %zu cells, not %zu\n",
                    kh_export_format_name(f), lines + 1, tabs + 1, ncols);
            FZ_CHECK(!"one TSV cell per column");
        }
        if (lines == 0) /* the header names the columns */
            FZ_CHECK(n > 0 && memcmp(out, kh_export_column_name(f, 0),
                                     strlen(kh_export_column_name(f, 0))) ==
                                  0);
        lines++;
        i += n + 1;
    }
    FZ_CHECK(lines == records + 1);
}

/* CSV: RFC 4180 records (quoted fields may hold commas, quotes doubled,
 * line breaks), `records` after the header, ncols fields each; unquoted
 * fields hold no quote, CR, LF or tab. */
FZ_NOCOV static void check_csv(kh_export_format f, const char *out,
                               size_t len, size_t records)
{
    const size_t ncols = kh_export_columns(f);
    size_t recs = 0, i = 0;

    FZ_CHECK(len > 0 && out[len - 1] == '\n');
    while (i < len) {
        size_t fields = 1;
        for (;;) {
            if (out[i] == '"') {
                for (i++;; i++) {
                    FZ_CHECK(i < len);
                    if (out[i] != '"')
                        continue;
                    if (i + 1 < len && out[i + 1] == '"') {
                        i++;
                        continue;
                    }
                    i++;
                    break;
                }
                FZ_CHECK(i < len && (out[i] == ',' || out[i] == '\n'));
            } else {
                while (i < len && out[i] != ',' && out[i] != '\n') {
                    FZ_CHECK(out[i] != '"' && out[i] != '\r' &&
                             out[i] != '\t');
                    i++;
                }
                FZ_CHECK(i < len);
            }
            if (out[i] == '\n') {
                i++;
                break;
            }
            i++;
            fields++;
        }
        if (fields != ncols) {
            fprintf(stderr, "%s record %zu: %zu fields, not %zu\n",
                    kh_export_format_name(f), recs + 1, fields, ncols);
            FZ_CHECK(!"one CSV field per column");
        }
        recs++;
    }
    FZ_CHECK(recs == records + 1);
}

static void check_format(kh_export_format f, const kh_event *ev,
                         const kh_export_extra *x)
{
    kh_writer *w = NULL;
    kh_error err;
    kh_event empty;
    size_t len, records = 0;

    kh_event_init(&empty);
    FZ_CHECK(kh_writer_new_mem(&w, &err) == KH_OK);
    FZ_CHECK(kh_export_header(w, f, &err) == KH_OK);
    const kh_event *evs[2] = {ev, &empty};
    for (int k = 0; k < 2; k++) {
        const kh_event *e = evs[k];
        const bool none = (f == KH_EXPORT_PLOVER &&
                           (e->plover == NULL || !e->plover[0])) ||
                          (f == KH_EXPORT_ACLED &&
                           (e->acled_type == NULL || !e->acled_type[0]));
        kh_writer_data(w, &len);
        const size_t before = len;
        const kh_status rc = kh_export_event(w, f, e, k ? NULL : x, &err);
        kh_writer_data(w, &len);
        if (none) {
            FZ_CHECK(rc == 0 && len == before);
        } else {
            FZ_CHECK(rc == 1 && len > before);
            records++;
        }
    }
    const char *out = kh_writer_data(w, &len);
    FZ_CHECK(fz_utf8_valid(out, len));
    if (kh_export_columns(f) == 0)
        fz_check_jsonl(out, len, records);
    else if (f == KH_EXPORT_ACLED || f == KH_EXPORT_CSV)
        check_csv(f, out, len, records);
    else
        check_tsv(f, out, len, records);
    kh_writer_free(w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cursor c = {data, size, 0, {NULL}, 0};
    kh_event ev;
    kh_export_extra x = KH_EXPORT_EXTRA_INIT;
    const char *docs[3], *urls[3], *names[3];

    take_event(&c, &ev);
    const bool with_extra = take_byte(&c) & 1;
    x.mentions = (int64_t)take_u64(&c);
    x.sources = (int64_t)take_u64(&c);
    x.articles = (int64_t)take_u64(&c);
    x.added = (int64_t)take_u64(&c);
    x.doc_id_count = take_list(&c, docs);
    x.doc_ids = docs;
    x.url_count = take_list(&c, urls);
    x.urls = urls;
    x.source_name_count = take_list(&c, names);
    x.source_names = names;

    for (int f = 0; f < KH_EXPORT_FORMAT_COUNT; f++)
        check_format((kh_export_format)f, &ev, with_extra ? &x : NULL);
    for (size_t i = 0; i < c.nowned; i++)
        free(c.owned[i]);
    return 0;
}
