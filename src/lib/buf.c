/* buf.c - see buf.h. */
#include "buf.h"
#include "alloc.h"
#include "utf8.h"

#include <math.h>
#include <string.h>

void kh_buf_init(kh_buf *b, size_t max)
{
    b->ptr = NULL;
    b->len = b->cap = 0;
    b->max = max;
    b->err = KH_OK;
}

void kh_buf_dispose(kh_buf *b)
{
    kh_free(b->ptr);
    kh_buf_init(b, b->max);
}

void kh_buf_reset(kh_buf *b)
{
    b->len = 0;
    b->err = KH_OK;
}

kh_status kh_buf_status(const kh_buf *b)
{
    return b->err;
}

char *kh_buf_reserve(kh_buf *b, size_t n)
{
    size_t need;

    if (b->err)
        return NULL;
    /* +1 keeps room for the NUL of kh_buf_cstr() */
    if (!kh_add_ok(b->len, n, &need) || !kh_add_ok(need, 1, &need) ||
        (b->max && need > b->max + 1)) {
        b->err = KH_ETOOBIG;
        return NULL;
    }
    if (need > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < need) {
            if (!kh_mul_ok(cap, 2, &cap)) {
                cap = need;
                break;
            }
        }
        if (b->max && cap > b->max + 1)
            cap = b->max + 1;
        char *p = kh_realloc(b->ptr, cap);
        if (p == NULL) {
            b->err = KH_ENOMEM;
            return NULL;
        }
        b->ptr = p;
        b->cap = cap;
    }
    return b->ptr + b->len;
}

void kh_buf_put(kh_buf *b, const char *s, size_t len)
{
    char *p = kh_buf_reserve(b, len);

    if (p == NULL)
        return;
    if (len)
        memcpy(p, s, len);
    b->len += len;
}

void kh_buf_puts(kh_buf *b, const char *s)
{
    kh_buf_put(b, s, strlen(s));
}

void kh_buf_putc(kh_buf *b, char c)
{
    char *p = kh_buf_reserve(b, 1);

    if (p) {
        *p = c;
        b->len++;
    }
}

void kh_buf_put_u64(kh_buf *b, uint64_t v)
{
    char tmp[24];
    size_t i = sizeof(tmp);

    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    kh_buf_put(b, tmp + i, sizeof(tmp) - i);
}

void kh_buf_put_i64(kh_buf *b, int64_t v)
{
    if (v < 0) {
        kh_buf_putc(b, '-');
        kh_buf_put_u64(b, (uint64_t)0 - (uint64_t)v);
    } else {
        kh_buf_put_u64(b, (uint64_t)v);
    }
}

void kh_buf_put_double(kh_buf *b, double v, int decimals)
{
    static const double pow10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
    char frac[16];
    int n;

    if (!isfinite(v) || fabs(v) >= 9.2e18 / 1e9) {
        kh_buf_puts(b, isfinite(v) ? "1e300" : "null");
        return;
    }
    if (decimals < 0)
        decimals = 0;
    if (decimals > 9)
        decimals = 9;
    double scaled = round(fabs(v) * pow10[decimals]);
    uint64_t whole = (uint64_t)scaled;
    uint64_t ip = whole / (uint64_t)pow10[decimals];
    uint64_t fp = whole % (uint64_t)pow10[decimals];
    if (v < 0 && whole != 0)
        kh_buf_putc(b, '-');
    kh_buf_put_u64(b, ip);
    kh_buf_putc(b, '.');
    for (n = decimals; n > 0; n--) {
        frac[n - 1] = (char)('0' + fp % 10);
        fp /= 10;
    }
    n = decimals;
    while (n > 1 && frac[n - 1] == '0')
        n--;
    if (n == 0)
        kh_buf_putc(b, '0');
    else
        kh_buf_put(b, frac, (size_t)n);
}

void kh_buf_put_json_str(kh_buf *b, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, run = 0;

    kh_buf_putc(b, '"');
    while (i < len) {
        unsigned c = p[i];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            i++;
            continue;
        }
        if (c >= 0x80) {
            int32_t cp;
            int k = kh_utf8_decode(p + i, len - i, &cp);
            /* U+2028/2029 are valid JSON but break JavaScript readers */
            if (k > 0 && cp != 0x2028 && cp != 0x2029) {
                i += (size_t)k;
                continue;
            }
            kh_buf_put(b, s + run, i - run);
            if (k > 0) {
                kh_buf_puts(b, cp == 0x2028 ? "\\u2028" : "\\u2029");
                i += (size_t)k;
            } else {
                kh_buf_put(b, "\xEF\xBF\xBD", 3);
                i += (size_t)-k;
            }
        } else {
            kh_buf_put(b, s + run, i - run);
            char esc[6] = {'\\', 0, 0, 0, 0, 0};
            size_t n = 2;
            switch (c) {
            case '"': esc[1] = '"'; break;
            case '\\': esc[1] = '\\'; break;
            case '\n': esc[1] = 'n'; break;
            case '\r': esc[1] = 'r'; break;
            case '\t': esc[1] = 't'; break;
            case '\b': esc[1] = 'b'; break;
            case '\f': esc[1] = 'f'; break;
            default:
                esc[1] = 'u';
                esc[2] = '0';
                esc[3] = '0';
                esc[4] = hex[c >> 4];
                esc[5] = hex[c & 15];
                n = 6;
            }
            kh_buf_put(b, esc, n);
            i++;
        }
        run = i;
    }
    kh_buf_put(b, s + run, i - run);
    kh_buf_putc(b, '"');
}

const char *kh_buf_cstr(kh_buf *b)
{
    if (kh_buf_reserve(b, 0) == NULL)
        return b->ptr ? b->ptr : "";
    b->ptr[b->len] = '\0';
    return b->ptr;
}
