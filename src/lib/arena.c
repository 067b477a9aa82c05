/* arena.c - see arena.h. */
#include "arena.h"
#include "alloc.h"

#include <string.h>

struct kh_arena_block {
    kh_arena_block *next;
    size_t cap, pos;
    _Alignas(16) unsigned char data[];
};

#define ALIGN(n) (((n) + 15u) & ~(size_t)15u)

void kh_arena_init(kh_arena *a, size_t block_size, size_t limit)
{
    a->head = NULL;
    a->block_size = block_size ? block_size : 64 * 1024;
    a->limit = limit;
    a->used = 0;
}

static kh_arena_block *new_block(size_t cap)
{
    size_t total;
    kh_arena_block *b;

    if (!kh_add_ok(sizeof(kh_arena_block), cap, &total))
        return NULL;
    if ((b = kh_malloc(total)) == NULL)
        return NULL;
    b->next = NULL;
    b->cap = cap;
    b->pos = 0;
    return b;
}

void *kh_arena_alloc(kh_arena *a, size_t size)
{
    size_t need, used;
    kh_arena_block *b = a->head;

    if (size > ((size_t)-1) / 2)
        return NULL;
    need = ALIGN(size ? size : 1);
    if (!kh_add_ok(a->used, need, &used) || (a->limit && used > a->limit))
        return NULL;
#ifdef KH_ARENA_DEBUG
    b = new_block(need);
    if (b == NULL)
        return NULL;
    b->next = a->head;
    a->head = b;
#else
    if (b == NULL || b->cap - b->pos < need) {
        b = new_block(need > a->block_size ? need : a->block_size);
        if (b == NULL)
            return NULL;
        b->next = a->head;
        a->head = b;
    }
#endif
    void *p = b->data + b->pos;
    b->pos += need;
    a->used = used;
    return p;
}

void *kh_arena_grow(kh_arena *a, void *p, size_t old, size_t size)
{
    kh_arena_block *b = a->head;

    if (p == NULL)
        return kh_arena_alloc(a, size);
    if (size <= old)
        return p;
#ifndef KH_ARENA_DEBUG
    size_t oldn = ALIGN(old ? old : 1), newn = ALIGN(size), used;
    if (b && (unsigned char *)p + oldn == b->data + b->pos &&
        b->cap - b->pos >= newn - oldn &&
        kh_add_ok(a->used, newn - oldn, &used) &&
        !(a->limit && used > a->limit)) {
        b->pos += newn - oldn;
        a->used = used;
        return p;
    }
#else
    (void)b;
#endif
    void *q = kh_arena_alloc(a, size);
    if (q && old)
        memcpy(q, p, old);
    return q;
}

char *kh_arena_strndup(kh_arena *a, const char *s, size_t len)
{
    size_t n;
    char *p;

    if (!kh_add_ok(len, 1, &n) || (p = kh_arena_alloc(a, n)) == NULL)
        return NULL;
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

void kh_arena_reset(kh_arena *a)
{
    kh_arena_block *b = a->head, *keep = NULL;

    /* keep the largest block so a steady stream of similar documents stops
     * allocating after the first few */
    while (b) {
        kh_arena_block *next = b->next;
#ifdef KH_ARENA_DEBUG
        kh_free(b);
#else
        if (keep == NULL || b->cap > keep->cap) {
            if (keep)
                kh_free(keep);
            keep = b;
        } else {
            kh_free(b);
        }
#endif
        b = next;
    }
    if (keep) {
        keep->next = NULL;
        keep->pos = 0;
    }
    a->head = keep;
    a->used = 0;
}

void kh_arena_dispose(kh_arena *a)
{
    kh_arena_reset(a);
    kh_free(a->head);
    a->head = NULL;
}
