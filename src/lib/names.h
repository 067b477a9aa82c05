/* names.h - spelling-robust name keys ("skeletons") and a small table
 * from key to value, for matching transliterated and machine-mangled
 * names: al-Walae / Alwarae / Al-Warae / Al Warae, Soleimani / Suleimani /
 * Solei Mani, Nasrallah / Nasrara, Raisi / Raishi, Kataib / Kata'ib /
 * Kataeb all share a key.  docs/coder.md, "Names however they are
 * spelled", gives the rules. */
#ifndef KH_NAMES_H
#define KH_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "khaldun/common.h"

#define KH_NAMES_MAX_KEY 64
#define KH_NAMES_NONE UINT32_MAX
#define KH_NAMES_AMBIGUOUS (UINT32_MAX - 1)

/* The key of folded text s[0..len) into out (NUL-terminated); returns its
 * length (0 when nothing is left or it does not fit). */
size_t kh_names__key(const char *s, size_t len, char *out, size_t cap);

/* The key without a leading Arabic article (al-, el-: "ar", "ir" in key
 * letters) when at least four letters remain; else the key itself. */
const char *kh_names__bare(const char *key);
/* Keys at most one letter apart (inserted, dropped or changed): Sarea and
 * Sarie.  For comparing a name with the few an article has already tied to
 * actors, not with a whole dictionary. */
bool kh_names__near(const char *a, const char *b);

typedef struct kh_names kh_names;

kh_status kh_names__new(kh_names **out, size_t expect);
void kh_names__free(kh_names *t);
void kh_names__clear(kh_names *t);
/* Map key -> val; a key put twice with different values becomes
 * KH_NAMES_AMBIGUOUS.  KH_ENOMEM or KH_ETOOBIG (table full). */
kh_status kh_names__put(kh_names *t, const char *key, uint32_t val);
/* The value, KH_NAMES_NONE, or KH_NAMES_AMBIGUOUS. */
uint32_t kh_names__get(const kh_names *t, const char *key);

#endif
