/* out_json.c - JSON Lines output of events and sentences.  Locale-free: all
 * numbers go through buf.c's own formatters. */
#include "khaldun/event.h"
#include "khaldun/tagger.h"
#include "alloc.h"
#include "buf.h"
#include "writer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define FLUSH_AT (256 * 1024)
#define MAX_RECORD ((size_t)256 << 20)

struct kh_writer {
    int fd;      /* -1 for a memory writer */
    bool own_fd;
    char *name;
    kh_buf out;
};

void kh_event_init(kh_event *ev)
{
    memset(ev, 0, sizeof(*ev));
    ev->sentence = -1;
    ev->fatalities = -1;
    ev->injured = -1;
}

const char *kh_token_kind_name(int kind)
{
    static const char *const names[] = {
        "?", "word", "number", "abbrev", "clitic", "punct", "open",
        "close", "dash", "ellipsis", "url", "email", "tag", "symbol"};
    if (kind < 0 || (size_t)kind >= sizeof(names) / sizeof(names[0]))
        return "?";
    return names[kind];
}

static kh_status new_writer(kh_writer **out, int fd, bool own,
                            const char *name, kh_error *err)
{
    kh_writer *w = kh_calloc(1, sizeof(*w));
    if (w == NULL || (w->name = kh_strndup(name, strlen(name))) == NULL) {
        kh_free(w);
        if (own)
            close(fd);
        return kh_error_set(err, KH_ENOMEM, "out of memory");
    }
    w->fd = fd;
    w->own_fd = own;
    kh_buf_init(&w->out, fd < 0 ? 0 : MAX_RECORD + FLUSH_AT);
    *out = w;
    return KH_OK;
}

kh_status kh_writer_new(kh_writer **out, const char *path, kh_error *err)
{
    *out = NULL;
    if (path == NULL || strcmp(path, "-") == 0)
        return new_writer(out, 1, false, "<stdout>", err);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        int e = errno;
        kh_error_at(err, KH_EIO, path, 0, 0, "%s", strerror(e));
        if (err)
            err->sys_errno = e;
        return KH_EIO;
    }
    return new_writer(out, fd, true, path, err);
}

kh_status kh_writer_new_mem(kh_writer **out, kh_error *err)
{
    *out = NULL;
    return new_writer(out, -1, false, "<memory>", err);
}

const char *kh_writer_data(const kh_writer *w, size_t *len)
{
    *len = w->out.len;
    return w->out.ptr ? w->out.ptr : "";
}

kh_status kh_writer_flush(kh_writer *w, kh_error *err)
{
    size_t off = 0;

    if (w->fd < 0)
        return KH_OK;
    while (off < w->out.len) {
        ssize_t n = write(w->fd, w->out.ptr + off, w->out.len - off);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            kh_buf_reset(&w->out);
            kh_error_at(err, KH_EIO, w->name, 0, 0, "%s", strerror(e));
            if (err)
                err->sys_errno = e;
            return KH_EIO;
        }
        off += (size_t)n;
    }
    kh_buf_reset(&w->out);
    return KH_OK;
}

void kh_writer_free(kh_writer *w)
{
    if (w == NULL)
        return;
    if (kh_writer_flush(w, NULL) < 0) {
        /* documented: errors at free are lost */
    }
    if (w->own_fd)
        close(w->fd);
    kh_buf_dispose(&w->out);
    kh_free(w->name);
    kh_free(w);
}

/* After a record: drop it whole on failure, flush when enough is queued. */
static kh_status end_record(kh_writer *w, size_t mark, kh_error *err)
{
    kh_status rc = kh_buf_status(&w->out);

    if (rc < 0) {
        w->out.len = mark;
        w->out.err = KH_OK;
        return kh_error_set(err, rc, rc == KH_ETOOBIG
                                         ? "record larger than %zu bytes"
                                         : "out of memory",
                            (size_t)MAX_RECORD);
    }
    if (w->fd >= 0 && w->out.len >= FLUSH_AT)
        return kh_writer_flush(w, err);
    return KH_OK;
}

static void key(kh_buf *b, const char *k)
{
    kh_buf_putc(b, '"');
    kh_buf_puts(b, k);
    kh_buf_puts(b, "\":");
}

static void str_or_null(kh_buf *b, const char *s)
{
    if (s)
        kh_buf_put_json_str(b, s, strlen(s));
    else
        kh_buf_puts(b, "null");
}

static void put_date(kh_buf *b, int32_t d, const char *precision)
{
    char tmp[16];
    int y = d / 10000, m = d / 100 % 100, day = d % 100;

    if (d <= 0) {
        kh_buf_puts(b, "null");
        return;
    }
    if (precision && strcmp(precision, "year") == 0)
        snprintf(tmp, sizeof(tmp), "\"%04d\"", y);
    else if (precision && strcmp(precision, "month") == 0)
        snprintf(tmp, sizeof(tmp), "\"%04d-%02d\"", y, m);
    else
        snprintf(tmp, sizeof(tmp), "\"%04d-%02d-%02d\"", y, m, day);
    kh_buf_puts(b, tmp);
}

static void actor(kh_buf *b, const kh_actor *a)
{
    if (!a->text && !a->code && !a->country && !a->sector && !a->name &&
        !a->id) {
        kh_buf_puts(b, "null");
        return;
    }
    kh_buf_putc(b, '{');
    key(b, "text");
    str_or_null(b, a->text);
    kh_buf_putc(b, ',');
    key(b, "code");
    str_or_null(b, a->code);
    kh_buf_putc(b, ',');
    key(b, "country");
    str_or_null(b, a->country);
    kh_buf_putc(b, ',');
    key(b, "sector");
    str_or_null(b, a->sector);
    kh_buf_putc(b, ',');
    key(b, "name");
    str_or_null(b, a->name);
    kh_buf_putc(b, ',');
    key(b, "id");
    str_or_null(b, a->id);
    kh_buf_putc(b, ',');
    key(b, "confidence");
    if (a->confidence > 0)
        kh_buf_put_double(b, a->confidence, 2);
    else
        kh_buf_puts(b, "null");
    kh_buf_putc(b, '}');
}

static void int_or_null(kh_buf *b, int64_t v)
{
    if (v < 0)
        kh_buf_puts(b, "null");
    else
        kh_buf_put_i64(b, v);
}

/* The schema-1 object of `ev` without its closing brace, so that export.c
 * can add the store's keys (writer.h). */
void kh_writer__event_open(kh_buf *b, const kh_event *ev)
{
    kh_buf_puts(b, "{\"schema\":1,");
    key(b, "event_id");
    str_or_null(b, ev->event_id);
    kh_buf_putc(b, ',');
    key(b, "doc_id");
    str_or_null(b, ev->doc_id);
    kh_buf_putc(b, ',');
    key(b, "sentence");
    int_or_null(b, ev->sentence);
    kh_buf_putc(b, ',');
    key(b, "span");
    if (ev->span.end > ev->span.start) {
        kh_buf_putc(b, '[');
        kh_buf_put_u64(b, ev->span.start);
        kh_buf_putc(b, ',');
        kh_buf_put_u64(b, ev->span.end);
        kh_buf_putc(b, ']');
    } else {
        kh_buf_puts(b, "null");
    }
    kh_buf_putc(b, ',');
    key(b, "date");
    put_date(b, ev->date, ev->date_precision);
    kh_buf_putc(b, ',');
    key(b, "date_precision");
    str_or_null(b, ev->date > 0 ? ev->date_precision : NULL);
    kh_buf_putc(b, ',');
    key(b, "date_text");
    str_or_null(b, ev->date_text);
    kh_buf_putc(b, ',');
    key(b, "source");
    actor(b, &ev->source);
    kh_buf_putc(b, ',');
    key(b, "target");
    actor(b, &ev->target);
    kh_buf_putc(b, ',');
    key(b, "cameo");
    str_or_null(b, ev->cameo);
    kh_buf_putc(b, ',');
    key(b, "cameo_root");
    str_or_null(b, ev->cameo_root);
    kh_buf_putc(b, ',');
    key(b, "quad_class");
    int_or_null(b, ev->quad_class > 0 ? ev->quad_class : -1);
    kh_buf_putc(b, ',');
    key(b, "goldstein");
    if (ev->has_goldstein)
        kh_buf_put_double(b, ev->goldstein, 1);
    else
        kh_buf_puts(b, "null");
    kh_buf_putc(b, ',');
    key(b, "plover");
    str_or_null(b, ev->plover);
    kh_buf_putc(b, ',');
    key(b, "plover_mode");
    str_or_null(b, ev->plover_mode);
    kh_buf_putc(b, ',');
    key(b, "acled_type");
    str_or_null(b, ev->acled_type);
    kh_buf_putc(b, ',');
    key(b, "acled_subtype");
    str_or_null(b, ev->acled_subtype);
    kh_buf_putc(b, ',');
    key(b, "location");
    if (ev->has_location) {
        const kh_location *l = &ev->location;
        kh_buf_putc(b, '{');
        key(b, "text");
        str_or_null(b, l->text);
        kh_buf_putc(b, ',');
        key(b, "name");
        str_or_null(b, l->name);
        kh_buf_putc(b, ',');
        key(b, "country");
        str_or_null(b, l->country);
        kh_buf_putc(b, ',');
        key(b, "admin1");
        str_or_null(b, l->admin1);
        kh_buf_putc(b, ',');
        key(b, "lat");
        if (l->has_coords)
            kh_buf_put_double(b, l->lat, 5);
        else
            kh_buf_puts(b, "null");
        kh_buf_putc(b, ',');
        key(b, "lon");
        if (l->has_coords)
            kh_buf_put_double(b, l->lon, 5);
        else
            kh_buf_puts(b, "null");
        kh_buf_putc(b, ',');
        key(b, "geonameid");
        int_or_null(b, l->geonameid > 0 ? l->geonameid : -1);
        kh_buf_putc(b, ',');
        key(b, "precision");
        str_or_null(b, l->precision);
        kh_buf_putc(b, '}');
    } else {
        kh_buf_puts(b, "null");
    }
    kh_buf_putc(b, ',');
    key(b, "fatalities");
    int_or_null(b, ev->fatalities);
    kh_buf_putc(b, ',');
    key(b, "injured");
    int_or_null(b, ev->injured);
    kh_buf_putc(b, ',');
    key(b, "negated");
    kh_buf_puts(b, ev->negated ? "true" : "false");
    kh_buf_putc(b, ',');
    key(b, "modality");
    str_or_null(b, ev->modality ? ev->modality : "asserted");
    kh_buf_putc(b, ',');
    key(b, "text");
    str_or_null(b, ev->text);
    kh_buf_putc(b, ',');
    key(b, "evidence");
    kh_buf_putc(b, '{');
    key(b, "trigger");
    str_or_null(b, ev->trigger);
    kh_buf_putc(b, ',');
    key(b, "pattern");
    str_or_null(b, ev->pattern);
    kh_buf_putc(b, ',');
    key(b, "dictionary");
    str_or_null(b, ev->dictionary);
    kh_buf_putc(b, ',');
    key(b, "date_rule");
    str_or_null(b, ev->date_rule);
    kh_buf_putc(b, ',');
    key(b, "location_rule");
    str_or_null(b, ev->location_rule);
    kh_buf_putc(b, '}');
}

kh_status kh_writer_event(kh_writer *w, const kh_event *ev, kh_error *err)
{
    size_t mark = w->out.len;

    kh_writer__event_open(&w->out, ev);
    kh_buf_puts(&w->out, "}\n");
    return end_record(w, mark, err);
}

kh_buf *kh_writer__buf(kh_writer *w)
{
    return &w->out;
}

kh_status kh_writer__end(kh_writer *w, size_t mark, kh_error *err)
{
    return end_record(w, mark, err);
}

static void span(kh_buf *b, uint32_t s, uint32_t e)
{
    kh_buf_putc(b, '[');
    kh_buf_put_u64(b, s);
    kh_buf_putc(b, ',');
    kh_buf_put_u64(b, e);
    kh_buf_putc(b, ']');
}

/* The shallow syntax of sentence `si` (khaldun/chunk.h). */
static kh_status put_chunks(kh_buf *b, const kh_doc *doc, size_t si,
                            kh_chunker *ck, kh_error *err)
{
    const kh_sentence *s = &doc->sentences[si];
    const kh_token *tok = doc->tokens + s->tok;
    kh_chunks cs;
    kh_status rc = kh_chunker_run(ck, doc, si, &cs, err);
    if (rc < 0)
        return rc;
    kh_buf_puts(b, ",\"chunks\":[");
    for (size_t i = 0; i < cs.count; i++) {
        const kh_chunk *c = &cs.chunks[i];
        uint32_t from = tok[c->start].start;
        uint32_t to = tok[c->end - 1].start + tok[c->end - 1].len;
        if (i)
            kh_buf_putc(b, ',');
        kh_buf_puts(b, "{\"type\":\"");
        kh_buf_puts(b, kh_chunk_kind_name(c->kind));
        kh_buf_puts(b, "\",\"tokens\":[");
        kh_buf_put_u64(b, c->start);
        kh_buf_putc(b, ',');
        kh_buf_put_u64(b, c->end);
        kh_buf_puts(b, "],\"head\":");
        kh_buf_put_u64(b, c->head);
        kh_buf_puts(b, ",\"span\":");
        span(b, from, to);
        kh_buf_puts(b, ",\"text\":");
        kh_buf_put_json_str(b, doc->text + from, to - from);
        kh_buf_puts(b, ",\"clause\":");
        kh_buf_put_u64(b, c->clause);
        if (c->coord >= 0) {
            kh_buf_puts(b, ",\"coord\":");
            kh_buf_put_u64(b, (uint64_t)c->coord);
        }
        if (c->flags) {
            kh_buf_puts(b, ",\"features\":[");
            bool first = true;
            for (unsigned bit = 1; bit <= 0x8000u; bit <<= 1) {
                const char *name = kh_chunk_flag_name(bit);
                if (!(c->flags & bit) || name == NULL)
                    continue;
                if (!first)
                    kh_buf_putc(b, ',');
                first = false;
                kh_buf_putc(b, '"');
                kh_buf_puts(b, name);
                kh_buf_putc(b, '"');
            }
            kh_buf_putc(b, ']');
        }
        kh_buf_putc(b, '}');
    }
    kh_buf_puts(b, "],\"clauses\":[");
    for (size_t i = 0; i < cs.nclauses; i++) {
        const kh_clause *c = &cs.clauses[i];
        if (i)
            kh_buf_putc(b, ',');
        kh_buf_puts(b, "{\"type\":\"");
        kh_buf_puts(b, kh_clause_kind_name(c->kind));
        kh_buf_puts(b, "\",\"tokens\":[");
        kh_buf_put_u64(b, c->start);
        kh_buf_putc(b, ',');
        kh_buf_put_u64(b, c->end);
        kh_buf_puts(b, "],\"parent\":");
        if (c->parent < 0)
            kh_buf_puts(b, "null");
        else
            kh_buf_put_u64(b, (uint64_t)c->parent);
        kh_buf_putc(b, '}');
    }
    kh_buf_putc(b, ']');
    return KH_OK;
}

static kh_status sentences(kh_writer *w, const kh_doc *doc, kh_chunker *ck,
                           kh_error *err)
{
    kh_buf *b = &w->out;
    kh_status rc;

    for (size_t si = 0; si < doc->sentence_count; si++) {
        const kh_sentence *s = &doc->sentences[si];
        size_t mark = b->len;
        kh_buf_puts(b, "{\"doc_id\":");
        str_or_null(b, doc->id);
        kh_buf_puts(b, ",\"index\":");
        kh_buf_put_u64(b, si);
        kh_buf_puts(b, ",\"text\":");
        kh_buf_put_json_str(b, doc->text + s->span.start,
                            s->span.end - s->span.start);
        kh_buf_puts(b, ",\"span\":");
        span(b, s->span.start, s->span.end);
        kh_buf_puts(b, ",\"tokens\":[");
        for (uint32_t k = 0; k < s->ntok; k++) {
            const kh_token *t = &doc->tokens[s->tok + k];
            if (k)
                kh_buf_putc(b, ',');
            kh_buf_puts(b, "{\"text\":");
            kh_buf_put_json_str(b, doc->text + t->start, t->len);
            kh_buf_puts(b, ",\"span\":");
            span(b, t->start, t->start + t->len);
            kh_buf_puts(b, ",\"kind\":\"");
            kh_buf_puts(b, kh_token_kind_name(t->kind));
            kh_buf_putc(b, '"');
            if (t->tag && kh_tag_name(t->tag)) { /* tagged: kh_tagger */
                kh_buf_puts(b, ",\"tag\":");
                kh_buf_put_json_str(b, kh_tag_name(t->tag),
                                    strlen(kh_tag_name(t->tag)));
            }
            if (t->nparts) {
                kh_buf_puts(b, ",\"parts\":[");
                for (uint32_t p = 0; p < t->nparts; p++) {
                    const kh_span *ps = &doc->parts[t->part + p];
                    if (p)
                        kh_buf_putc(b, ',');
                    span(b, ps->start, ps->end);
                }
                kh_buf_putc(b, ']');
            }
            kh_buf_putc(b, '}');
        }
        kh_buf_putc(b, ']');
        if (ck && (rc = put_chunks(b, doc, si, ck, err)) < 0) {
            b->len = mark; /* no half record */
            return rc;
        }
        kh_buf_puts(b, "}\n");
        if ((rc = end_record(w, mark, err)) < 0)
            return rc;
    }
    return KH_OK;
}

kh_status kh_writer_sentences(kh_writer *w, const kh_doc *doc, kh_error *err)
{
    return sentences(w, doc, NULL, err);
}

kh_status kh_writer_sentences_chunks(kh_writer *w, const kh_doc *doc,
                                     kh_chunker *ck, kh_error *err)
{
    return sentences(w, doc, ck, err);
}
