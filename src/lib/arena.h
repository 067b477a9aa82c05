/* arena.h - bump allocator for data that lives exactly as long as one
 * document (tokens, sentences, cleaned text).  Nothing is freed singly;
 * kh_arena_reset() drops everything at once and keeps one block for reuse.
 * -DKH_ARENA_DEBUG makes every allocation its own kh_malloc() so ASan and
 * valgrind see overruns and use-after-reset. */
#ifndef KH_ARENA_H
#define KH_ARENA_H

#include <stddef.h>

typedef struct kh_arena_block kh_arena_block;
typedef struct kh_arena {
    kh_arena_block *head; /* newest block first */
    size_t block_size;    /* default size of a new block */
    size_t limit;         /* hard cap on bytes handed out; 0 = none */
    size_t used;          /* bytes handed out since the last reset */
} kh_arena;

void kh_arena_init(kh_arena *a, size_t block_size, size_t limit);
/* Aligned to 16 bytes.  NULL when out of memory or past the limit. */
void *kh_arena_alloc(kh_arena *a, size_t size);
/* Grow the most recent allocation `p` of `old` bytes to `size` bytes, in
 * place when it is the last one in its block, else by copying. */
void *kh_arena_grow(kh_arena *a, void *p, size_t old, size_t size);
char *kh_arena_strndup(kh_arena *a, const char *s, size_t len);
void kh_arena_reset(kh_arena *a);
void kh_arena_dispose(kh_arena *a);

#endif
