/* file.h - file-system helpers shared inside the library (internal). */
#ifndef KH_FILE_H
#define KH_FILE_H

#include <stddef.h>

#include "khaldun/common.h"

/* The entries of directory `path` in strcmp order, without the hidden ones
 * (a name starting with '.', which includes "." and ".."); files and
 * folders alike, not recursing.  *out is a kh_malloc'd array of *count
 * kh_malloc'd names, owned by the caller: free it with
 * kh_file__names_free().  More than `max` entries (0: no limit) is
 * KH_ETOOBIG; a directory that cannot be opened is KH_EIO with
 * err->sys_errno.  On any error *out is NULL and *count 0. */
KH_NODISCARD kh_status kh_file__list_dir(char ***out, size_t *count,
                                         const char *path, size_t max,
                                         kh_error *err);

/* Free what kh_file__list_dir() returned; (NULL, 0) is a no-op. */
void kh_file__names_free(char **names, size_t count);

#endif
