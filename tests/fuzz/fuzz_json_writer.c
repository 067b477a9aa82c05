/* fuzz_json_writer.c - the JSON writer round trip.  The input as one string
 * through kh_buf_put_json_str() must give a valid JSON string in valid
 * UTF-8 that decodes back to the input (valid UTF-8) or to the input with
 * each maximal invalid subpart replaced by U+FFFD.  Then an event built
 * from slices of the input goes through kh_writer_event(): one valid JSON
 * line whose string fields decode back the same way. */
#include "fuzz.h"
#include "buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What decoding the written JSON of s[0..n) must give. */
static char *expected(const char *s, size_t n, size_t *outlen)
{
    return fz_utf8_repair(s, n, outlen);
}

/* Decode the JSON string json[0..len) by wrapping it as {"k": ...}. */
static void check_decodes_to(const char *json, size_t len, const char *s,
                             size_t n)
{
    kh_buf w = KH_BUF_INIT(0);
    kh_arena a;
    kh_json_member *m;
    size_t count, off, elen;
    const char *msg;

    kh_buf_puts(&w, "{\"k\": ");
    kh_buf_put(&w, json, len);
    kh_buf_putc(&w, '}');
    FZ_CHECK(kh_buf_status(&w) == KH_OK);
    kh_arena_init(&a, 4096, 0);
    FZ_CHECK(kh_json__parse_object(&a, w.ptr, w.len, &m, &count, &off,
                                   &msg) == KH_OK);
    FZ_CHECK(count == 1 && strcmp(m[0].key, "k") == 0);
    FZ_CHECK(m[0].type == KH_JSON_STRING);
    char *e = expected(s, n, &elen);
    if (fz_utf8_valid(s, n))
        FZ_CHECK(elen == n && memcmp(e, s, n) == 0);
    if (m[0].str_len != elen || memcmp(m[0].str, e, elen) != 0) {
        fprintf(stderr, "round trip: %zu bytes in, %zu expected, %zu back\n",
                n, elen, m[0].str_len);
        FZ_CHECK(!"the JSON string decodes back to its input");
    }
    free(e);
    kh_arena_dispose(&a);
    kh_buf_dispose(&w);
}

static void check_string(const char *s, size_t n)
{
    kh_buf b = KH_BUF_INIT(0);
    size_t off;
    const char *msg;

    kh_buf_put_json_str(&b, s, n);
    FZ_CHECK(kh_buf_status(&b) == KH_OK);
    FZ_CHECK(b.len >= 2 && b.ptr[0] == '"' && b.ptr[b.len - 1] == '"');
    FZ_CHECK(fz_utf8_valid(b.ptr, b.len));
    FZ_CHECK(memchr(b.ptr, '\n', b.len) == NULL);
    if (kh_json__validate(b.ptr, b.len, &off, &msg) != KH_OK) {
        fprintf(stderr, "written string invalid: %s at %zu\n", msg, off);
        FZ_CHECK(!"kh_buf_put_json_str writes valid JSON");
    }
    check_decodes_to(b.ptr, b.len, s, n);

    /* a capped buffer: all of it or a sticky KH_ETOOBIG, never a part */
    kh_buf c = KH_BUF_INIT(n + 2 + (n ? (uint8_t)s[0] % 8 : 0));
    kh_buf_put_json_str(&c, s, n);
    if (kh_buf_status(&c) == KH_OK)
        FZ_CHECK(c.len == b.len && memcmp(c.ptr, b.ptr, b.len) == 0);
    else
        FZ_CHECK(kh_buf_status(&c) == KH_ETOOBIG && b.len > c.max);
    kh_buf_dispose(&c);
    kh_buf_dispose(&b);
}

/* ---- events from slices of the input ----------------------------------- */

/* A string field of the written event: null when unset, else decodes back
 * to the (repaired) field. */
static void check_field(const kh_json_member *m, size_t n, const char *key,
                        const char *want)
{
    const kh_json_member *f = fz_member(m, n, key);
    size_t elen;

    FZ_CHECK(f != NULL);
    if (want == NULL) {
        FZ_CHECK(f->type == KH_JSON_NULL);
        return;
    }
    FZ_CHECK(f->type == KH_JSON_STRING);
    char *e = expected(want, strlen(want), &elen);
    FZ_CHECK(f->str_len == elen && memcmp(f->str, e, elen) == 0);
    free(e);
}

static void check_event(const uint8_t *data, size_t size)
{
    static const char *const precisions[] = {"day", "month", "year"};
    fz_cursor c = {data, size, 0, {NULL}, 0};
    kh_event ev, empty;
    kh_writer *w = NULL;
    kh_error err;
    size_t len;

    kh_event_init(&ev);
    ev.event_id = fz_take_str(&c);
    ev.doc_id = fz_take_str(&c);
    ev.sentence = (long)(int64_t)fz_take_u64(&c);
    ev.span.start = (uint32_t)fz_take_u64(&c);
    ev.span.end = (uint32_t)fz_take_u64(&c);
    ev.date = (int32_t)fz_take_u64(&c);
    const uint8_t pr = fz_take_byte(&c);
    ev.date_precision = pr < 3 ? precisions[pr] : pr < 8 ? fz_take_str(&c)
                                                         : NULL;
    ev.date_text = fz_take_str(&c);
    fz_take_actor(&c, &ev.source);
    fz_take_actor(&c, &ev.target);
    ev.cameo = fz_take_str(&c);
    ev.cameo_root = fz_take_str(&c);
    ev.quad_class = (int)(int8_t)fz_take_byte(&c);
    ev.has_goldstein = fz_take_byte(&c) & 1;
    ev.goldstein = fz_take_double(&c);
    ev.plover = fz_take_str(&c);
    ev.plover_mode = fz_take_str(&c);
    ev.acled_type = fz_take_str(&c);
    ev.acled_subtype = fz_take_str(&c);
    ev.has_location = fz_take_byte(&c) & 1;
    ev.location.text = fz_take_str(&c);
    ev.location.name = fz_take_str(&c);
    ev.location.country = fz_take_str(&c);
    ev.location.admin1 = fz_take_str(&c);
    ev.location.has_coords = fz_take_byte(&c) & 1;
    ev.location.lat = fz_take_double(&c);
    ev.location.lon = fz_take_double(&c);
    ev.location.geonameid = (int64_t)fz_take_u64(&c);
    ev.location.precision = fz_take_str(&c);
    ev.fatalities = (int64_t)fz_take_u64(&c);
    ev.injured = (int64_t)fz_take_u64(&c);
    ev.negated = fz_take_byte(&c) & 1;
    ev.modality = fz_take_str(&c);
    ev.text = fz_take_str(&c);
    ev.trigger = fz_take_str(&c);
    ev.pattern = fz_take_str(&c);
    ev.dictionary = fz_take_str(&c);

    FZ_CHECK(kh_writer_new_mem(&w, &err) == KH_OK);
    FZ_CHECK(kh_writer_event(w, &ev, &err) == KH_OK);
    kh_event_init(&empty);
    FZ_CHECK(kh_writer_event(w, &empty, &err) == KH_OK);
    const char *out = kh_writer_data(w, &len);
    fz_check_jsonl(out, len, 2);

    const char *nl = memchr(out, '\n', len);
    kh_arena a;
    kh_json_member *m;
    size_t n, off;
    const char *msg;
    kh_arena_init(&a, 4096, 0);
    FZ_CHECK(kh_json__parse_object(&a, out, (size_t)(nl - out), &m, &n, &off,
                                   &msg) == KH_OK);
    FZ_CHECK(n > 0 && strcmp(m[0].key, "schema") == 0);
    check_field(m, n, "event_id", ev.event_id);
    check_field(m, n, "doc_id", ev.doc_id);
    check_field(m, n, "date_text", ev.date_text);
    check_field(m, n, "cameo", ev.cameo);
    check_field(m, n, "cameo_root", ev.cameo_root);
    check_field(m, n, "plover", ev.plover);
    check_field(m, n, "acled_type", ev.acled_type);
    check_field(m, n, "text", ev.text);
    check_field(m, n, "modality", ev.modality ? ev.modality : "asserted");
    kh_arena_dispose(&a);
    kh_writer_free(w);
    for (size_t i = 0; i < c.nowned; i++)
        free(c.owned[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_string((const char *)data, size);
    check_event(data, size);
    return 0;
}
