/* analyzer.c - the text pipeline of one document: (HTML to text) -> UTF-8
 * repair and NFC -> cleaning -> tokens -> sentences. */
#include "khaldun/text.h"
#include "alloc.h"
#include "textproc.h"

#include <string.h>

struct kh_analyzer {
    kh_analyzer_options opts;
    kh_arena arena; /* tokens, sentences, parts, small strings */
    kh_buf html;    /* HTML converted to text */
    kh_buf norm;    /* NFC text */
    kh_buf clean;   /* cleaned text: what doc->text points to */
};

kh_status kh_analyzer_new(kh_analyzer **out, const kh_analyzer_options *opts,
                          kh_error *err)
{
    kh_analyzer *a;

    *out = NULL;
    if (opts && opts->version != KH_ANALYZER_OPTIONS_VERSION)
        return kh_error_set(err, KH_EUSAGE, "analyzer options version %u",
                            opts->version);
    if ((a = kh_calloc(1, sizeof(*a))) == NULL)
        return kh_error_set(err, KH_ENOMEM, "out of memory");
    if (opts)
        a->opts = *opts;
    if (a->opts.max_doc_bytes == 0)
        a->opts.max_doc_bytes = KH_DEFAULT_MAX_DOC_BYTES;
    if (a->opts.max_tokens == 0)
        a->opts.max_tokens = KH_DEFAULT_MAX_TOKENS;
    kh_arena_init(&a->arena, 256 * 1024, 0);
    kh_buf_init(&a->html, 0);
    kh_buf_init(&a->norm, 0);
    kh_buf_init(&a->clean, 0);
    *out = a;
    return KH_OK;
}

void kh_analyzer_free(kh_analyzer *a)
{
    if (a == NULL)
        return;
    kh_arena_dispose(&a->arena);
    kh_buf_dispose(&a->html);
    kh_buf_dispose(&a->norm);
    kh_buf_dispose(&a->clean);
    kh_free(a);
}

static void clear_layers(kh_doc *doc)
{
    doc->text = "";
    doc->text_len = 0;
    doc->invalid = 0;
    doc->removed = 0;
    memset(&doc->title_span, 0, sizeof(doc->title_span));
    memset(&doc->dateline_span, 0, sizeof(doc->dateline_span));
    doc->dateline_place = doc->dateline_region = doc->dateline_agency = NULL;
    doc->dateline_date = 0;
    doc->posted_date = 0;
    doc->sentences = NULL;
    doc->sentence_count = 0;
    doc->tokens = NULL;
    doc->token_count = 0;
    doc->parts = NULL;
    doc->part_count = 0;
}

/* NFC of s[0..len) into b (reset first). */
static kh_status nfc_into(kh_buf *b, size_t *ninvalid, const char *s,
                          size_t len)
{
    size_t cap, outlen;
    kh_status rc;

    kh_buf_reset(b);
    if (!kh_mul_ok(len, 3, &cap) || !kh_add_ok(cap, 16, &cap))
        return KH_ETOOBIG;
    if (kh_buf_reserve(b, cap) == NULL)
        return kh_buf_status(b);
    rc = kh_text_nfc(b->ptr, cap, &outlen, ninvalid, s, len);
    if (rc < 0)
        return rc;
    b->len = outlen;
    return KH_OK;
}

/* A one-line, whitespace-collapsed, NFC copy of s[0..len) in the arena. */
static const char *tidy_copy(kh_analyzer *a, const char *s, size_t len)
{
    kh_buf tmp = KH_BUF_INIT(0);
    const char *r = NULL;

    if (nfc_into(&tmp, NULL, s, len) < 0)
        goto done;
    char *p = kh_arena_alloc(&a->arena, tmp.len + 1);
    if (p == NULL)
        goto done;
    size_t n = 0;
    for (size_t i = 0; i < tmp.len; i++) {
        char c = tmp.ptr[i];
        if (c == '\n' || c == '\t' || c == '\r')
            c = ' ';
        if (c == ' ' && (n == 0 || p[n - 1] == ' '))
            continue;
        p[n++] = c;
    }
    while (n > 0 && p[n - 1] == ' ')
        n--;
    p[n] = '\0';
    r = n ? p : NULL;
done:
    kh_buf_dispose(&tmp);
    return r;
}

kh_status kh_analyzer_run(kh_analyzer *a, kh_doc *doc, const char *raw,
                          size_t len, unsigned flags, kh_error *err)
{
    kh_status rc;
    const char *src = raw;
    size_t srclen = len;
    kh_html_info info = {-1, -1, -1, -1};

    kh_arena_reset(&a->arena);
    clear_layers(doc);
    if (len > a->opts.max_doc_bytes)
        return kh_error_set(err, KH_ETOOBIG,
                            "document larger than %zu bytes "
                            "(--max-doc-bytes), skipped",
                            a->opts.max_doc_bytes);
    if (flags & KH_ANALYZE_HTML) {
        if ((rc = kh_html__to_text(&a->html, &info, raw, len)) < 0)
            goto fail;
        src = a->html.ptr ? a->html.ptr : "";
        srclen = a->html.len;
    }
    if ((rc = nfc_into(&a->norm, &doc->invalid, src, srclen)) < 0)
        goto fail;
    if (flags & KH_ANALYZE_NO_CLEAN) {
        kh_buf_reset(&a->clean);
        kh_buf_put(&a->clean, a->norm.ptr, a->norm.len);
        rc = kh_buf_status(&a->clean);
    } else {
        rc = kh_clean__run(&a->clean, doc, &a->arena, a->norm.ptr,
                           a->norm.len, true);
    }
    if (rc < 0)
        goto fail;
    doc->text = kh_buf_cstr(&a->clean);
    doc->text_len = a->clean.len;
    if (kh_buf_status(&a->clean) < 0) {
        rc = kh_buf_status(&a->clean);
        goto fail;
    }
    if ((rc = kh_token__run(doc, &a->arena, a->opts.max_tokens, err)) < 0)
        goto fail_set;
    if ((rc = kh_split__run(doc, &a->arena, err)) < 0)
        goto fail_set;

    if (doc->title == NULL && info.title_start >= 0) {
        /* decode the title's character references with the same code */
        kh_buf t = KH_BUF_INIT(0);
        kh_html_info ti;
        if (kh_html__to_text(&t, &ti, raw + info.title_start,
                             (size_t)(info.title_end - info.title_start)) ==
                KH_OK &&
            t.len > 0)
            doc->title = tidy_copy(a, t.ptr, t.len);
        kh_buf_dispose(&t);
    }
    if (doc->title == NULL && doc->title_span.end > doc->title_span.start)
        doc->title = tidy_copy(a, doc->text + doc->title_span.start,
                               doc->title_span.end - doc->title_span.start);
    if (doc->date == 0 && info.date_start >= 0) {
        int32_t d;
        size_t dl = (size_t)(info.date_end - info.date_start);
        if (kh_date_parse(&d, raw + info.date_start, dl) == KH_OK) {
            doc->date = d;
            doc->date_text = kh_arena_strndup(&a->arena, raw + info.date_start, dl);
        }
    }
    if (doc->date == 0 && doc->dateline_date) {
        doc->date = doc->dateline_date;
        doc->date_text = kh_arena_strndup(
            &a->arena, doc->text + doc->dateline_span.start,
            doc->dateline_span.end - doc->dateline_span.start);
    }
    if (doc->date == 0 && doc->posted_date)
        doc->date = doc->posted_date;
    return KH_OK;
fail:
    if (rc == KH_ETOOBIG)
        kh_error_set(err, rc, "document too large to normalise");
    else
        kh_error_set(err, rc, "%s", kh_status_str(rc));
fail_set:
    clear_layers(doc);
    return rc;
}

static bool digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static int num(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

kh_status kh_date_parse(int32_t *out, const char *s, size_t len)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y, m, d;

    *out = 0;
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\n'))
        len--;
    while (len > 0 && s[0] == ' ') {
        s++;
        len--;
    }
    if (len == 8 && digits(s, 8)) {
        y = num(s, 4);
        m = num(s + 4, 2);
        d = num(s + 6, 2);
    } else if (len >= 10 && digits(s, 4) && s[4] == '-' && digits(s + 5, 2) &&
               s[7] == '-' && digits(s + 8, 2) &&
               (len == 10 || s[10] == 'T' || s[10] == ' ')) {
        y = num(s, 4);
        m = num(s + 5, 2);
        d = num(s + 8, 2);
    } else {
        return KH_EPARSE;
    }
    if (y < 1000 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return KH_EPARSE;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return KH_EPARSE;
    *out = y * 10000 + m * 100 + d;
    return KH_OK;
}
