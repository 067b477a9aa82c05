/* alloc.c - heap wrappers; see alloc.h. */
#include "alloc.h"

#include <stdlib.h>
#include <string.h>

static unsigned long fail_after; /* 0 = never fail */
static unsigned long alloc_count;

void kh_alloc_fail_after(unsigned long n)
{
    fail_after = n;
    alloc_count = 0;
}

static int should_fail(void)
{
    if (fail_after == 0)
        return 0;
    return ++alloc_count >= fail_after;
}

void *kh_malloc(size_t size)
{
    if (should_fail())
        return NULL;
    return malloc(size ? size : 1);
}

void *kh_calloc(size_t count, size_t size)
{
    if (should_fail())
        return NULL;
    return calloc(count ? count : 1, size ? size : 1);
}

void *kh_realloc(void *p, size_t size)
{
    if (should_fail())
        return NULL;
    return realloc(p, size ? size : 1);
}

void kh_free(void *p)
{
    free(p);
}

char *kh_strndup(const char *s, size_t len)
{
    char *p;
    size_t n;

    if (!kh_add_ok(len, 1, &n) || (p = kh_malloc(n)) == NULL)
        return NULL;
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}
