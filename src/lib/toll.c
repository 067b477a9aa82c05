/* toll.c - casualty counts (toll.h; rules in docs/casualties.md).
 *
 * The reading is lexical and local on purpose: a casualty word (killed,
 * dead, wounded, arrested, kidnapped, deaths, casualties, toll) is found
 * first, then its count is looked for in the few places English puts it:
 *
 *   subject     "four men were killed", "three soldiers died", "12 dead"
 *   object      "killing four", "police detained 30 protesters"
 *   noun        "40 deaths", "no reported casualties"
 *   toll        "the death toll rose to 40"
 *   gapping     "the air strike killed four, the rocket attack nobody"
 *
 * Nothing depends on the part-of-speech layer, so the same counts come out
 * whether or not the document was tagged. */
#include "toll.h"

#include <stdbool.h>
#include <string.h>

/* strcmp() == 0 that looks at the first byte before calling: most
 * comparisons here are of a word against a list and fail there. */
static inline bool streq(const char *a, const char *b)
{
    return a[0] == b[0] && strcmp(a, b) == 0;
}

#define WMAX 32            /* longest word compared; longer ones never match */
#define NUM_MAX 2000000000 /* values are clamped here (int32_t) */
#define GAP_MAX 4          /* nominal words between a count and its word */

enum { K_BOTH = 5 }; /* casualties: killed and injured */

/* How a casualty word takes its count. */
enum {
    F_SUBJ = 1, /* count before it: "four were killed", "12 dead" */
    F_ACT = 2,  /* count after it: "killing four" */
    F_NOUN = 4, /* count right before the noun: "40 deaths" */
    F_TOLL = 8  /* "death toll rose to 40" */
};

static const struct {
    const char *w;
    uint8_t kind, form;
} lex[] = {
    {"killed", KH_TOLL_KILLED, F_SUBJ | F_ACT},
    {"killing", KH_TOLL_KILLED, F_ACT},
    {"kills", KH_TOLL_KILLED, F_ACT},
    {"dead", KH_TOLL_KILLED, F_SUBJ},
    {"died", KH_TOLL_KILLED, F_SUBJ},
    {"die", KH_TOLL_KILLED, F_SUBJ},
    {"dies", KH_TOLL_KILLED, F_SUBJ},
    {"perished", KH_TOLL_KILLED, F_SUBJ},
    {"slain", KH_TOLL_KILLED, F_SUBJ},
    {"murdered", KH_TOLL_KILLED, F_SUBJ | F_ACT},
    {"murdering", KH_TOLL_KILLED, F_ACT},
    {"executed", KH_TOLL_KILLED, F_SUBJ | F_ACT},
    {"executing", KH_TOLL_KILLED, F_ACT},
    {"massacred", KH_TOLL_KILLED, F_SUBJ | F_ACT},
    {"beheaded", KH_TOLL_KILLED, F_SUBJ | F_ACT},
    {"deaths", KH_TOLL_KILLED, F_NOUN},
    {"fatalities", KH_TOLL_KILLED, F_NOUN},
    {"toll", KH_TOLL_KILLED, F_TOLL},
    {"wounded", KH_TOLL_INJURED, F_SUBJ | F_ACT},
    {"wounding", KH_TOLL_INJURED, F_ACT},
    {"injured", KH_TOLL_INJURED, F_SUBJ | F_ACT},
    {"injuring", KH_TOLL_INJURED, F_ACT},
    {"injures", KH_TOLL_INJURED, F_ACT},
    {"hurt", KH_TOLL_INJURED, F_SUBJ | F_ACT},
    {"hurting", KH_TOLL_INJURED, F_ACT},
    {"injuries", KH_TOLL_INJURED, F_NOUN},
    {"arrested", KH_TOLL_ARRESTED, F_SUBJ | F_ACT},
    {"arresting", KH_TOLL_ARRESTED, F_ACT},
    {"arrests", KH_TOLL_ARRESTED, F_ACT | F_NOUN},
    {"detained", KH_TOLL_ARRESTED, F_SUBJ | F_ACT},
    {"detaining", KH_TOLL_ARRESTED, F_ACT},
    {"detains", KH_TOLL_ARRESTED, F_ACT},
    {"detentions", KH_TOLL_ARRESTED, F_NOUN},
    {"jailed", KH_TOLL_ARRESTED, F_SUBJ | F_ACT},
    {"apprehended", KH_TOLL_ARRESTED, F_SUBJ | F_ACT},
    {"kidnapped", KH_TOLL_ABDUCTED, F_SUBJ | F_ACT},
    {"kidnaped", KH_TOLL_ABDUCTED, F_SUBJ | F_ACT},
    {"kidnapping", KH_TOLL_ABDUCTED, F_ACT},
    {"kidnaps", KH_TOLL_ABDUCTED, F_ACT},
    {"abducted", KH_TOLL_ABDUCTED, F_SUBJ | F_ACT},
    {"abducting", KH_TOLL_ABDUCTED, F_ACT},
    {"abducts", KH_TOLL_ABDUCTED, F_ACT},
    {"hostage", KH_TOLL_ABDUCTED, F_SUBJ},
    {"casualties", K_BOTH, F_NOUN},
};

/* Between a subject count and its word: "were", "have been", "who were
 * reportedly", "were shot" (dead), "were taken" (hostage). */
static const char *const aux_words[] = {
    "was", "were", "is", "are", "been", "be", "being", "have", "has", "had",
    "got", "get", "gets", "getting", "who", "that", "reportedly", "reported",
    "allegedly", "also", "all", "later", "subsequently", "confirmed",
    "found", "believed", "feared", "presumed", "initially", "already",
    "apparently", "now", "since", "seriously", "critically", "badly",
    "slightly", "lightly", "fatally", "mortally", "shot", "taken", "held",
    "left", "lay", "each", "eventually", "then", NULL};

/* The forms of "be" that make a following participle passive. */
static const char *const be_words[] = {
    "was", "were", "is", "are", "been", "be", "being", "got", "get", "gets",
    NULL};

/* Words that may follow a bare "four killed" without being its object. */
static const char *const after_words[] = {
    "and", "or", "in", "on", "at", "by", "when", "after", "during", "while",
    "as", "near", "outside", "inside", "since", "following", "overnight",
    "yesterday", "today", "tonight", "last", "this", "including", "but",
    "with", "from", "for", "across", "over", "under", "between", "among",
    "around", "throughout", "earlier", "late", "early", "before", "so",
    "because", "amid", "into", "along", "within", "there", "too", NULL};

/* Not nominal: function words that end a subject or object phrase. */
static const char *const stop_words[] = {
    "a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "by",
    "to", "for", "from", "with", "without", "into", "onto", "over", "under",
    "after", "before", "during", "while", "when", "where", "which", "who",
    "whom", "whose", "that", "this", "these", "those", "there", "here",
    "he", "she", "it", "they", "we", "i", "you", "him", "her", "them",
    "us", "me", "his", "its", "their", "our", "my", "your", "as", "than",
    "since", "until", "if", "then", "not", "no", "was", "were", "is", "are",
    "be", "been", "being", "has", "have", "had", "do", "did", "does",
    "will", "would", "could", "should", "may", "might", "can", "must",
    "said", "says", "say", "told", "also", "about", "some", "all", "both",
    "including", "near", "outside", "inside", "against", "between",
    "among", "through", "across", "following", "per", "via", NULL};

/* Heads that are not people: "five drone attacks", "three days". */
static const char *const thing_words[] = {
    "attack", "attacks", "strike", "strikes", "airstrike", "airstrikes",
    "bomb", "bombs", "bombing", "bombings", "blast", "blasts", "explosion",
    "explosions", "raid", "raids", "rocket", "rockets", "missile",
    "missiles", "shell", "shells", "mortar", "mortars", "drone", "drones",
    "grenade", "grenades", "mine", "mines", "vehicle", "vehicles", "car",
    "cars", "truck", "trucks", "building", "buildings", "house", "houses",
    "home", "homes", "village", "villages", "town", "towns", "incident",
    "incidents", "clash", "clashes", "operation", "operations", "shot",
    "shots", "round", "rounds", "day", "days", "week", "weeks", "month",
    "months", "year", "years", "hour", "hours", "minute", "minutes",
    "second", "seconds", "time", "times", "percent", "per", "cent", "km",
    "kilometres", "kilometers", "miles", "metres", "meters", "dollars",
    "euros", "pounds", "am", "pm", "a.m.", "p.m.", "o'clock", "tonnes",
    "tons", "kg", NULL};

/* After "a": words that make it no count ("a number of", "a lot of"). */
static const char *const not_one_words[] = {
    "number", "lot", "lots", "series", "group", "total", "host", "variety",
    "wave", "spate", "string", "further", "range", "majority",
    "minority", "crowd", "mob", "unit", "squad", "team", "convoy",
    "delegation", "gang", "band", "new", "day", "week", "month", "year",
    "time", NULL};

/* Approximations: the number that follows is the count ("at least 25" =
 * 25, "more than 100" = 100); the most conservative reading, as ACLED
 * does. */
static const char *const approx[] = {
    "at least", "at most", "more than", "less than", "fewer than", "up to",
    "as many as", "close to", "upwards of", "in excess of", "a total of",
    "an estimated", "just over", "just under", "well over", "a further",
    "over", "about", "around", "nearly", "almost", "some", "approximately",
    "roughly", "estimated", "another", "only", "exactly", NULL};

typedef struct scan {
    const kh_doc *d;
    uint32_t lo, hi; /* tokens [lo, hi) */
} scan;

/* Token i lower-cased (ASCII) into buf, or "" when out of range, not a
 * word or too long. */
static const char *word(const scan *s, uint32_t i, char *buf)
{
    buf[0] = '\0';
    if (i < s->lo || i >= s->hi)
        return buf;
    const kh_token *t = &s->d->tokens[i];
    if (t->kind != KH_TOK_WORD && t->kind != KH_TOK_ABBREV &&
        t->kind != KH_TOK_CLITIC)
        return buf;
    if (t->len >= WMAX)
        return buf;
    const char *p = s->d->text + t->start;
    for (uint32_t k = 0; k < t->len; k++) {
        char c = p[k];
        buf[k] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    }
    buf[t->len] = '\0';
    return buf;
}

static bool in(const char *w, const char *const *list)
{
    if (w[0] == '\0')
        return false;
    for (; *list; list++)
        if (streq(w, *list))
            return true;
    return false;
}

static bool is(const scan *s, uint32_t i, const char *lit)
{
    char b[WMAX];
    return streq(word(s, i, b), lit);
}

static bool is_kind(const scan *s, uint32_t i, int kind)
{
    return i >= s->lo && i < s->hi && s->d->tokens[i].kind == kind;
}

/* A word that can sit inside a noun phrase: "Afghan police officers". */
#define NLEX (sizeof(lex) / sizeof(lex[0]))

/* The index of word w (len bytes) in lex[], NLEX when it is none: the
 * words of each first letter and length as bits, found on first use (the
 * same bits whichever thread builds them), then one or two compared. */
static size_t lex_find(const char *w, size_t len)
{
    static _Atomic uint64_t cand[26][WMAX];
    static _Atomic int ready, odd;
    _Static_assert(NLEX <= 64, "one word of bits");
    if (!ready) {
        for (size_t k = 0; k < NLEX; k++) {
            size_t l = strlen(lex[k].w);
            if (lex[k].w[0] >= 'a' && lex[k].w[0] <= 'z' && l < WMAX)
                cand[lex[k].w[0] - 'a'][l] |= 1ull << k;
            else
                odd = 1; /* a word the bits cannot hold: read them all */
        }
        ready = 1;
    }
    if (odd) {
        size_t k = 0;
        while (k < NLEX && !streq(w, lex[k].w))
            k++;
        return k;
    }
    unsigned char c0 = (unsigned char)w[0];
    if (c0 < 'a' || c0 > 'z' || len >= WMAX)
        return NLEX;
    for (uint64_t m = cand[c0 - 'a'][len]; m; m &= m - 1) {
        size_t k = (size_t)__builtin_ctzll(m);
        if (memcmp(lex[k].w, w, len) == 0)
            return k;
    }
    return NLEX;
}

static bool nominal(const scan *s, uint32_t i)
{
    char b[WMAX];
    const char *w = word(s, i, b);
    if (w[0] == '\0' || in(w, stop_words))
        return false;
    return lex_find(w, strlen(w)) == NLEX;
}

/* ---- numbers ---------------------------------------------------------- */

static int unit_value(const char *w)
{
    static const char *const units[] = {
        "zero", "one", "two", "three", "four", "five", "six", "seven",
        "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen",
        "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", NULL};
    for (int k = 0; units[k]; k++)
        if (streq(w, units[k]))
            return k;
    return -1;
}

static int tens_value(const char *w)
{
    static const char *const tens[] = {"twenty", "thirty", "forty", "fifty",
                                       "sixty", "seventy", "eighty",
                                       "ninety", NULL};
    for (int k = 0; tens[k]; k++)
        if (streq(w, tens[k]))
            return 20 + 10 * k;
    return -1;
}

/* "twenty-five" (one hyphenated token): 25; else -1. */
static int hyphen_value(const char *w)
{
    const char *dash = strchr(w, '-');
    char a[WMAX];
    if (dash == NULL || (size_t)(dash - w) >= sizeof(a))
        return -1;
    memcpy(a, w, (size_t)(dash - w));
    a[dash - w] = '\0';
    int t = tens_value(a), u = unit_value(dash + 1);
    return t > 0 && u > 0 && u < 10 ? t + u : -1;
}

/* The value of one word of a spelled number ("four", "twenty-five"). */
static int small_value(const char *w)
{
    int v = unit_value(w);
    if (v < 0)
        v = tens_value(w);
    if (v < 0)
        v = hyphen_value(w);
    return v;
}

static int64_t scale_value(const char *w)
{
    if (streq(w, "hundred"))
        return 100;
    if (streq(w, "thousand"))
        return 1000;
    if (streq(w, "million"))
        return 1000000;
    return 0;
}

/* Digits with optional thousands commas: "12", "4,000".  Comma-less years
 * 1800-2099 are dates, not counts; decimals, ordinals ("27th"), decades
 * ("1990s"), times and dates are refused. */
static int64_t digits_value(const scan *s, uint32_t i)
{
    if (!is_kind(s, i, KH_TOK_NUMBER) ||
        (s->d->tokens[i].flags & KH_TOKF_ORDINAL))
        return -1;
    const kh_token *t = &s->d->tokens[i];
    const char *p = s->d->text + t->start;
    int64_t v = 0;
    uint32_t group = 0, ndig = 0;
    bool comma = false;
    for (uint32_t k = 0; k < t->len; k++) {
        if (p[k] >= '0' && p[k] <= '9') {
            if (v < NUM_MAX)
                v = v * 10 + (p[k] - '0');
            group++;
            ndig++;
        } else if (p[k] == ',') {
            if ((comma ? group != 3 : group == 0 || group > 3))
                return -1;
            comma = true;
            group = 0;
        } else {
            return -1;
        }
    }
    if (comma && group != 3)
        return -1;
    if (!comma && ndig == 4 && v >= 1800 && v <= 2099)
        return -1;
    return v > NUM_MAX ? NUM_MAX : v;
}

typedef struct num {
    int64_t val;
    uint32_t start, end; /* tokens [start, end) */
    uint8_t vague;
    uint8_t plain;       /* 1 for "a", "no", "both": no approximation */
} num;

/* Skip an "of" after a collective ("dozens of", "a couple of"). */
static uint32_t opt_of(const scan *s, uint32_t i)
{
    return is(s, i, "of") ? i + 1 : i;
}

/* Spelled or digit number from i, with scales: "four", "a hundred and
 * twenty", "3 million", "two dozen".  `have` carries a value already read
 * ("a" before "hundred" is 1). */
static bool cardinal(const scan *s, uint32_t i, int64_t have, num *out)
{
    char b[WMAX];
    int64_t total = 0, cur = have;
    bool any = have > 0, digits = false;
    uint32_t p = i;

    if (!any) {
        int64_t dv = digits_value(s, p);
        if (dv >= 0) {
            cur = dv;
            any = digits = true;
            p++;
        }
    }
    for (;;) {
        const char *w = word(s, p, b);
        int v = small_value(w);
        int64_t sc = scale_value(w);
        if (v >= 0 && !digits) {
            int64_t low = cur % 100;
            /* "four", "hundred and five", "twenty five"; not "four five" */
            bool fits = !any || (low == 0 && total + cur > 0) ||
                        (low >= 20 && low % 10 == 0 && v > 0 && v < 10);
            if (!fits)
                break;
            cur += v;
            any = true;
            p++;
        } else if (sc > 0 && any) {
            if (sc == 100) {
                if (cur % 100 != 0 || cur == 0)
                    cur = (cur ? cur : 1) * 100;
                else
                    break; /* "hundred hundred" */
            } else {
                total += (cur ? cur : 1) * sc;
                cur = 0;
            }
            digits = false;
            p++;
            if (total + cur > NUM_MAX)
                break;
        } else if (streq(w, "and") && any && total + cur >= 100 &&
                   small_value(word(s, p + 1, b)) > 0) {
            p++;
        } else if (streq(w, "dozen") && any) {
            cur *= 12;
            p = opt_of(s, p + 1);
            break;
        } else {
            break;
        }
    }
    if (!any)
        return false;
    total += cur;
    out->val = total > NUM_MAX ? NUM_MAX : total;
    out->end = p;
    return true;
}

/* Vague amounts with a conventional value (docs/casualties.md). */
static bool vague_word(const scan *s, uint32_t i, num *out)
{
    char b[WMAX];
    const char *w = word(s, i, b);
    static const struct {
        const char *w;
        int32_t v;
    } tab[] = {
        {"tens", 10},      {"dozens", 12},   {"scores", 20},
        {"hundreds", 100}, {"thousands", 1000}, {"millions", 1000000},
        {"several", 3},    {"many", 10},     {"numerous", 10},
    };
    for (size_t k = 0; k < sizeof(tab) / sizeof(tab[0]); k++) {
        if (!streq(w, tab[k].w))
            continue;
        uint32_t p = i + 1;
        int64_t v = tab[k].v;
        /* "tens of thousands", "hundreds of thousands" */
        if (is(s, p, "of") && (v == 10 || v == 100 || v == 12) &&
            (is(s, p + 1, "thousands") || is(s, p + 1, "millions"))) {
            v *= is(s, p + 1, "thousands") ? 1000 : 1000000;
            p += 2;
        }
        out->val = v;
        out->end = opt_of(s, p);
        out->vague = 1;
        return true;
    }
    return false;
}

/* The number after any approximation; `plain_ok` allows "a", "no", "both". */
static bool core(const scan *s, uint32_t i, bool plain_ok, num *out)
{
    char b[WMAX], c[WMAX];
    const char *w = word(s, i, b);

    out->vague = 0;
    out->plain = 0;
    if (plain_ok) {
        if (streq(w, "no") && is(s, i + 1, "one")) {
            out->val = 0, out->end = i + 2, out->plain = 1;
            return true;
        }
        if (streq(w, "no") || streq(w, "none") ||
            streq(w, "nobody") || streq(w, "noone")) {
            out->val = 0, out->end = i + 1, out->plain = 1;
            return true;
        }
        if (streq(w, "both")) {
            out->val = 2, out->end = i + 1, out->plain = 1;
            return true;
        }
    }
    if (streq(w, "half") && is(s, i + 1, "a") && is(s, i + 2, "dozen")) {
        out->val = 6, out->end = opt_of(s, i + 3);
        return true;
    }
    if (streq(w, "a") || streq(w, "an")) {
        const char *n = word(s, i + 1, c);
        if (streq(n, "dozen")) {
            out->val = 12, out->end = opt_of(s, i + 2);
            return true;
        }
        if (streq(n, "score")) {
            out->val = 20, out->end = opt_of(s, i + 2);
            return true;
        }
        if (scale_value(n) > 0)
            return cardinal(s, i + 1, 1, out);
        if (streq(n, "couple") || streq(n, "few") ||
            streq(n, "handful")) {
            out->val = n[0] == 'c' ? 2 : 3;
            out->vague = 1;
            out->end = opt_of(s, i + 2);
            return true;
        }
        if (plain_ok && n[0] != '\0' && !in(n, not_one_words) &&
            unit_value(n) < 0 && !in(n, stop_words)) {
            out->val = 1, out->end = i + 1, out->plain = 1;
            return true;
        }
        return false;
    }
    if (vague_word(s, i, out))
        return true;
    return cardinal(s, i, 0, out);
}

/* A number phrase starting at token i. */
static bool parse_num(const scan *s, uint32_t i, num *out)
{
    char b[WMAX];
    if (i < s->lo || i >= s->hi)
        return false;
    out->start = i;
    /* an approximation whose first byte is not the token's fails there */
    char c0 = word(s, i, b)[0];
    for (size_t k = 0; approx[k]; k++) {
        const char *a = approx[k];
        if (a[0] != c0)
            continue;
        uint32_t p = i;
        bool ok = true;
        while (*a && ok) {
            const char *sp = strchr(a, ' ');
            size_t n = sp ? (size_t)(sp - a) : strlen(a);
            const char *w = word(s, p, b);
            ok = strlen(w) == n && memcmp(w, a, n) == 0;
            p++;
            a += sp ? n + 1 : n;
        }
        if (ok && p > i && core(s, p, false, out) && !out->plain)
            return true;
    }
    return core(s, i, true, out);
}

int32_t kh_toll__number(const kh_doc *doc, uint32_t a, uint32_t b,
                        uint8_t *vague)
{
    scan s = {doc, a, b <= doc->token_count ? b : (uint32_t)doc->token_count};
    num n;
    if (vague)
        *vague = 0;
    if (a >= s.hi || !parse_num(&s, a, &n) || n.end != b)
        return -1;
    if (vague)
        *vague = n.vague;
    return (int32_t)n.val;
}

/* ---- counts in context ------------------------------------------------ */

/* A number that is money, a measure or a time span, not a count. */
static bool not_a_count(const scan *s, const num *n)
{
    char b[WMAX];
    if (n->start > s->lo) {
        const kh_token *t = &s->d->tokens[n->start - 1];
        if (t->kind == KH_TOK_SYMBOL)
            return true; /* $4 million, €20 */
        const char *w = word(s, n->start - 1, b);
        if (streq(w, "us$") || streq(w, "rs"))
            return true;
    }
    if (is_kind(s, n->end, KH_TOK_SYMBOL))
        return true; /* 40 % */
    /* the head after the number: "three days", "five drone attacks"; two
     * words, so "1,200 people last year" is still people */
    for (uint32_t p = n->end; p < n->end + 2 && nominal(s, p); p++) {
        if (in(word(s, p, b), thing_words))
            return true;
    }
    return false;
}

/* The longest number phrase that ends exactly at token e. */
static bool num_ending(const scan *s, uint32_t e, num *out)
{
    uint32_t from = e > s->lo + 6 ? e - 6 : s->lo;
    for (uint32_t st = from; st < e; st++) {
        num n;
        if (parse_num(s, st, &n) && n.end == e) {
            *out = n;
            return true;
        }
    }
    return false;
}

static void put(const scan *s, kh_toll_item *it, int kind, const num *n,
                uint32_t first, uint32_t last, uint32_t verb)
{
    it->kind = (uint8_t)kind;
    it->count = (int32_t)n->val;
    it->vague = n->vague;
    it->tok_first = first;
    it->tok_last = last;
    it->verb_tok = verb;
    it->text.start = s->d->tokens[first].start;
    it->text.end = s->d->tokens[last].start + s->d->tokens[last].len;
}

typedef struct found {
    num n;
    uint32_t first, last;
} found;

/* "killing four", "detained 30 protesters", "kidnapped a student". */
static bool object_count(const scan *s, uint32_t v, found *f)
{
    uint32_t p = v + 1;
    if ((is(s, p, "the") || is(s, p, "all")) && !is(s, p + 1, "a"))
        p++;
    if (!parse_num(s, p, &f->n) || not_a_count(s, &f->n))
        return false;
    /* "a" needs a noun: "killed a policeman", not "killed a ." */
    if (f->n.plain && f->n.val == 1 && !nominal(s, f->n.end))
        return false;
    f->first = v;
    f->last = f->n.end - 1;
    for (uint32_t q = f->n.end; q < f->n.end + GAP_MAX && nominal(s, q); q++)
        f->last = q;
    return true;
}

/* Whether the casualty word at v is used passively ("were killed"). */
static bool passive(const scan *s, uint32_t v)
{
    char b[WMAX];
    for (uint32_t p = v; p > s->lo;) {
        const char *w = word(s, --p, b);
        if (in(w, be_words))
            return true;
        if (!in(w, aux_words))
            return false;
    }
    return false;
}

/* "four men were killed", "three soldiers died", "12 dead", "nobody was
 * hurt".  `act` says the word can also be active, so a bare "four gunmen
 * killed" followed by an object is not a count of the killed. */
static bool subject_count(const scan *s, uint32_t v, bool act, found *f)
{
    char b[WMAX];
    uint32_t p = v;
    bool aux = false;
    while (p > s->lo && in(word(s, p - 1, b), aux_words)) {
        p--;
        aux = true;
    }
    if (act && !aux) {
        uint32_t q = v + 1;
        if (q < s->hi) {
            const kh_token *t = &s->d->tokens[q];
            bool word_after = t->kind == KH_TOK_WORD ||
                              t->kind == KH_TOK_NUMBER;
            if (word_after && !in(word(s, q, b), after_words))
                return false; /* an object follows: active */
        }
    }
    uint32_t e = p, head = UINT32_MAX;
    bool got = false;
    for (int gap = 0; gap <= GAP_MAX + 2 && !got; gap++) {
        if (e <= s->lo)
            return false;
        if (num_ending(s, e, &f->n)) {
            got = true;
            break;
        }
        /* "men", "of them", "of the passengers" */
        char c[WMAX];
        const char *w = word(s, e - 1, c);
        bool of_phrase = (streq(w, "of") || streq(w, "the") ||
                          streq(w, "them") || streq(w, "whom") ||
                          streq(w, "those") || streq(w, "their") ||
                          streq(w, "its") || streq(w, "his") ||
                          streq(w, "her") || streq(w, "our"));
        if (!nominal(s, e - 1) && !of_phrase)
            return false;
        if (head == UINT32_MAX && !of_phrase)
            head = e - 1;
        e--;
    }
    if (!got)
        return false;
    if (head != UINT32_MAX && in(word(s, head, b), thing_words))
        return false;
    if (head == UINT32_MAX && not_a_count(s, &f->n))
        return false;
    if (f->n.start > s->lo && is_kind(s, f->n.start - 1, KH_TOK_SYMBOL))
        return false;
    f->first = f->n.start;
    f->last = v;
    return true;
}

/* "40 deaths", "12 civilian deaths", "no reported casualties". */
static bool noun_count(const scan *s, uint32_t v, found *f)
{
    for (uint32_t e = v; e + 3 > v && e > s->lo; e--) {
        if (num_ending(s, e, &f->n)) {
            f->first = f->n.start;
            f->last = v;
            return !(f->n.start > s->lo &&
                     is_kind(s, f->n.start - 1, KH_TOK_SYMBOL));
        }
        if (!nominal(s, e - 1))
            return false;
    }
    return false;
}

/* "the death toll rose to 40", "a toll of 40", "toll has risen to 40". */
static bool toll_count(const scan *s, uint32_t v, found *f)
{
    static const char *const link[] = {
        "rose", "risen", "rising", "has", "had", "have", "climbed",
        "climbing", "jumped", "increased", "reached", "stood", "stands",
        "is", "was", "at", "to", "of", "hit", "now", "grew", "soared",
        "mounted", "further", "since", "reportedly", "been", "officially",
        "put", "climb", "rise", "stand", "reach", "least", NULL};
    char b[WMAX];
    uint32_t p = v + 1;
    bool got = false;
    for (int k = 0; k < 6 && !got; k++, p++) {
        got = parse_num(s, p, &f->n) && !f->n.plain && !not_a_count(s, &f->n);
        if (!got && !in(word(s, p, b), link))
            return false;
    }
    if (!got)
        return false;
    f->first = is(s, v - 1, "death") && v > s->lo ? v - 1 : v;
    f->last = f->n.end - 1;
    return true;
}

/* After "killed four": ", the rocket attack nobody" - the verb is gapped
 * and the count belongs to another event named before it. */
static bool gapped_count(const scan *s, uint32_t after, found *f)
{
    char b[WMAX];
    uint32_t p = after;
    if (!is_kind(s, p, KH_TOK_PUNCT) || s->d->text[s->d->tokens[p].start] != ',')
        return false;
    p++;
    if (is(s, p, "while") || is(s, p, "and") || is(s, p, "but"))
        p++;
    const char *w = word(s, p, b);
    if (streq(w, "the") || streq(w, "a") ||
        streq(w, "an") || streq(w, "another"))
        p++;
    uint32_t np = p;
    for (int k = 0; k < GAP_MAX && nominal(s, p); k++, p++) {
        if (p > np && parse_num(s, p, &f->n))
            break;
    }
    if (p == np || !parse_num(s, p, &f->n) || not_a_count(s, &f->n))
        return false;
    uint32_t e = f->n.end;
    if (e < s->hi && !is_kind(s, e, KH_TOK_PUNCT))
        return false;
    f->first = np;
    f->last = e - 1;
    return true;
}

static bool overlaps(const kh_toll_item *out, size_t n, const found *f)
{
    for (size_t k = 0; k < n; k++)
        if (f->first <= out[k].tok_last && out[k].tok_first <= f->last)
            return true;
    return false;
}

/* Emit `f` (two items for K_BOTH); returns the number written. */
static size_t emit(const scan *s, kh_toll_item *out, size_t n, size_t cap,
                   int kind, const found *f, uint32_t v)
{
    if (n >= cap || overlaps(out, n, f))
        return 0;
    if (kind != K_BOTH) {
        put(s, &out[n], kind, &f->n, f->first, f->last, v);
        return 1;
    }
    /* "casualties" is counted only when there were none: a number of
     * casualties mixes the dead and the hurt and splits into neither. */
    if (f->n.val != 0)
        return 0;
    put(s, &out[n], KH_TOLL_KILLED, &f->n, f->first, f->last, v);
    if (n + 1 >= cap)
        return 1;
    put(s, &out[n + 1], KH_TOLL_INJURED, &f->n, f->first, f->last, v);
    return 2;
}

size_t kh_toll__find(const kh_doc *doc, uint32_t first, uint32_t count,
                     kh_toll_item *out, size_t cap)
{
    if (doc == NULL || out == NULL || cap == 0 || first >= doc->token_count)
        return 0;
    uint32_t hi = count > doc->token_count - first
                      ? (uint32_t)doc->token_count
                      : first + count;
    scan s = {doc, first, hi};
    size_t n = 0;
    char b[WMAX];
    /* the first bytes of the casualty words: most tokens are no such word
     * and are told by their first byte */
    static _Atomic uint32_t lens[256]; /* first byte -> lengths, as bits */
    static _Atomic int ready;
    if (!ready) {
        for (size_t li = 0; li < sizeof(lex) / sizeof(lex[0]); li++)
            lens[(unsigned char)lex[li].w[0]] |= 1u << strlen(lex[li].w);
        ready = 1;
    }

    for (uint32_t v = first; v < hi && n < cap; v++) {
        /* most tokens are told from the casualty words by their first
         * byte and length */
        const kh_token *t = &doc->tokens[v];
        if (t->len == 0 || t->len >= WMAX)
            continue;
        unsigned char c0 = (unsigned char)doc->text[t->start];
        if (!(lens[c0 >= 'A' && c0 <= 'Z' ? c0 + 32 : c0] >> t->len & 1))
            continue;
        const char *w = word(&s, v, b);
        size_t li = lex_find(w, w[0] ? t->len : 0);
        if (li == NLEX)
            continue;
        int kind = lex[li].kind, form = lex[li].form;
        found f;
        size_t got = 0;

        if (form & F_TOLL) {
            if (toll_count(&s, v, &f))
                got = emit(&s, out, n, cap, kind, &f, v);
            n += got;
            continue;
        }
        if ((form & F_ACT) && !passive(&s, v) && object_count(&s, v, &f)) {
            got = emit(&s, out, n, cap, kind, &f, v);
            n += got;
            if (got && gapped_count(&s, f.last + 1, &f))
                n += emit(&s, out, n, cap, kind, &f, v);
            continue;
        }
        /* "no one was hurt": unhurt means alive too */
        if ((form & F_SUBJ) && subject_count(&s, v, form & F_ACT, &f)) {
            int k = kind == KH_TOLL_INJURED && f.n.val == 0 ? K_BOTH : kind;
            n += emit(&s, out, n, cap, k, &f, v);
            continue;
        }
        if ((form & F_NOUN) && noun_count(&s, v, &f)) {
            int k = kind == KH_TOLL_INJURED && f.n.val == 0 ? K_BOTH : kind;
            n += emit(&s, out, n, cap, k, &f, v);
        }
    }
    /* text order; stable, so killed stays before injured */
    for (size_t i = 1; i < n; i++) {
        kh_toll_item t = out[i];
        size_t j = i;
        while (j > 0 && out[j - 1].tok_first > t.tok_first) {
            out[j] = out[j - 1];
            j--;
        }
        out[j] = t;
    }
    return n;
}
