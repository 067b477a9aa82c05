/* names.c - see names.h. */
#include "names.h"
#include "alloc.h"

#include <string.h>

/* The base letter of U+00C0 .. U+017F (Latin-1 Supplement and Latin
 * Extended-A), '0' for the signs among them: "Öcalan" keys as "Ocalan",
 * not as "calan". */
static const char latin[] =
    "aaaaaaaceeeeiiiidnooooo0ouuuuytsaaaaaaaceeeeiiiidnooooo0ouuuuyty"
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkklllllll"
    "lllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

size_t kh_names__key(const char *s, size_t len, char *out, size_t cap)
{
    size_t n = 0;
    char prev = 0;

    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c == 0xC3 || c == 0xC4 || c == 0xC5) && i + 1 < len &&
            ((unsigned char)s[i + 1] & 0xC0) == 0x80) {
            unsigned cp = ((c & 0x1Fu) << 6) | ((unsigned char)s[i + 1] & 0x3Fu);
            i++;
            if (cp < 0xC0 || cp > 0x17F)
                continue;
            c = (unsigned char)latin[cp - 0xC0];
        }
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        if (c < 'a' || c > 'z')
            continue; /* hyphens, apostrophes, spaces, accents */
        /* sounds that transliterations swap */
        switch (c) {
        case 'l': c = 'r'; break;            /* Nasrallah / Nasrara */
        case 'o': c = 'u'; break;            /* Soleimani / Suleimani */
        case 'e': case 'y': c = 'i'; break;  /* Kataeb / Kataib, Sayyid */
        case 'v': c = 'w'; break;
        case 'q': case 'c': c = 'k'; break;  /* Qasem / Kasem */
        case 'z': c = 's'; break;
        default: break;
        }
        /* h after a letter: sh/s, kh/k, dh/d, final h (Raishi / Raisi) */
        if (c == 'h' && n > 0)
            continue;
        if (c == prev)
            continue; /* doubled letters */
        if (n + 1 >= cap)
            return 0;
        out[n++] = (char)c;
        prev = (char)c;
    }
    out[n] = '\0';
    return n;
}

typedef struct slot {
    char key[KH_NAMES_MAX_KEY];
    uint32_t val;
    uint32_t used; /* the table's gen when the slot is taken */
} slot;

struct kh_names {
    slot *slots;
    size_t cap, count;
    /* a slot is taken when its `used` is this: clearing the table moves
     * it on (a memset of the whole table per document was 150 KB) */
    uint32_t gen;
};

kh_status kh_names__new(kh_names **out, size_t expect)
{
    kh_names *t;
    size_t cap = 64;

    *out = NULL;
    while (cap < expect * 2 && cap < ((size_t)1 << 24))
        cap *= 2;
    if ((t = kh_calloc(1, sizeof(*t))) == NULL ||
        (t->slots = kh_calloc(cap, sizeof(slot))) == NULL) {
        kh_free(t);
        return KH_ENOMEM;
    }
    t->cap = cap;
    t->gen = 1;
    *out = t;
    return KH_OK;
}

void kh_names__free(kh_names *t)
{
    if (t == NULL)
        return;
    kh_free(t->slots);
    kh_free(t);
}

void kh_names__clear(kh_names *t)
{
    if (t->count) {
        if (++t->gen == 0) {
            memset(t->slots, 0, t->cap * sizeof(slot));
            t->gen = 1;
        }
        t->count = 0;
    }
}

static size_t hash(const char *k)
{
    size_t h = 1469598103934665603ULL & (size_t)-1;
    for (; *k; k++) {
        h ^= (unsigned char)*k;
        h *= (size_t)1099511628211ULL;
    }
    return h;
}

kh_status kh_names__put(kh_names *t, const char *key, uint32_t val)
{
    size_t kl = strlen(key);
    if (kl == 0 || kl >= KH_NAMES_MAX_KEY)
        return KH_OK;
    if (t->count * 4 >= t->cap * 3)
        return KH_ETOOBIG;
    for (size_t i = hash(key) & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
        slot *s = &t->slots[i];
        if (s->used != t->gen) {
            memcpy(s->key, key, kl + 1);
            s->val = val;
            s->used = t->gen;
            t->count++;
            return KH_OK;
        }
        if (strcmp(s->key, key) == 0) {
            if (s->val != val)
                s->val = KH_NAMES_AMBIGUOUS;
            return KH_OK;
        }
    }
}

uint32_t kh_names__get(const kh_names *t, const char *key)
{
    if (key[0] == '\0')
        return KH_NAMES_NONE;
    for (size_t i = hash(key) & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
        const slot *s = &t->slots[i];
        if (s->used != t->gen)
            return KH_NAMES_NONE;
        if (strcmp(s->key, key) == 0)
            return s->val;
    }
}

const char *kh_names__bare(const char *key)
{
    /* al-, el- (and ar-, at the key's "ar"/"ir" after l -> r) */
    if ((key[0] == 'a' || key[0] == 'i') && key[1] == 'r' &&
        strlen(key + 2) >= 4)
        return key + 2;
    return key;
}

bool kh_names__near(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > lb + 1 || lb > la + 1)
        return false;
    size_t i = 0, j = 0;
    bool edited = false;
    while (i < la && j < lb) {
        if (a[i] == b[j]) {
            i++;
            j++;
            continue;
        }
        if (edited)
            return false;
        edited = true;
        if (la > lb)
            i++; /* a has one more letter */
        else if (lb > la)
            j++;
        else {
            i++; /* one letter differs */
            j++;
        }
    }
    return !(edited && (i < la || j < lb)) && (la - i) + (lb - j) <= 1;
}
