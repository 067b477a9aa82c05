/* chunk.c - shallow syntax: the word and tag rules the coder asks one
 * token at a time, and the chunker that builds flat span arrays from the
 * same rules (docs/chunker.md).  No parse trees: every decision is a look
 * at a few neighbouring words and their Penn tags. */
#include "khaldun/chunk.h"
#include "khaldun/tagger.h"
#include "khaldun/text.h"
#include "alloc.h"
#include "arena.h"
#include "chunk.h"

#include <string.h>

#define IS(v, k, w) kh_chunk__is(v, k, w)
#define IN(v, k, l) kh_chunk__in(v, k, l)
#define TAG_IS(v, k, b) kh_chunk__tag_is(v, k, b)
#define TAG_STARTS(v, k, b) kh_chunk__tag_starts(v, k, b)

uint32_t kh_chunk__tag_bits(const char *name)
{
    static const struct {
        const char *name;
        uint32_t bit;
        bool prefix;
    } t[] = {{"IN", KH_T_IN, false},     {"JJ", KH_T_JJ, false},
             {"JJR", KH_T_JJR, false},   {"JJS", KH_T_JJS, false},
             {"NN", KH_T_NN, false},     {"NNP", KH_T_NNP, false},
             {"NNPS", KH_T_NNPS, false}, {"PRP", KH_T_PRP, false},
             {"TO", KH_T_TO, false},     {"VBN", KH_T_VBN, false},
             {"VBG", KH_T_VBG, false},   {"VBD", KH_T_VBD, false},
             {"VBZ", KH_T_VBZ, false},   {"POS", KH_T_POS, false},
             {"CC", KH_T_CC, false},     {"RP", KH_T_RP, false},
             {"EX", KH_T_EX, false},     {"PDT", KH_T_PDT, false},
             {"W", KH_P_W, true},        {"WRB", KH_T_WRB, false},
             {"VB", KH_T_VB, false},     {"VBP", KH_T_VBP, false},
             {"WP$", KH_T_WPS, false},   {",", KH_T_PUNCT, false},
             {".", KH_T_PUNCT, false},   {":", KH_T_PUNCT, false},
             {"``", KH_T_PUNCT, false},  {"''", KH_T_PUNCT, false},
             {"-LRB-", KH_T_PUNCT, false}, {"-RRB-", KH_T_PUNCT, false},
             {"#", KH_T_PUNCT, false},
             {"CD", KH_P_CD, true},      {"DT", KH_P_DT, true},
             {"JJ", KH_P_JJ, true},      {"MD", KH_P_MD, true},
             {"NN", KH_P_NN, true},      {"PRP$", KH_P_PRPS, true},
             {"RB", KH_P_RB, true},      {"VB", KH_P_VB, true}};
    uint32_t bits = 0;
    for (size_t i = 0; name && i < sizeof(t) / sizeof(t[0]); i++)
        if (t[i].prefix ? strncmp(name, t[i].name, strlen(t[i].name)) == 0
                        : strcmp(name, t[i].name) == 0)
            bits |= t[i].bit;
    return bits;
}

void kh_chunk__tag_table(uint32_t out[256])
{
    out[0] = 0;
    for (int tg = 1; tg < 256; tg++)
        out[tg] = tg <= KH_TAG_MAX ? kh_chunk__tag_bits(kh_tag_name(tg)) : 0;
}

/* ---- the rules, one token at a time ---------------------------------- */

bool kh_chunk__is_be(const kh_chunk__view *v, uint32_t k)
{
    /* "has marched" is a perfect, not a passive: only forms of "be" and
     * "get" make one */
    static const char *const be[] = {"was", "were", "is", "are", "been",
                                     "being", "be", "am", "get", "got",
                                     "gets", NULL};
    return IN(v, k, be);
}

/* Answers about a token that pattern matching asks again and again,
 * kept in the view's memo once found: a pair of bits each, "known" and
 * "yes" (KH_CHUNK__OPENER_KNOWN ...).  They depend on the words and
 * (clause_opener) the tags, which do not change while a sentence is
 * read. */

static bool word_class(const kh_chunk__view *v, uint32_t k, uint8_t known,
                       uint8_t yes,
                       bool (*word)(const kh_chunk__view *, uint32_t))
{
    if (k >= v->n)
        return false;
    if (v->memo == NULL)
        return word(v, k);
    uint8_t *wc = &v->memo[k];
    if (!(*wc & known))
        *wc |= known | (word(v, k) ? yes : 0);
    return (*wc & yes) != 0;
}

static bool subordinator_word(const kh_chunk__view *v, uint32_t k)
{
    static const char *const w[] = {"after", "before", "when", "while",
                                    "because", "since", "although",
                                    "though", "if", "that", "which", "who",
                                    "whom", "where", "until", "unless",
                                    "whether", NULL};
    return IN(v, k, w);
}

bool kh_chunk__subordinator_find(const kh_chunk__view *v, uint32_t k)
{
    return word_class(v, k, KH_CHUNK__SUBORD_KNOWN, KH_CHUNK__SUBORD,
                      subordinator_word);
}

/* Words that open an adverbial clause: a pattern never reaches across
 * them ("vowed ... after a drone strike killed ..."); complement "that"
 * and relative "which" are left to the patterns, which name them. */
static bool clause_opener_word(const kh_chunk__view *v, uint32_t k)
{
    static const char *const w[] = {"after", "before", "when", "while",
                                    "because", "since", "although",
                                    "though", "until", "unless", "whereas",
                                    NULL};
    if (!IN(v, k, w))
        return false;
    /* "after the airstrike" is a preposition; "after crowds attacked"
     * opens a clause: a verb must follow before the next comma (checked
     * when tags are known) */
    if (v->tagged && (IS(v, k, "after") || IS(v, k, "before") ||
                      IS(v, k, "since") || IS(v, k, "until"))) {
        for (uint32_t q = k + 1; q < v->n && q < k + 8; q++) {
            if (IS(v, q, ",") || kh_chunk__clause_break(v, q) ||
                IS(v, q, "to")) /* "after four years to allow" */
                break;
            if (TAG_STARTS(v, q, KH_P_VB) && v->tok[q].tag)
                return true;
        }
        return false;
    }
    return true;
}

bool kh_chunk__clause_opener_find(const kh_chunk__view *v, uint32_t k)
{
    return word_class(v, k, KH_CHUNK__OPENER_KNOWN, KH_CHUNK__OPENER,
                      clause_opener_word);
}

bool kh_chunk__clauses_apart(const kh_chunk__view *v, uint32_t a, uint32_t b)
{
    if (a > b) {
        uint32_t x = a;
        a = b;
        b = x;
    }
    for (uint32_t k = a + 1; k < b && k < v->n; k++)
        if (kh_chunk__clause_opener(v, k) || kh_chunk__clause_break(v, k) ||
            IS(v, k, "that"))
            return true;
    return false;
}

bool kh_chunk__in_adverbial(const kh_chunk__view *v, uint32_t start)
{
    for (uint32_t k = start; k-- > 0;) {
        if (kh_chunk__clause_break(v, k) || IS(v, k, ","))
            return false;
        if (kh_chunk__clause_opener(v, k))
            return true;
    }
    return false;
}

bool kh_chunk__after_preposition(const kh_chunk__view *v, uint32_t k)
{
    while (k > 0 && (IS(v, k - 1, "the") || TAG_IS(v, k - 1, KH_T_JJ)))
        k--;
    return k > 0 && !kh_chunk__subordinator(v, k - 1) &&
           (TAG_IS(v, k - 1, KH_T_IN) || IS(v, k - 1, "with") ||
            IS(v, k - 1, "to") || IS(v, k - 1, "from") ||
            IS(v, k - 1, "against") || IS(v, k - 1, "in") ||
            IS(v, k - 1, "near") || IS(v, k - 1, "at"));
}

bool kh_chunk__adjective_comma(const kh_chunk__view *v, uint32_t k)
{
    return k > 0 && k + 1 < v->n && TAG_STARTS(v, k - 1, KH_P_JJ) &&
           TAG_STARTS(v, k + 1, KH_P_JJ) && v->tagged && v->tok[k - 1].tag &&
           v->tok[k + 1].tag;
}

static bool named(const kh_chunk__view *v, uint32_t k)
{
    return v->name_at && v->name_at[k] >= 0;
}

uint32_t kh_chunk__skip_np(const kh_chunk__view *v, uint32_t k)
{
    if (!v->tagged)
        return k;
    if (k + 1 < v->n &&
        (TAG_IS(v, k, KH_T_IN) || TAG_IS(v, k, KH_T_TO)) &&
        !kh_chunk__subordinator(v, k) && !kh_chunk__clause_opener(v, k))
        k++;
    /* a noun phrase ends before its "of" phrase ("the parliament | of
     * Gondor"), as in a parse */
    while (k < v->n && !IS(v, k, "of") && (named(v, k) ||
                        (v->tok[k].tag &&
                         (TAG_STARTS(v, k, KH_P_DT) ||
                          TAG_STARTS(v, k, KH_P_JJ) ||
                          TAG_STARTS(v, k, KH_P_NN) ||
                          TAG_STARTS(v, k, KH_P_CD) ||
                          TAG_STARTS(v, k, KH_P_PRPS))) ||
                        v->tok[k].kind == KH_TOK_CLITIC))
        k++;
    return k;
}

bool kh_chunk__next_predicate(const kh_chunk__view *v, uint32_t k)
{
    return (IS(v, k, "and") || IS(v, k, "but")) && k + 1 < v->n &&
           !named(v, k + 1) &&
           (TAG_IS(v, k + 1, KH_T_VBD) || TAG_IS(v, k + 1, KH_T_VBZ));
}

bool kh_chunk__coordinated_verb(const kh_chunk__view *v, uint32_t start)
{
    for (uint32_t k = start; k-- > 0;) {
        if (IS(v, k, "and") || IS(v, k, "but"))
            return true;
        if (!(TAG_STARTS(v, k, KH_P_RB) || TAG_STARTS(v, k, KH_P_MD) ||
              kh_chunk__is_be(v, k) || IS(v, k, "has") || IS(v, k, "have") ||
              IS(v, k, "had")) ||
            !v->tagged)
            return false;
    }
    return false;
}

bool kh_chunk__after_auxiliary(const kh_chunk__view *v, uint32_t k)
{
    while (k > 0 && (TAG_STARTS(v, k - 1, KH_P_RB) || IS(v, k - 1, "not") ||
                     IS(v, k - 1, "n't")))
        k--;
    return k > 0 && (TAG_IS(v, k - 1, KH_P_MD) || IS(v, k - 1, "do") ||
                     IS(v, k - 1, "does") || IS(v, k - 1, "did"));
}

bool kh_chunk__negated_before(const kh_chunk__view *v, uint32_t start)
{
    for (uint32_t k = start; k-- > 0 && k + 3 >= start;)
        if (IS(v, k, "not") || IS(v, k, "n't") || IS(v, k, "never") ||
            IS(v, k, "n\xe2\x80\x99t"))
            return true;
    return false;
}

/* The statement verbs of reported speech. */
static bool saying(const kh_chunk__view *v, uint32_t q)
{
    /* (not "announced it would": an announced decision is the act) */
    return IS(v, q, "said") || IS(v, q, "says") || IS(v, q, "warned") ||
           IS(v, q, "declared") || IS(v, q, "stated") || IS(v, q, "told") ||
           IS(v, q, "insisted") || IS(v, q, "confirmed") ||
           IS(v, q, "indicated") || IS(v, q, "signaled") ||
           IS(v, q, "signalled") || IS(v, q, "reiterated") ||
           IS(v, q, "added");
}

bool kh_chunk__said_before(const kh_chunk__view *v, uint32_t k)
{
    for (uint32_t q = k; q-- > 0 && q + 8 >= k;)
        if (saying(v, q))
            return true;
    return false;
}

bool kh_chunk__has_object(const kh_chunk__view *v, uint32_t end)
{
    static const char *const when[] = {"today", "yesterday", "tomorrow",
                                       "tonight", "now", NULL};
    for (uint32_t k = end; k < v->n; k++) {
        if (IS(v, k, ",") || IS(v, k, ".") || kh_chunk__clause_break(v, k) ||
            kh_chunk__clause_opener(v, k))
            return false;
        if (named(v, k))
            return true;
        bool temporal = false;
        for (const char *const *w = when; *w; w++)
            temporal = temporal || IS(v, k, *w);
        if (!temporal && v->tok[k].tag &&
            (TAG_STARTS(v, k, KH_P_NN) || TAG_IS(v, k, KH_T_PRP)))
            return true;
    }
    return false;
}

bool kh_chunk__list_gap(const kh_chunk__view *v, uint32_t a_end,
                        uint32_t b_start)
{
    bool conj = false;
    if (b_start <= a_end || b_start - a_end > 5)
        return false;
    for (uint32_t k = a_end; k < b_start; k++) {
        if (IS(v, k, ",") || IS(v, k, "and") || IS(v, k, "or") ||
            IS(v, k, "nor")) {
            conj = true;
            continue;
        }
        if (IS(v, k, "the") || IS(v, k, "a") || IS(v, k, "an") ||
            TAG_IS(v, k, KH_T_JJ) || TAG_IS(v, k, KH_T_JJR) ||
            TAG_IS(v, k, KH_T_JJS))
            continue;
        return false;
    }
    return conj;
}

void kh_chunk__asides(const kh_chunk__view *v, const kh_chunk__commas *o,
                      bool *aside)
{
    uint32_t commas[256], nc = 0;

    for (uint32_t k = 0; k < v->n && nc < 256; k++)
        if (IS(v, k, ",") && !kh_chunk__adjective_comma(v, k))
            commas[nc++] = k;
    for (uint32_t i = 0; i + 1 < nc; i++) {
        uint32_t len = commas[i + 1] - commas[i] - 1;
        if (o->max > 0 && (int)len >= o->min && (int)len <= o->max)
            for (uint32_t k = commas[i] + 1; k < commas[i + 1]; k++)
                aside[k] = true;
    }
    if (nc > 0 && o->bmax > 0 && (int)commas[0] >= o->bmin &&
        (int)commas[0] <= o->bmax)
        for (uint32_t k = 0; k < commas[0]; k++)
            aside[k] = true;
    /* "Iran, a close ally of Syria, condemned Turkey": a last clause that
     * holds the sentence's verb is no aside */
    bool verb_before = !v->tagged; /* untagged: by size alone */
    for (uint32_t k = 0; nc > 0 && k < commas[nc - 1] && !verb_before; k++)
        verb_before = !aside[k] && v->tok[k].tag && TAG_STARTS(v, k, KH_P_VB);
    if (nc > 0 && o->emax > 0 && verb_before) {
        /* words, not the sentence's closing punctuation */
        uint32_t end = v->n;
        while (end > commas[nc - 1] + 1 && v->tok[end - 1].kind == KH_TOK_PUNCT)
            end--;
        uint32_t len = end - commas[nc - 1] - 1;
        if ((int)len >= o->emin && (int)len <= o->emax)
            for (uint32_t k = commas[nc - 1] + 1; k < v->n; k++)
                aside[k] = true;
    }
}

/* ---- the chunker ------------------------------------------------------ */

/* Token k's tag bits; 0 when it has no tag. */
static uint32_t bits(const kh_chunk__view *v, uint32_t k)
{
    if (k >= v->n || !v->tagged || v->tok[k].tag == 0)
        return 0;
    return v->tagbits[v->tok[k].tag];
}

static bool word_token(const kh_chunk__view *v, uint32_t k)
{
    unsigned kind = v->tok[k].kind;
    return kind == KH_TOK_WORD || kind == KH_TOK_NUMBER ||
           kind == KH_TOK_ABBREV || kind == KH_TOK_CLITIC ||
           (kind == KH_TOK_SYMBOL && IS(v, k, "$"));
}

#define B_NOUN (KH_P_NN | KH_T_PRP | KH_T_EX | KH_P_CD)
#define B_DET (KH_P_DT | KH_T_PDT | KH_P_PRPS | KH_T_WPS)
#define B_VERB (KH_P_VB | KH_P_MD)

/* Is token k a verb or modal (tags), or "to" before one? */
static bool verbal(const kh_chunk__view *v, uint32_t k)
{
    uint32_t b = bits(v, k);
    if (b & B_VERB)
        return true;
    return (b & KH_T_TO) && (bits(v, k + 1) & KH_P_VB);
}

/* The first verb after k through adverbs, "not" and "to" (a verb group
 * continues past them only when a verb follows). */
static bool verb_follows(const kh_chunk__view *v, uint32_t k)
{
    for (; k < v->n; k++) {
        uint32_t b = bits(v, k);
        if (b & B_VERB)
            return true;
        if (!((b & KH_P_RB) || IS(v, k, "not") || IS(v, k, "n't") ||
              (b & KH_T_TO)))
            return false;
    }
    return false;
}

/* A subordinator that opens a clause here (SBAR): "that", "because",
 * "whether", "if" tagged IN; after/before/since/until only before a verb
 * (clause_opener); when/while/although/unless as kh_chunk__clause_opener
 * says. */
static bool sbar_at(const kh_chunk__view *v, uint32_t k)
{
    if (!kh_chunk__subordinator(v, k))
        return false;
    uint32_t b = bits(v, k);
    if (IS(v, k, "which") || IS(v, k, "who") || IS(v, k, "whom") ||
        IS(v, k, "where") || IS(v, k, "when"))
        return false; /* wh-words are phrases of their clause */
    /* "hopes that Osgiliath could": "that" tagged a determiner before
     * a name or a pronoun is the complementizer all the same */
    if (IS(v, k, "that"))
        return (b & KH_T_IN) != 0 ||
               ((b & KH_P_DT) && k > 0 &&
                (bits(v, k + 1) & (KH_T_NNP | KH_T_NNPS | KH_T_PRP)));
    if (IS(v, k, "if") || IS(v, k, "whether"))
        return true;
    return kh_chunk__clause_opener(v, k) && (b & (KH_T_IN | KH_P_RB));
}

/* The end of the noun phrase that starts at k (k itself when none does). */
static uint32_t np_end(const kh_chunk__view *v, uint32_t k)
{
    uint32_t q = k, last_noun = k;
    bool noun = false, det = false;
    uint32_t b = bits(v, q);
    if (!word_token(v, q))
        return k;
    /* a pronoun, "there", a wh-pronoun: a phrase of one word */
    if ((b & (KH_T_PRP | KH_T_EX)) ||
        ((b & KH_P_W) && !(b & KH_T_WRB) && !(b & KH_T_WPS)))
        return k + 1;
    /* "almost five years", "about 200 people": an approximation opens
     * the number's noun phrase */
    if ((b & (KH_P_RB | KH_T_IN)) && (bits(v, q + 1) & KH_P_CD) &&
        (IS(v, q, "almost") || IS(v, q, "about") || IS(v, q, "nearly") ||
         IS(v, q, "around") || IS(v, q, "roughly") ||
         IS(v, q, "approximately") || IS(v, q, "some") ||
         IS(v, q, "over")))
        b = bits(v, ++q);
    if (b & KH_T_PDT)
        b = bits(v, ++q);
    if (b & (KH_P_DT | KH_P_PRPS | KH_T_WPS) && q < v->n) {
        det = true;
        b = bits(v, ++q);
    }
    for (; q < v->n && word_token(v, q); b = bits(v, ++q)) {
        if (b & (KH_P_NN | KH_P_CD) || IS(v, q, "$")) {
            noun = true;
            last_noun = q;
            continue;
        }
        /* "the town last week": after its noun a phrase takes an
         * adjective only before another noun ("Gondor main opposition
         * group"), and never one of time */
        if ((b & KH_P_JJ) &&
            (!noun || ((bits(v, q + 1) & KH_P_NN) && !IS(v, q, "last") &&
                       !IS(v, q, "next") && !IS(v, q, "past") &&
                       !IS(v, q, "previous") && !IS(v, q, "coming")))) {
            last_noun = q; /* "the wounded" */
            continue;
        }
        /* "the ruling party", "a US-backed force": participles before
         * a noun modify it */
        if ((b & (KH_T_VBG | KH_T_VBN)) && (bits(v, q + 1) & (KH_P_NN |
                                                            KH_P_JJ)) &&
            q > k && !noun && !(bits(v, q - 1) & KH_P_RB))
            continue;
        /* "economic and military aid": adjectives joined inside */
        if ((b & KH_T_CC) && q > k && (bits(v, q - 1) & KH_P_JJ) &&
            (bits(v, q + 1) & KH_P_JJ) && !noun)
            continue;
        /* "very large", "most senior": an adverb before an adjective */
        if ((b & KH_P_RB) && !noun && (bits(v, q + 1) & KH_P_JJ) &&
            (bits(v, q + 2) & (KH_P_NN | KH_P_JJ)))
            continue;
        if (b & KH_T_POS) {
            last_noun = q; /* "Iraq 's": the possessor ends its phrase */
            q++;
            break;
        }
        break;
    }
    /* "was unclear": adjectives alone are no noun phrase */
    if (q == k || (!noun && !det))
        return k;
    /* a determiner alone ("this", "all") is a noun phrase too */
    return last_noun + 1 > q ? q : last_noun + 1;
}

static uint32_t np_head(const kh_chunk__view *v, uint32_t a, uint32_t e)
{
    for (uint32_t q = e; q-- > a;) {
        uint32_t b = bits(v, q);
        if (b & (KH_P_NN | KH_T_PRP | KH_T_EX | KH_P_CD | KH_P_W))
            return q;
    }
    return e - 1 > a && (bits(v, e - 1) & KH_T_POS) ? e - 2 : e - 1;
}

/* The end of the verb group at k, with its flags and head. */
static uint32_t vp_end(const kh_chunk__view *v, uint32_t k, uint32_t *head,
                       uint16_t *flags)
{
    uint32_t q = k, first_verb = UINT32_MAX, nverbs = 0;
    bool be = false, have = false, to = false, finite = false;
    bool aux = false; /* the last verb was an auxiliary or a modal */
    uint16_t f = 0;
    *head = k;
    while (q < v->n) {
        uint32_t b = bits(v, q);
        if (b & B_VERB) {
            /* "will abandon improved ties": after a full verb another
             * verb starts a phrase of its own ("to" joins them) */
            if (nverbs > 0 && !aux && !(bits(v, q - 1) & KH_T_TO))
                break;
            if (first_verb == UINT32_MAX)
                first_verb = q;
            if ((b & KH_T_VBN) && be)
                f |= KH_CHUNK_PASSIVE;
            else if ((b & KH_T_VBN) && have)
                f |= KH_CHUNK_PERFECT;
            if ((b & KH_T_VBG) && be && nverbs > 0)
                f |= KH_CHUNK_PROGRESSIVE;
            if (b & KH_P_MD) {
                f |= KH_CHUNK_MODAL;
                if (IS(v, q, "will") || IS(v, q, "shall") ||
                    IS(v, q, "'ll"))
                    f |= KH_CHUNK_FUTURE;
            }
            if (nverbs == 0 && !to) {
                if (b & (KH_T_VBD | KH_P_MD))
                    finite = true;
                if (b & KH_T_VBD)
                    f |= KH_CHUNK_PAST;
                else if (b & (KH_T_VBZ | KH_T_VBP)) {
                    f |= KH_CHUNK_PRESENT;
                    finite = true;
                }
            }
            /* "were killed", "has been attacked"; "got" too */
            be = kh_chunk__is_be(v, q) && !(b & KH_P_MD);
            have = IS(v, q, "has") || IS(v, q, "have") || IS(v, q, "had") ||
                   IS(v, q, "having") || IS(v, q, "'ve");
            if (be && (IS(v, q, "been")))
                have = false;
            aux = be || have || (b & KH_P_MD) || IS(v, q, "do") ||
                  IS(v, q, "does") || IS(v, q, "did");
            nverbs++;
            *head = q;
            q++;
            continue;
        }
        if ((b & KH_T_TO) && (bits(v, q + 1) & KH_P_VB)) {
            if (nverbs == 0)
                to = true;
            aux = true;
            q++;
            continue;
        }
        /* "is about to restore": a near future */
        if (IS(v, q, "about") && nverbs > 0 && be && IS(v, q + 1, "to") &&
            (bits(v, q + 2) & KH_P_VB)) {
            f |= KH_CHUNK_FUTURE;
            q++;
            continue;
        }
        /* "isn't", "did not": negation after an auxiliary is its own */
        if ((IS(v, q, "not") || IS(v, q, "n't") ||
             IS(v, q, "n\xe2\x80\x99t")) && nverbs > 0 && aux) {
            f |= KH_CHUNK_NEGATED;
            q++;
            continue;
        }
        if (((b & KH_P_RB) || IS(v, q, "not") || IS(v, q, "n't") ||
             IS(v, q, "never")) &&
            verb_follows(v, q + 1) && !IS(v, q + 1, "to")) {
            if (IS(v, q, "not") || IS(v, q, "n't") || IS(v, q, "never") ||
                IS(v, q, "n\xe2\x80\x99t"))
                f |= KH_CHUNK_NEGATED;
            q++;
            continue;
        }
        /* "carried out", "set up": a particle after the verb */
        if ((b & KH_T_RP) && nverbs > 0) {
            q++;
            break;
        }
        break;
    }
    if (to && !finite)
        f |= KH_CHUNK_INFINITIVE;
    if (!finite && !to && nverbs > 0 && first_verb == *head) {
        uint32_t b = bits(v, *head);
        if (b & KH_T_VBG)
            f |= KH_CHUNK_GERUND;
        else if (b & KH_T_VBN)
            f |= KH_CHUNK_PARTICIPLE;
    }
    *flags = f;
    return q;
}

/* "neither" before "nor", "either" before "or" (within eight words):
 * the first half of a coordination, outside the phrases it joins. */
static bool pre_conjunction(const kh_chunk__view *v, uint32_t k)
{
    const char *second = IS(v, k, "neither") ? "nor"
                         : IS(v, k, "either") ? "or"
                                              : NULL;
    if (second == NULL)
        return false;
    for (uint32_t q = k + 2; q < v->n && q < k + 10; q++)
        if (IS(v, q, second))
            return true;
    return false;
}

/* "Rebels attacked army posts": the tagger often makes a past tense after
 * a noun a participle.  A bare participle between the subject at the
 * start of its clause and an object is the clause's past-tense verb. */
static void past_tense(const kh_chunk__view *v, kh_chunk *ch, size_t n)
{
    for (size_t i = 1; i + 1 < n; i++) {
        if (ch[i].kind != KH_CHUNK_VP || ch[i].flags != KH_CHUNK_PARTICIPLE ||
            ch[i - 1].kind != KH_CHUNK_NP || ch[i + 1].kind != KH_CHUNK_NP)
            continue;
        bool starts = i == 1 || ch[i - 2].kind == KH_CHUNK_SBAR ||
                      (ch[i - 2].kind == KH_CHUNK_O &&
                       (IS(v, ch[i - 2].start, ",") ||
                        kh_chunk__clause_break(v, ch[i - 2].start) ||
                        IS(v, ch[i - 2].start, "and")));
        if (starts)
            ch[i].flags = KH_CHUNK_PAST;
    }
}

/* Chunk kinds and spans, left to right; returns the count. */
static size_t make_chunks(const kh_chunk__view *v, kh_chunk *out, size_t cap)
{
    size_t n = 0;
    uint32_t k = 0;
    while (k < v->n && n < cap) {
        kh_chunk c = {k, k + 1, k, 0, -1, 0, KH_CHUNK_O};
        uint32_t b = bits(v, k);
        uint32_t e;
        if (!word_token(v, k) || b == 0 || (b & (KH_T_PUNCT | KH_T_CC))) {
            /* "neither", "either" tagged DT before a coordination are
             * conjunctions too; punctuation and CC are outside */
        } else if (IS(v, k, "according") && IS(v, k + 1, "to")) {
            c.kind = KH_CHUNK_PP;
            c.end = k + 2;
        } else if (sbar_at(v, k)) {
            c.kind = KH_CHUNK_SBAR;
        } else if (verbal(v, k) ||
                   ((b & KH_P_RB) && verb_follows(v, k + 1) &&
                    !IS(v, k + 1, "to") && k + 1 < v->n &&
                    (IS(v, k, "not") || IS(v, k, "n't") ||
                     IS(v, k, "never")))) {
            uint16_t f;
            c.kind = KH_CHUNK_VP;
            c.end = vp_end(v, k, &c.head, &f);
            c.flags = f;
            if (c.end == k) {
                c.end = k + 1;
                c.kind = KH_CHUNK_O;
            }
        } else if (pre_conjunction(v, k)) {
            /* the first half of "neither ... nor": outside */
        } else if ((e = np_end(v, k)) > k) {
            c.kind = KH_CHUNK_NP;
            c.end = e;
            c.head = np_head(v, k, e);
            if (bits(v, e - 1) & KH_T_POS)
                c.flags = KH_CHUNK_POSSESSIVE;
        } else if (b & (KH_T_IN | KH_T_TO)) {
            c.kind = KH_CHUNK_PP;
            /* "because of", "out of", "instead of" */
            if ((bits(v, k + 1) & KH_T_IN) && IS(v, k + 1, "of"))
                c.end = k + 2;
        } else if (b & KH_P_JJ) {
            c.kind = KH_CHUNK_ADJP;
        } else if (b & (KH_P_RB | KH_T_WRB)) {
            c.kind = KH_CHUNK_ADVP;
            uint32_t q = k + 1;
            /* "very close", "too late": an adverb on an adjective */
            if (bits(v, q) & KH_P_JJ) {
                c.kind = KH_CHUNK_ADJP;
                c.head = q;
                q++;
            } else {
                while (q < v->n && (bits(v, q) & KH_P_RB) &&
                       !verb_follows(v, q + 1))
                    q++;
                c.head = q - 1;
            }
            c.end = q;
        }
        out[n++] = c;
        k = c.end;
    }
    return n;
}

/* Coordinated noun phrases: NP (, NP)* ,? CC NP, and "neither NP nor NP",
 * each member one or more NP chunks glued by a possessive. */
static void coordinate(const kh_chunk__view *v, kh_chunk *ch, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (ch[i].kind != KH_CHUNK_NP || ch[i].coord >= 0)
            continue;
        size_t nm = 1, j = i;
        bool cc = false, comma_last = false;
        for (;;) {
            /* a member goes on through "Iraq 's" + "defence minister" */
            while (j + 1 < n && (ch[j].flags & KH_CHUNK_POSSESSIVE) &&
                   ch[j + 1].kind == KH_CHUNK_NP)
                j++;
            size_t q = j + 1;
            bool comma = false, conj = false;
            if (q < n && ch[q].kind == KH_CHUNK_O && IS(v, ch[q].start, ",")) {
                comma = true;
                q++;
            }
            if (q < n && ch[q].kind == KH_CHUNK_O &&
                (IS(v, ch[q].start, "and") || IS(v, ch[q].start, "or") ||
                 IS(v, ch[q].start, "nor"))) {
                conj = true;
                q++;
            }
            if (!(comma || conj) || q >= n || ch[q].kind != KH_CHUNK_NP ||
                nm == 64)
                break;
            /* "Israel bombed Gaza and Hamas fired rockets": a noun
             * phrase with a finite verb after it, after "and", starts a
             * clause when the first one was an object */
            if (conj && q + 1 < n && ch[q + 1].kind == KH_CHUNK_VP &&
                (ch[q + 1].flags & (KH_CHUNK_PAST | KH_CHUNK_PRESENT |
                                    KH_CHUNK_MODAL)) &&
                i > 0 && (ch[i - 1].kind == KH_CHUNK_VP ||
                          ch[i - 1].kind == KH_CHUNK_PP))
                break;
            /* an apposition ("Abbas, the president, said") is no member:
             * a comma-joined phrase must be followed by more of the list */
            nm++;
            j = q;
            comma_last = comma && !conj;
            if (conj) {
                cc = true;
                break;
            }
        }
        while (j + 1 < n && (ch[j].flags & KH_CHUNK_POSSESSIVE) &&
               ch[j + 1].kind == KH_CHUNK_NP)
            j++;
        if (!cc || comma_last || nm < 2)
            continue;
        for (size_t m = i; m <= j; m++)
            if (ch[m].kind == KH_CHUNK_NP)
                ch[m].coord = (int32_t)i;
    }
}

typedef struct cl_state {
    kh_clause *cl;
    size_t n, cap;
    bool overflow;
} cl_state;

static void add_clause(cl_state *st, uint32_t a, uint32_t b, int kind)
{
    if (a >= b)
        return;
    if (st->n == st->cap) {
        st->overflow = true;
        return;
    }
    kh_clause c = {a, b, -1, (uint8_t)kind};
    st->cl[st->n++] = c;
}

/* The innermost clause so far that holds token k (-1: none). */
static int holder(const cl_state *st, uint32_t k)
{
    int best = -1;
    for (size_t i = 0; i < st->n; i++)
        if (st->cl[i].start <= k && k < st->cl[i].end &&
            (best < 0 || st->cl[i].end - st->cl[i].start <
                             st->cl[best].end - st->cl[best].start))
            best = (int)i;
    return best;
}

/* Is chunk index c in tokens a NP whose coordination uses this comma? */
static bool list_comma(const kh_chunk *ch, size_t n, size_t i)
{
    return i > 0 && i + 1 < n && ch[i - 1].coord >= 0 &&
           ch[i + 1].coord == ch[i - 1].coord;
}

static bool finite_vp(const kh_chunk *c)
{
    return c->kind == KH_CHUNK_VP &&
           (c->flags & (KH_CHUNK_PAST | KH_CHUNK_PRESENT | KH_CHUNK_MODAL));
}

/* Is chunk i's verb group one of saying ("said", "told")? */
static bool saying_vp(const kh_chunk__view *v, const kh_chunk *c)
{
    return c->kind == KH_CHUNK_VP && (saying(v, c->head) ||
                                      IS(v, c->head, "say") ||
                                      IS(v, c->head, "announced") ||
                                      IS(v, c->head, "claimed") ||
                                      IS(v, c->head, "denied") ||
                                      IS(v, c->head, "reported"));
}

/* The chunk holding token k. */
static size_t chunk_at(const kh_chunk *ch, size_t n, uint32_t k)
{
    size_t lo = 0, hi = n;
    while (lo + 1 < hi) {
        size_t mid = (lo + hi) / 2;
        if (ch[mid].start <= k)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* Comma-delimited stretches: apposition, aside, "according to",
 * non-restrictive relative clause, ", police said". */
static void comma_clauses(const kh_chunk__view *v, const kh_chunk *ch,
                          size_t n, cl_state *st)
{
    size_t commas[256], nc = 0;
    for (size_t i = 0; i < n && nc < 255; i++)
        if (ch[i].kind == KH_CHUNK_O &&
            (IS(v, ch[i].start, ",") || kh_chunk__clause_break(v, ch[i].start)) &&
            !list_comma(ch, n, i) && !kh_chunk__adjective_comma(v, ch[i].start))
            commas[nc++] = i;
    /* the sentence's end: the last chunk, or after it */
    size_t last = n;
    while (last > 0 && ch[last - 1].kind == KH_CHUNK_O &&
           !IS(v, ch[last - 1].start, ","))
        last--;
    for (size_t c = 0; c < nc; c++) {
        size_t a = commas[c] + 1;
        if (!IS(v, ch[commas[c]].start, ","))
            continue;
        bool closed = c + 1 < nc && IS(v, ch[commas[c + 1]].start, ",");
        size_t b = c + 1 < nc ? commas[c + 1] : last;
        if (a >= b)
            continue;
        uint32_t ta = ch[a].start, tb = ch[b - 1].end;
        bool fin = false;
        for (size_t q = a; q < b; q++)
            fin = fin || finite_vp(&ch[q]);
        int kind = -1;
        if (IS(v, ta, "according") && IS(v, ta + 1, "to"))
            kind = KH_CLAUSE_ATTRIBUTION;
        else if (IS(v, ta, "which") || IS(v, ta, "who") ||
                 IS(v, ta, "whom") || IS(v, ta, "whose"))
            kind = KH_CLAUSE_RELATIVE;
        else if (!closed && b == last && b - a <= 8 &&
                 ((a + 1 < b && ch[a].kind == KH_CHUNK_NP &&
                   saying_vp(v, &ch[a + 1])) ||
                  (saying_vp(v, &ch[a]) && a + 1 < b &&
                   ch[a + 1].kind == KH_CHUNK_NP)))
            kind = KH_CLAUSE_ATTRIBUTION; /* ", police said." */
        else if (closed && !fin && commas[c] > 0 && b - a <= 10 &&
                 ch[commas[c] - 1].kind == KH_CHUNK_NP &&
                 ch[a].kind == KH_CHUNK_NP)
            kind = KH_CLAUSE_PARENTHETICAL; /* "Abbas, the president," */
        else if (closed && !fin && b - a <= 8 &&
                 (ch[a].kind == KH_CHUNK_PP || ch[a].kind == KH_CHUNK_ADVP) &&
                 commas[c] > 0 && b + 1 < n)
            kind = KH_CLAUSE_PARENTHETICAL; /* "Greece, like most others," */
        if (kind < 0)
            continue;
        if (kind == KH_CLAUSE_RELATIVE && !closed && b < last)
            tb = ch[last - 1].end;
        add_clause(st, ta, tb, kind);
        if (kind == KH_CLAUSE_PARENTHETICAL || kind == KH_CLAUSE_RELATIVE)
            c++; /* its closing comma opens nothing */
    }
    /* "(...)": a parenthesis is an aside */
    for (uint32_t k = 0; k < v->n; k++)
        if (IS(v, k, "(")) {
            uint32_t q = k + 1;
            while (q < v->n && !IS(v, q, ")") && !IS(v, q, "("))
                q++;
            if (q < v->n && IS(v, q, ")"))
                add_clause(st, k + 1, q, KH_CLAUSE_PARENTHETICAL);
            k = q;
        }
}

/* Does the comma at k open or close an aside that starts after token
 * `from` (so that a clause around it goes on)? */
static bool aside_comma(const cl_state *st, uint32_t k, uint32_t from)
{
    for (size_t i = 0; i < st->n; i++) {
        const kh_clause *c = &st->cl[i];
        if ((c->kind == KH_CLAUSE_PARENTHETICAL ||
             c->kind == KH_CLAUSE_RELATIVE) &&
            c->start > from && (c->start == k + 1 || c->end == k))
            return true;
    }
    return false;
}

/* The end of a clause opened at chunk i inside clause `par`: a comma or a
 * clause break at its level (for adverbial and relative clauses), else
 * the end of the parent. */
static uint32_t clause_end(const kh_chunk__view *v, const kh_chunk *ch,
                           size_t n, const cl_state *st, size_t i, int par,
                           bool to_comma)
{
    uint32_t pe = par >= 0 ? st->cl[par].end : v->n;
    for (size_t q = i + 1; q < n && ch[q].start < pe; q++) {
        uint32_t k = ch[q].start;
        /* skip the clauses already inside */
        int h = holder(st, k);
        if (h >= 0 && h != par && st->cl[h].start > ch[i].start) {
            if (st->cl[h].kind == KH_CLAUSE_ATTRIBUTION)
                return k > 0 && IS(v, k - 1, ",") ? k - 1 : k;
            continue;
        }
        if (kh_chunk__clause_break(v, k))
            return k;
        if (to_comma && ch[q].kind == KH_CHUNK_O && IS(v, k, ",") &&
            !list_comma(ch, n, q) && !kh_chunk__adjective_comma(v, k) &&
            !aside_comma(st, k, ch[i].start))
            return k;
    }
    /* leave the final full stop to the parent */
    while (pe > ch[i].end && pe > 0 && v->tok[pe - 1].kind == KH_TOK_PUNCT &&
           !IS(v, pe - 1, ","))
        pe--;
    return pe;
}

static int clause_cmp(const kh_clause *a, const kh_clause *b)
{
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    if (a->end != b->end)
        return a->end > b->end ? -1 : 1;
    return a->kind < b->kind ? -1 : a->kind > b->kind;
}

static void clauses(const kh_chunk__view *v, kh_chunk *ch, size_t n,
                    cl_state *st)
{
    /* main clauses: the sentence, cut at ";" and ":" */
    uint32_t from = 0;
    for (uint32_t k = 0; k <= v->n; k++)
        if (k == v->n || kh_chunk__clause_break(v, k)) {
            add_clause(st, from, k == v->n ? v->n : k + 1, KH_CLAUSE_MAIN);
            from = k + 1;
        }
    comma_clauses(v, ch, n, st);
    /* subordinate clauses, left to right */
    for (size_t i = 0; i < n; i++) {
        uint32_t k = ch[i].start;
        int par = holder(st, k);
        if (par >= 0 && st->cl[par].start == k &&
            st->cl[par].kind != KH_CLAUSE_MAIN)
            continue; /* already opened here (", which ...") */
        int kind = -1;
        bool to_comma = true;
        uint32_t start = k;
        if (ch[i].kind == KH_CHUNK_SBAR) {
            if (IS(v, k, "that") || IS(v, k, "whether") ||
                ((IS(v, k, "if")) && i > 0 && saying_vp(v, &ch[i - 1]))) {
                kind = KH_CLAUSE_REPORTED;
                to_comma = false;
            } else {
                kind = KH_CLAUSE_ADVERBIAL;
            }
        } else if ((ch[i].kind == KH_CHUNK_ADVP &&
                    (IS(v, k, "when") || IS(v, k, "where")) && i > 0 &&
                    ch[i - 1].kind == KH_CHUNK_NP) ||
                   (ch[i].kind == KH_CHUNK_NP && i > 0 &&
                    ch[i - 1].kind == KH_CHUNK_NP &&
                    !(ch[i - 1].flags & KH_CHUNK_POSSESSIVE) &&
                    (IS(v, k, "which") || IS(v, k, "who") ||
                     IS(v, k, "whom") || IS(v, k, "whose") ||
                     IS(v, k, "that")))) {
            kind = KH_CLAUSE_RELATIVE;
        } else if (ch[i].kind == KH_CHUNK_ADVP &&
                   kh_chunk__clause_opener(v, k)) {
            kind = KH_CLAUSE_ADVERBIAL; /* "when", "while" */
        } else if (saying_vp(v, &ch[i]) && i + 2 < n &&
                   ch[i + 1].kind == KH_CHUNK_NP &&
                   !(ch[i + 1].flags & KH_CHUNK_POSSESSIVE)) {
            /* "said it had halted aid": a subject and a finite verb */
            size_t q = i + 1;
            while (q < n && ch[q].kind == KH_CHUNK_NP)
                q++;
            if (q < n && finite_vp(&ch[q])) {
                kind = KH_CLAUSE_REPORTED;
                to_comma = false;
                start = ch[i + 1].start;
                par = holder(st, start);
                i++;
            }
        }
        if (kind < 0)
            continue;
        size_t ci = chunk_at(ch, n, start);
        add_clause(st, start, clause_end(v, ch, n, st, ci, par, to_comma),
                   kind);
    }
    /* sort (insertion: a few clauses), drop crossings, find parents */
    kh_clause *cl = st->cl;
    for (size_t i = 1; i < st->n; i++) {
        kh_clause x = cl[i];
        size_t j = i;
        while (j > 0 && clause_cmp(&cl[j - 1], &x) > 0) {
            cl[j] = cl[j - 1];
            j--;
        }
        cl[j] = x;
    }
    size_t m = 0;
    for (size_t i = 0; i < st->n; i++) {
        int par = -1;
        bool cross = false;
        for (size_t j = m; j-- > 0;) {
            if (cl[j].start <= cl[i].start && cl[i].end <= cl[j].end) {
                par = (int)j;
                break;
            }
            if (cl[j].start < cl[i].start && cl[i].start < cl[j].end)
                cross = true;
        }
        if (cross)
            continue;
        if (cl[i].kind != KH_CLAUSE_MAIN && par < 0)
            continue;
        if (m > 0 && par >= 0 && cl[par].start == cl[i].start &&
            cl[par].end == cl[i].end && cl[i].kind != KH_CLAUSE_MAIN &&
            cl[par].kind != KH_CLAUSE_MAIN)
            continue; /* the same span twice */
        cl[m] = cl[i];
        cl[m].parent = cl[i].kind == KH_CLAUSE_MAIN ? -1 : par;
        m++;
    }
    st->n = m;
    for (size_t i = 0; i < n; i++) {
        int h = holder(st, ch[i].start);
        ch[i].clause = h < 0 ? 0 : (uint32_t)h;
    }
}

void kh_chunk__sentence(const kh_chunk__view *v, kh_chunk *chunks,
                        size_t cap, kh_clause *cls, size_t ccap,
                        size_t *count, size_t *nclauses)
{
    size_t n = make_chunks(v, chunks, cap);
    past_tense(v, chunks, n);
    coordinate(v, chunks, n);
    cl_state st = {cls, 0, ccap, false};
    clauses(v, chunks, n, &st);
    *count = n;
    *nclauses = st.n;
}

/* ---- the public API --------------------------------------------------- */

struct kh_chunker {
    kh_arena mem; /* per run: folded tokens, chunks, clauses */
    uint32_t tagbits[256];
};

kh_status kh_chunker_new(kh_chunker **out, kh_error *err)
{
    kh_chunker *ck = kh_calloc(1, sizeof(*ck));
    *out = NULL;
    if (ck == NULL)
        return kh_error_set(err, KH_ENOMEM, "out of memory");
    kh_arena_init(&ck->mem, 16 * 1024, 0);
    kh_chunk__tag_table(ck->tagbits);
    *out = ck;
    return KH_OK;
}

void kh_chunker_free(kh_chunker *ck)
{
    if (ck == NULL)
        return;
    kh_arena_dispose(&ck->mem);
    kh_free(ck);
}

kh_status kh_chunker_run(kh_chunker *ck, const kh_doc *doc, size_t sentence,
                         kh_chunks *out, kh_error *err)
{
    memset(out, 0, sizeof(*out));
    if (sentence >= doc->sentence_count)
        return kh_error_set(err, KH_EUSAGE, "sentence %zu of %zu", sentence,
                            doc->sentence_count);
    kh_arena_reset(&ck->mem);
    const kh_sentence *se = &doc->sentences[sentence];
    uint32_t n = se->ntok;
    const kh_token *tok = doc->tokens + se->tok;
    char **fold = kh_arena_alloc(&ck->mem, (n + 1) * sizeof(char *));
    uint32_t *flen = kh_arena_alloc(&ck->mem, (n + 1) * sizeof(uint32_t));
    uint8_t *memo = kh_arena_alloc(&ck->mem, n + 1);
    kh_chunk *ch = kh_arena_alloc(&ck->mem, (n + 1) * sizeof(kh_chunk));
    kh_clause *cl = kh_arena_alloc(&ck->mem, (n + 2) * sizeof(kh_clause));
    if (!fold || !flen || !memo || !ch || !cl)
        return kh_error_set(err, KH_ENOMEM, "out of memory");
    memset(memo, 0, n + 1);
    bool tagged = false;
    for (uint32_t k = 0; k < n; k++) {
        size_t need;
        char small[128];
        const char *t = doc->text + tok[k].start;
        kh_status rc = kh_text_fold(small, sizeof(small), &need, t,
                                    tok[k].len);
        if (rc == KH_ENOMEM)
            return kh_error_set(err, rc, "out of memory");
        if (rc != KH_OK)
            need = 0; /* too long or unfoldable: matches no rule word */
        char *f = kh_arena_alloc(&ck->mem, need + 1);
        if (f == NULL)
            return kh_error_set(err, KH_ENOMEM, "out of memory");
        memcpy(f, small, need);
        f[need] = '\0';
        fold[k] = f;
        flen[k] = (uint32_t)need;
        tagged = tagged || tok[k].tag != 0;
    }
    kh_chunk__view v = {tok, fold, flen, n, tagged, ck->tagbits, memo, NULL};
    size_t count, ncl;
    kh_chunk__sentence(&v, ch, n + 1, cl, n + 2, &count, &ncl);
    out->chunks = ch;
    out->count = count;
    out->clauses = cl;
    out->nclauses = ncl;
    return KH_OK;
}

const char *kh_chunk_kind_name(int kind)
{
    static const char *const names[] = {"O",    "NP",   "VP",  "PP",
                                        "ADJP", "ADVP", "SBAR"};
    return kind >= 0 && kind < 7 ? names[kind] : NULL;
}

const char *kh_clause_kind_name(int kind)
{
    static const char *const names[] = {"main",     "adverbial",
                                        "reported", "relative",
                                        "parenthetical", "attribution"};
    return kind >= 0 && kind < 6 ? names[kind] : NULL;
}

const char *kh_chunk_flag_name(unsigned bit)
{
    static const char *const names[] = {
        "passive",  "negated",  "modal",      "perfect",
        "progressive", "infinitive", "gerund", "participle",
        "past",     "present",  "future",     "possessive"};
    for (unsigned i = 0; i < 12; i++)
        if (bit == 1u << i)
            return names[i];
    return NULL;
}
