/* json.h - a small strict JSON reader for one object per line (JSON Lines)
 * and for tests that parse our own output back.  Strings are decoded into an
 * arena; nested values are validated and kept as raw text. */
#ifndef KH_JSON_H
#define KH_JSON_H

#include <stddef.h>
#include "khaldun/common.h"
#include "arena.h"

enum { KH_JSON_NULL = 1, KH_JSON_FALSE, KH_JSON_TRUE, KH_JSON_NUMBER,
       KH_JSON_STRING, KH_JSON_ARRAY, KH_JSON_OBJECT };

typedef struct kh_json_member {
    const char *key;   /* decoded, NUL-terminated */
    size_t key_len;
    int type;          /* KH_JSON_* */
    const char *str;   /* decoded string value (KH_JSON_STRING), else NULL */
    size_t str_len;
    const char *raw;   /* the value's JSON text in the input */
    size_t raw_len;
    size_t key_off;    /* byte offset of the key in the input */
    size_t val_off;    /* byte offset of the value in the input */
} kh_json_member;

#define KH_JSON_MAX_DEPTH 512

/* Parse s[0..len) as exactly one JSON object (whitespace around allowed).
 * On success *members (arena) and *count hold the top-level members in
 * order.  On KH_EPARSE, *err_off is the byte offset of the problem and
 * *err_msg a static message.  KH_ENOMEM when the arena fails. */
kh_status kh_json__parse_object(kh_arena *a, const char *s, size_t len,
                                kh_json_member **members, size_t *count,
                                size_t *err_off, const char **err_msg);

/* Validate any single JSON value in s[0..len); same error reporting. */
kh_status kh_json__validate(const char *s, size_t len, size_t *err_off,
                            const char **err_msg);

#endif
