/* dict_verbs.h - verbs, verb patterns, synsets and nominal triggers: the
 * part of a kh_dict that says what happened.  Filled from TABARI /
 * PETRARCH-1 verb files, PETRARCH-2 verb files and khaldun's native verb
 * and noun files (docs/dictionaries.md).  dict.c owns a kh_verbs and hands
 * it whole files; this module owns the representation. */
#ifndef KH_DICT_VERBS_H
#define KH_DICT_VERBS_H

#include <stddef.h>
#include <stdint.h>
#include "khaldun/dict.h"
#include "dict_verbs_model.h"

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
/* The file index (in the owning kh_dict's file list) that entries parsed
 * from now on record in kh_ventry.file; 0 until set, UINT16_MAX for an
 * index that does not fit. */
void kh_verbs__set_file(kh_verbs *v, size_t file);

kh_status kh_verbs__parse(kh_verbs *v, kh_verbs_format fmt,
                          const char *source, const char *text, size_t len,
                          size_t max_line, kh_dict_problem_fn problem,
                          void *ctx, size_t *problems);

void kh_verbs__stats(const kh_verbs *v, kh_verbs_stats *out);

/* ---- extensions (docs/verb-patterns.md) ---- */

/* A read-only view of everything parsed so far; valid until the next
 * kh_verbs__parse() or kh_verbs__free().  Cannot fail. */
void kh_verbs__model(const kh_verbs *v, kh_verbs_model *out);

/* Word id of `folded` (already passed through kh_text_fold()), or
 * KH_VNONE when no dictionary entry uses that word.  Cannot fail. */
uint32_t kh_verbs__word_find(const kh_verbs *v, const char *folded,
                             size_t len);

/* A kh_verbs whose arrays are those of `m` (typically pointing into a
 * mapped compiled model, see dict_model.h), borrowed, not copied: they must
 * outlive the kh_verbs, and kh_verbs__free() frees only the struct.  `st`
 * gives the statistics.  kh_verbs__parse() on it returns KH_EUSAGE.  Check
 * `m` with kh_verbs__model_check() first.  Errors: KH_ENOMEM. */
kh_status kh_verbs__new_mapped(kh_verbs **out, const kh_verbs_model *m,
                               const kh_verbs_stats *st);

/* Whether `m` is safe to use: every range and index inside its target
 * (words, slots, codes NUL-terminated, form chains, attributes, pattern
 * and phrase elements), the slot table a power of two with an empty slot.
 * KH_OK, or KH_EPARSE with *why set to a static message.  Cannot fail
 * otherwise; O(size of the model). */
kh_status kh_verbs__model_check(const kh_verbs_model *m, const char **why);

/* PETR-2 transformation rules kept ("~ ..." lines). */
size_t kh_verbs__transforms(const kh_verbs *v);

/* The fixed tables the native format is checked against (kh_vattr
 * stores 1 + these indexes): PLOVER event types, ACLED's 6 event types and
 * 25 sub-event types.  Each returns a static string, or NULL past the end;
 * kh_verbs__acled_sub_type() gives the event type index of sub-event i. */
const char *kh_verbs__plover_name(size_t i);
const char *kh_verbs__acled_type(size_t i);
const char *kh_verbs__acled_sub(size_t i);
size_t kh_verbs__acled_sub_type(size_t i);

#endif
