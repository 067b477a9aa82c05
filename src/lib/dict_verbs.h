/* dict_verbs.h - verbs, verb patterns, synsets and nominal triggers: the
 * part of a kh_dict that says what happened.  Filled from TABARI /
 * PETRARCH-1 verb files, PETRARCH-2 verb files and khaldun's native verb
 * and noun files (docs/dictionaries.md).  dict.c owns a kh_verbs and hands
 * it whole files; this module owns the representation. */
#ifndef KH_DICT_VERBS_H
#define KH_DICT_VERBS_H

#include <stddef.h>
#include "khaldun/dict.h"

typedef struct kh_verbs kh_verbs;

typedef enum kh_verbs_format {
    KH_VERBS_PETR1 = 1,
    KH_VERBS_PETR2,
    KH_VERBS_NATIVE
} kh_verbs_format;

typedef struct kh_verbs_stats {
    size_t verbs, verb_forms, patterns, synsets, synset_words, nouns;
} kh_verbs_stats;

kh_status kh_verbs__new(kh_verbs **out);
void kh_verbs__free(kh_verbs *v);

/* Parse one whole file's text (`source` names it in problems).  Each bad
 * line is reported through `problem` (may be NULL) as source:line[:col] and
 * counted in *problems; the rest is kept.  Returns KH_OK or KH_ENOMEM. */
kh_status kh_verbs__parse(kh_verbs *v, kh_verbs_format fmt,
                          const char *source, const char *text, size_t len,
                          size_t max_line, kh_dict_problem_fn problem,
                          void *ctx, size_t *problems);

void kh_verbs__stats(const kh_verbs *v, kh_verbs_stats *out);

#endif
