/* token.c - tokens with byte offsets into the cleaned text.
 *
 * One left-to-right pass.  ASCII bytes are classified through a table; other
 * code points through utf8proc categories (kh_text__class).  A "run" of word
 * characters may contain connectors ('.', '-', apostrophes, digit commas and
 * colons) when a word character follows; the run is then classified (number,
 * abbreviation, URL, e-mail, word) and clitics are split off its end. */
#include "textproc.h"
#include "utf8.h"

#include <string.h>

enum { C_SPACE = 1, C_UPPER, C_LOWER, C_LETTER, C_MARK, C_DIGIT, C_OTHER };

static unsigned char ascii_class[128];
static int ascii_ready;

static void init_ascii(void)
{
    for (int c = 0; c < 128; c++) {
        unsigned char k = C_OTHER;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
            c == '\v')
            k = C_SPACE;
        else if (c >= 'A' && c <= 'Z')
            k = C_UPPER;
        else if (c >= 'a' && c <= 'z')
            k = C_LOWER;
        else if (c >= '0' && c <= '9')
            k = C_DIGIT;
        ascii_class[c] = k;
    }
    ascii_ready = 1;
}

typedef struct cur {
    const unsigned char *s;
    size_t len;
} cur;

/* Class and byte length of the code point at i. */
static inline int cls_at(const cur *c, size_t i, int32_t *cpo, int *n)
{
    unsigned b = c->s[i];
    if (b < 0x80) {
        *n = 1;
        if (cpo)
            *cpo = (int32_t)b;
        return ascii_class[b];
    }
    int32_t cp;
    int k = kh_utf8_decode(c->s + i, c->len - i, &cp);
    *n = k < 0 ? -k : k;
    if (cpo)
        *cpo = cp;
    return kh_text__class(cp);
}

static inline bool is_wordc(int k)
{
    return k == C_UPPER || k == C_LOWER || k == C_LETTER || k == C_MARK ||
           k == C_DIGIT;
}

static inline bool is_letter(int k)
{
    return k == C_UPPER || k == C_LOWER || k == C_LETTER;
}

/* Is the byte sequence at i an apostrophe (' or U+2019)?  Returns its
 * length or 0. */
static inline int apos_at(const cur *c, size_t i)
{
    if (i >= c->len)
        return 0;
    if (c->s[i] == '\'')
        return 1;
    if (c->s[i] == 0xE2 && i + 2 < c->len && c->s[i + 1] == 0x80 &&
        c->s[i + 2] == 0x99)
        return 3;
    return 0;
}

static inline bool wordc_at(const cur *c, size_t i)
{
    int n;
    return i < c->len && is_wordc(cls_at(c, i, NULL, &n));
}

static inline int class_at(const cur *c, size_t i)
{
    int n;
    return i < c->len ? cls_at(c, i, NULL, &n) : 0;
}

/* ---- abbreviations ----------------------------------------------------- */

/* Class 1: titles and words always followed by a name or number; they never
 * end a sentence inside a paragraph.  Class 2: may end one, but only before
 * a typical sentence opener (split.c). */
static const char *const abbrev_title[] = {
    "Mr", "Mrs", "Ms", "Messrs", "Mmes", "Dr", "Drs", "Gen", "Gens", "Lt",
    "Col", "Maj", "Capt", "Sgt", "Cpl", "Pvt", "Pfc", "Spc", "Adm", "Cmdr",
    "Cdr", "Brig", "Gov", "Govs", "Sen", "Sens", "Rep", "Reps", "Rev",
    "Prof", "Pres", "Hon", "Amb", "Supt", "Insp", "Det", "Sgt", "Msgr",
    "Fr", "St", "Ste", "Mt", "Ft", "No", "Nos", "Jan", "Feb", "Mar", "Apr", "Jun",
    "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "vs", "v", "Vol",
    "Art", "Fig", "Sec", NULL};
static const char *const abbrev_other[] = {
    "Inc", "Corp", "Co", "Ltd", "Bros", "Jr", "Sr", "Esq", "etc", "approx",
    "est", "Dept", "Univ", "Ave", "Blvd", "Rd", "Cos", "Assn", "Ala",
    "Ariz", "Ark", "Calif", "Cal", "Colo", "Conn", "Del", "Fla", "Ga", "Ill",
    "Ind", "Kan", "Kans", "Ky", "La", "Md", "Mass", "Mich", "Minn", "Miss",
    "Mo", "Mont", "Neb", "Nev", "Okla", "Ore", "Pa", "Penn", "Tenn", "Tex",
    "Vt", "Va", "Wash", "Wis", "Wyo", "al", "Ph", "mln", "bln", "pct", NULL};

bool kh_token__wide_stop(int32_t cp)
{
    return cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0x061F ||
           cp == 0x06D4 || cp == 0x0964 || cp == 0x0965 || cp == 0xFF0E;
}

int kh_token__abbrev_class(const char *s, size_t len)
{
    /* per list and first byte, the lengths of its words as bits: most
     * tokens are told by these alone (built on first use; the same bits
     * whichever thread builds them) */
    static _Atomic uint8_t lens[2][256];
    static _Atomic int ready;
    if (len == 0 || len > 7)
        return 0;
    if (!ready) {
        for (const char *const *p = abbrev_title; *p; p++)
            if (strlen(*p) <= 7)
                lens[0][(unsigned char)(*p)[0]] |= (uint8_t)(1u << strlen(*p));
        for (const char *const *p = abbrev_other; *p; p++)
            if (strlen(*p) <= 7)
                lens[1][(unsigned char)(*p)[0]] |= (uint8_t)(1u << strlen(*p));
        ready = 1;
    }
    unsigned char c0 = (unsigned char)s[0];
    if (lens[0][c0] >> len & 1)
        for (const char *const *p = abbrev_title; *p; p++)
            if ((*p)[0] == s[0] && strlen(*p) == len &&
                memcmp(*p, s, len) == 0)
                return 1;
    if (lens[1][c0] >> len & 1)
        for (const char *const *p = abbrev_other; *p; p++)
            if ((*p)[0] == s[0] && strlen(*p) == len &&
                memcmp(*p, s, len) == 0)
                return 2;
    return 0;
}

/* ---- output ------------------------------------------------------------ */

typedef struct out {
    kh_arena *a;
    kh_token *tok;
    size_t count, cap, max;
    kh_span *parts;
    size_t nparts, pcap;
    kh_status err;
    const char *errmsg;
} out;

static kh_token *push(out *o, size_t start, size_t len, int kind,
                      unsigned flags)
{
    if (o->err)
        return NULL;
    if (o->count >= o->max) {
        o->err = KH_ETOOBIG;
        o->errmsg = "token";
        return NULL;
    }
    if (o->count == o->cap) {
        size_t ncap = o->cap ? o->cap * 2 : 1024;
        void *p = kh_arena_grow(o->a, o->tok, o->cap * sizeof(kh_token),
                                ncap * sizeof(kh_token));
        if (p == NULL) {
            o->err = KH_ENOMEM;
            return NULL;
        }
        o->tok = p;
        o->cap = ncap;
    }
    kh_token *t = &o->tok[o->count++];
    t->start = (uint32_t)start;
    t->len = (uint32_t)len;
    t->kind = (uint8_t)kind;
    t->tag = 0;
    t->flags = (uint16_t)flags;
    t->part = 0;
    t->nparts = 0;
    return t;
}

static void push_part(out *o, size_t start, size_t end)
{
    if (o->err)
        return;
    if (o->nparts == o->pcap) {
        size_t ncap = o->pcap ? o->pcap * 2 : 256;
        void *p = kh_arena_grow(o->a, o->parts, o->pcap * sizeof(kh_span),
                                ncap * sizeof(kh_span));
        if (p == NULL) {
            o->err = KH_ENOMEM;
            return;
        }
        o->parts = p;
        o->pcap = ncap;
    }
    o->parts[o->nparts].start = (uint32_t)start;
    o->parts[o->nparts].end = (uint32_t)end;
    o->nparts++;
}

/* Case flags of a word or abbreviation. */
static unsigned case_flags(const cur *c, size_t s, size_t e)
{
    unsigned f = 0;
    size_t letters = 0, upper = 0;
    bool first = true;

    for (size_t i = s; i < e;) {
        int n, k = cls_at(c, i, NULL, &n);
        if (c->s[i] >= 0x80)
            f |= KH_TOKF_NONASCII;
        if (is_letter(k)) {
            letters++;
            if (k == C_UPPER)
                upper++;
            if (first && k == C_UPPER)
                f |= KH_TOKF_CAP;
            first = false;
        } else if (k == C_DIGIT) {
            first = false;
        }
        i += (size_t)n;
    }
    if (letters >= 2 && upper == letters)
        f |= KH_TOKF_ALLCAPS;
    return f;
}

static bool has_prefix_ci(const cur *c, size_t i, const char *p)
{
    size_t n = strlen(p);
    if (c->len - i < n)
        return false;
    for (size_t k = 0; k < n; k++) {
        unsigned ch = c->s[i + k];
        if (ch >= 'A' && ch <= 'Z')
            ch += 32;
        if (ch != (unsigned char)p[k])
            return false;
    }
    return true;
}

/* End of a URL starting at i: up to whitespace, minus trailing sentence
 * punctuation and an unbalanced closing bracket. */
static size_t url_end(const cur *c, size_t i)
{
    size_t e = i;
    int depth = 0;

    while (e < c->len) {
        int n, k = cls_at(c, e, NULL, &n);
        if (k == C_SPACE || c->s[e] == '"' || c->s[e] == '<' ||
            c->s[e] == '>')
            break;
        /* curly quotes end a URL */
        if (c->s[e] == 0xE2 && e + 2 < c->len && c->s[e + 1] == 0x80 &&
            (c->s[e + 2] == 0x9C || c->s[e + 2] == 0x9D ||
             c->s[e + 2] == 0x99))
            break;
        e += (size_t)n;
    }
    for (size_t k = i; k < e; k++)
        depth += c->s[k] == '(' ? 1 : c->s[k] == ')' ? -1 : 0;
    while (e > i) {
        unsigned ch = c->s[e - 1];
        if (ch == '.' || ch == ',' || ch == ';' || ch == ':' || ch == '!' ||
            ch == '?' || ch == '\'') {
            e--;
        } else if (ch == ')' && depth < 0) {
            e--;
            depth++;
        } else {
            break;
        }
    }
    return e;
}

/* Scan a run of word characters with connectors from i; returns its end. */
static size_t scan_run(const cur *c, size_t i, bool *has_at, bool *has_apos)
{
    size_t e = i;
    size_t seg_start = i; /* start of the current '.'-separated segment */

    *has_at = false;
    *has_apos = false;
    while (e < c->len) {
        int n, k = cls_at(c, e, NULL, &n);
        if (is_wordc(k)) {
            e += (size_t)n;
            continue;
        }
        unsigned ch = c->s[e];
        int an;
        if (ch == '.' && e + 1 < c->len) {
            size_t nx = e + 1;
            bool after_dash = false;
            if (c->s[nx] == '-' && wordc_at(c, nx + 1) && e > i) {
                after_dash = true;
            }
            if (!after_dash && !wordc_at(c, nx))
                break;
            /* "failed.The": an ordinary lowercase word, a period and a
             * capitalised word is a missing space, not one token */
            if (!after_dash && e - seg_start >= 2 &&
                class_at(c, e - 1) == C_LOWER && class_at(c, nx) == C_UPPER) {
                int n2;
                cls_at(c, nx, NULL, &n2);
                if (class_at(c, nx + (size_t)n2) == C_LOWER)
                    break;
            }
            e = after_dash ? nx + 1 : nx;
            seg_start = e;
            continue;
        }
        if (ch == '-' && wordc_at(c, e + 1)) {
            e++;
            continue;
        }
        if ((an = apos_at(c, e)) > 0 && e > i) {
            int n2, k2 = e + (size_t)an < c->len
                             ? cls_at(c, e + (size_t)an, NULL, &n2)
                             : 0;
            if (is_letter(k2)) {
                e += (size_t)an;
                *has_apos = true;
                continue;
            }
            break;
        }
        if ((ch == ',' || ch == ':') && e > i && class_at(c, e - 1) == C_DIGIT &&
            class_at(c, e + 1) == C_DIGIT) {
            if (ch == ',') {
                /* thousands separator: exactly three digits follow */
                size_t d = e + 1;
                while (d < c->len && c->s[d] >= '0' && c->s[d] <= '9')
                    d++;
                if (d - (e + 1) != 3)
                    break;
            }
            e++;
            continue;
        }
        if (ch == '@' && e > i && wordc_at(c, e + 1)) {
            *has_at = true;
            e++;
            continue;
        }
        break;
    }
    return e;
}

static bool is_initialism(const cur *c, size_t s, size_t e)
{
    /* letters separated by periods, each segment one letter: U.S, a.m,
     * J.R.R, N.Y -- the final period is not included in [s,e) */
    size_t letters = 0;
    size_t i = s;
    while (i < e) {
        int n, k = cls_at(c, i, NULL, &n);
        if (!is_letter(k))
            return false;
        letters++;
        i += (size_t)n;
        if (i == e)
            break;
        if (c->s[i] != '.')
            return false;
        i++;
    }
    return letters >= 2;
}

static const char *const pron_for_clitic[] = {
    "i", "you", "he", "she", "it", "we", "they", "who", "that", "there",
    "what", "where", "how", "y", NULL};

static bool is_pronoun(const cur *c, size_t s, size_t e)
{
    size_t n = e - s;
    for (const char *const *p = pron_for_clitic; *p; p++) {
        if (strlen(*p) != n)
            continue;
        size_t k;
        for (k = 0; k < n; k++) {
            unsigned ch = c->s[s + k];
            if (ch >= 'A' && ch <= 'Z')
                ch += 32;
            if (ch != (unsigned char)(*p)[k])
                break;
        }
        if (k == n)
            return true;
    }
    return false;
}

/* Length of a clitic at the end of [s,e), or 0. */
static size_t clitic_len(const cur *c, size_t s, size_t e)
{
    static const char *const tails[] = {"s", "S", "m", "re", "ve", "ll", "d",
                                        NULL};
    for (const char *const *t = tails; *t; t++) {
        size_t tl = strlen(*t);
        if (e - s <= tl + 1)
            continue;
        if (memcmp(c->s + e - tl, *t, tl) != 0)
            continue;
        size_t ap = e - tl;
        int an = 0;
        if (ap >= 1 && c->s[ap - 1] == '\'')
            an = 1;
        else if (ap >= 3 && c->s[ap - 3] == 0xE2 && c->s[ap - 2] == 0x80 &&
                 c->s[ap - 1] == 0x99)
            an = 3;
        if (an == 0 || ap - (size_t)an <= s)
            continue;
        if ((*t)[0] != 's' && (*t)[0] != 'S' &&
            !is_pronoun(c, s, ap - (size_t)an))
            continue;
        return tl + (size_t)an;
    }
    /* n't */
    if (e - s > 4 && c->s[e - 1] == 't') {
        size_t ap = e - 1;
        int an = 0;
        if (c->s[ap - 1] == '\'')
            an = 1;
        else if (ap >= 3 && c->s[ap - 3] == 0xE2 && c->s[ap - 2] == 0x80 &&
                 c->s[ap - 1] == 0x99)
            an = 3;
        if (an && ap - (size_t)an > s + 1 && c->s[ap - (size_t)an - 1] == 'n')
            return 1 + (size_t)an + 1;
    }
    return 0;
}

static bool only_digits_and(const cur *c, size_t s, size_t e, const char *ok)
{
    for (size_t i = s; i < e; i++) {
        unsigned ch = c->s[i];
        if (ch >= '0' && ch <= '9')
            continue;
        if (strchr(ok, (int)ch) == NULL || ch == 0)
            return false;
    }
    return true;
}

static void emit_run(out *o, const cur *c, size_t s, size_t e,
                     unsigned flags, bool has_at, bool has_apos)
{
    /* e-mail: local@domain.tld */
    if (has_at) {
        const unsigned char *at = memchr(c->s + s, '@', e - s);
        if (at && memchr(at, '.', (size_t)(c->s + e - at)) != NULL) {
            push(o, s, e - s, KH_TOK_EMAIL, flags);
            return;
        }
    }
    size_t cl = has_apos ? clitic_len(c, s, e) : 0;
    size_t we = e - cl;
    int k0 = class_at(c, s);
    unsigned f = flags;
    int kind = KH_TOK_WORD;

    if (k0 == C_DIGIT) {
        /* numbers: digits with , . : - separators, optional suffix */
        size_t d = s;
        while (d < we && (only_digits_and(c, d, d + 1, ",.:-/")))
            d++;
        size_t suf = we - d;
        bool hyph_words = memchr(c->s + s, '-', we - s) != NULL && suf > 0;
        if (!hyph_words) {
            kind = KH_TOK_NUMBER;
            if (suf == 2 && d > s) {
                char a = (char)c->s[d], b = (char)c->s[d + 1];
                if ((a == 's' && b == 't') || (a == 'n' && b == 'd') ||
                    (a == 'r' && b == 'd') || (a == 't' && b == 'h'))
                    f |= KH_TOKF_ORDINAL;
            }
        }
    }
    if (kind == KH_TOK_WORD)
        f |= case_flags(c, s, we);
    kh_token *t = push(o, s, we - s, kind, f);
    if (t && kind == KH_TOK_WORD && memchr(c->s + s, '-', we - s)) {
        size_t p0 = s;
        t->flags |= KH_TOKF_HYPHEN;
        t->part = (uint32_t)o->nparts;
        for (size_t i = s; i <= we; i++) {
            if (i == we || c->s[i] == '-') {
                if (i > p0)
                    push_part(o, p0, i);
                p0 = i + 1;
            }
        }
        t->nparts = (uint32_t)(o->nparts - t->part);
    }
    if (cl)
        push(o, we, cl, KH_TOK_CLITIC, 0);
}

static bool prev_is_open_context(const out *o, size_t i, const cur *c)
{
    if (i == 0)
        return true;
    /* whitespace before */
    unsigned ch = c->s[i - 1];
    if (ch == ' ' || ch == '\n' || ch == '\t')
        return true;
    if (o->count == 0)
        return true;
    const kh_token *t = &o->tok[o->count - 1];
    if (t->start + t->len != i)
        return true;
    return t->kind == KH_TOK_OPEN || t->kind == KH_TOK_DASH;
}

kh_status kh_token__run(kh_doc *doc, kh_arena *a, size_t max_tokens,
                        kh_error *err)
{
    cur c = {(const unsigned char *)doc->text, doc->text_len};
    out o = {a, NULL, 0, 0, max_tokens, NULL, 0, 0, KH_OK, NULL};
    size_t i = 0;
    unsigned pending = KH_TOKF_LINE_START | KH_TOKF_PARA_START;
    int newlines = 2;

    if (!ascii_ready)
        init_ascii();
    while (i < c.len && !o.err) {
        int32_t cp;
        int n, k = cls_at(&c, i, &cp, &n);

        if (k == C_SPACE || (c.s[i] >= 0x80 && cp == 0xFEFF)) {
            if (c.s[i] == '\n') {
                newlines++;
                pending |= KH_TOKF_LINE_START;
                if (newlines >= 2)
                    pending |= KH_TOKF_PARA_START;
            }
            pending |= KH_TOKF_SPACE_BEFORE;
            i += (size_t)n;
            continue;
        }
        unsigned flags = pending;
        pending = 0;
        newlines = 0;
        if (i == 0)
            flags |= KH_TOKF_LINE_START | KH_TOKF_PARA_START;
        unsigned ch = c.s[i];

        /* URLs */
        if ((ch == 'h' || ch == 'H' || ch == 'w' || ch == 'W') &&
            (has_prefix_ci(&c, i, "http://") ||
             has_prefix_ci(&c, i, "https://") ||
             (has_prefix_ci(&c, i, "www.") && wordc_at(&c, i + 4)))) {
            size_t e = url_end(&c, i);
            push(&o, i, e - i, KH_TOK_URL, flags);
            i = e;
            continue;
        }
        if (is_wordc(k) || ((ch == '#' || ch == '@') && wordc_at(&c, i + 1))) {
            size_t s = i, rs = (ch == '#' || ch == '@') ? i + 1 : i;
            bool has_at, has_apos;
            size_t e = scan_run(&c, rs, &has_at, &has_apos);
            if (rs != s) {
                push(&o, s, e - s, KH_TOK_TAG, flags);
                i = e;
                continue;
            }
            /* a period after the run: abbreviation? */
            if (e < c.len && c.s[e] == '.' &&
                !(e + 1 < c.len && c.s[e + 1] == '.')) {
                int ac = kh_token__abbrev_class((const char *)c.s + s, e - s);
                bool initialism = is_initialism(&c, s, e);
                bool single = false;
                if (!ac && !initialism) {
                    int n1, k1 = cls_at(&c, s, NULL, &n1);
                    single = k1 == C_UPPER && s + (size_t)n1 == e;
                }
                /* "No." only before a number */
                if (ac && ((e - s == 2 && memcmp(c.s + s, "No", 2) == 0) ||
                           (e - s == 3 && memcmp(c.s + s, "Nos", 3) == 0))) {
                    size_t d = e + 1;
                    while (d < c.len && c.s[d] == ' ')
                        d++;
                    if (!(d < c.len && c.s[d] >= '0' && c.s[d] <= '9'))
                        ac = 0;
                }
                if (ac || initialism || single) {
                    unsigned f = flags | case_flags(&c, s, e);
                    if (single)
                        f |= KH_TOKF_INITIAL;
                    kh_token *t = push(&o, s, e + 1 - s, KH_TOK_ABBREV, f);
                    if (t && memchr(c.s + s, '-', e - s)) {
                        size_t p0 = s;
                        t->flags |= KH_TOKF_HYPHEN;
                        t->part = (uint32_t)o.nparts;
                        for (size_t q = s; q <= e; q++) {
                            if (q == e || c.s[q] == '-') {
                                if (q > p0)
                                    push_part(&o, p0, q);
                                p0 = q + 1;
                            }
                        }
                        t->nparts = (uint32_t)(o.nparts - t->part);
                    }
                    i = e + 1;
                    continue;
                }
            }
            emit_run(&o, &c, s, e, flags, has_at, has_apos);
            i = e;
            continue;
        }
        /* punctuation and symbols */
        if (ch == '.') {
            size_t e = i;
            while (e < c.len && c.s[e] == '.')
                e++;
            push(&o, i, e - i, e - i >= 3 ? KH_TOK_ELLIPSIS : KH_TOK_PUNCT,
                 flags);
            i = e;
            continue;
        }
        if (ch == ',' || ch == ';' || ch == ':' || ch == '?' || ch == '!') {
            push(&o, i, 1, KH_TOK_PUNCT, flags);
            i++;
            continue;
        }
        if (ch == '(' || ch == '[' || ch == '{') {
            push(&o, i, 1, KH_TOK_OPEN, flags);
            i++;
            continue;
        }
        if (ch == ')' || ch == ']' || ch == '}') {
            push(&o, i, 1, KH_TOK_CLOSE, flags);
            i++;
            continue;
        }
        if (ch == '"' || ch == '\'' || cp == 0x2019 || cp == 0x2018 ||
            cp == 0x201C || cp == 0x201D || cp == 0xAB || cp == 0xBB ||
            cp == 0x201E || cp == 0x201A || cp == 0x2039 || cp == 0x203A) {
            int kind;
            /* "the U.N.'s envoy": a possessive after an abbreviation */
            if ((ch == '\'' || cp == 0x2019) && o.count > 0 &&
                o.tok[o.count - 1].start + o.tok[o.count - 1].len == i &&
                o.tok[o.count - 1].kind == KH_TOK_ABBREV &&
                i + (size_t)n < c.len &&
                (c.s[i + (size_t)n] == 's' || c.s[i + (size_t)n] == 'S') &&
                !wordc_at(&c, i + (size_t)n + 1)) {
                push(&o, i, (size_t)n + 1, KH_TOK_CLITIC, flags);
                i += (size_t)n + 1;
                continue;
            }
            if ((ch == '\'' || cp == 0x2019) && o.count > 0 &&
                o.tok[o.count - 1].start + o.tok[o.count - 1].len == i &&
                o.tok[o.count - 1].kind == KH_TOK_WORD && i > 0 &&
                (c.s[i - 1] == 's' || c.s[i - 1] == 'S') &&
                !wordc_at(&c, i + (size_t)n)) {
                push(&o, i, (size_t)n, KH_TOK_CLITIC, flags);
                i += (size_t)n;
                continue;
            }
            if (cp == 0x201C || cp == 0x2018 || cp == 0xAB || cp == 0x201E ||
                cp == 0x201A || cp == 0x2039)
                kind = KH_TOK_OPEN;
            else if (cp == 0x201D || cp == 0xBB || cp == 0x203A)
                kind = KH_TOK_CLOSE;
            else
                kind = prev_is_open_context(&o, i, &c) ? KH_TOK_OPEN
                                                        : KH_TOK_CLOSE;
            push(&o, i, (size_t)n, kind, flags | KH_TOKF_QUOTE);
            i += (size_t)n;
            continue;
        }
        if (ch == '-') {
            size_t e = i;
            while (e < c.len && c.s[e] == '-')
                e++;
            push(&o, i, e - i, KH_TOK_DASH, flags);
            i = e;
            continue;
        }
        if (cp == 0x2013 || cp == 0x2014 || cp == 0x2015 || cp == 0x2012 ||
            cp == 0x2212) {
            size_t e = i + (size_t)n;
            /* a doubled em dash is one dash */
            while (e + 2 < c.len && c.s[e] == c.s[i] &&
                   c.s[e + 1] == c.s[i + 1] && c.s[e + 2] == c.s[i + 2])
                e += 3;
            push(&o, i, e - i, KH_TOK_DASH, flags);
            i = e;
            continue;
        }
        if (cp == 0x2026) {
            push(&o, i, (size_t)n, KH_TOK_ELLIPSIS, flags);
            i += (size_t)n;
            continue;
        }
        if (kh_token__wide_stop(cp) || cp == 0xFF0C || cp == 0x3001 ||
            cp == 0x060C || cp == 0x061B || cp == 0xFF1B || cp == 0xFF1A) {
            push(&o, i, (size_t)n, KH_TOK_PUNCT, flags);
            i += (size_t)n;
            continue;
        }
        if (cp == 0x300C || cp == 0x300E || cp == 0xFF08 || cp == 0x3010) {
            push(&o, i, (size_t)n, KH_TOK_OPEN, flags);
            i += (size_t)n;
            continue;
        }
        if (cp == 0x300D || cp == 0x300F || cp == 0xFF09 || cp == 0x3011) {
            push(&o, i, (size_t)n, KH_TOK_CLOSE, flags);
            i += (size_t)n;
            continue;
        }
        /* "Dol_Amroth": an underscore joining two words is a space, as in
         * TABARI and PETRARCH phrases */
        if (ch == '_' && o.count > 0 &&
            o.tok[o.count - 1].start + o.tok[o.count - 1].len == i &&
            o.tok[o.count - 1].kind == KH_TOK_WORD && wordc_at(&c, i + 1)) {
            i++;
            continue;
        }
        /* an emoji sequence is one symbol: modifiers, variation selectors,
         * keycaps, tags, ZWJ joins, flag pairs (UAX #29 keeps them whole) */
        size_t e = i + (size_t)n;
        int ri = cp >= 0x1F1E6 && cp <= 0x1F1FF;
        while (e < c.len) {
            int32_t nx;
            int m;
            cls_at(&c, e, &nx, &m);
            if ((nx >= 0xFE00 && nx <= 0xFE0F) ||
                (nx >= 0x1F3FB && nx <= 0x1F3FF) || nx == 0x20E3 ||
                (nx >= 0xE0020 && nx <= 0xE007F)) {
                e += (size_t)m;
            } else if (nx == 0x200D && e + (size_t)m < c.len &&
                       class_at(&c, e + (size_t)m) != C_SPACE) {
                int32_t after;
                int m2;
                e += (size_t)m;
                cls_at(&c, e, &after, &m2);
                e += (size_t)m2;
            } else if (ri == 1 && nx >= 0x1F1E6 && nx <= 0x1F1FF) {
                e += (size_t)m;
                ri = 2;
            } else {
                break;
            }
        }
        push(&o, i, e - i, KH_TOK_SYMBOL, flags);
        i = e;
    }
    if (o.err) {
        if (o.err == KH_ETOOBIG)
            return kh_error_set(err, KH_ETOOBIG,
                                "document has more than %zu tokens", max_tokens);
        return kh_error_set(err, KH_ENOMEM, "out of memory");
    }
    doc->tokens = o.tok;
    doc->token_count = o.count;
    doc->parts = o.parts;
    doc->part_count = o.nparts;
    return KH_OK;
}
