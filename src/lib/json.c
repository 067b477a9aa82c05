/* json.c - see json.h.  RFC 8259, strict: no comments, no trailing commas,
 * no control characters in strings, nesting limited to KH_JSON_MAX_DEPTH
 * (checked without recursion). */
#include "json.h"
#include "utf8.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define ONES 0x0101010101010101ull

typedef struct P {
    const char *s;
    size_t len, i;
    const char *msg;
} P;

static void ws(P *p)
{
    while (p->i < p->len && (p->s[p->i] == ' ' || p->s[p->i] == '\t' ||
                             p->s[p->i] == '\n' || p->s[p->i] == '\r'))
        p->i++;
}

static int fail(P *p, const char *msg)
{
    p->msg = msg;
    return -1;
}

static int hex4(const char *s, int32_t *v)
{
    *v = 0;
    for (int k = 0; k < 4; k++) {
        char c = s[k];
        int d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return -1;
        *v = *v * 16 + d;
    }
    return 0;
}

/* Scan a string at p->i (on the opening quote).  When `out` is not NULL
 * the decoded bytes are written there (room for the raw length suffices).
 * Runs of plain bytes are found and copied at once, with the position in
 * a local (a store through `out` may alias *p); p->i is where a failure
 * is. */
static int string(P *p, char *out, size_t *outlen)
{
    const char *s = p->s;
    size_t len = p->len, i = p->i + 1, n = 0;

    for (;;) {
        size_t j = i;
        /* eight bytes at a time while none is a quote, a backslash or a
         * control character (the "has a byte less than n" test, exact
         * for n <= 128) */
        while (j + 8 <= len) {
            uint64_t v;
            memcpy(&v, s + j, 8);
            uint64_t q = v ^ ONES * '"', b = v ^ ONES * '\\';
            if (((q - ONES) & ~q & ONES * 0x80) |
                ((b - ONES) & ~b & ONES * 0x80) |
                ((v - ONES * 0x20) & ~v & ONES * 0x80))
                break;
            j += 8;
        }
        while (j < len) {
            unsigned char c = (unsigned char)s[j];
            if (c == '"' || c == '\\' || c < 0x20)
                break;
            j++;
        }
        if (out && j > i)
            memcpy(out + n, s + i, j - i);
        n += j - i;
        i = j;
        if (i >= len) {
            p->i = i;
            return fail(p, "unterminated string");
        }
        unsigned char c = (unsigned char)s[i];
        if (c == '"') {
            i++;
            break;
        }
        if (c < 0x20) {
            p->i = i;
            return fail(p, "control character in string");
        }
        /* a backslash */
        if (i + 1 >= len) {
            p->i = i;
            return fail(p, "unterminated string");
        }
        char e = s[i + 1];
        char r = 0;
        switch (e) {
        case '"': r = '"'; break;
        case '\\': r = '\\'; break;
        case '/': r = '/'; break;
        case 'b': r = '\b'; break;
        case 'f': r = '\f'; break;
        case 'n': r = '\n'; break;
        case 'r': r = '\r'; break;
        case 't': r = '\t'; break;
        case 'u': {
            int32_t cp, lo;
            if (i + 6 > len || hex4(s + i + 2, &cp) < 0) {
                p->i = i;
                return fail(p, "bad \\u escape");
            }
            i += 6;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (i + 6 <= len && s[i] == '\\' && s[i + 1] == 'u' &&
                    hex4(s + i + 2, &lo) == 0 && lo >= 0xDC00 &&
                    lo <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    i += 6;
                } else {
                    cp = 0xFFFD; /* lone surrogate */
                }
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                cp = 0xFFFD;
            }
            char enc[4];
            int k = kh_utf8_encode(cp, enc);
            if (out)
                memcpy(out + n, enc, (size_t)k);
            n += (size_t)k;
            continue;
        }
        default:
            p->i = i;
            return fail(p, "bad escape in string");
        }
        if (out)
            out[n] = r;
        n++;
        i += 2;
    }
    p->i = i;
    if (outlen)
        *outlen = n;
    return 0;
}

static int number(P *p)
{
    size_t i = p->i;
    const char *s = p->s;

    if (i < p->len && s[i] == '-')
        i++;
    if (i >= p->len)
        return fail(p, "bad number");
    if (s[i] == '0') {
        i++;
    } else if (s[i] >= '1' && s[i] <= '9') {
        while (i < p->len && s[i] >= '0' && s[i] <= '9')
            i++;
    } else {
        return fail(p, "bad number");
    }
    if (i < p->len && s[i] == '.') {
        i++;
        if (i >= p->len || s[i] < '0' || s[i] > '9') {
            p->i = i;
            return fail(p, "bad number");
        }
        while (i < p->len && s[i] >= '0' && s[i] <= '9')
            i++;
    }
    if (i < p->len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < p->len && (s[i] == '+' || s[i] == '-'))
            i++;
        if (i >= p->len || s[i] < '0' || s[i] > '9') {
            p->i = i;
            return fail(p, "bad number");
        }
        while (i < p->len && s[i] >= '0' && s[i] <= '9')
            i++;
    }
    p->i = i;
    return 0;
}

static int literal(P *p, const char *lit)
{
    size_t n = strlen(lit);
    if (p->len - p->i < n || memcmp(p->s + p->i, lit, n) != 0)
        return fail(p, "unexpected character");
    p->i += n;
    return 0;
}

/* Any value, iteratively; containers tracked on a small stack. */
static int value(P *p, int *type)
{
    char stack[KH_JSON_MAX_DEPTH];
    int depth = 0;
    bool first = true;

    ws(p);
    for (;;) {
        if (p->i >= p->len)
            return fail(p, "unexpected end of input");
        char c = p->s[p->i];
        int t;
        if (c == '{' || c == '[') {
            if (depth == KH_JSON_MAX_DEPTH)
                return fail(p, "nesting too deep");
            stack[depth++] = c;
            p->i++;
            ws(p);
            t = c == '{' ? KH_JSON_OBJECT : KH_JSON_ARRAY;
            if (first)
                *type = t;
            first = false;
            if (p->i < p->len && p->s[p->i] == (c == '{' ? '}' : ']')) {
                p->i++;
                depth--;
                goto after_value;
            }
            if (c == '{') {
                if (p->i >= p->len || p->s[p->i] != '"')
                    return fail(p, "expected a key");
                if (string(p, NULL, NULL) < 0)
                    return -1;
                ws(p);
                if (p->i >= p->len || p->s[p->i] != ':')
                    return fail(p, "expected ':'");
                p->i++;
                ws(p);
            }
            continue;
        }
        if (c == '"') {
            if (string(p, NULL, NULL) < 0)
                return -1;
            t = KH_JSON_STRING;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            if (number(p) < 0)
                return -1;
            t = KH_JSON_NUMBER;
        } else if (c == 't') {
            if (literal(p, "true") < 0)
                return -1;
            t = KH_JSON_TRUE;
        } else if (c == 'f') {
            if (literal(p, "false") < 0)
                return -1;
            t = KH_JSON_FALSE;
        } else if (c == 'n') {
            if (literal(p, "null") < 0)
                return -1;
            t = KH_JSON_NULL;
        } else {
            return fail(p, "unexpected character");
        }
        if (first)
            *type = t;
        first = false;
    after_value:
        for (;;) {
            if (depth == 0)
                return 0;
            ws(p);
            if (p->i >= p->len)
                return fail(p, "unexpected end of input");
            char top = stack[depth - 1];
            char d = p->s[p->i];
            if (d == ',') {
                p->i++;
                ws(p);
                if (top == '{') {
                    if (p->i >= p->len || p->s[p->i] != '"')
                        return fail(p, "expected a key");
                    if (string(p, NULL, NULL) < 0)
                        return -1;
                    ws(p);
                    if (p->i >= p->len || p->s[p->i] != ':')
                        return fail(p, "expected ':'");
                    p->i++;
                    ws(p);
                }
                break; /* parse the next value */
            }
            if (d == (top == '{' ? '}' : ']')) {
                p->i++;
                depth--;
                continue;
            }
            return fail(p, top == '{' ? "expected ',' or '}'"
                                      : "expected ',' or ']'");
        }
    }
}

kh_status kh_json__validate(const char *s, size_t len, size_t *err_off,
                            const char **err_msg)
{
    P p = {s, len, 0, NULL};
    int type;

    if (value(&p, &type) < 0)
        goto bad;
    ws(&p);
    if (p.i != len) {
        p.msg = "trailing characters after the value";
        goto bad;
    }
    return KH_OK;
bad:
    *err_off = p.i;
    *err_msg = p.msg;
    return KH_EPARSE;
}

static char *decode(kh_arena *a, P *p, size_t at, size_t *outlen, int *oom)
{
    P q = {p->s, p->len, at, NULL};
    /* decoded text is never longer than the raw text */
    char *buf = kh_arena_alloc(a, p->i - at + 1);
    if (buf == NULL) {
        *oom = 1;
        return NULL;
    }
    if (string(&q, buf, outlen) < 0)
        return NULL;
    buf[*outlen] = '\0';
    return buf;
}

kh_status kh_json__parse_object(kh_arena *a, const char *s, size_t len,
                                kh_json_member **members, size_t *count,
                                size_t *err_off, const char **err_msg)
{
    P p = {s, len, 0, NULL};
    kh_json_member *m = NULL;
    size_t n = 0, cap = 0;
    int oom = 0;

    *members = NULL;
    *count = 0;
    ws(&p);
    if (p.i >= len || s[p.i] != '{') {
        p.msg = p.i >= len ? "empty record" : "expected a JSON object";
        goto bad;
    }
    p.i++;
    ws(&p);
    if (p.i < len && s[p.i] == '}') {
        p.i++;
        goto end;
    }
    for (;;) {
        ws(&p);
        if (p.i >= len || s[p.i] != '"') {
            p.msg = "expected a key";
            goto bad;
        }
        size_t kat = p.i;
        if (string(&p, NULL, NULL) < 0)
            goto bad;
        size_t klen;
        char *key = decode(a, &p, kat, &klen, &oom);
        if (key == NULL)
            goto nomem;
        ws(&p);
        if (p.i >= len || s[p.i] != ':') {
            p.msg = "expected ':'";
            goto bad;
        }
        p.i++;
        ws(&p);
        size_t vat = p.i;
        int type = 0;
        if (value(&p, &type) < 0)
            goto bad;
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 8;
            void *q = kh_arena_grow(a, m, cap * sizeof(*m), ncap * sizeof(*m));
            if (q == NULL)
                goto nomem;
            m = q;
            cap = ncap;
        }
        kh_json_member *mm = &m[n++];
        mm->key = key;
        mm->key_len = klen;
        mm->type = type;
        mm->raw = s + vat;
        mm->raw_len = p.i - vat;
        mm->key_off = kat;
        mm->val_off = vat;
        mm->str = NULL;
        mm->str_len = 0;
        if (type == KH_JSON_STRING) {
            size_t end = p.i;
            p.i = end;
            P q = p;
            q.i = end;
            mm->str = decode(a, &q, vat, &mm->str_len, &oom);
            if (mm->str == NULL)
                goto nomem;
        }
        ws(&p);
        if (p.i < len && s[p.i] == ',') {
            p.i++;
            continue;
        }
        if (p.i < len && s[p.i] == '}') {
            p.i++;
            break;
        }
        p.msg = "expected ',' or '}'";
        goto bad;
    }
end:
    ws(&p);
    if (p.i != len) {
        p.msg = "trailing characters after the object";
        goto bad;
    }
    *members = m;
    *count = n;
    return KH_OK;
nomem:
    (void)oom;
    return KH_ENOMEM;
bad:
    *err_off = p.i;
    *err_msg = p.msg ? p.msg : "malformed JSON";
    return KH_EPARSE;
}
