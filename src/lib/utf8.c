/* utf8.c - see utf8.h. */
#include "utf8.h"

int kh_utf8_decode(const unsigned char *s, size_t len, int32_t *cp)
{
    unsigned c = s[0];
    int32_t v;
    int need, i;
    unsigned lo = 0x80, hi = 0xBF;

    if (c < 0x80) {
        *cp = (int32_t)c;
        return 1;
    }
    *cp = 0xFFFD;
    if (c < 0xC2 || c > 0xF4)
        return -1;
    if (c < 0xE0) {
        need = 1;
        v = c & 0x1F;
    } else if (c < 0xF0) {
        need = 2;
        v = c & 0x0F;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else {
        need = 3;
        v = c & 0x07;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    }
    for (i = 1; i <= need; i++) {
        if ((size_t)i >= len)
            return -i;
        unsigned d = s[i];
        if (d < lo || d > hi)
            return -i;
        lo = 0x80;
        hi = 0xBF;
        v = (v << 6) | (int32_t)(d & 0x3F);
    }
    *cp = v;
    return need + 1;
}

int kh_utf8_encode(int32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;

    if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t kh_utf8_count(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, n = 0;
    int32_t cp;

    while (i < len) {
        if (p[i] < 0x80) {
            i++;
        } else {
            int k = kh_utf8_decode(p + i, len - i, &cp);
            i += (size_t)(k < 0 ? -k : k);
        }
        n++;
    }
    return n;
}
