/* test_text.c - NFC with UTF-8 repair, and the one folding function. */
#include "t.h"
#include "khaldun/text.h"

static void nfc(const char *in, size_t inlen, const char *want,
                size_t want_invalid)
{
    char out[512];
    size_t len = 0, bad = 0;

    T_EQ_INT(kh_text_nfc(out, sizeof(out), &len, &bad, in, inlen), KH_OK);
    T_EQ_MEM(out, len, want);
    T_EQ_INT(bad, want_invalid);
}

static void fold(const char *in, const char *want)
{
    char out[512];
    size_t len = 0;

    T_EQ_INT(kh_text_fold(out, sizeof(out), &len, in, strlen(in)), KH_OK);
    T_EQ_MEM(out, len, want);
}

int main(void)
{
    /* NFC: composition, also after an ASCII letter */
    nfc("Jose\xcc\x81", 6, "Jos\xc3\xa9", 0);
    nfc("Bogota\xcc\x81 and Ami\xcc\x81n", 19, "Bogot\xc3\xa1 and Am\xc3\xadn", 0);
    nfc("plain ascii", 11, "plain ascii", 0);
    nfc("Erdo\xc4\x9f" "an", 8, "Erdo\xc4\x9f" "an", 0);
    /* Hangul jamo compose */
    nfc("\xe1\x84\x80\xe1\x85\xa1", 6, "\xea\xb0\x80", 0);
    /* invalid bytes become U+FFFD, each maximal subpart once */
    nfc("a\xff" "b", 3, "a\xef\xbf\xbd" "b", 1);
    nfc("\xe2\x80", 2, "\xef\xbf\xbd", 1);
    nfc("\xc0\xaf", 2, "\xef\xbf\xbd\xef\xbf\xbd", 2);
    nfc("\xed\xa0\x80", 3, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", 3);
    /* line endings and controls */
    nfc("a\r\nb\rc", 6, "a\nb\nc", 0);
    nfc("a\0b", 3, "a\xef\xbf\xbd" "b", 1);
    nfc("a\tb\x0c", 4, "a\tb\n", 0);

    /* fold: NFKC + case fold + ignorables */
    fold("Iran-Backed", "iran-backed");
    fold("\xc3\x89LYS\xc3\x89" "E", "\xc3\xa9lys\xc3\xa9" "e");
    fold("Stra\xc3\x9f" "e", "strasse");
    fold("\xef\xac\x81nance", "finance");           /* fi ligature */
    fold("Al\xc2\xad" "Warae", "alwarae");          /* soft hyphen */
    fold("\xef\xbc\xa1\xef\xbc\xa2", "ab");         /* fullwidth */
    fold("Jose\xcc\x81", "jos\xc3\xa9");            /* composes */
    fold("\xce\xa3\xce\x9f\xce\xa6\xce\x99\xce\x91", "\xcf\x83\xce\xbf\xcf\x86\xce\xb9\xce\xb1");

    /* size reporting */
    char small[4];
    size_t need = 0;
    T_EQ_INT(kh_text_fold(small, sizeof(small), &need, "ABCDEFG", 7),
             KH_ETOOBIG);
    T_EQ_INT(need, 7);
    T_EQ_INT(kh_text_fold(small, sizeof(small), &need, "\xc3\x89\xc3\x89\xc3\x89", 6),
             KH_ETOOBIG);
    T_EQ_INT(need, 6);
    T_EQ_INT(kh_text_fold(small, sizeof(small), &need, "\xff", 1), KH_EPARSE);
    return t_summary();
}
