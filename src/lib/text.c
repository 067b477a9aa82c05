/* text.c - Unicode normalisation and folding.  The only file that includes
 * utf8proc.h.  ASCII takes a fast path everywhere: ASCII text is already NFC,
 * and its NFKC case fold is plain ASCII lowercase. */
#include "khaldun/text.h"
#include "alloc.h"
#include "utf8.h"
#include "textproc.h"

#include <string.h>
#include <utf8proc.h>

#define FOLD_FLAGS                                                             \
    (UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |                    \
     UTF8PROC_CASEFOLD | UTF8PROC_IGNORE)
#define NFC_FLAGS (UTF8PROC_STABLE | UTF8PROC_COMPOSE)

/* Decompose+compose a valid UTF-8 segment with `flags`, appending to
 * out[*pos..cap).  A small stack buffer serves short segments (words). */
static kh_status map_segment(char *out, size_t cap, size_t *pos,
                             const char *s, size_t len, int flags)
{
    utf8proc_int32_t stack[128], *buf = stack;
    utf8proc_ssize_t n, cpcap = 128;
    kh_status rc = KH_OK;

    for (;;) {
        n = utf8proc_decompose((const utf8proc_uint8_t *)s,
                               (utf8proc_ssize_t)len, buf, cpcap,
                               (utf8proc_option_t)flags);
        if (n < 0) {
            rc = n == UTF8PROC_ERROR_NOMEM ? KH_ENOMEM : KH_EPARSE;
            goto done;
        }
        if (n <= cpcap)
            break;
        if (buf != stack)
            kh_free(buf);
        size_t bytes;
        if (!kh_mul_ok((size_t)n, sizeof(*buf), &bytes) ||
            (buf = kh_malloc(bytes)) == NULL) {
            buf = stack;
            rc = KH_ENOMEM;
            goto done;
        }
        cpcap = n;
    }
    n = utf8proc_normalize_utf32(buf, n, (utf8proc_option_t)flags);
    if (n < 0) {
        rc = KH_EPARSE;
        goto done;
    }
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        char enc[4];
        int k = kh_utf8_encode(buf[i], enc);
        if (*pos + (size_t)k <= cap)
            memcpy(out + *pos, enc, (size_t)k);
        *pos += (size_t)k;
    }
done:
    if (buf != stack)
        kh_free(buf);
    return rc;
}

kh_status kh_text_fold(char *out, size_t cap, size_t *outlen, const char *s,
                       size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i, pos = 0;
    kh_status rc;

    *outlen = 0;
    for (i = 0; i < len && p[i] < 0x80; i++)
        ;
    if (i == len) {
        for (i = 0; i < len && i < cap; i++) {
            unsigned c = p[i];
            out[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        *outlen = len;
        return len <= cap ? KH_OK : KH_ETOOBIG;
    }
    rc = map_segment(out, cap, &pos, s, len, FOLD_FLAGS);
    *outlen = pos;
    if (rc < 0)
        return rc;
    return pos <= cap ? KH_OK : KH_ETOOBIG;
}

static int is_ascii_char(unsigned c)
{
    return c < 0x80;
}

kh_status kh_text_nfc(char *out, size_t cap, size_t *outlen, size_t *ninvalid,
                      const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, pos = 0, bad = 0;
    char fixstack[256], *fix = fixstack;
    size_t fixcap = sizeof(fixstack);
    kh_status rc = KH_OK;

#define EMIT(ch)                                                               \
    do {                                                                       \
        if (pos < cap)                                                         \
            out[pos] = (char)(ch);                                             \
        pos++;                                                                 \
    } while (0)
#define EMIT_FFFD()                                                            \
    do {                                                                       \
        EMIT(0xEF);                                                            \
        EMIT(0xBF);                                                            \
        EMIT(0xBD);                                                            \
        bad++;                                                                 \
    } while (0)

    while (i < len) {
        unsigned c = p[i];
        if (c >= 0x20 && c < 0x7F) {
            /* a run of printable ASCII, copied at once */
            size_t j = i + 1;
            while (j < len && p[j] >= 0x20 && p[j] < 0x7F)
                j++;
            if (pos < cap)
                memcpy(out + pos, p + i, j - i <= cap - pos ? j - i : cap - pos);
            pos += j - i;
            i = j;
            continue;
        }
        if (c < 0x80) {
            if (c == '\n' || c == '\t') {
                EMIT(c);
            } else if (c == '\r') {
                EMIT('\n');
                if (i + 1 < len && p[i + 1] == '\n')
                    i++;
            } else if (c == '\f' || c == '\v') {
                EMIT('\n');
            } else if (c == 0x7F) {
                EMIT_FFFD();
            } else {
                EMIT_FFFD();
            }
            i++;
            continue;
        }
        /* A non-ASCII run: repair it into `fix`, then NFC it together with
         * the ASCII letter before it (a combining mark may follow a Latin
         * letter).  No composition has an ASCII second element, so the run
         * can end at the next ASCII byte. */
        size_t j = i, back = 0;
        while (j < len && !is_ascii_char(p[j]))
            j++;
        size_t need = (j - i) * 3 + 8; /* each bad byte may become 3 bytes */
        if (need > fixcap) {
            if (fix != fixstack)
                kh_free(fix);
            if ((fix = kh_malloc(need)) == NULL) {
                fix = fixstack;
                rc = KH_ENOMEM;
                goto done;
            }
            fixcap = need;
        }
        size_t flen = 0;
        if (pos > 0 && pos <= cap && i > 0 && p[i - 1] >= 0x20 &&
            p[i - 1] < 0x7F) {
            fix[flen++] = out[pos - 1];
            back = 1;
        }
        int all_valid_nfc_safe = 1;
        for (size_t k = i; k < j;) {
            int32_t cp;
            int n = kh_utf8_decode(p + k, j - k, &cp);
            if (n < 0) {
                memcpy(fix + flen, "\xEF\xBF\xBD", 3);
                flen += 3;
                bad++;
                k += (size_t)-n;
                continue;
            }
            /* Latin-1 letters and common punctuation (curly quotes, dashes)
             * are NFC and never combine: skip utf8proc for them. */
            if (cp >= 0x300)
                if (!(cp >= 0x2002 && cp <= 0x206F)) /* 2000, 2001: singletons */
                    all_valid_nfc_safe = 0;
            memcpy(fix + flen, p + k, (size_t)n);
            flen += (size_t)n;
            k += (size_t)n;
        }
        pos -= back;
        if (all_valid_nfc_safe) {
            for (size_t k = 0; k < flen; k++)
                EMIT((unsigned char)fix[k]);
        } else if ((rc = map_segment(out, cap, &pos, fix, flen, NFC_FLAGS)) <
                   0) {
            goto done;
        }
        i = j;
    }
done:
    if (fix != fixstack)
        kh_free(fix);
    *outlen = pos;
    if (ninvalid)
        *ninvalid = bad;
    if (rc < 0)
        return rc;
    return pos <= cap ? KH_OK : KH_ETOOBIG;
#undef EMIT
#undef EMIT_FFFD
}

int kh_text__class(int32_t cp)
{
    if (cp == 0x00A0 || cp == 0xFEFF || cp == 0x200B)
        return KH_CC_SPACE;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT:
        return KH_CC_UPPER;
    case UTF8PROC_CATEGORY_LL:
        return KH_CC_LOWER;
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
        return KH_CC_LETTER;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return KH_CC_MARK;
    case UTF8PROC_CATEGORY_ND:
        return KH_CC_DIGIT;
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
        return KH_CC_SPACE;
    default:
        return KH_CC_OTHER;
    }
}
