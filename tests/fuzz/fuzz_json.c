/* fuzz_json.c - the strict JSON reader (src/lib/json.c) on arbitrary
 * bytes: kh_json__validate() and kh_json__parse_object() must agree with
 * each other, report errors inside the input, and hand back members whose
 * raw text is itself valid JSON.  A second parse with a tiny arena limit
 * exercises the out-of-memory paths. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int type_of(char c)
{
    switch (c) {
    case '{': return KH_JSON_OBJECT;
    case '[': return KH_JSON_ARRAY;
    case '"': return KH_JSON_STRING;
    case 't': return KH_JSON_TRUE;
    case 'f': return KH_JSON_FALSE;
    case 'n': return KH_JSON_NULL;
    default: return KH_JSON_NUMBER;
    }
}

static void check_members(const char *s, size_t len, const kh_json_member *m,
                          size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t off;
        const char *msg;
        FZ_CHECK(m[i].key != NULL && m[i].key[m[i].key_len] == '\0');
        FZ_CHECK(m[i].key_off < len && s[m[i].key_off] == '"');
        FZ_CHECK(m[i].raw == s + m[i].val_off);
        FZ_CHECK(m[i].raw_len > 0 && m[i].val_off + m[i].raw_len <= len);
        FZ_CHECK(m[i].key_off < m[i].val_off);
        FZ_CHECK(i == 0 || m[i - 1].val_off < m[i].key_off);
        FZ_CHECK(m[i].type == type_of(m[i].raw[0]));
        if (kh_json__validate(m[i].raw, m[i].raw_len, &off, &msg) != KH_OK) {
            fprintf(stderr, "member %zu raw text invalid: %s at %zu\n", i,
                    msg, off);
            FZ_CHECK(!"member raw text validates");
        }
        if (m[i].type == KH_JSON_STRING) {
            FZ_CHECK(m[i].str != NULL && m[i].str[m[i].str_len] == '\0');
            FZ_CHECK(m[i].str_len <= m[i].raw_len - 2);
        } else {
            FZ_CHECK(m[i].str == NULL);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    size_t voff = 0, poff = 0;
    const char *vmsg = NULL, *pmsg = NULL;
    kh_json_member *m;
    size_t n;
    kh_arena a;

    const kh_status vrc = kh_json__validate(s, size, &voff, &vmsg);
    FZ_CHECK(vrc == KH_OK || vrc == KH_EPARSE);
    if (vrc < 0)
        FZ_CHECK(vmsg != NULL && voff <= size);

    kh_arena_init(&a, 1024, 0);
    const kh_status prc =
        kh_json__parse_object(&a, s, size, &m, &n, &poff, &pmsg);
    FZ_CHECK(prc == KH_OK || prc == KH_EPARSE);
    if (prc == KH_OK) {
        FZ_CHECK(n == 0 || m != NULL);
        check_members(s, size, m, n);
        /* an object is a value; the reader's own depth limit is counted
         * below the top-level object, so one more level may pass here */
        FZ_CHECK(vrc == KH_OK || strcmp(vmsg, "nesting too deep") == 0);
    } else {
        FZ_CHECK(pmsg != NULL && poff <= size);
        FZ_CHECK(m == NULL && n == 0);
        /* a valid value that is an object must parse as one */
        size_t i = 0;
        while (i < size && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
                            s[i] == '\r'))
            i++;
        FZ_CHECK(!(vrc == KH_OK && i < size && s[i] == '{'));
    }
    kh_arena_dispose(&a);

    /* the same parse with little memory: a clean KH_ENOMEM or the same
     * answer */
    kh_arena_init(&a, 64, 256);
    const kh_status trc =
        kh_json__parse_object(&a, s, size, &m, &n, &poff, &pmsg);
    FZ_CHECK(trc == prc || trc == KH_ENOMEM);
    if (trc == KH_OK)
        check_members(s, size, m, n);
    kh_arena_dispose(&a);
    return 0;
}
