/* toll.h - casualty counts: how many were killed, injured, arrested or
 * abducted, read from digits and number words in the tokens of a sentence,
 * each count tied to the casualty word it belongs to.  The rules and the
 * conventions for vague amounts ("dozens" = 12, after ACLED) are in
 * docs/casualties.md.  Everything here is pure: no allocation, no state,
 * safe to call from any number of threads. */
#ifndef KH_TOLL_H
#define KH_TOLL_H

#include <stddef.h>
#include <stdint.h>
#include "khaldun/doc.h"

enum {
    KH_TOLL_KILLED = 1,
    KH_TOLL_INJURED,
    KH_TOLL_ARRESTED,
    KH_TOLL_ABDUCTED
};

typedef struct kh_toll_item {
    uint8_t kind;      /* KH_TOLL_KILLED ... KH_TOLL_ABDUCTED */
    int32_t count;     /* >= 0 */
    uint8_t vague;     /* 1 when a vague amount ("dozens") was given a value
                        * by convention (docs/casualties.md) */
    uint32_t tok_first, tok_last; /* the count phrase, inclusive: "four men
                                   * were killed", "killing four people" */
    uint32_t verb_tok; /* the casualty word: killed, dead, deaths, wounded,
                        * arrested, kidnapped, casualties, toll ... */
    kh_span text;      /* bytes of tok_first .. tok_last in doc->text */
} kh_toll_item;

/* Find the casualty statements in tokens [first, first + count) of `doc`
 * (normally one sentence).  Writes at most `cap` items to `out`, in text
 * order (by tok_first), and returns how many it wrote.  "No casualties" and
 * "no one was hurt" give two items, killed 0 and injured 0, sharing one
 * phrase.  Reads only the tokens and the text; ignores the tag layer. */
size_t kh_toll__find(const kh_doc *doc, uint32_t first, uint32_t count,
                     kh_toll_item *out, size_t cap);

/* The value of the number phrase that is exactly tokens [a, b): digits with
 * thousands separators ("4,000"), number words up to the millions ("four",
 * "twenty-five", "a hundred and twenty", "two dozen", "3 million"),
 * approximations that keep their number ("at least 25" = 25, "more than
 * 100" = 100) and vague amounts with conventional values ("dozens" = 12,
 * "hundreds" = 100, "several" = 3; *vague is then set to 1, else 0).
 * "no", "none", "nobody", "no one" are 0; "a"/"an" is 1, "both" is 2.
 * Returns -1 when [a, b) is not one number phrase (years, decimals,
 * ordinals and times are not).  `vague` may be NULL. */
int32_t kh_toll__number(const kh_doc *doc, uint32_t a, uint32_t b,
                        uint8_t *vague);

#endif
