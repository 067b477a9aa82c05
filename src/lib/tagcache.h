/* tagcache.h - part-of-speech tagging with a cache of word forms, for the
 * coder (tagger.c implements it).
 *
 * Most of a tagger's work on a token depends on the token alone: its own
 * features' weights, and the slots of the features it gives its
 * neighbours.  A kh_tagger__cache keeps both for the word forms seen
 * lately, so a word met again costs one probe and the four features of the
 * tags before it.  The tags are exactly those of kh_tagger_tag_tokens().
 *
 * A cache belongs to one thread (the coder that made it) and borrows its
 * tagger, which must outlive it. */
#ifndef KH_TAGCACHE_H
#define KH_TAGCACHE_H

#include <stddef.h>
#include "khaldun/common.h"
#include "khaldun/doc.h"
#include "khaldun/tagger.h"

typedef struct kh_tagger__cache kh_tagger__cache;

/* A new, empty cache for tagger `t` in *out.  KH_ENOMEM; *out is then
 * NULL. */
kh_status kh_tagger__cache_new(kh_tagger__cache **out, const kh_tagger *t);

/* Release the cache.  NULL is a no-op. */
void kh_tagger__cache_free(kh_tagger__cache *c);

/* kh_tagger_tag_tokens() through the cache: the same tags. */
void kh_tagger__tag_cached(kh_tagger__cache *c, const char *text,
                           kh_token *tokens, size_t n);

#endif
