/* test_json.c - the JSON writer (parsed back by our reader), number
 * formatting, the event record, and the reader's error positions. */
#include "t.h"
#include "khaldun/khaldun.h"
#include "arena.h"
#include "buf.h"
#include "json.h"

static void roundtrip(const char *s, size_t len, const char *want)
{
    kh_buf b = KH_BUF_INIT(0);
    kh_arena a;
    kh_json_member *m;
    size_t n, off;
    const char *msg;

    kh_arena_init(&a, 0, 0);
    kh_buf_puts(&b, "{\"k\":");
    kh_buf_put_json_str(&b, s, len);
    kh_buf_putc(&b, '}');
    T_EQ_INT(kh_json__parse_object(&a, b.ptr, b.len, &m, &n, &off, &msg),
             KH_OK);
    T_EQ_INT(n, 1);
    if (n == 1)
        T_EQ_MEM(m[0].str, m[0].str_len, want);
    kh_buf_dispose(&b);
    kh_arena_dispose(&a);
}

static void numbers(void)
{
    static const struct {
        double v;
        int dec;
        const char *want;
    } rows[] = {{-10.0, 1, "-10.0"}, {34.37, 5, "34.37"}, {0, 1, "0.0"},
                {-0.00001, 2, "0.0"}, {41.0899999, 5, "41.09"},
                {2.5, 0, "3.0"}, {123456.789, 2, "123456.79"},
                {-7.2, 1, "-7.2"}};
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        kh_buf b = KH_BUF_INIT(0);
        kh_buf_put_double(&b, rows[i].v, rows[i].dec);
        T_EQ_MEM(b.ptr, b.len, rows[i].want);
        kh_buf_dispose(&b);
    }
    kh_buf b = KH_BUF_INIT(0);
    kh_buf_put_i64(&b, -9223372036854775807LL - 1);
    T_EQ_MEM(b.ptr, b.len, "-9223372036854775808");
    kh_buf_dispose(&b);
}

static void parse_errors(void)
{
    static const struct {
        const char *in;
        size_t off;
        const char *msg;
    } rows[] = {
        {"{\"a\":\"x}", 8, "unterminated string"},
        {"{\"a\":\"\\q\"}", 6, "bad escape in string"},
        {"{\"a\" 1}", 5, "expected ':'"},
        {"{\"a\":1,}", 7, "expected a key"},
        {"{\"a\":1} x", 8, "trailing characters after the object"},
        {"[1]", 0, "expected a JSON object"},
        {"{\"a\":01}", 6, "expected ',' or '}'"},
        {"{\"a\":1.}", 7, "bad number"},
        {"{\"a\":[1,2}", 9, "expected ',' or ']'"},
        {"{\"a\":tru}", 5, "unexpected character"},
        {"{\"a\":\"\x01\"}", 6, "control character in string"},
        {"{\"a\":\"\\u12G4\"}", 6, "bad \\u escape"},
        {"", 0, "empty record"},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        kh_arena a;
        kh_json_member *m;
        size_t n, off = 999;
        const char *msg = "";
        kh_arena_init(&a, 0, 0);
        T_EQ_INT(kh_json__parse_object(&a, rows[i].in, strlen(rows[i].in), &m,
                                       &n, &off, &msg),
                 KH_EPARSE);
        T_EQ_INT(off, rows[i].off);
        T_EQ_STR(msg, rows[i].msg);
        kh_arena_dispose(&a);
    }
    /* deep nesting is refused without recursion */
    char deep[2000];
    size_t k = 0;
    memcpy(deep, "{\"a\":", 5);
    k = 5;
    for (int i = 0; i < 600; i++)
        deep[k++] = '[';
    deep[k] = '\0';
    size_t off;
    const char *msg;
    T_EQ_INT(kh_json__validate(deep + 5, k - 5, &off, &msg), KH_EPARSE);
    T_EQ_STR(msg, "nesting too deep");
}

static void event_record(void)
{
    kh_writer *w;
    kh_event ev;
    kh_error err;
    size_t len, off;
    const char *msg;

    kh_event_init(&ev);
    ev.event_id = "e1";
    ev.doc_id = "seed";
    ev.sentence = 5;
    ev.span.start = 812;
    ev.span.end = 941;
    ev.date = 20210627;
    ev.date_precision = "day";
    ev.date_text = "On June 27";
    ev.source.text = "U.S. Air Force planes";
    ev.source.code = "USAMIL";
    ev.source.country = "USA";
    ev.source.sector = "MIL";
    ev.cameo = "195";
    ev.cameo_root = "19";
    ev.quad_class = 4;
    ev.goldstein = -10.0;
    ev.has_goldstein = true;
    ev.has_location = true;
    ev.location.lat = 34.37;
    ev.location.lon = 41.09;
    ev.location.has_coords = true;
    ev.location.precision = "region";
    ev.fatalities = 4;
    ev.text = "On June 27, \"quoted\"\n\xe2\x80\xa8 and \xff.";
    T_EQ_INT(kh_writer_new_mem(&w, &err), KH_OK);
    T_EQ_INT(kh_writer_event(w, &ev, &err), KH_OK);
    const char *out = kh_writer_data(w, &len);
    T_CHECK(len > 0 && out[len - 1] == '\n');
    T_EQ_INT(kh_json__validate(out, len - 1, &off, &msg), KH_OK);
    T_CHECK(strncmp(out, "{\"schema\":1,\"event_id\":\"e1\",\"doc_id\":\"seed\","
                         "\"sentence\":5,\"span\":[812,941],\"date\":\"2021-06-27\","
                         "\"date_precision\":\"day\"",
                    strlen("{\"schema\":1,\"event_id\":\"e1\",\"doc_id\":\"seed\","
                           "\"sentence\":5,\"span\":[812,941],\"date\":\"2021-06-27\","
                           "\"date_precision\":\"day\"")) == 0);
    T_CHECK(strstr(out, "\"target\":null") != NULL);
    T_CHECK(strstr(out, "\"goldstein\":-10.0") != NULL);
    T_CHECK(strstr(out, "\"lat\":34.37,\"lon\":41.09") != NULL);
    T_CHECK(strstr(out, "\"injured\":null,\"negated\":false,"
                        "\"modality\":\"asserted\"") != NULL);
    T_CHECK(strstr(out, "\\u2028") != NULL);
    T_CHECK(strstr(out, "\xef\xbf\xbd") != NULL);
    /* month precision */
    kh_event_init(&ev);
    ev.date = 20210400;
    ev.date_precision = "month";
    T_EQ_INT(kh_writer_event(w, &ev, &err), KH_OK);
    out = kh_writer_data(w, &len);
    T_CHECK(strstr(out, "\"date\":\"2021-04\",\"date_precision\":\"month\"") !=
            NULL);
    kh_writer_free(w);
}

int main(void)
{
    roundtrip("plain", 5, "plain");
    roundtrip("q\"b\\s/\n\t\r\b\f", 11, "q\"b\\s/\n\t\r\b\f");
    roundtrip("\x01\x1f", 2, "\x01\x1f");
    roundtrip("caf\xc3\xa9 \xf0\x9f\x98\x80", 10, "caf\xc3\xa9 \xf0\x9f\x98\x80");
    roundtrip("bad\xff", 4, "bad\xef\xbf\xbd");
    roundtrip("\xe2\x80\xa8", 3, "\xe2\x80\xa8");
    roundtrip("nul\0x", 3, "nul");
    numbers();
    parse_errors();
    event_record();
    return t_summary();
}
