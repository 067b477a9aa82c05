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

/* The PLOVER type ("ASSAULT") and mode (may be NULL) of a CAMEO code, or
 * of the nearest code above it that has one. */
bool kh_cameo__plover(const char *code, const char **type, const char **mode);

/* The ACLED event type and sub-event type a CAMEO code is by itself
 * (190 Battles / Armed clash, 195 Air/drone strike, ...), for events whose
 * trigger does not say; false for codes that are no ACLED event or depend
 * on the words. */
bool kh_cameo__acled(const char *code, const char **type, const char **sub);

#endif
