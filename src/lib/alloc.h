/* alloc.h - the only entry point to the heap (grep check in make check), with
 * a fault-injection hook for allocation-failure tests, and overflow-checked
 * size arithmetic. */
#ifndef KH_ALLOC_H
#define KH_ALLOC_H

#include <stddef.h>
#include <stdbool.h>

void *kh_malloc(size_t size);
void *kh_calloc(size_t count, size_t size);
void *kh_realloc(void *p, size_t size);
void kh_free(void *p);
char *kh_strndup(const char *s, size_t len);

/* Test hook: the n-th allocation from now fails (and every later one while
 * n stays reached); 0 turns failures off. */
void kh_alloc_fail_after(unsigned long n);

static inline bool kh_add_ok(size_t a, size_t b, size_t *out)
{
    return !__builtin_add_overflow(a, b, out);
}
static inline bool kh_mul_ok(size_t a, size_t b, size_t *out)
{
    return !__builtin_mul_overflow(a, b, out);
}

#endif
