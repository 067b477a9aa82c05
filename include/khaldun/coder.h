/* khaldun/coder.h - the coding engine: from an analysed (and tagged)
 * document to events, using a kh_dict.
 *
 * A kh_coder holds per-thread scratch memory and borrows a dictionary and
 * a tagger that threads may share.  Events are handed to a callback one at
 * a time; every pointer in a kh_event is valid only during the call. */
#ifndef KH_CODER_H
#define KH_CODER_H

#include <stdbool.h>
#include "khaldun/common.h"
#include "khaldun/dict.h"
#include "khaldun/doc.h"
#include "khaldun/event.h"
#include "khaldun/places.h"
#include "khaldun/tagger.h"

typedef struct kh_coder kh_coder;

/* The coder options PETRARCH's configuration has (docs/coder.md). */
typedef struct kh_coder_options {
    unsigned version;     /* KH_CODER_OPTIONS_VERSION */
    int require_dyad;     /* 1: an event needs a source and a target
                             (PETRARCH's True); 0: either may be missing
                             (False); -1 (the default): only violence,
                             coercion and protest may miss one side */
    int new_actor_length; /* 0: unknown capitalised names are not actors;
                             n > 0: such names up to n words are */
    int comma_min, comma_max;   /* comma-delimited clauses of this many
                                   words are skipped when looking for
                                   actors (0 = off) */
    int comma_bmin, comma_bmax; /* ... at the start of a sentence */
    int comma_emin, comma_emax; /* ... at the end of a sentence */
} kh_coder_options;
#define KH_CODER_OPTIONS_VERSION 1
#define KH_CODER_OPTIONS_INIT { KH_CODER_OPTIONS_VERSION, -1, 0, 2, 8, 0, 0, 2, 8 }

/* Set one option by its PETRARCH name ("require_dyad", "comma_min", ...)
 * from text ("true", "False", "4").  KH_EUSAGE for an unknown name or a
 * bad value (message in err). */
KH_API KH_NODISCARD kh_status kh_coder_option(kh_coder_options *o,
                                              const char *name,
                                              const char *value,
                                              kh_error *err);

typedef kh_status (*kh_event_fn)(void *ctx, const kh_event *ev,
                                 kh_error *err);

/* A coder over `dict` (required) and `tagger` (may be NULL: verbs are then
 * found by dictionary form alone).  Both are borrowed and must outlive the
 * coder.  Errors: KH_ENOMEM, KH_EUSAGE. */
KH_API KH_NODISCARD kh_status kh_coder_new(kh_coder **out,
                                           const kh_dict *dict,
                                           const kh_tagger *tagger,
                                           const kh_coder_options *opts,
                                           kh_error *err);
KH_API void kh_coder_free(kh_coder *c);

/* Called, during kh_coder_code(), for each name that acts like an actor
 * (the capitalised subject of a trigger) but matched no dictionary entry:
 * `name` and `trigger` are byte spans in doc->text.  For growing
 * dictionaries (`khaldun actors --unknown`).  fn NULL turns it off. */
typedef void (*kh_unknown_fn)(void *ctx, const kh_doc *doc, size_t sentence,
                              kh_span name, kh_span trigger);
KH_API void kh_coder_on_unknown(kh_coder *c, kh_unknown_fn fn, void *ctx);
/* Give events a location from `places` (borrowed; must outlive the coder;
 * NULL turns locations off).  docs/places.md, "How events are placed". */
KH_API void kh_coder_set_places(kh_coder *c, const kh_places *places);

/* Code every sentence of `doc` and call `fn` for each event.  When the
 * coder has a tagger, the sentences that can hold an event (an actor word
 * and a trigger word) are tagged first: their token tags in doc are
 * written; the others stay untagged.
 * A callback error stops the document and is returned.  Errors: KH_ENOMEM
 * and the callback's. */
KH_API KH_NODISCARD kh_status kh_coder_code(kh_coder *c, kh_doc *doc,
                                            kh_event_fn fn, void *ctx,
                                            kh_error *err);

#endif
