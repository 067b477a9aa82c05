/* fuzz_fold.c - kh_text_nfc() and kh_text_fold() on arbitrary bytes.
 *
 * nfc: succeeds with the documented 3 * len + 16 bytes; output is valid
 * UTF-8 without C0 controls other than TAB and LF; a smaller `cap` gives
 * KH_ETOOBIG, never writes past `cap` (exact-size buffers for ASan) and
 * reports a size with which a retry succeeds; nfc(nfc(x)) == nfc(x).
 * fold: KH_EPARSE exactly for invalid UTF-8; the same size protocol;
 * fold(fold(x)) == fold(x) for valid UTF-8, and fold(nfc(x)) == fold(x)
 * when there are no control characters and no U+0345 (see below).
 *
 * Oracle: kh_text_nfc() of valid UTF-8 without control characters equals
 * utf8proc's NFC (its ASCII and Latin-1 fast paths must not change the
 * result; U+2000/2001 once slipped through them). */
#include "fuzz.h"
#include "khaldun/text.h"

#include <utf8proc.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *xmalloc(size_t n)
{
    char *p = malloc(n ? n : 1);
    FZ_CHECK(p != NULL);
    return p;
}

static bool same(const char *a, size_t an, const char *b, size_t bn)
{
    return an == bn && (an == 0 || memcmp(a, b, an) == 0);
}

/* Bytes kh_text_nfc() replaces or rewrites: C0 controls but TAB and LF,
 * and DEL. */
static bool has_controls(const uint8_t *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((s[i] < 0x20 && s[i] != '\t' && s[i] != '\n') || s[i] == 0x7F)
            return true;
    return false;
}

/* Controls that count as invalid (CR, VT and FF become LF silently). */
static bool has_counted_controls(const uint8_t *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' &&
             s[i] != '\v' && s[i] != '\f') ||
            s[i] == 0x7F)
            return true;
    return false;
}

/* A too-small `cap`: KH_ETOOBIG with a size that then suffices. */
static void nfc_small(const char *s, size_t n, const char *want,
                      size_t wantlen, size_t cap)
{
    char *out = xmalloc(cap);
    size_t need, inv;

    FZ_CHECK(kh_text_nfc(out, cap, &need, &inv, s, n) == KH_ETOOBIG);
    FZ_CHECK(need > cap && need >= wantlen);
    free(out);
    out = xmalloc(need);
    size_t got;
    FZ_CHECK(kh_text_nfc(out, need, &got, &inv, s, n) == KH_OK);
    FZ_CHECK(same(out, got, want, wantlen));
    free(out);
}

/* NFC into a new exact-size buffer; checks the output. */
static char *nfc(const uint8_t *in, size_t n, size_t *outlen, size_t *bad)
{
    const char *s = (const char *)in;
    const size_t cap = 3 * n + 16;
    char *out = xmalloc(cap);

    FZ_CHECK(kh_text_nfc(out, cap, outlen, bad, s, n) == KH_OK);
    FZ_CHECK(*outlen <= cap);
    FZ_CHECK(fz_utf8_valid(out, *outlen));
    FZ_CHECK(!has_controls((const uint8_t *)out, *outlen));
    if (!fz_utf8_valid(in, n))
        FZ_CHECK(*bad > 0);
    else if (!has_counted_controls(in, n))
        FZ_CHECK(*bad == 0);
    if (*outlen > 0) {
        nfc_small(s, n, out, *outlen, *outlen - 1);
        nfc_small(s, n, out, *outlen, *outlen / 2);
    }
    return out;
}

/* Fold with a 16-byte buffer, then with the size asked for.  NULL (and
 * KH_EPARSE checked) for invalid UTF-8. */
static char *fold(const char *s, size_t n, size_t *outlen)
{
    char *out = xmalloc(16);
    const kh_status rc = kh_text_fold(out, 16, outlen, s, n);

    if (!fz_utf8_valid(s, n)) {
        FZ_CHECK(rc == KH_EPARSE);
        free(out);
        return NULL;
    }
    FZ_CHECK(rc == KH_OK || rc == KH_ETOOBIG);
    if (rc == KH_OK) {
        FZ_CHECK(*outlen <= 16);
    } else {
        const size_t need = *outlen;
        FZ_CHECK(need > 16);
        free(out);
        out = xmalloc(need);
        FZ_CHECK(kh_text_fold(out, need, outlen, s, n) == KH_OK);
        FZ_CHECK(*outlen == need);
    }
    FZ_CHECK(fz_utf8_valid(out, *outlen));
    return out;
}

/* Does the canonical decomposition of valid UTF-8 s[0..n) contain U+0345
 * COMBINING GREEK YPOGEGRAMMENI?  Case folding turns it (combining class
 * 240) into U+03B9, a starter, so folding is not invariant under canonical
 * reordering and composition around it: fold(U+0345 U+0301) = U+03AF but
 * fold(NFC of it = U+0301 U+0345) = U+0301 U+03B9.  Unicode's canonical
 * caseless matching needs an extra NFD for exactly this character, which
 * kh_text_fold() does not do, so that check skips such inputs. */
static bool has_ypogegrammeni(const uint8_t *s, size_t n)
{
    utf8proc_uint8_t *d = NULL;
    const utf8proc_ssize_t r = utf8proc_map(s, (utf8proc_ssize_t)n, &d,
                                            UTF8PROC_STABLE |
                                                UTF8PROC_DECOMPOSE);
    FZ_CHECK(r >= 0);
    bool found = false;
    for (utf8proc_ssize_t i = 0; i + 1 < r && !found; i++)
        found = d[i] == 0xCD && d[i + 1] == 0x85;
    free(d);
    return found;
}

static void nfc_oracle(const uint8_t *s, size_t n, const char *got,
                       size_t gotlen)
{
    utf8proc_uint8_t *ref = NULL;
    const utf8proc_ssize_t r =
        utf8proc_map(s, (utf8proc_ssize_t)n, &ref,
                     UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    FZ_CHECK(r >= 0);
    if (!same((const char *)ref, (size_t)r, got, gotlen)) {
        fprintf(stderr, "kh_text_nfc differs from utf8proc NFC\n");
        FZ_CHECK(!"kh_text_nfc(x) == NFC(x)");
    }
    free(ref);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    const bool valid = fz_utf8_valid(data, size);
    const bool clean = valid && !has_controls(data, size);
    size_t n1, n2, bad1, bad2;

    /* nfc and its idempotence */
    char *once = nfc(data, size, &n1, &bad1);
    char *twice = nfc((const uint8_t *)once, n1, &n2, &bad2);
    FZ_CHECK(bad2 == 0);
    FZ_CHECK(same(once, n1, twice, n2));
    if (clean)
        nfc_oracle(data, size, once, n1);
    free(twice);

    /* fold and its idempotence */
    size_t f1, f2, f3;
    char *f = fold(s, size, &f1);
    if (f != NULL) {
        char *ff = fold(f, f1, &f2);
        FZ_CHECK(ff != NULL);
        if (!same(f, f1, ff, f2)) {
            fprintf(stderr, "fold not idempotent: %zu -> %zu bytes\n", f1,
                    f2);
            FZ_CHECK(!"fold(fold(x)) == fold(x)");
        }
        free(ff);
        if (clean && !has_ypogegrammeni(data, size)) {
            /* tokens are folded after NFC, dictionary keys without it */
            char *fn = fold(once, n1, &f3);
            FZ_CHECK(fn != NULL);
            FZ_CHECK(same(f, f1, fn, f3));
            free(fn);
        }
        free(f);
    }
    free(once);
    return 0;
}
