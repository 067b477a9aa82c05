/* file.c - file-system helpers shared inside the library: listing a
 * directory in a stable order (the dictionary loader and the reader both
 * walk folders, and both must see their files in the same order on every
 * file system). */
#include "file.h"
#include "alloc.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void kh_file__names_free(char **names, size_t count)
{
    for (size_t i = 0; i < count; i++)
        kh_free(names[i]);
    kh_free(names);
}

kh_status kh_file__list_dir(char ***out, size_t *count, const char *path,
                            size_t max, kh_error *err)
{
    DIR *dir;
    struct dirent *de;
    char **names = NULL;
    size_t n = 0, cap = 0;
    kh_status rc = KH_OK;

    *out = NULL;
    *count = 0;
    if ((dir = opendir(path)) == NULL) {
        int e = errno;
        rc = kh_error_at(err, KH_EIO, path, 0, 0, "%s", strerror(e));
        if (err)
            err->sys_errno = e;
        return rc;
    }
    while ((de = readdir(dir)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        if (max && n == max) {
            rc = kh_error_at(err, KH_ETOOBIG, path, 0, 0,
                             "more than %zu files", max);
            goto done;
        }
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 32;
            char **p = kh_realloc(names, ncap * sizeof(*p));
            if (p == NULL) {
                rc = kh_error_set(err, KH_ENOMEM, "out of memory");
                goto done;
            }
            names = p;
            cap = ncap;
        }
        if ((names[n] = kh_strndup(de->d_name, strlen(de->d_name))) == NULL) {
            rc = kh_error_set(err, KH_ENOMEM, "out of memory");
            goto done;
        }
        n++;
    }
    if (n)
        qsort(names, n, sizeof(*names), cmp_name);
    *out = names;
    *count = n;
    names = NULL;
    n = 0;
done:
    closedir(dir);
    kh_file__names_free(names, n);
    return rc;
}
