/* fuzz_reader.c - arbitrary bytes as an input file, read through kh_reader
 * with format detection and with each format forced, at default limits and
 * at tiny ones (so the record-skipping paths run).  Every document must
 * satisfy fz_check_doc(); every error must be reported in kh_error; the
 * reader must make progress and free everything. */
#include "fuzz.h"
#include "khaldun/reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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

    fz_file_make(&f, data, size);
    read_all(f.path, size, KH_FORMAT_AUTO, false);
    for (size_t i = 0; i < sizeof(forced) / sizeof(forced[0]); i++)
        read_all(f.path, size, forced[i], false);
    read_all(f.path, size, KH_FORMAT_AUTO, true);
    read_all(f.path, size, KH_FORMAT_JSONL, true);
    read_all(f.path, size, KH_FORMAT_PETRARCH_XML, true);
    fz_file_drop(&f);
    return 0;
}
