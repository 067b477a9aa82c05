/* khaldun/common.h - status codes, the error record and export macros shared
 * by every public header.  Nothing here allocates. */
#ifndef KH_COMMON_H
#define KH_COMMON_H

#include <stddef.h>

#if defined(__GNUC__) && __GNUC__ >= 4
#define KH_API __attribute__((visibility("default")))
#define KH_NODISCARD __attribute__((warn_unused_result))
#define KH_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define KH_API
#define KH_NODISCARD
#define KH_PRINTF(f, a)
#endif

#define KH_VERSION_STRING "0.1.0"

/* 0 is success; every failure is negative.  Only the few failures a caller
 * is expected to act on have names of their own. */
typedef int kh_status;
#define KH_OK 0
#define KH_ERR (-1)       /* anything not listed below */
#define KH_ENOMEM (-2)    /* an allocation failed */
#define KH_ENOTFOUND (-3) /* a file or key does not exist */
#define KH_EPARSE (-4)    /* malformed input; position in kh_error */
#define KH_EIO (-5)       /* read or write failed; errno in kh_error */
#define KH_ETOOBIG (-6)   /* input exceeds a configured limit */
#define KH_EUSAGE (-7)    /* bad option or argument value */

/* Details of the last failure of one call.  The caller owns the struct and
 * passes it (or NULL) to each fallible function, which fills it where the
 * problem is detected.  There is no global "last error". */
typedef struct kh_error {
    kh_status code;
    int sys_errno;    /* 0 unless code == KH_EIO */
    char source[256]; /* file name or "<stdin>"; "" if none */
    size_t line, col; /* 1-based line and column (code points); 0 = unknown */
    size_t offset;    /* byte offset in the source */
    char msg[256];    /* one line, lower case, no final period */
} kh_error;

/* Static text for a status code ("out of memory", ...).  Never NULL. */
KH_API const char *kh_status_str(kh_status code);

/* Reset `err` to "no error".  NULL is a no-op. */
KH_API void kh_error_clear(kh_error *err);

/* Fill `err` (if not NULL) and return `code`.  Library-internal callers use
 * these; they are public so that embedders' callbacks can report the same
 * way. */
KH_API kh_status kh_error_set(kh_error *err, kh_status code, const char *fmt,
                              ...) KH_PRINTF(3, 4);
KH_API kh_status kh_error_at(kh_error *err, kh_status code, const char *source,
                             size_t line, size_t col, const char *fmt, ...)
    KH_PRINTF(6, 7);

#endif
