/* cameo.h - CAMEO facts (internal): quad classes and Goldstein values. */
#ifndef KH_CAMEO_H
#define KH_CAMEO_H

#include <stdbool.h>

/* The quad class of a CAMEO code's root: 1 verbal cooperation (01-05), 2
 * material cooperation (06-08), 3 verbal conflict (09-13), 4 material
 * conflict (14-20); 0 for anything else. */
int kh_cameo__quad(const char *code);

/* The Goldstein value (-10 .. +10) of a CAMEO code, or of the nearest code
 * above it that has one (0231 -> 023 -> 02); false when none has. */
bool kh_cameo__goldstein(const char *code, double *out);

#endif
