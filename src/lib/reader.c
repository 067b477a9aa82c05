/* reader.c - inputs to documents.  See khaldun/reader.h.
 *
 * Each input is read through one buffered line reader on a file descriptor,
 * so the first bytes used for format detection are never lost, stdin
 * included.  JSONL and PETRARCH XML are streamed record by record; plain
 * text and HTML inputs are one document each, read whole up to the document
 * limit. */
#include "khaldun/reader.h"
#include "alloc.h"
#include "arena.h"
#include "buf.h"
#include "file.h"
#include "json.h"
#include "utf8.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PEEK_BYTES 65536
#define MAX_DIR_DEPTH 64

struct kh_reader {
    kh_reader_options opts;
    char **paths;
    size_t npaths, pcap, next_path;
    uint64_t done, total;

    /* the current input */
    bool open;
    int fd;
    char *name; /* as shown in messages */
    kh_format fmt;
    char *buf;
    size_t cap, start, end, scan;
    bool eof, skipping;
    size_t lineno;
    size_t xml_at;   /* consumed bytes of rec (XML) */
    size_t xml_line; /* line number of rec[0] (XML) */
    bool xml_eof;    /* no more lines for the XML buffer */

    kh_analyzer *an;
    kh_arena mem; /* per-document metadata */
    kh_buf rec;   /* a whole text document or one XML element */
    kh_buf meta;  /* unknown JSONL keys as a JSON object */
    kh_doc doc;
};

const char *kh_format_name(kh_format f)
{
    switch (f) {
    case KH_FORMAT_TEXT: return "text";
    case KH_FORMAT_JSONL: return "jsonl";
    case KH_FORMAT_PETRARCH_XML: return "petrarch-xml";
    case KH_FORMAT_HTML: return "html";
    default: return "auto";
    }
}

kh_status kh_format_from_name(kh_format *out, const char *name)
{
    static const kh_format all[] = {KH_FORMAT_AUTO, KH_FORMAT_TEXT,
                                    KH_FORMAT_JSONL, KH_FORMAT_PETRARCH_XML,
                                    KH_FORMAT_HTML};
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
        if (strcmp(name, kh_format_name(all[i])) == 0) {
            *out = all[i];
            return KH_OK;
        }
    if (strcmp(name, "xml") == 0 || strcmp(name, "petrarch") == 0) {
        *out = KH_FORMAT_PETRARCH_XML;
        return KH_OK;
    }
    if (strcmp(name, "txt") == 0) {
        *out = KH_FORMAT_TEXT;
        return KH_OK;
    }
    return KH_EUSAGE;
}

kh_status kh_reader_new(kh_reader **out, const kh_reader_options *opts,
                        kh_error *err)
{
    kh_reader *r;
    kh_status rc;

    *out = NULL;
    if (opts && opts->version != KH_READER_OPTIONS_VERSION)
        return kh_error_set(err, KH_EUSAGE, "reader options version %u",
                            opts->version);
    if ((r = kh_calloc(1, sizeof(*r))) == NULL)
        return kh_error_set(err, KH_ENOMEM, "out of memory");
    if (opts)
        r->opts = *opts;
    if (r->opts.max_doc_bytes == 0)
        r->opts.max_doc_bytes = KH_DEFAULT_MAX_DOC_BYTES;
    if (r->opts.max_line_bytes == 0)
        r->opts.max_line_bytes = KH_DEFAULT_MAX_LINE_BYTES;
    r->fd = -1;
    kh_arena_init(&r->mem, 16 * 1024, 0);
    kh_buf_init(&r->rec, 0);
    kh_buf_init(&r->meta, 0);
    kh_analyzer_options ao = KH_ANALYZER_OPTIONS_INIT;
    ao.max_doc_bytes = r->opts.max_doc_bytes;
    ao.max_tokens = r->opts.max_tokens;
    if ((rc = kh_analyzer_new(&r->an, &ao, err)) < 0) {
        kh_reader_free(r);
        return rc;
    }
    *out = r;
    return KH_OK;
}

static void close_input(kh_reader *r)
{
    if (r->fd > 0)
        close(r->fd);
    r->fd = -1;
    r->open = false;
    kh_free(r->name);
    r->name = NULL;
}

void kh_reader_free(kh_reader *r)
{
    if (r == NULL)
        return;
    close_input(r);
    for (size_t i = 0; i < r->npaths; i++)
        kh_free(r->paths[i]);
    kh_free(r->paths);
    kh_free(r->buf);
    kh_analyzer_free(r->an);
    kh_arena_dispose(&r->mem);
    kh_buf_dispose(&r->rec);
    kh_buf_dispose(&r->meta);
    kh_free(r);
}

uint64_t kh_reader_bytes_done(const kh_reader *r)
{
    return r->done;
}

uint64_t kh_reader_bytes_total(const kh_reader *r)
{
    return r->total;
}

static kh_status push_path(kh_reader *r, const char *path, size_t len,
                           kh_error *err)
{
    if (r->npaths == r->pcap) {
        size_t ncap = r->pcap ? r->pcap * 2 : 16;
        char **p = kh_realloc(r->paths, ncap * sizeof(*p));
        if (p == NULL)
            return kh_error_set(err, KH_ENOMEM, "out of memory");
        r->paths = p;
        r->pcap = ncap;
    }
    if ((r->paths[r->npaths] = kh_strndup(path, len)) == NULL)
        return kh_error_set(err, KH_ENOMEM, "out of memory");
    r->npaths++;
    return KH_OK;
}

static kh_status add_dir(kh_reader *r, const char *path, int depth,
                         kh_error *err)
{
    char **names;
    size_t n;
    kh_status rc;

    if (depth > MAX_DIR_DEPTH)
        return kh_error_at(err, KH_ETOOBIG, path, 0, 0,
                           "directories nested deeper than %d", MAX_DIR_DEPTH);
    if ((rc = kh_file__list_dir(&names, &n, path, 0, err)) < 0)
        return rc;
    for (size_t i = 0; i < n && rc == KH_OK; i++) {
        kh_buf p = KH_BUF_INIT(0);
        struct stat st;
        kh_buf_puts(&p, path);
        if (p.len && p.ptr[p.len - 1] != '/')
            kh_buf_putc(&p, '/');
        kh_buf_puts(&p, names[i]);
        const char *full = kh_buf_cstr(&p);
        if (kh_buf_status(&p) < 0) {
            rc = kh_error_set(err, KH_ENOMEM, "out of memory");
        } else if (stat(full, &st) == 0) {
            if (S_ISDIR(st.st_mode)) {
                rc = add_dir(r, full, depth + 1, err);
            } else if (S_ISREG(st.st_mode)) {
                r->total += (uint64_t)st.st_size;
                rc = push_path(r, full, p.len, err);
            }
        }
        kh_buf_dispose(&p);
    }
    kh_file__names_free(names, n);
    return rc;
}

kh_status kh_reader_add(kh_reader *r, const char *path, kh_error *err)
{
    struct stat st;

    if (strcmp(path, "-") == 0)
        return push_path(r, "-", 1, err);
    if (stat(path, &st) != 0) {
        int e = errno;
        kh_status code = e == ENOENT ? KH_ENOTFOUND : KH_EIO;
        kh_error_at(err, code, path, 0, 0, "%s", strerror(e));
        if (err)
            err->sys_errno = e;
        return code;
    }
    if (S_ISDIR(st.st_mode))
        return add_dir(r, path, 0, err);
    r->total += (uint64_t)st.st_size;
    return push_path(r, path, strlen(path), err);
}

/* ---- buffered input ---------------------------------------------------- */

/* Read more bytes at the end of the buffer; false at EOF or error. */
static kh_status fill(kh_reader *r, kh_error *err)
{
    if (r->eof)
        return KH_OK;
    if (r->start > 0 && (r->end == r->cap || r->start > r->cap / 2)) {
        memmove(r->buf, r->buf + r->start, r->end - r->start);
        r->end -= r->start;
        r->scan -= r->start;
        r->start = 0;
    }
    if (r->end == r->cap) {
        size_t lim = r->opts.max_line_bytes + 2;
        size_t ncap = r->cap ? r->cap * 2 : 65536 * 2;
        if (ncap > lim && r->cap < lim)
            ncap = lim;
        if (ncap <= r->cap)
            return KH_ETOOBIG;
        char *p = kh_realloc(r->buf, ncap);
        if (p == NULL)
            return kh_error_set(err, KH_ENOMEM, "out of memory");
        r->buf = p;
        r->cap = ncap;
    }
    for (;;) {
        ssize_t n = read(r->fd, r->buf + r->end, r->cap - r->end);
        if (n > 0) {
            r->end += (size_t)n;
            r->done += (uint64_t)n;
            return KH_OK;
        }
        if (n == 0) {
            r->eof = true;
            return KH_OK;
        }
        if (errno == EINTR)
            continue;
        int e = errno;
        r->eof = true;
        kh_error_at(err, KH_EIO, r->name, r->lineno, 0, "%s", strerror(e));
        if (err)
            err->sys_errno = e;
        return KH_EIO;
    }
}

/* Next line (without its newline) in line and len.  Returns 1, 0 at EOF,
 * KH_ETOOBIG for a line over the limit (skipped), or an error. */
static kh_status get_line(kh_reader *r, const char **line, size_t *len,
                          kh_error *err)
{
    kh_status rc;

    for (;;) {
        char *nl = memchr(r->buf + r->scan, '\n', r->end - r->scan);
        if (nl) {
            size_t s = r->start, e = (size_t)(nl - r->buf);
            r->start = r->scan = e + 1;
            r->lineno++;
            if (r->skipping || e - s > r->opts.max_line_bytes) {
                r->skipping = false;
                return kh_error_at(err, KH_ETOOBIG, r->name, r->lineno, 1,
                                   "record longer than %zu bytes "
                                   "(--max-line-bytes), skipped",
                                   r->opts.max_line_bytes);
            }
            *line = r->buf + s;
            *len = e - s;
            return 1;
        }
        r->scan = r->end;
        if (r->end - r->start > r->opts.max_line_bytes) {
            /* drop what we have and keep skipping to the newline */
            r->skipping = true;
            r->start = r->scan = r->end = 0;
        }
        if (r->eof) {
            if (r->end > r->start || r->skipping) {
                size_t s = r->start;
                r->lineno++;
                r->start = r->scan = r->end;
                if (r->skipping) {
                    r->skipping = false;
                    return kh_error_at(err, KH_ETOOBIG, r->name, r->lineno,
                                       1,
                                       "record longer than %zu bytes "
                                       "(--max-line-bytes), skipped",
                                       r->opts.max_line_bytes);
                }
                *line = r->buf + s;
                *len = r->end - s;
                return 1;
            }
            return 0;
        }
        if ((rc = fill(r, err)) < 0)
            return rc;
    }
}

/* ---- opening and detecting --------------------------------------------- */

static bool icontains(const char *s, size_t len, const char *p)
{
    size_t n = strlen(p);
    for (size_t i = 0; i + n <= len; i++) {
        size_t k;
        for (k = 0; k < n; k++) {
            int c = (unsigned char)s[i + k];
            if (c >= 'A' && c <= 'Z')
                c += 32;
            if (c != (unsigned char)p[k])
                break;
        }
        if (k == n)
            return true;
    }
    return false;
}

static kh_format detect(const char *s, size_t len, bool *binary)
{
    size_t i = 0;

    if (s == NULL) {
        *binary = false;
        return KH_FORMAT_TEXT;
    }
    size_t probe = len < 8192 ? len : 8192;
    *binary = probe > 0 && memchr(s, 0, probe) != NULL;
    if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' ||
                       s[i] == '\t'))
        i++;
    if (i < len && s[i] == '{')
        return KH_FORMAT_JSONL;
    if (i < len && s[i] == '<') {
        if (icontains(s + i, len - i, "<sentences") ||
            icontains(s + i, len - i, "<sentence ") ||
            icontains(s + i, len - i, "<validation"))
            return KH_FORMAT_PETRARCH_XML;
        return KH_FORMAT_HTML;
    }
    if (icontains(s + i, len - i < 2048 ? len - i : 2048, "<html") ||
        icontains(s + i, len - i < 2048 ? len - i : 2048, "<!doctype html"))
        return KH_FORMAT_HTML;
    return KH_FORMAT_TEXT;
}

static kh_status open_next(kh_reader *r, kh_error *err)
{
    const char *path = r->paths[r->next_path++];
    kh_status rc;

    r->start = r->end = r->scan = 0;
    r->eof = r->skipping = false;
    r->lineno = 0;
    r->xml_at = 0;
    r->xml_line = 1;
    r->xml_eof = false;
    kh_buf_reset(&r->rec);
    if (strcmp(path, "-") == 0) {
        r->fd = 0;
        r->name = kh_strndup("<stdin>", 7);
    } else {
        r->fd = open(path, O_RDONLY | O_CLOEXEC);
        if (r->fd < 0) {
            int e = errno;
            kh_error_at(err, e == ENOENT ? KH_ENOTFOUND : KH_EIO, path, 0,
                        0, "%s", strerror(e));
            if (err)
                err->sys_errno = e;
            r->fd = -1;
            return e == ENOENT ? KH_ENOTFOUND : KH_EIO;
        }
        r->name = kh_strndup(path, strlen(path));
    }
    r->open = true;
    if (r->name == NULL)
        return kh_error_set(err, KH_ENOMEM, "out of memory");
    while (!r->eof && r->end - r->start < PEEK_BYTES) {
        size_t before = r->end;
        if ((rc = fill(r, err)) < 0) {
            close_input(r);
            return rc;
        }
        if (r->end == before && !r->eof)
            break;
        if (r->end == r->cap)
            break;
    }
    /* a byte order mark is not text */
    if (r->end - r->start >= 3 && memcmp(r->buf + r->start, "\xEF\xBB\xBF", 3) == 0)
        r->start = r->scan = r->start + 3;
    bool binary;
    r->fmt = detect(r->buf ? r->buf + r->start : NULL, r->end - r->start,
                    &binary);
    if (r->opts.format != KH_FORMAT_AUTO) {
        r->fmt = r->opts.format;
    } else if (binary) {
        rc = kh_error_at(err, KH_EPARSE, r->name, 0, 0,
                         "binary file (NUL bytes), skipped; use "
                         "--input-format to read it anyway");
        close_input(r);
        return rc;
    }
    return KH_OK;
}

/* ---- records ----------------------------------------------------------- */

static void new_doc(kh_reader *r)
{
    kh_arena_reset(&r->mem);
    memset(&r->doc, 0, sizeof(r->doc));
    /* a copy: the input's name is freed when the input closes, before the
     * caller is done with the document */
    r->doc.origin = kh_arena_strndup(&r->mem, r->name, strlen(r->name));
    if (r->doc.origin == NULL)
        r->doc.origin = "";
    r->doc.format = r->fmt;
    r->doc.date = r->opts.date;
}

static kh_status analyze(kh_reader *r, const char *text, size_t len,
                         kh_error *err)
{
    unsigned flags = r->opts.flags;
    kh_status rc;

    if (r->fmt == KH_FORMAT_HTML)
        flags |= KH_ANALYZE_HTML;
    rc = kh_analyzer_run(r->an, &r->doc, text, len, flags, err);
    if (rc < 0 && err) {
        /* the analyzer knows what went wrong, the reader knows where */
        snprintf(err->source, sizeof(err->source), "%s", r->name);
        err->line = r->doc.origin_line;
        err->col = 0;
    }
    return rc;
}

static kh_status whole_file(kh_reader *r, kh_error *err)
{
    kh_status rc;

    kh_buf_reset(&r->rec);
    for (;;) {
        size_t n = r->end - r->start;
        if (r->rec.len + n > r->opts.max_doc_bytes) {
            /* drain the rest so byte counts stay right, then report */
            while (!r->eof) {
                r->start = r->scan = r->end = 0;
                if (fill(r, err) < 0)
                    break;
            }
            close_input(r);
            return kh_error_at(err, KH_ETOOBIG, r->paths[r->next_path - 1],
                               0, 0,
                               "document larger than %zu bytes "
                               "(--max-doc-bytes), skipped",
                               r->opts.max_doc_bytes);
        }
        kh_buf_put(&r->rec, r->buf + r->start, n);
        r->start = r->scan = r->end = 0;
        if (r->eof)
            break;
        if ((rc = fill(r, err)) < 0) {
            close_input(r);
            return rc;
        }
    }
    if (kh_buf_status(&r->rec) < 0) {
        close_input(r);
        return kh_error_set(err, KH_ENOMEM, "out of memory");
    }
    new_doc(r);
    r->doc.origin_line = 1;
    r->doc.id = kh_arena_strndup(&r->mem, r->name, strlen(r->name));
    rc = analyze(r, r->rec.ptr ? r->rec.ptr : "", r->rec.len, err);
    close_input(r);
    return rc < 0 ? rc : 1;
}

static size_t col_of(const char *line, size_t off)
{
    return kh_utf8_count(line, off) + 1;
}

static const char *mem_str(kh_reader *r, const kh_json_member *m)
{
    return kh_arena_strndup(&r->mem, m->str, m->str_len);
}

static kh_status jsonl_record(kh_reader *r, const char *line, size_t len,
                              kh_error *err)
{
    kh_json_member *m;
    size_t n, off;
    const char *msg;
    const char *text = NULL;
    size_t text_len = 0;
    kh_status rc;

    new_doc(r);
    r->doc.origin_line = r->lineno;
    rc = kh_json__parse_object(&r->mem, line, len, &m, &n, &off, &msg);
    if (rc == KH_ENOMEM)
        return kh_error_set(err, rc, "out of memory");
    if (rc < 0)
        return kh_error_at(err, KH_EPARSE, r->name, r->lineno,
                           col_of(line, off), "%s", msg);
    kh_buf_reset(&r->meta);
    for (size_t i = 0; i < n; i++) {
        const kh_json_member *mm = &m[i];
        const char *k = mm->key;
        bool str = mm->type == KH_JSON_STRING;
        bool null = mm->type == KH_JSON_NULL;
#define WANT_STRING(field)                                                     \
    do {                                                                       \
        if (null)                                                              \
            break;                                                             \
        if (!str)                                                              \
            return kh_error_at(err, KH_EPARSE, r->name, r->lineno,             \
                               col_of(line, mm->val_off),                      \
                               "\"%s\" must be a string", k);                  \
        r->doc.field = mem_str(r, mm);                                         \
    } while (0)
        if (strcmp(k, "text") == 0) {
            if (!str)
                return kh_error_at(err, KH_EPARSE, r->name, r->lineno,
                                   col_of(line, mm->val_off),
                                   "\"text\" must be a string");
            text = mm->str;
            text_len = mm->str_len;
        } else if (strcmp(k, "id") == 0) {
            if (mm->type == KH_JSON_NUMBER)
                r->doc.id = kh_arena_strndup(&r->mem, mm->raw, mm->raw_len);
            else
                WANT_STRING(id);
        } else if (strcmp(k, "title") == 0) {
            WANT_STRING(title);
        } else if (strcmp(k, "url") == 0) {
            WANT_STRING(url);
        } else if (strcmp(k, "source") == 0) {
            WANT_STRING(source);
        } else if (strcmp(k, "date") == 0) {
            const char *ds = str ? mm->str : mm->raw;
            size_t dl = str ? mm->str_len : mm->raw_len;
            int32_t d;
            if (null)
                continue;
            if ((!str && mm->type != KH_JSON_NUMBER) ||
                kh_date_parse(&d, ds, dl) < 0)
                return kh_error_at(err, KH_EPARSE, r->name, r->lineno,
                                   col_of(line, mm->val_off),
                                   "bad date %.*s%s (want YYYY-MM-DD or "
                                   "YYYYMMDD)",
                                   (int)(mm->raw_len > 40 ? 40 : mm->raw_len),
                                   mm->raw, mm->raw_len > 40 ? "..." : "");
            r->doc.date = d;
            r->doc.date_text = kh_arena_strndup(&r->mem, ds, dl);
        } else {
            kh_buf_putc(&r->meta, r->meta.len ? ',' : '{');
            kh_buf_put_json_str(&r->meta, mm->key, mm->key_len);
            kh_buf_putc(&r->meta, ':');
            kh_buf_put(&r->meta, mm->raw, mm->raw_len);
        }
#undef WANT_STRING
    }
    if (text == NULL)
        return kh_error_at(err, KH_EPARSE, r->name, r->lineno, 1,
                           "missing \"text\"");
    if (r->meta.len) {
        kh_buf_putc(&r->meta, '}');
        if (kh_buf_status(&r->meta) < 0)
            return kh_error_set(err, KH_ENOMEM, "out of memory");
        r->doc.meta = r->meta.ptr;
        r->doc.meta_len = r->meta.len;
    }
    if (r->doc.id == NULL) {
        char tmp[32];
        snprintf(tmp, sizeof(tmp), ":%zu", r->lineno);
        kh_buf b = KH_BUF_INIT(0);
        kh_buf_puts(&b, r->name);
        kh_buf_puts(&b, tmp);
        r->doc.id = kh_arena_strndup(&r->mem, kh_buf_cstr(&b), b.len);
        kh_buf_dispose(&b);
    }
    rc = analyze(r, text, text_len, err);
    return rc < 0 ? rc : 1;
}

/* ---- PETRARCH XML ------------------------------------------------------ */

static const char *find_ci(const char *s, size_t len, const char *p)
{
    size_t n = strlen(p);
    for (size_t i = 0; i + n <= len; i++) {
        size_t k;
        for (k = 0; k < n; k++) {
            int c = (unsigned char)s[i + k];
            if (c >= 'A' && c <= 'Z')
                c += 32;
            if (c != (unsigned char)p[k])
                break;
        }
        if (k == n)
            return s + i;
    }
    return NULL;
}

/* Decode XML character references into the arena. */
static char *xml_text(kh_arena *a, const char *s, size_t len, size_t *outlen)
{
    char *o = kh_arena_alloc(a, len + 1);
    size_t n = 0;

    if (o == NULL)
        return NULL;
    for (size_t i = 0; i < len;) {
        if (s[i] != '&') {
            o[n++] = s[i++];
            continue;
        }
        static const struct {
            const char *e;
            char c;
        } ent[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'},
                   {"&quot;", '"'}, {"&apos;", '\''}};
        bool done = false;
        for (size_t k = 0; k < 5 && !done; k++) {
            size_t el = strlen(ent[k].e);
            if (len - i >= el && memcmp(s + i, ent[k].e, el) == 0) {
                o[n++] = ent[k].c;
                i += el;
                done = true;
            }
        }
        if (!done && len - i >= 4 && s[i + 1] == '#') {
            size_t j = i + 2;
            bool hex = j < len && (s[j] == 'x' || s[j] == 'X');
            int32_t v = 0;
            size_t digits = 0;
            if (hex)
                j++;
            for (; j < len && digits < 7; j++, digits++) {
                int c = (unsigned char)s[j], d;
                if (c >= '0' && c <= '9')
                    d = c - '0';
                else if (hex && ((c | 32) >= 'a' && (c | 32) <= 'f'))
                    d = (c | 32) - 'a' + 10;
                else
                    break;
                v = v * (hex ? 16 : 10) + d;
            }
            if (digits > 0 && j < len && s[j] == ';' &&
                (size_t)kh_utf8_encode(v, o + n) <= j + 1 - i) {
                n += (size_t)kh_utf8_encode(v, o + n);
                i = j + 1;
                done = true;
            }
        }
        if (!done)
            o[n++] = s[i++];
    }
    o[n] = '\0';
    *outlen = n;
    return o;
}

/* Value of attribute `name` in tag[0..len), decoded, or NULL; *voff is the
 * value's offset in tag. */
static const char *attr(kh_arena *a, const char *tag, size_t len,
                        const char *name, size_t *voff)
{
    size_t nl = strlen(name);
    for (size_t i = 0; i + nl + 2 < len; i++) {
        if ((i == 0 || tag[i - 1] == ' ' || tag[i - 1] == '\t' ||
             tag[i - 1] == '\n') &&
            memcmp(tag + i, name, nl) == 0 && tag[i + nl] == '=' &&
            (tag[i + nl + 1] == '"' || tag[i + nl + 1] == '\'')) {
            char q = tag[i + nl + 1];
            const char *v = tag + i + nl + 2;
            const char *e = memchr(v, q, len - (size_t)(v - tag));
            if (e == NULL)
                return NULL;
            size_t ol;
            if (voff)
                *voff = (size_t)(v - tag) - 1; /* the quote, as in JSONL */
            return xml_text(a, v, (size_t)(e - v), &ol);
        }
    }
    return NULL;
}

/* Line and column (code points) of byte `off` of the XML buffer. */
static void xml_pos(const kh_reader *r, size_t off, size_t *line, size_t *col)
{
    const char *s = r->rec.ptr;
    size_t l = r->xml_line, bol = 0;

    for (size_t i = 0; i < off; i++)
        if (s[i] == '\n') {
            l++;
            bol = i + 1;
        }
    *line = l;
    *col = kh_utf8_count(s + bol, off - bol) + 1;
}

static kh_status xml_error(kh_reader *r, size_t off, kh_error *err,
                           const char *msg)
{
    size_t line, col;
    xml_pos(r, off, &line, &col);
    return kh_error_at(err, KH_EPARSE, r->name, line, col, "%s", msg);
}

/* One <Sentence ...>...</Sentence> element at rec[t..end). */
static kh_status xml_record(kh_reader *r, size_t t, size_t end,
                            kh_error *err)
{
    const char *s = r->rec.ptr;
    const char *open = s + t;
    const char *gt = memchr(open, '>', end - t);
    size_t line, col, voff = 0;
    kh_status rc;

    new_doc(r);
    xml_pos(r, t, &line, &col);
    r->doc.origin_line = line;
    if (gt == NULL)
        return xml_error(r, t, err, "malformed <Sentence> tag");
    size_t taglen = (size_t)(gt - open);
    r->doc.id = attr(&r->mem, open, taglen, "id", NULL);
    const char *date = attr(&r->mem, open, taglen, "date", &voff);
    if (date) {
        int32_t d;
        if (kh_date_parse(&d, date, strlen(date)) < 0) {
            char msg[96];
            snprintf(msg, sizeof(msg),
                     "bad date \"%.20s\" (want YYYYMMDD or YYYY-MM-DD)", date);
            return xml_error(r, t + voff, err, msg);
        }
        r->doc.date = d;
        r->doc.date_text = date;
    }
    r->doc.source = attr(&r->mem, open, taglen, "source", NULL);
    const char *rest = gt + 1;
    size_t rlen = (size_t)(s + end - rest);
    const char *t0 = find_ci(rest, rlen, "<text>");
    const char *t1 = t0 ? find_ci(t0, rlen - (size_t)(t0 - rest), "</text>")
                        : NULL;
    if (t0 == NULL || t1 == NULL)
        return xml_error(r, t, err, "<Sentence> without <Text>...</Text>");
    size_t tl;
    char *text = xml_text(&r->mem, t0 + 6, (size_t)(t1 - t0 - 6), &tl);
    if (text == NULL)
        return kh_error_set(err, KH_ENOMEM, "out of memory");
    if (r->doc.id == NULL) {
        char tmp[32];
        snprintf(tmp, sizeof(tmp), "line-%zu", line);
        r->doc.id = kh_arena_strndup(&r->mem, tmp, strlen(tmp));
    }
    rc = analyze(r, text, tl, err);
    return rc < 0 ? rc : 1;
}

/* The next "<Sentence" start tag (not "<Sentences") at or after `from`. */
static size_t find_sentence_tag(const char *s, size_t len, size_t from)
{
    while (from < len) {
        const char *o = find_ci(s + from, len - from, "<sentence");
        if (o == NULL)
            return (size_t)-1;
        size_t at = (size_t)(o - s);
        char c = at + 9 < len ? s[at + 9] : '\0';
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '>')
            return at;
        from = at + 9;
    }
    return (size_t)-1;
}

/* PETRARCH XML as a stream: comments skipped wherever they are, any number
 * of elements per line, tags split over lines, a missing end tag reported
 * without losing the next element. */
static kh_status next_xml(kh_reader *r, kh_error *err)
{
    const char *line;
    size_t len;
    kh_status rc;

    /* drop what earlier calls consumed */
    if (r->xml_at > 0 && (r->xml_at > 65536 || r->xml_at * 2 > r->rec.len)) {
        for (size_t i = 0; i < r->xml_at; i++)
            if (r->rec.ptr[i] == '\n')
                r->xml_line++;
        memmove(r->rec.ptr, r->rec.ptr + r->xml_at, r->rec.len - r->xml_at);
        r->rec.len -= r->xml_at;
        r->xml_at = 0;
    }
    for (;;) {
        const char *s = r->rec.ptr ? r->rec.ptr : "";
        size_t n = r->rec.len, p = r->xml_at;
        const char *c = find_ci(s + p, n - p, "<!--");
        size_t ci = c ? (size_t)(c - s) : (size_t)-1;
        size_t t = find_sentence_tag(s, n, p);
        if (ci != (size_t)-1 && ci < t) {
            const char *e = find_ci(s + ci + 4, n - ci - 4, "-->");
            if (e) {
                r->xml_at = (size_t)(e - s) + 3;
                continue;
            }
            if (r->xml_eof) {
                r->xml_at = n;
                close_input(r);
                return 0;
            }
        } else if (t != (size_t)-1) {
            const char *cl = find_ci(s + t, n - t, "</sentence>");
            size_t close = cl ? (size_t)(cl - s) : (size_t)-1;
            size_t next = find_sentence_tag(s, n, t + 9);
            if (next != (size_t)-1 && (close == (size_t)-1 || next < close)) {
                r->xml_at = next;
                return xml_error(r, t, err, "unterminated <Sentence>");
            }
            if (close != (size_t)-1) {
                r->xml_at = close + 11;
                return xml_record(r, t, close + 11, err);
            }
            if (r->xml_eof) {
                r->xml_at = n;
                rc = xml_error(r, t, err, "unterminated <Sentence>");
                close_input(r);
                return rc;
            }
        } else if (r->xml_eof) {
            r->xml_at = n;
            close_input(r);
            return 0;
        }
        /* need more input */
        rc = get_line(r, &line, &len, err);
        if (rc < 0)
            return rc;
        if (rc == 0) {
            r->xml_eof = true;
            continue;
        }
        if (r->rec.len - r->xml_at + len > r->opts.max_line_bytes) {
            size_t l, col;
            xml_pos(r, r->xml_at, &l, &col);
            for (size_t i = 0; i < r->rec.len; i++)
                if (r->rec.ptr[i] == '\n')
                    r->xml_line++;
            r->xml_line++; /* the line just read */
            kh_buf_reset(&r->rec);
            r->xml_at = 0;
            return kh_error_at(err, KH_ETOOBIG, r->name, l, col,
                               "XML record longer than %zu bytes "
                               "(--max-line-bytes), skipped",
                               r->opts.max_line_bytes);
        }
        kh_buf_put(&r->rec, line, len);
        kh_buf_putc(&r->rec, '\n');
        if (kh_buf_status(&r->rec) < 0)
            return kh_error_set(err, KH_ENOMEM, "out of memory");
    }
}

kh_status kh_reader_next(kh_reader *r, const kh_doc **out, kh_error *err)
{
    kh_status rc;

    *out = NULL;
    for (;;) {
        if (!r->open) {
            if (r->next_path >= r->npaths)
                return 0;
            if ((rc = open_next(r, err)) < 0)
                return rc;
        }
        switch (r->fmt) {
        case KH_FORMAT_JSONL: {
            const char *line;
            size_t len;
            rc = get_line(r, &line, &len, err);
            if (rc < 0) {
                if (rc != KH_ETOOBIG)
                    close_input(r);
                return rc;
            }
            if (rc == 0) {
                close_input(r);
                continue;
            }
            size_t k = 0;
            while (k < len && (line[k] == ' ' || line[k] == '\t' ||
                               line[k] == '\r'))
                k++;
            if (k == len)
                continue;
            rc = jsonl_record(r, line, len, err);
            break;
        }
        case KH_FORMAT_PETRARCH_XML:
            rc = next_xml(r, err);
            if (rc == 0)
                continue;
            break;
        default:
            rc = whole_file(r, err);
            break;
        }
        if (rc == 1)
            *out = &r->doc;
        return rc;
    }
}
