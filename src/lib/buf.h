/* buf.h - growable byte buffer with a hard cap and a sticky error (after
 * SQLite's StrAccum and curl's dynbuf): many appends, one check at the end.
 * Also the locale-free number and JSON-string formatters every writer uses. */
#ifndef KH_BUF_H
#define KH_BUF_H

#include <stddef.h>
#include <stdint.h>
#include "khaldun/common.h"

typedef struct kh_buf {
    char *ptr;
    size_t len, cap, max; /* max: never grow past this; 0 = no cap */
    kh_status err;        /* first failure; after it appends are no-ops */
} kh_buf;

#define KH_BUF_INIT(max) { NULL, 0, 0, (max), KH_OK }

void kh_buf_init(kh_buf *b, size_t max);
void kh_buf_dispose(kh_buf *b);
void kh_buf_reset(kh_buf *b); /* len = 0, err cleared, memory kept */
kh_status kh_buf_status(const kh_buf *b);
/* Make room for `n` more bytes; returns a pointer to them or NULL. */
char *kh_buf_reserve(kh_buf *b, size_t n);
void kh_buf_put(kh_buf *b, const char *s, size_t len);
void kh_buf_puts(kh_buf *b, const char *s);
void kh_buf_putc(kh_buf *b, char c);
void kh_buf_put_i64(kh_buf *b, int64_t v);
void kh_buf_put_u64(kh_buf *b, uint64_t v);
/* Fixed-point, at most `decimals` (<= 9) fractional digits, trailing zeros
 * trimmed but at least one kept ("-10.0", "34.37").  Non-finite -> null. */
void kh_buf_put_double(kh_buf *b, double v, int decimals);
/* A JSON string with quotes.  Invalid UTF-8 is written as U+FFFD so the
 * output is always valid JSON. */
void kh_buf_put_json_str(kh_buf *b, const char *s, size_t len);
/* NUL-terminate without counting the NUL in len. */
const char *kh_buf_cstr(kh_buf *b);

#endif
