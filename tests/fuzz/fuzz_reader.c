/* fuzz_reader.c - arbitrary bytes as an input file, read through kh_reader
 * with format detection and with each format forced, at default limits and
 * at tiny ones (so the record-skipping paths run).  Every document must
 * satisfy fz_check_doc(); every error must be reported in kh_error; the
 * reader must make progress and free everything. */
#include "fuzz.h"
#include "khaldun/reader.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct fz_file {
    char path[64];
    int fd;       /* memfd kept open while the reader uses its path */
    bool unlink;  /* a temporary file to remove afterwards */
} fz_file;

static bool write_all(int fd, const uint8_t *data, size_t size)
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

/* The bytes as a file with a path: a memfd seen through /proc/self/fd, or
 * a temporary file where memfds or /proc are missing. */
static void make_file(fz_file *f, const uint8_t *data, size_t size)
{
    f->fd = memfd_create("kh-fuzz", MFD_CLOEXEC);
    f->unlink = false;
    if (f->fd >= 0) {
        snprintf(f->path, sizeof(f->path), "/proc/self/fd/%d", f->fd);
        if (write_all(f->fd, data, size) && access(f->path, R_OK) == 0)
            return;
        close(f->fd);
    }
    const char *tmp = getenv("TMPDIR");
    if (tmp == NULL || strlen(tmp) > 40)
        tmp = "/tmp";
    snprintf(f->path, sizeof(f->path), "%s/kh-fuzz-XXXXXX", tmp);
    f->fd = mkstemp(f->path);
    FZ_CHECK(f->fd >= 0);
    FZ_CHECK(write_all(f->fd, data, size));
    close(f->fd);
    f->fd = -1;
    f->unlink = true;
}

static void drop_file(fz_file *f)
{
    if (f->fd >= 0)
        close(f->fd);
    if (f->unlink)
        unlink(f->path);
}

static void read_all(const char *path, size_t size, kh_format fmt,
                     bool tiny)
{
    kh_reader_options o = KH_READER_OPTIONS_INIT;
    kh_reader *r = NULL;
    kh_error err;
    const kh_doc *doc;

    o.format = fmt;
    if (tiny) {
        o.max_doc_bytes = 96;
        o.max_line_bytes = 40;
        o.max_tokens = 12;
    }
    FZ_CHECK(kh_reader_new(&r, &o, &err) == KH_OK);
    FZ_CHECK(kh_reader_add(r, path, &err) == KH_OK);
    /* every call consumes at least one line or the whole file */
    const size_t limit = 2 * size + 16;
    size_t calls = 0;
    for (;;) {
        kh_error_clear(&err);
        const kh_status rc = kh_reader_next(r, &doc, &err);
        FZ_CHECK(++calls <= limit);
        if (rc == 0) {
            FZ_CHECK(doc == NULL);
            break;
        }
        if (rc < 0) {
            FZ_CHECK(doc == NULL);
            FZ_CHECK(err.code == rc);
            FZ_CHECK(err.msg[0] != '\0');
            if (rc == KH_ENOMEM)
                break;
            continue;
        }
        FZ_CHECK(rc == 1 && doc != NULL);
        if (fmt == KH_FORMAT_AUTO)
            FZ_CHECK(doc->format != KH_FORMAT_AUTO);
        else
            FZ_CHECK(doc->format == fmt);
        FZ_CHECK(doc->origin != NULL && doc->id != NULL);
        if (tiny) {
            FZ_CHECK(doc->token_count <= 12);
            fz_check_layers(doc);
        } else {
            fz_check_doc(doc);
        }
    }
    /* the end stays the end */
    FZ_CHECK(kh_reader_next(r, &doc, &err) == 0 && doc == NULL);
    FZ_CHECK(kh_reader_bytes_done(r) <= kh_reader_bytes_total(r));
    kh_reader_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const kh_format forced[] = {KH_FORMAT_TEXT, KH_FORMAT_JSONL,
                                       KH_FORMAT_PETRARCH_XML,
                                       KH_FORMAT_HTML};
    fz_file f;

    make_file(&f, data, size);
    read_all(f.path, size, KH_FORMAT_AUTO, false);
    for (size_t i = 0; i < sizeof(forced) / sizeof(forced[0]); i++)
        read_all(f.path, size, forced[i], false);
    read_all(f.path, size, KH_FORMAT_AUTO, true);
    read_all(f.path, size, KH_FORMAT_JSONL, true);
    read_all(f.path, size, KH_FORMAT_PETRARCH_XML, true);
    drop_file(&f);
    return 0;
}
