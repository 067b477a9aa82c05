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

static void take_event(fz_cursor *c, kh_event *ev)
{
    static const char *const precisions[] = {"day", "week", "month", "year"};

    kh_event_init(ev);
    ev->event_id = fz_take_str(c);
    ev->doc_id = fz_take_str(c);
    ev->sentence = (long)(int64_t)fz_take_u64(c);
    ev->span.start = (uint32_t)fz_take_u64(c);
    ev->span.end = (uint32_t)fz_take_u64(c);
    ev->date = (int32_t)fz_take_u64(c);
    const uint8_t pr = fz_take_byte(c);
    ev->date_precision = pr < 4 ? precisions[pr] : pr < 8 ? fz_take_str(c) : NULL;
    ev->date_text = fz_take_str(c);
    fz_take_actor(c, &ev->source);
    fz_take_actor(c, &ev->target);
    ev->cameo = fz_take_str(c);
    ev->cameo_root = fz_take_str(c);
    ev->quad_class = (int)(int8_t)fz_take_byte(c);
    ev->has_goldstein = fz_take_byte(c) & 1;
    ev->goldstein = fz_take_double(c);
    ev->plover = fz_take_str(c);
    ev->plover_mode = fz_take_str(c);
    ev->acled_type = fz_take_str(c);
    ev->acled_subtype = fz_take_str(c);
    ev->has_location = fz_take_byte(c) & 1;
    ev->location.text = fz_take_str(c);
    ev->location.name = fz_take_str(c);
    ev->location.country = fz_take_str(c);
    ev->location.admin1 = fz_take_str(c);
    ev->location.has_coords = fz_take_byte(c) & 1;
    ev->location.lat = fz_take_double(c);
    ev->location.lon = fz_take_double(c);
    ev->location.geonameid = (int64_t)fz_take_u64(c);
    ev->location.precision = fz_take_str(c);
    ev->fatalities = (int64_t)fz_take_u64(c);
    ev->injured = (int64_t)fz_take_u64(c);
    ev->negated = fz_take_byte(c) & 1;
    ev->modality = fz_take_str(c);
    ev->text = fz_take_str(c);
    ev->trigger = fz_take_str(c);
    ev->pattern = fz_take_str(c);
    ev->dictionary = fz_take_str(c);
    ev->date_rule = fz_take_str(c);
    ev->location_rule = fz_take_str(c);
}

/* Up to three strings (a NULL among them allowed). */
static size_t take_list(fz_cursor *c, const char *list[3])
{
    const size_t n = fz_take_byte(c) % 4;
    for (size_t i = 0; i < n; i++)
        list[i] = fz_take_str(c);
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
    fz_cursor c = {data, size, 0, {NULL}, 0};
    kh_event ev;
    kh_export_extra x = KH_EXPORT_EXTRA_INIT;
    const char *docs[3], *urls[3], *names[3];

    take_event(&c, &ev);
    const bool with_extra = fz_take_byte(&c) & 1;
    x.mentions = (int64_t)fz_take_u64(&c);
    x.sources = (int64_t)fz_take_u64(&c);
    x.articles = (int64_t)fz_take_u64(&c);
    x.added = (int64_t)fz_take_u64(&c);
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
