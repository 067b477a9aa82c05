/* error.c - status strings and kh_error filling. */
#include "khaldun/common.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *kh_status_str(kh_status code)
{
    switch (code) {
    case KH_OK: return "ok";
    case KH_ENOMEM: return "out of memory";
    case KH_ENOTFOUND: return "not found";
    case KH_EPARSE: return "malformed input";
    case KH_EIO: return "input/output error";
    case KH_ETOOBIG: return "input exceeds a limit";
    case KH_EUSAGE: return "bad usage";
    default: return "error";
    }
}

void kh_error_clear(kh_error *err)
{
    if (err)
        memset(err, 0, sizeof(*err));
}

static void vfill(kh_error *err, kh_status code, const char *fmt, va_list ap)
{
    err->code = code;
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
}

kh_status kh_error_set(kh_error *err, kh_status code, const char *fmt, ...)
{
    va_list ap;

    if (err == NULL)
        return code;
    va_start(ap, fmt);
    vfill(err, code, fmt, ap);
    va_end(ap);
    return code;
}

kh_status kh_error_at(kh_error *err, kh_status code, const char *source,
                      size_t line, size_t col, const char *fmt, ...)
{
    va_list ap;

    if (err == NULL)
        return code;
    va_start(ap, fmt);
    vfill(err, code, fmt, ap);
    va_end(ap);
    if (source)
        snprintf(err->source, sizeof(err->source), "%s", source);
    err->line = line;
    err->col = col;
    return code;
}
