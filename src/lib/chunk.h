/* chunk.h - shallow syntax of one sentence from its tokens and Penn tags
 * (docs/chunker.md): the word and tag tests the coder asks about one token
 * at a time (is this "that" a subordinator, is this comma between two
 * adjectives, does a clause boundary lie between two words), and the
 * chunker that puts the same rules together into flat arrays of spans:
 * chunks (NP, VP, PP, ADJP, ADVP, SBAR, O) with heads and verb features,
 * clauses, parentheticals and coordinated noun phrases.
 *
 * Everything reads a kh_chunk__view: borrowed arrays the caller owns, no
 * allocation, no global state; any number of threads may chunk distinct
 * views.  The view's memo bytes are written (answers found once). */
#ifndef KH_CHUNK_INT_H
#define KH_CHUNK_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "khaldun/chunk.h"
#include "khaldun/doc.h"

/* Penn tags by class, one bit each: kh_chunk__tag_is() tests an exact
 * tag, kh_chunk__tag_starts() a family (VB*, NN*, ...).  A caller maps
 * every tag id to its bits once (kh_chunk__tag_bits), as comparing tag
 * names per token would cost a fifth of the coder's run. */
#define KH_T_IN    (1u << 0)
#define KH_T_JJ    (1u << 1)
#define KH_T_JJR   (1u << 2)
#define KH_T_JJS   (1u << 3)
#define KH_T_NN    (1u << 4)
#define KH_T_NNP   (1u << 5)
#define KH_T_NNPS  (1u << 6)
#define KH_T_PRP   (1u << 7)
#define KH_T_TO    (1u << 8)
#define KH_T_VBN   (1u << 9)
#define KH_T_VBG   (1u << 10)
#define KH_T_VBD   (1u << 11)
#define KH_T_VBZ   (1u << 12)
#define KH_T_POS   (1u << 13)
#define KH_T_CC    (1u << 14)
#define KH_T_RP    (1u << 15)
#define KH_P_CD    (1u << 16)
#define KH_P_DT    (1u << 17)
#define KH_P_JJ    (1u << 18)
#define KH_P_MD    (1u << 19)
#define KH_P_NN    (1u << 20)
#define KH_P_PRPS  (1u << 21)
#define KH_P_RB    (1u << 22)
#define KH_P_VB    (1u << 23)
#define KH_T_EX    (1u << 24)
#define KH_T_PDT   (1u << 25)
#define KH_P_W     (1u << 26)
#define KH_T_WRB   (1u << 27)
#define KH_T_PUNCT (1u << 28)
#define KH_T_VB    (1u << 29)
#define KH_T_VBP   (1u << 30)
#define KH_T_WPS   (1u << 31)

/* The bits of the tag called `name` (NULL: none). */
uint32_t kh_chunk__tag_bits(const char *name);
/* out[id] = kh_chunk__tag_bits(kh_tag_name(id)) for every tag id. */
void kh_chunk__tag_table(uint32_t out[256]);

/* One sentence as the rules read it.  All arrays have n entries and are
 * borrowed from the caller. */
typedef struct kh_chunk__view {
    const kh_token *tok;
    char *const *fold;     /* each token folded (kh_text_fold), NUL-ended */
    const uint32_t *flen;  /* ... and its length */
    uint32_t n;
    bool tagged;           /* a tagger ran: tag 0 is then "unknown" */
    const uint32_t *tagbits; /* tag id -> KH_T_* / KH_P_* bits */
    uint8_t *memo;         /* n zeroed bytes for answers found once, or
                              NULL (then nothing is remembered) */
    const int *name_at;    /* optional: >= 0 where a dictionary name covers
                              the token (noun phrase material); NULL */
} kh_chunk__view;

/* ---- tests of one token --------------------------------------------- */

static inline bool kh_chunk__rest_is(const kh_chunk__view *v, uint32_t k,
                                     const char *w)
{
    const char *f = v->fold[k];
    uint32_t len = v->flen[k];
    for (uint32_t i = 1; i < len; i++)
        if (w[i] == '\0' || f[i] != w[i])
            return false;
    return w[len] == '\0';
}

/* Is token k's folded text the word `w` (not empty)?  The first bytes are
 * compared inline, as most words differ there; the rest byte by byte, as
 * all the words are short (no strlen() per call). */
static inline bool kh_chunk__is(const kh_chunk__view *v, uint32_t k,
                                const char *w)
{
    return k < v->n && v->fold[k][0] == w[0] && kh_chunk__rest_is(v, k, w);
}

/* Is token k one of the words of `list` (NULL-terminated)? */
static inline bool kh_chunk__in(const kh_chunk__view *v, uint32_t k,
                                const char *const *list)
{
    if (k >= v->n)
        return false;
    const char *f = v->fold[k];
    char c0 = f[0];
    /* the second bytes too (both words end in a NUL) */
    for (; *list; list++)
        if ((*list)[0] == c0 && (c0 == '\0' || (*list)[1] == f[1]) &&
            kh_chunk__rest_is(v, k, *list))
            return true;
    return false;
}

/* Is token k of the tag family `bit`?  Without a tagger, or for an
 * untagged token, anything goes (true). */
static inline bool kh_chunk__tag_starts(const kh_chunk__view *v, uint32_t k,
                                        uint32_t bit)
{
    if (!v->tagged || v->tok[k].tag == 0)
        return true;
    return (v->tagbits[v->tok[k].tag] & bit) != 0;
}

/* Is token k tagged `bit`?  Without a tag, no (false). */
static inline bool kh_chunk__tag_is(const kh_chunk__view *v, uint32_t k,
                                    uint32_t bit)
{
    if (!v->tagged || v->tok[k].tag == 0)
        return false;
    return (v->tagbits[v->tok[k].tag] & bit) != 0;
}

/* ";" and ":" end a clause whatever follows. */
static inline bool kh_chunk__clause_break(const kh_chunk__view *v,
                                          uint32_t k)
{
    return kh_chunk__is(v, k, ";") || kh_chunk__is(v, k, ":");
}

/* A form of "be" or "get", the auxiliaries of a passive ("has marched" is
 * a perfect, not a passive). */
bool kh_chunk__is_be(const kh_chunk__view *v, uint32_t k);
/* The memo bits of a view (kh_chunk__view.memo): per question, "known"
 * and "yes". */
#define KH_CHUNK__OPENER_KNOWN (1u << 0)
#define KH_CHUNK__OPENER (1u << 1)
#define KH_CHUNK__SUBORD_KNOWN (1u << 2)
#define KH_CHUNK__SUBORD (1u << 3)

/* The answers below, found the first time they are asked. */
bool kh_chunk__subordinator_find(const kh_chunk__view *v, uint32_t k);
bool kh_chunk__clause_opener_find(const kh_chunk__view *v, uint32_t k);

/* A word that may open a subordinate clause (after, because, that, which,
 * who, if, whether ...), whatever follows it.  Asked again and again: the
 * memo's answer is read inline. */
static inline bool kh_chunk__subordinator(const kh_chunk__view *v,
                                          uint32_t k)
{
    if (k < v->n && v->memo && (v->memo[k] & KH_CHUNK__SUBORD_KNOWN))
        return (v->memo[k] & KH_CHUNK__SUBORD) != 0;
    return kh_chunk__subordinator_find(v, k);
}

/* A word that opens an adverbial clause here: after, before, when, while,
 * because, since, although, though, until, unless, whereas; with tags,
 * after/before/since/until only when a verb follows before the next comma
 * ("after crowds attacked", not "after the airstrike"). */
static inline bool kh_chunk__clause_opener(const kh_chunk__view *v,
                                           uint32_t k)
{
    if (k < v->n && v->memo && (v->memo[k] & KH_CHUNK__OPENER_KNOWN))
        return (v->memo[k] & KH_CHUNK__OPENER) != 0;
    return kh_chunk__clause_opener_find(v, k);
}
/* Is there a clause boundary strictly between tokens a and b (an opener,
 * ";", ":" or "that")? */
bool kh_chunk__clauses_apart(const kh_chunk__view *v, uint32_t a, uint32_t b);
/* Is the verb group ending before token `start` inside an adverbial clause
 * ("after crowds burned"), looking back to a comma or a clause break? */
bool kh_chunk__in_adverbial(const kh_chunk__view *v, uint32_t start);
/* Is the phrase starting at token k the object of a preposition ("with
 * Gondor", "in eastern Syria")?  Subordinators tagged IN are not. */
bool kh_chunk__after_preposition(const kh_chunk__view *v, uint32_t k);
/* A comma between two adjectives of one noun phrase ("complete, full
 * diplomatic ties") separates no clauses.  Needs tags. */
bool kh_chunk__adjective_comma(const kh_chunk__view *v, uint32_t k);
/* The token after a phrase that starts at k: a preposition, if any, and a
 * noun phrase; k when none starts there or the tags are unknown. */
uint32_t kh_chunk__skip_np(const kh_chunk__view *v, uint32_t k);
/* Does "and"/"but" at k join a second predicate ("met Sunday and decided
 * to ...")? */
bool kh_chunk__next_predicate(const kh_chunk__view *v, uint32_t k);
/* Is the verb group before token `start` the second of "... and VERB",
 * adverbs and auxiliaries between? */
bool kh_chunk__coordinated_verb(const kh_chunk__view *v, uint32_t start);
/* Does a modal or a form of "do" govern token k, adverbs between ("will
 * not ever clash", "can't clash")? */
bool kh_chunk__after_auxiliary(const kh_chunk__view *v, uint32_t k);
/* not, n't, never in the three tokens before `start`. */
bool kh_chunk__negated_before(const kh_chunk__view *v, uint32_t start);
/* A statement verb (said, warned, told, insisted ...) in the eight tokens
 * before k ("they said they would ..."); "announced" is none. */
bool kh_chunk__said_before(const kh_chunk__view *v, uint32_t k);
/* Is there a noun phrase after token `end` in its clause?  A bare "today"
 * or "yesterday" is an adverb of time, not an object. */
bool kh_chunk__has_object(const kh_chunk__view *v, uint32_t end);
/* May tokens [a_end, b_start) join the phrases around them into one list?
 * Commas and conjunctions, with articles and adjectives around them:
 * "Fornost and the evil awful Gondor", "Evil Mordor, the awful Fornost,
 * and good Gondor".  At most five tokens. */
bool kh_chunk__list_gap(const kh_chunk__view *v, uint32_t a_end,
                        uint32_t b_start);

/* Comma-delimited asides of configured sizes (PETRARCH's comma options):
 * between two commas when min <= length <= max; before the first comma
 * (bmin, bmax; bmax 0 = off); after the last one (emin, emax).  Sets
 * aside[k] for the tokens inside; leaves the others as they are. */
typedef struct kh_chunk__commas {
    int min, max, bmin, bmax, emin, emax;
} kh_chunk__commas;
void kh_chunk__asides(const kh_chunk__view *v, const kh_chunk__commas *o,
                      bool *aside);

/* Chunk the sentence: writes at most `cap` chunks to out->chunks and at
 * most `ccap` clauses to out->clauses (out->chunks, out->clauses and their
 * capacities are the caller's; n + 1 chunks and n / 2 + 2 clauses always
 * suffice) and sets out->count and out->nclauses.  Needs tags for all but
 * punctuation: without a tagger every word is O. */
void kh_chunk__sentence(const kh_chunk__view *v, kh_chunk *chunks,
                        size_t cap, kh_clause *clauses, size_t ccap,
                        size_t *count, size_t *nclauses);

#endif
