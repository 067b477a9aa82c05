/* dict_verbs_int.h - what dict_verbs.c (storage, legacy formats) and
 * dict_verbs_native.c (khaldun's own format) share.  Not for other
 * modules: they use dict_verbs.h. */
#ifndef KH_DICT_VERBS_INT_H
#define KH_DICT_VERBS_INT_H

#include <stddef.h>
#include <stdint.h>

#include "dict_verbs.h"
#include "khaldun/common.h"

/* The legacy and native readers' blanks: space and tab only. */
static inline int kh_verbs__blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Drop the blanks at both ends of s[0..*len). */
static inline void kh_verbs__trim(const char **s, size_t *len)
{
    while (*len && kh_verbs__blank(**s)) {
        (*s)++;
        (*len)--;
    }
    while (*len && kh_verbs__blank((*s)[*len - 1]))
        (*len)--;
}

/* Limits (each reported as a problem, the line skipped). */
#define KH_VERBS_MAX_LINE_DEFAULT (64 * 1024)
#define KH_VERBS_MAX_PHRASE 64  /* words in one form or synset phrase */
#define KH_VERBS_MAX_ELEMS 256  /* elements in one pattern */
#define KH_VERBS_MAX_CODES 65000
#define KH_VERBS_MAX_FORMS 16   /* irregular forms on one line */

struct kh_verbs {
    char *strings;
    size_t strings_len, strings_cap;
    kh_vword *words;
    size_t nwords, words_cap;
    uint32_t *slots;
    size_t slots_cap;
    char (*codes)[8];
    size_t ncodes, codes_cap;
    kh_ventry *entries;
    size_t nentries, entries_cap;
    kh_vform *forms;
    size_t nforms, forms_cap;
    kh_vpattern *patterns;
    size_t npatterns, patterns_cap;
    kh_vsynset *synsets;
    size_t nsynsets, synsets_cap;
    kh_vphrase *phrases;
    size_t nphrases, phrases_cap;
    kh_vtransform *transforms;
    size_t ntransforms, transforms_cap;
    uint32_t *elems;
    size_t nelems, elems_cap;
    kh_verbs_stats st;
    uint16_t file; /* kh_ventry.file of the entries parsed next */
    /* Set by kh_verbs__new_mapped(): the arrays above are borrowed (they
     * point into a compiled model, read-only), are never grown or freed
     * here, and kh_verbs__parse() refuses to add to them. */
    int mapped;
};

/* A synset used before its definition, checked when the file ends. */
typedef struct kh_vpending {
    uint32_t synset;
    uint32_t pattern; /* KH_VNONE: a synset phrase, not a pattern */
    size_t line, col, offset;
} kh_vpending;

/* One whitespace-separated token of the current line. */
typedef struct kh_vtok {
    const char *s;
    size_t len;
} kh_vtok;

/* State of one kh_verbs__parse() call. */
typedef struct kh_vparse {
    kh_verbs *v;
    kh_verbs_format fmt;
    const char *source;
    kh_dict_problem_fn problem;
    void *ctx;
    size_t nproblems;
    /* the current line: `line` points into a scratch copy in which
     * comments are blanked, so offsets equal those of the original */
    char *line;
    size_t len, cap, lineno, line_off;
    const char *orig; /* the line in the caller's text (for columns) */
    int in_xml_comment;
    /* block state */
    uint32_t entry;  /* current entry, KH_VNONE */
    uint32_t synset; /* synset being defined, KH_VNONE */
    int skip_synset; /* '+' lines of a rejected synset header follow */
    int native_kind; /* KH_VENTRY_VERB / _NOUN once the header is read */
    /* scratch */
    char *fold;
    size_t fold_cap;
    uint32_t *tmp;
    size_t ntmp, tmp_cap;
    kh_vpending *pend;
    size_t npend, pend_cap;
} kh_vparse;

/* Report a problem at byte `at` of the current line (NULL: column 1) and
 * count it.  Always returns KH_OK so that line parsers can write
 * `return kh_verbs__bad(p, at, "...")` to skip the line. */
kh_status kh_verbs__bad(kh_vparse *p, const char *at, const char *fmt, ...)
    KH_PRINTF(3, 4);

/* Grow *ptr (an array of *cap items of `size` bytes) to hold `need`. */
kh_status kh_verbs__grow(void **ptr, size_t *cap, size_t need, size_t size);

/* Fold s[0..len) and intern it; *id gets the word id.  KH_EPARSE: not
 * valid UTF-8 or empty after folding; KH_ETOOBIG; KH_ENOMEM. */
kh_status kh_verbs__intern(kh_vparse *p, const char *s, size_t len,
                           uint32_t *id);
/* Intern an already folded word. */
kh_status kh_verbs__intern_folded(kh_verbs *v, const char *s, size_t len,
                                  uint32_t *id);
/* Store s[0..len) verbatim in the string pool. */
kh_status kh_verbs__store(kh_verbs *v, const char *s, size_t len,
                          uint32_t *off);

/* Intern a code string that passed a validity check. */
kh_status kh_verbs__code_id(kh_verbs *v, const char *s, size_t len,
                            uint16_t *id);
/* CAMEO code shape: 2-4 digits, root 01-20 (strict: native format). */
int kh_verbs__cameo_ok(const char *s, size_t len);

/* Scratch element list of the line being parsed. */
kh_status kh_verbs__tmp_push(kh_vparse *p, uint32_t e);

/* Look up or create (undefined) the synset named "&name" (name without
 * '&', final '_' already removed). */
kh_status kh_verbs__synset_ref(kh_vparse *p, const char *name, size_t len,
                               uint32_t *idx);
/* Note that the element p->tmp[...] refers to a synset not yet defined. */
kh_status kh_verbs__pending(kh_vparse *p, uint32_t synset, const char *at);

/* Open a new entry named name[0..len); it becomes p->entry. */
kh_status kh_verbs__entry_new(kh_vparse *p, const char *name, size_t len,
                              uint8_t kind, const kh_vattr *attr);
/* Add a form (the words in p->tmp, head index `head`) to p->entry. */
kh_status kh_verbs__form_add(kh_vparse *p, uint16_t head, uint16_t flags,
                             const kh_vattr *attr);
/* Add the regular inflections of the form in p->tmp: verb forms (-s,
 * -ed, -ing) or a noun plural, by inflecting word `head`. */
kh_status kh_verbs__forms_regular(kh_vparse *p, uint16_t head, int noun,
                                  const kh_vattr *attr);
/* Add a pattern made of p->tmp to p->entry. */
kh_status kh_verbs__pattern_add(kh_vparse *p, uint32_t verb_pos,
                                const kh_vattr *attr);
/* Add a synset phrase made of p->tmp to p->synset (and its plural). */
kh_status kh_verbs__phrase_add(kh_vparse *p, int plural);

/* Split the current line into tokens at blanks, at most `max`. */
size_t kh_verbs__tokens(const char *s, size_t len, kh_vtok *out, size_t max);

/* Push the elements of one '_'-joined token of a pattern or phrase onto
 * p->tmp.  `nverb` NULL: a phrase ('*', '$', '+', '%', '^' refused).
 * Returns 1, or 0 when the line was reported (*rc: KH_OK) or on
 * KH_ENOMEM (*rc). */
int kh_verbs__push_core(kh_vparse *p, const char *s, size_t len,
                        int first_adj, size_t *nverb, uint32_t *verb_pos,
                        kh_status *rc);
/* Map a storage failure to a reported problem (KH_OK) or KH_ENOMEM. */
kh_status kh_verbs__soft(kh_vparse *p, kh_status rc, const char *at,
                         const char *what);
/* Characters a word may not contain; NULL when s is clean. */
const char *kh_verbs__bad_char(const char *s, size_t len);

/* Native format (dict_verbs_native.c): the first line, which must be the
 * header (returns 0 after reporting when it is not), and every other line
 * with comments already blanked. */
int kh_verbs__native_header(kh_vparse *p);
kh_status kh_verbs__native_line(kh_vparse *p);

#endif
