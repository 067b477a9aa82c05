/* khaldun/reader.h - documents from files, directories and stdin.
 *
 * A reader takes paths (files, directories read recursively in byte order of
 * their names, "-" for stdin), detects each input's format from its content
 * (JSON Lines, PETRARCH XML, HTML, else plain text) unless one is forced, and
 * hands out one analysed kh_doc at a time.  Memory is constant per document:
 * JSONL and XML are streamed record by record. */
#ifndef KH_READER_H
#define KH_READER_H

#include <stdint.h>
#include "khaldun/common.h"
#include "khaldun/doc.h"

typedef struct kh_reader kh_reader;

typedef struct kh_reader_options {
    unsigned version;      /* KH_READER_OPTIONS_VERSION */
    kh_format format;      /* KH_FORMAT_AUTO to detect per input */
    int32_t date;          /* yyyymmdd for documents without a date; 0 */
    size_t max_doc_bytes;  /* 0 = KH_DEFAULT_MAX_DOC_BYTES */
    size_t max_line_bytes; /* JSONL/XML record; 0 = KH_DEFAULT_MAX_LINE_BYTES */
    size_t max_tokens;     /* 0 = KH_DEFAULT_MAX_TOKENS */
    unsigned flags;        /* KH_ANALYZE_* passed to the analyzer */
} kh_reader_options;
#define KH_READER_OPTIONS_VERSION 1
#define KH_READER_OPTIONS_INIT                                                 \
    { KH_READER_OPTIONS_VERSION, KH_FORMAT_AUTO, 0, 0, 0, 0, 0 }

/* Create a reader.  *out is released with kh_reader_free().  Errors:
 * KH_ENOMEM, KH_EUSAGE.  Not thread-safe; use one reader per thread. */
KH_API KH_NODISCARD kh_status kh_reader_new(kh_reader **out,
                                            const kh_reader_options *opts,
                                            kh_error *err);
KH_API void kh_reader_free(kh_reader *r);

/* Queue a path: a file, a directory (recursive; hidden entries skipped) or
 * "-" for standard input.  Errors: KH_ENOTFOUND, KH_EIO (with errno), in
 * which case nothing is queued and the reader stays usable. */
KH_API KH_NODISCARD kh_status kh_reader_add(kh_reader *r, const char *path,
                                            kh_error *err);

/* The next document.  Returns 1 and sets *out (borrowed; valid until the
 * next call or kh_reader_free()), 0 at the end of all inputs, or a negative
 * code with `err` set (source, line, column) for a record or file that was
 * skipped: the caller reports it and calls again to go on.  Only KH_ENOMEM
 * means the reader cannot go on. */
KH_API KH_NODISCARD kh_status kh_reader_next(kh_reader *r, const kh_doc **out,
                                             kh_error *err);

/* Bytes of input consumed so far and in total (0 when unknown, e.g. stdin),
 * for progress reports. */
KH_API uint64_t kh_reader_bytes_done(const kh_reader *r);
KH_API uint64_t kh_reader_bytes_total(const kh_reader *r);

/* Name of a format ("text", "jsonl", "petrarch-xml", "html", "auto"), and
 * the reverse (KH_EUSAGE for an unknown name). */
KH_API const char *kh_format_name(kh_format f);
KH_API KH_NODISCARD kh_status kh_format_from_name(kh_format *out,
                                                  const char *name);

#endif
