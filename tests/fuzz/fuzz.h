/* fuzz.h - checks shared by the fuzz targets: an independent UTF-8
 * validator, the U+FFFD repair a JSON writer must perform, the invariants
 * of an analysed kh_doc and of JSON Lines output.  Every violation is a
 * plain abort(), which libFuzzer and the replay driver both report.
 *
 * Also fz_file, the input bytes as a file with a path, for the targets
 * that fuzz a loader taking a path.
 *
 * Header-only (static inline) because the Makefile links each target with
 * driver.c alone. */
#ifndef KH_FUZZ_H
#define KH_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "khaldun/doc.h"
#include "khaldun/event.h"
#include "arena.h"
#include "json.h"

/* The harness's own checking code is not coverage-instrumented: tracing
 * its comparisons would cost most of each run and steer libFuzzer toward
 * inputs that are "new" only to the checker. */
#if defined(__clang__) && __clang_major__ >= 13
#define FZ_NOCOV __attribute__((no_sanitize("coverage")))
#else
#define FZ_NOCOV
#endif

#define FZ_CHECK(expr)                                                         \
    do {                                                                       \
        if (!(expr)) {                                                         \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__,         \
                    __LINE__, #expr);                                          \
            abort();                                                           \
        }                                                                      \
    } while (0)

/* The bytes of one input as a file with a path (fz_file_make), removed
 * again by fz_file_drop. */
typedef struct fz_file {
    char path[64];
    int fd;       /* memfd kept open while the path is in use */
    bool unlink;  /* a temporary file to remove afterwards */
} fz_file;

FZ_NOCOV static inline bool fz_write_all(int fd, const uint8_t *data,
                                         size_t size)
{
    while (size > 0) {
        const ssize_t n = write(fd, data, size);
        if (n <= 0)
            return false;
        data += n;
        size -= (size_t)n;
    }
    return true;
}

/* A memfd seen through /proc/self/fd, or a temporary file in $TMPDIR (or
 * /tmp) where memfds or /proc are missing. */
FZ_NOCOV static inline void fz_file_make(fz_file *f, const uint8_t *data,
                                         size_t size)
{
    f->fd = memfd_create("kh-fuzz", MFD_CLOEXEC);
    f->unlink = false;
    if (f->fd >= 0) {
        snprintf(f->path, sizeof(f->path), "/proc/self/fd/%d", f->fd);
        if (fz_write_all(f->fd, data, size) && access(f->path, R_OK) == 0)
            return;
        close(f->fd);
    }
    const char *tmp = getenv("TMPDIR");
    if (tmp == NULL || strlen(tmp) > 40)
        tmp = "/tmp";
    snprintf(f->path, sizeof(f->path), "%s/kh-fuzz-XXXXXX", tmp);
    f->fd = mkstemp(f->path);
    FZ_CHECK(f->fd >= 0);
    FZ_CHECK(fz_write_all(f->fd, data, size));
    close(f->fd);
    f->fd = -1;
    f->unlink = true;
}

FZ_NOCOV static inline void fz_file_drop(fz_file *f)
{
    if (f->fd >= 0)
        close(f->fd);
    if (f->unlink)
        unlink(f->path);
}

/* Length of the well-formed UTF-8 sequence at s[0..n) (RFC 3629, Unicode
 * table 3-7), or minus the length of its maximal invalid subpart.  Written
 * from the table, independently of src/lib/utf8.c. */
FZ_NOCOV static inline int fz_utf8_seq(const uint8_t *s, size_t n)
{
    static const struct {
        uint8_t lo, hi;  /* lead byte range */
        uint8_t len;     /* sequence length */
        uint8_t lo2, hi2; /* range of the second byte */
    } rows[] = {
        {0x00, 0x7F, 1, 0, 0},       {0xC2, 0xDF, 2, 0x80, 0xBF},
        {0xE0, 0xE0, 3, 0xA0, 0xBF}, {0xE1, 0xEC, 3, 0x80, 0xBF},
        {0xED, 0xED, 3, 0x80, 0x9F}, {0xEE, 0xEF, 3, 0x80, 0xBF},
        {0xF0, 0xF0, 4, 0x90, 0xBF}, {0xF1, 0xF3, 4, 0x80, 0xBF},
        {0xF4, 0xF4, 4, 0x80, 0x8F},
    };
    const uint8_t b = s[0];

    for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
        if (b < rows[r].lo || b > rows[r].hi)
            continue;
        if (rows[r].len == 1)
            return 1;
        for (size_t k = 1; k < rows[r].len; k++) {
            if (k >= n)
                return -(int)k;
            const uint8_t lo = k == 1 ? rows[r].lo2 : 0x80;
            const uint8_t hi = k == 1 ? rows[r].hi2 : 0xBF;
            if (s[k] < lo || s[k] > hi)
                return -(int)k;
        }
        return rows[r].len;
    }
    return -1;
}

FZ_NOCOV static inline bool fz_utf8_valid(const void *p, size_t n)
{
    const uint8_t *s = p;

    for (size_t i = 0; i < n;) {
        const int k = fz_utf8_seq(s + i, n - i);
        if (k < 0)
            return false;
        i += (size_t)k;
    }
    return true;
}

/* s[0..n) with every maximal invalid subpart replaced by U+FFFD, into a new
 * malloc'd buffer (*outlen bytes). */
FZ_NOCOV static inline char *fz_utf8_repair(const void *p, size_t n,
                                            size_t *outlen)
{
    const uint8_t *s = p;
    char *o = malloc(n * 3 + 1);
    size_t m = 0;

    FZ_CHECK(o != NULL);
    for (size_t i = 0; i < n;) {
        const int k = fz_utf8_seq(s + i, n - i);
        if (k > 0) {
            memcpy(o + m, s + i, (size_t)k);
            m += (size_t)k;
            i += (size_t)k;
        } else {
            memcpy(o + m, "\xEF\xBF\xBD", 3);
            m += 3;
            i += (size_t)-k;
        }
    }
    *outlen = m;
    return o;
}

/* Is offset `off` of valid UTF-8 text[0..len) on a code point boundary? */
FZ_NOCOV static inline bool fz_boundary(const char *text, size_t len,
                                        size_t off)
{
    return off == len ||
           (off < len && ((uint8_t)text[off] & 0xC0) != 0x80);
}

FZ_NOCOV static inline bool fz_date_ok(int32_t d)
{
    if (d == 0)
        return true;
    const int32_t y = d / 10000, m = d / 100 % 100, day = d % 100;
    return y >= 1000 && y <= 9999 && m >= 1 && m <= 12 && day >= 1 &&
           day <= 31;
}

FZ_NOCOV static inline void fz_touch(const char *s)
{
    if (s)
        FZ_CHECK(strlen(s) < ((size_t)1 << 40));
}

FZ_NOCOV static inline const kh_json_member *
fz_member(const kh_json_member *m, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(m[i].key, key) == 0)
            return &m[i];
    return NULL;
}

/* JSON Lines out[0..len): exactly `lines` lines, each a valid JSON object
 * in valid UTF-8.  Returns nothing; aborts on a violation. */
FZ_NOCOV static inline void fz_check_jsonl(const char *out, size_t len,
                                          size_t lines)
{
    size_t seen = 0, i = 0;

    FZ_CHECK(len == 0 || out[len - 1] == '\n');
    FZ_CHECK(fz_utf8_valid(out, len));
    while (i < len) {
        const char *nl = memchr(out + i, '\n', len - i);
        FZ_CHECK(nl != NULL);
        const size_t n = (size_t)(nl - (out + i));
        size_t off;
        const char *msg;
        if (kh_json__validate(out + i, n, &off, &msg) != KH_OK) {
            fprintf(stderr, "bad JSON line (%s at %zu): %.*s\n", msg, off,
                    (int)(n > 400 ? 400 : n), out + i);
            FZ_CHECK(!"output line is valid JSON");
        }
        FZ_CHECK(n > 0 && out[i] == '{');
        seen++;
        i += n + 1;
    }
    FZ_CHECK(seen == lines);
}

/* The sentence lines of `d`: valid JSON Lines, and the "text" of the first
 * FZ_ROUND_TRIPS lines decodes back to exactly the sentence's bytes (all of
 * them would double the cost of a run; fuzz_json_writer covers decoding). */
#define FZ_ROUND_TRIPS 3
FZ_NOCOV static inline void fz_check_sentences_out(const kh_doc *d)
{
    kh_writer *w = NULL;
    kh_error err;
    size_t len;

    FZ_CHECK(kh_writer_new_mem(&w, &err) == KH_OK);
    FZ_CHECK(kh_writer_sentences(w, d, &err) == KH_OK);
    const char *out = kh_writer_data(w, &len);
    fz_check_jsonl(out, len, d->sentence_count);

    kh_arena a;
    kh_arena_init(&a, 4096, 0);
    size_t i = 0;
    for (size_t si = 0; si < d->sentence_count && si < FZ_ROUND_TRIPS; si++) {
        const char *nl = memchr(out + i, '\n', len - i);
        const size_t n = (size_t)(nl - (out + i));
        kh_json_member *m;
        size_t count, off;
        const char *msg;
        FZ_CHECK(kh_json__parse_object(&a, out + i, n, &m, &count, &off,
                                       &msg) == KH_OK);
        const kh_json_member *t = fz_member(m, count, "text");
        const kh_sentence *s = &d->sentences[si];
        FZ_CHECK(t != NULL && t->type == KH_JSON_STRING);
        FZ_CHECK(t->str_len == (size_t)(s->span.end - s->span.start));
        FZ_CHECK(memcmp(t->str, d->text + s->span.start, t->str_len) == 0);
        kh_arena_reset(&a);
        i += n + 1;
    }
    kh_arena_dispose(&a);
    kh_writer_free(w);
}

/* Everything a successful kh_analyzer_run() / kh_reader_next() promises
 * about the text layers of `d`. */
FZ_NOCOV static inline void fz_check_layers(const kh_doc *d)
{
    const char *text = d->text;
    const size_t len = d->text_len;

    /* text: NUL-terminated, valid UTF-8, controls replaced by NFC */
    FZ_CHECK(text != NULL);
    FZ_CHECK(len <= UINT32_MAX);
    FZ_CHECK(text[len] == '\0');
    FZ_CHECK(fz_utf8_valid(text, len));
    for (size_t i = 0; i < len; i++) {
        const uint8_t c = (uint8_t)text[i];
        FZ_CHECK(c >= 0x20 || c == '\n' || c == '\t');
        FZ_CHECK(c != 0x7F);
    }

    /* tokens: non-empty, inside the text, in order, not overlapping, on
     * code point boundaries; hyphen parts inside their token */
    FZ_CHECK(d->token_count == 0 || d->tokens != NULL);
    uint64_t prev_end = 0;
    for (size_t i = 0; i < d->token_count; i++) {
        const kh_token *t = &d->tokens[i];
        const uint64_t end = (uint64_t)t->start + t->len;
        FZ_CHECK(t->len > 0);
        FZ_CHECK(end <= len);
        FZ_CHECK(t->start >= prev_end);
        FZ_CHECK(t->kind >= KH_TOK_WORD && t->kind <= KH_TOK_SYMBOL);
        FZ_CHECK(fz_boundary(text, len, t->start));
        FZ_CHECK(fz_boundary(text, len, (size_t)end));
        if (t->nparts) {
            FZ_CHECK((uint64_t)t->part + t->nparts <= d->part_count);
            for (uint32_t k = 0; k < t->nparts; k++) {
                const kh_span *p = &d->parts[t->part + k];
                FZ_CHECK(p->start <= p->end);
                FZ_CHECK(p->start >= t->start && p->end <= end);
            }
        }
        prev_end = end;
    }

    /* sentences: non-empty token ranges in order, spans from the first
     * token's start to the last token's end */
    FZ_CHECK(d->sentence_count == 0 || d->sentences != NULL);
    uint64_t next_tok = 0;
    for (size_t i = 0; i < d->sentence_count; i++) {
        const kh_sentence *s = &d->sentences[i];
        FZ_CHECK(s->ntok > 0);
        FZ_CHECK((uint64_t)s->tok + s->ntok <= d->token_count);
        FZ_CHECK(s->tok >= next_tok);
        FZ_CHECK(s->span.start <= s->span.end && s->span.end <= len);
        const kh_token *first = &d->tokens[s->tok];
        const kh_token *last = &d->tokens[s->tok + s->ntok - 1];
        FZ_CHECK(s->span.start == first->start);
        FZ_CHECK(s->span.end == last->start + last->len);
        next_tok = (uint64_t)s->tok + s->ntok;
    }

    FZ_CHECK(d->title_span.start <= d->title_span.end &&
             d->title_span.end <= len);
    FZ_CHECK(d->dateline_span.start <= d->dateline_span.end &&
             d->dateline_span.end <= len);
    FZ_CHECK(fz_date_ok(d->date));
    FZ_CHECK(fz_date_ok(d->dateline_date));
    FZ_CHECK(fz_date_ok(d->posted_date));

    /* metadata strings are NUL-terminated; meta is a JSON object */
    fz_touch(d->id);
    fz_touch(d->title);
    fz_touch(d->url);
    fz_touch(d->source);
    fz_touch(d->date_text);
    fz_touch(d->origin);
    fz_touch(d->dateline_place);
    fz_touch(d->dateline_region);
    fz_touch(d->dateline_agency);
    if (d->meta) {
        size_t off;
        const char *msg;
        FZ_CHECK(d->meta_len > 0 && d->meta[0] == '{');
        FZ_CHECK(kh_json__validate(d->meta, d->meta_len, &off, &msg) ==
                 KH_OK);
    }

}

/* fz_check_layers() plus the sentence output; the output checks cost more
 * than the analysis, so targets run them on a few documents per input. */
static inline void fz_check_doc(const kh_doc *d)
{
    fz_check_layers(d);
    fz_check_sentences_out(d);
}

/* The state kh_analyzer_run() documents after a failure. */
FZ_NOCOV static inline void fz_check_empty_layers(const kh_doc *d)
{
    FZ_CHECK(d->text != NULL && d->text_len == 0 && d->text[0] == '\0');
    FZ_CHECK(d->token_count == 0 && d->sentence_count == 0);
    FZ_CHECK(d->part_count == 0);
}

/* Events built from slices of the input (fuzz_json_writer, fuzz_export):
 * a cursor over the bytes that hands out numbers and NUL-terminated
 * strings it owns (free them with fz_cursor_free). */
typedef struct fz_cursor {
    const uint8_t *p;
    size_t n, i;
    char *owned[64];
    size_t nowned;
} fz_cursor;

FZ_NOCOV static inline uint8_t fz_take_byte(fz_cursor *c)
{
    return c->i < c->n ? c->p[c->i++] : 0;
}

FZ_NOCOV static inline uint64_t fz_take_u64(fz_cursor *c)
{
    uint64_t v = 0;
    for (int k = 0; k < 8; k++)
        v = v << 8 | fz_take_byte(c);
    return v;
}

FZ_NOCOV static inline double fz_take_double(fz_cursor *c)
{
    const uint64_t bits = fz_take_u64(c);
    double d;
    memcpy(&d, &bits, sizeof(d));
    return d;
}

/* A NUL-terminated copy of the next slice (its length from one byte), or
 * NULL (length byte 0xF0 and above). */
FZ_NOCOV static inline const char *fz_take_str(fz_cursor *c)
{
    const uint8_t l = fz_take_byte(c);
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

FZ_NOCOV static inline void fz_take_actor(fz_cursor *c, kh_actor *a)
{
    a->text = fz_take_str(c);
    a->code = fz_take_str(c);
    a->country = fz_take_str(c);
    a->sector = fz_take_str(c);
    a->name = fz_take_str(c);
    a->id = fz_take_str(c);
    a->confidence = fz_take_double(c);
}

#endif
