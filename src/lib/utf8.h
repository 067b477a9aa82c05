/* utf8.h - libc-only UTF-8 decoding and encoding (RFC 3629: no surrogates,
 * no overlongs, nothing above U+10FFFF). */
#ifndef KH_UTF8_H
#define KH_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decode one code point at s[0..len).  Returns its byte length (1..4) and
 * stores it in *cp; on an invalid or truncated sequence returns -k where k
 * (>= 1) is the number of bytes that make up the maximal invalid subpart
 * (the Unicode "substitution of maximal subparts" practice), and *cp is
 * U+FFFD. */
int kh_utf8_decode(const unsigned char *s, size_t len, int32_t *cp);
/* Encode cp into out (4 bytes of room); returns the length. */
int kh_utf8_encode(int32_t cp, char *out);
/* Number of code points in s[0..len) (invalid bytes count one each). */
size_t kh_utf8_count(const char *s, size_t len);

#endif
