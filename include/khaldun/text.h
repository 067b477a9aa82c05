/* khaldun/text.h - the one folding function for match keys, and NFC
 * normalisation with UTF-8 repair.  All functions are pure and thread-safe. */
#ifndef KH_TEXT_H
#define KH_TEXT_H

#include <stddef.h>
#include "khaldun/common.h"

/* Fold s[0..len) for matching: NFKC + Unicode case folding + removal of
 * default-ignorable code points (utf8proc's NFKC_Casefold flag set, stable).
 * Every dictionary key and every token goes through this function, so keys
 * and text always agree.  Writes at most `cap` bytes to `out` (not
 * NUL-terminated) and stores the folded length in *outlen.  Returns KH_OK,
 * KH_ETOOBIG when `cap` is too small (*outlen then holds the size needed),
 * KH_EPARSE when s is not valid UTF-8, or KH_ENOMEM. */
KH_API KH_NODISCARD kh_status kh_text_fold(char *out, size_t cap,
                                           size_t *outlen, const char *s,
                                           size_t len);

/* Normalise s[0..len) to NFC into out[0..cap): invalid UTF-8 becomes U+FFFD
 * (counted in *ninvalid, may be NULL), CRLF and CR become LF, NUL and other C0
 * controls except TAB and LF become U+FFFD (counted too).  Same size rules
 * as kh_text_fold(); the output needs at most 3 * len + 16 bytes. */
KH_API KH_NODISCARD kh_status kh_text_nfc(char *out, size_t cap,
                                          size_t *outlen, size_t *ninvalid,
                                          const char *s, size_t len);

#endif
