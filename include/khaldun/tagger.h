/* khaldun/tagger.h - part-of-speech tags (Penn Treebank tag set) for the
 * tokens of a document: an averaged perceptron trained by the build on the
 * tagged Brown corpus (docs/tagger.md).
 *
 * A kh_tagger is a read-only, memory-mapped model: after kh_tagger_load()
 * returns, any number of threads may tag with the same tagger at once. */
#ifndef KH_TAGGER_H
#define KH_TAGGER_H

#include <stddef.h>
#include "khaldun/common.h"
#include "khaldun/doc.h"

typedef struct kh_tagger kh_tagger;

/* Tags are small integers 1 .. KH_TAG_MAX - 1 (0 means "untagged"); their
 * names come from kh_tag_name(). */
#define KH_TAG_MAX 46

/* Map the model file at `path` (build/tagger.model, written by
 * tools/train_tagger).  On success *out is a new tagger owned by the caller
 * and released with kh_tagger_free().  On failure *out is NULL, `err` (if
 * not NULL) says why, and the code is returned: KH_ENOTFOUND (no such
 * file), KH_EIO (cannot read or map it), KH_EPARSE (not a model, or one
 * made for another version of the features), KH_ENOMEM. */
KH_API KH_NODISCARD kh_status kh_tagger_load(kh_tagger **out,
                                             const char *path,
                                             kh_error *err);

/* Unmap and release.  NULL is a no-op.  No tagging call may be running. */
KH_API void kh_tagger_free(kh_tagger *t);

/* Tag every sentence of `doc`: sets the `tag` field of each of its tokens
 * (tokens outside sentences keep tag 0).  This is the one field of a
 * kh_token written after the analyzer: the token array of a document made by
 * kh_analyzer_run() (or a kh_reader) is memory owned by that analyzer, and
 * writing its tag layer in place is how the tag layer is added (see
 * docs/tagger.md).  Pass only documents whose tokens such an object made, or
 * whose token array the caller owns.  Cannot fail; thread-safe for distinct
 * documents on a shared tagger. */
KH_API void kh_tagger_tag_doc(const kh_tagger *t, kh_doc *doc);

/* Tag one sentence: the n tokens of tokens[] (byte offsets into `text`) get
 * their `tag` set.  For token arrays the caller owns.  Cannot fail;
 * thread-safe. */
KH_API void kh_tagger_tag_tokens(const kh_tagger *t, const char *text,
                                 kh_token *tokens, size_t n);

/* Penn Treebank name of a tag ("NN", "VBD", "-LRB-", "``"), or NULL for 0
 * and for values out of range.  Static strings. */
KH_API const char *kh_tag_name(int tag);

/* The tag named `name` (exact, case-sensitive), or 0. */
KH_API int kh_tag_from_name(const char *name);

#endif
