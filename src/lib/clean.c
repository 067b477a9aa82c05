/* clean.c - page furniture, headline and dateline.
 *
 * Works paragraph by paragraph (lines separated by blank lines) on NFC
 * text.  A line is dropped only when the whole of it is furniture ("Share
 * this:", "Posted on 6 July", "Read more", a byline, a photo credit); a
 * short dangling fragment after a paragraph's last sentence is dropped only
 * when it is one of the known furniture phrases ("... last month. Talk
 * about").  Article sentences are never touched.  Each removal is counted in
 * doc->removed. */
#include "textproc.h"

#include <string.h>

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Case-insensitive ASCII prefix test; `p` is lower case. */
static bool iprefix(const char *s, size_t len, const char *p)
{
    if (len == 0 || (p[0] && lower((unsigned char)s[0]) != (unsigned char)p[0]))
        return false;
    size_t n = strlen(p);
    if (len < n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (lower((unsigned char)s[i]) != (unsigned char)p[i])
            return false;
    return true;
}

static bool iequal(const char *s, size_t len, const char *p)
{
    /* the first byte before the length: most lines differ there */
    return len > 0 && lower((unsigned char)s[0]) == (unsigned char)p[0] &&
           strlen(p) == len && iprefix(s, len, p);
}

/* Whole-line furniture: exact phrases (after trimming a final ':' or
 * '...'), and prefixes that start a furniture line of limited length. */
static const char *const furniture_exact[] = {
    "share", "share this", "share this:", "share this article",
    "share this story", "share on facebook", "share on twitter",
    "share on whatsapp", "share on linkedin", "share on x", "tweet", "email",
    "e-mail", "print", "comments", "comment", "advertisement", "advertising",
    "sponsored", "sponsored content", "talk about", "read more",
    "continue reading", "see more", "show more", "load more",
    "related", "related articles", "related stories", "related coverage",
    "related news", "more stories", "most read", "trending", "recommended",
    "skip to content", "skip to main content", "posted on", "posted by",
    "posted in", "back to top", "top stories", "watch", "listen",
    "subscribe", "sign up", "menu", "home", "search", "close", "next",
    "previous", "next article", "previous article", "like this:",
    "like this", "loading...", "facebook", "twitter", "whatsapp",
    "linkedin", "telegram", "copy link", NULL};

static const char *const furniture_prefix[] = {
    "share on ", "share this ", "follow us", "follow @", "like us on",
    "subscribe to ", "subscribe for ", "sign up for ", "sign up to ",
    "read more", "read also", "also read", "read next", "see also",
    "related:", "related stories:", "related articles:", "more:",
    "click here", "tap here", "posted on ", "posted by ", "posted in ",
    "published on ", "published:", "updated:", "updated on ",
    "last updated", "first published", "photo:", "photo credit",
    "photos:", "photograph:", "image:", "image credit", "image source",
    "picture:", "video:", "watch:", "listen:", "(photo by ", "(photo: ",
    "(ap photo", "(afp photo", "(reuters photo", "ap photo/", "afp photo/",
    "reuters/", "file photo", "file - ", "tags:", "filed under",
    "topics:", "categories:", "category:", "copyright ", "(c) ", "\xc2\xa9",
    "all rights reserved", "this material may not be published",
    "the associated press contributed", "leave a comment", "leave a reply",
    "join the conversation", "download our app", "get the latest",
    "for more news", "whatsapp us", "send us your", "reporting by ",
    "additional reporting by ", "editing by ", "writing by ",
    "compiled by ", "(reporting by ", NULL};

/* Phrases that may dangle after the last sentence of a paragraph. */
static const char *const dangling[] = {
    "talk about", "read more", "continue reading", "share", "share this",
    "posted on", "advertisement", "click here", "see more", "related",
    "more", "comments", NULL};

static size_t trim_left(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i;
}

static size_t trim_right(const char *s, size_t len)
{
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    return len;
}

static bool is_upper_ascii(int c)
{
    return c >= 'A' && c <= 'Z';
}

/* "By Qassim Abdul-Zahra and Samya Kullab" / "By JOHN SMITH, Associated
 * Press": "By" then at most ~10 capitalised words, "and", commas; no
 * sentence punctuation at the end. */
static bool is_byline(const char *s, size_t len)
{
    if (len < 5 || len > 120 || !(s[0] == 'B' || s[0] == 'b') ||
        !(s[1] == 'y' || s[1] == 'Y') || s[2] != ' ')
        return false;
    if (s[len - 1] == '.' && !(len >= 3 && is_upper_ascii((unsigned char)s[len - 2]) && s[len - 3] == ' '))
        return false;
    size_t i = 3, words = 0;
    while (i < len) {
        while (i < len && (s[i] == ' ' || s[i] == ','))
            i++;
        if (i >= len)
            break;
        size_t w = i;
        while (i < len && s[i] != ' ' && s[i] != ',')
            i++;
        size_t wl = i - w;
        words++;
        if (iequal(s + w, wl, "and") || iequal(s + w, wl, "the") ||
            iequal(s + w, wl, "of") || s[w] == '&' || s[w] == '|')
            continue;
        unsigned c0 = (unsigned char)s[w];
        if (!(is_upper_ascii((int)c0) || c0 >= 0x80))
            return false;
    }
    return words >= 1 && words <= 10;
}

static bool icontains(const char *s, size_t len, const char *p)
{
    size_t n = strlen(p);
    if (n == 0)
        return len > 0;
    /* the first byte here, the rest only where it matches */
    unsigned char p0 = (unsigned char)p[0];
    for (size_t i = 0; i + n <= len; i++)
        if (lower((unsigned char)s[i]) == p0 && iprefix(s + i, len - i, p))
            return true;
    return false;
}

static size_t count_words(const char *s, size_t len);

/* A line that ends like a sentence and has as many words as one is article
 * text even when it starts like furniture ("Published on Monday, the U.N.
 * report accused ..."). */
static bool sentence_like(const char *s, size_t len)
{
    if (len == 0)
        return false;
    char c = s[len - 1];
    return (c == '.' || c == '!' || c == '?' || c == '"') &&
           count_words(s, len) >= 8;
}

static bool is_furniture_line(const char *s, size_t len)
{
    size_t n = len;
    if (len <= 400 && (icontains(s, len, "all rights reserved") ||
                       icontains(s, len, "may not be published, broadcast")))
        return true;
    while (n > 0 && (s[n - 1] == ':' || s[n - 1] == '.' || s[n - 1] == ' '))
        n--;
    for (const char *const *p = furniture_exact; *p; p++)
        if (iequal(s, n, *p) || iequal(s, len, *p))
            return true;
    if (len <= 200 && !sentence_like(s, len))
        for (const char *const *p = furniture_prefix; *p; p++)
            if (iprefix(s, len, *p))
                return true;
    return is_byline(s, len);
}

/* Length of a dangling furniture phrase at the end of a line that has
 * sentence text before it, or 0. */
static size_t dangling_tail(const char *s, size_t len)
{
    for (const char *const *p = dangling; *p; p++) {
        size_t n = strlen(*p);
        if (len <= n + 2)
            continue;
        if (!iprefix(s + len - n, n, *p))
            continue;
        size_t k = len - n;
        if (s[k - 1] != ' ')
            continue;
        size_t j = trim_right(s, k);
        if (j == 0)
            continue;
        char c = s[j - 1];
        if (c == '.' || c == '?' || c == '!' || c == '"' ||
            (j >= 3 && (unsigned char)s[j - 3] == 0xE2 &&
             (unsigned char)s[j - 2] == 0x80 &&
             ((unsigned char)s[j - 1] == 0x9D || (unsigned char)s[j - 1] == 0x99)))
            return len - j;
    }
    return 0;
}

static bool ends_sentence(const char *s, size_t len)
{
    if (len == 0)
        return false;
    char c = s[len - 1];
    if (c == '.' || c == '?' || c == '!' || c == '"' || c == ':' || c == ';')
        return true;
    /* closing curly quote */
    return len >= 3 && (unsigned char)s[len - 3] == 0xE2 &&
           (unsigned char)s[len - 2] == 0x80 &&
           ((unsigned char)s[len - 1] == 0x9D ||
            (unsigned char)s[len - 1] == 0x99);
}

static size_t count_words(const char *s, size_t len)
{
    size_t w = 0;
    bool in = false;
    for (size_t i = 0; i < len; i++) {
        bool sp = s[i] == ' ' || s[i] == '\t' || s[i] == '\n';
        if (!sp && !in)
            w++;
        in = !sp;
    }
    return w;
}

/* ---- datelines --------------------------------------------------------- */

static const char *const months[] = {
    "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december"};

static int month_of(const char *s, size_t len)
{
    size_t k = len;

    if (k > 0 && s[k - 1] == '.')
        k--;
    for (int m = 0; m < 12; m++) {
        size_t n = strlen(months[m]), q;
        if (!(k == n || (k >= 3 && k < n)))
            continue;
        for (q = 0; q < k; q++)
            if (lower((unsigned char)s[q]) != months[m][q])
                break;
        if (q == k)
            return m + 1;
    }
    return 0;
}

static int days_in(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return d[m - 1];
}

/* "June 5, 2021" / "5 June 2021" inside s; returns yyyymmdd or 0. */
static int32_t find_date(const char *s, size_t len)
{
    size_t i = 0;
    int tok_m = 0, day = 0, year = 0;
    while (i < len) {
        while (i < len && (s[i] == ' ' || s[i] == ','))
            i++;
        size_t w = i;
        while (i < len && s[i] != ' ' && s[i] != ',')
            i++;
        size_t wl = i - w;
        if (wl == 0)
            break;
        int m = month_of(s + w, wl);
        if (m) {
            tok_m = m;
            continue;
        }
        bool digits = true;
        for (size_t k = w; k < w + wl; k++)
            if (s[k] < '0' || s[k] > '9')
                digits = false;
        if (!digits)
            continue;
        int v = 0;
        for (size_t k = w; k < w + wl && k < w + 5; k++)
            v = v * 10 + (s[k] - '0');
        if (wl <= 2 && v >= 1 && v <= 31)
            day = v;
        else if (wl == 4 && v >= 1900 && v <= 2199)
            year = v;
    }
    if (tok_m && day && year && day <= days_in(year, tok_m))
        return year * 10000 + tok_m * 100 + day;
    return 0;
}

/* Bytes of a space at s[i]: ASCII space, no-break space, narrow no-break
 * space; 0 otherwise. */
static size_t space_len(const char *s, size_t len, size_t i)
{
    const unsigned char *u = (const unsigned char *)s;
    if (i >= len)
        return 0;
    if (u[i] == ' ')
        return 1;
    if (i + 1 < len && u[i] == 0xC2 && u[i + 1] == 0xA0)
        return 2;
    if (i + 2 < len && u[i] == 0xE2 && u[i + 1] == 0x80 && u[i + 2] == 0xAF)
        return 3;
    return 0;
}

/* Recognise "BAGHDAD (AP) —", "TAMPA, Fla. –", "KABUL, Afghanistan
 * (Reuters) -", "WASHINGTON, June 5 (Reuters) -" at the start of s. */
static bool dateline(kh_doc *doc, kh_arena *a, const char *s, size_t len,
                     size_t base)
{
    size_t lim = len < 160 ? len : 160, dash = 0, dlen = 0;

    for (size_t i = 1; i + 1 < lim && !dash; i++) {
        size_t at, k, j;
        if ((k = space_len(s, len, i)) > 0) {
            at = i;
            j = i + k;
        } else if (s[i] == ')' && (k = space_len(s, len, i + 1)) > 0) {
            at = i + 1;
            j = i + 1 + k;
        } else {
            continue;
        }
        if (j + 3 <= len && (unsigned char)s[j] == 0xE2 &&
            (unsigned char)s[j + 1] == 0x80 &&
            ((unsigned char)s[j + 2] == 0x94 || (unsigned char)s[j + 2] == 0x93))
            dlen = j + 3 - at;
        else if (j + 1 < len && s[j] == '-' && s[j + 1] == '-')
            dlen = j + 2 - at;
        else if (j + 1 < len && s[j] == '-' && space_len(s, len, j + 1) > 0)
            dlen = j + 1 - at;
        if (dlen)
            dash = at;
    }
    if (!dash)
        return false;
    size_t left = trim_right(s, dash);
    const char *agency = NULL;
    size_t alen = 0;
    if (left > 2 && s[left - 1] == ')') {
        size_t o = left - 1;
        while (o > 0 && s[o] != '(')
            o--;
        if (s[o] != '(' || left - 1 - o - 1 > 30 || left - 1 - o < 2)
            return false;
        agency = s + o + 1;
        alen = left - 1 - o - 1;
        if (!is_upper_ascii((unsigned char)agency[0]))
            return false;
        left = trim_right(s, o);
    }
    /* place [, region or date]* : capitalised words only */
    size_t comma = left;
    for (size_t i = 0; i < left; i++)
        if (s[i] == ',') {
            comma = i;
            break;
        }
    if (comma == 0)
        return false;
    bool allcaps = true;
    size_t words = 0;
    for (size_t i = 0; i < comma;) {
        while (i < comma && s[i] == ' ')
            i++;
        if (i >= comma)
            break;
        size_t w = i;
        while (i < comma && s[i] != ' ')
            i++;
        words++;
        unsigned c0 = (unsigned char)s[w];
        bool particle = iequal(s + w, i - w, "al") || iequal(s + w, i - w, "el") ||
                        iequal(s + w, i - w, "de") || iequal(s + w, i - w, "of") ||
                        iprefix(s + w, i - w, "al-") || iprefix(s + w, i - w, "el-");
        if (!(is_upper_ascii((int)c0) || c0 >= 0x80) && !particle)
            return false;
        for (size_t k = w; k < i; k++)
            if (s[k] >= 'a' && s[k] <= 'z')
                allcaps = false;
        for (size_t k = w; k < i; k++) {
            unsigned ch = (unsigned char)s[k];
            if (!(ch >= 0x80 || (ch >= 'A' && ch <= 'Z') ||
                  (ch >= 'a' && ch <= 'z') || ch == '.' || ch == '-' ||
                  ch == '\''))
                return false;
        }
    }
    if (words == 0 || words > 4)
        return false;
    const char *region = NULL;
    size_t rlen = 0;
    int32_t date = 0;
    if (comma < left) {
        /* the rest: a region and/or a date, each comma-separated */
        size_t i = comma + 1;
        while (i < left) {
            while (i < left && s[i] == ' ')
                i++;
            size_t w = i;
            while (i < left && s[i] != ',')
                i++;
            size_t wl = trim_right(s + w, i - w);
            if (wl == 0 || wl > 40)
                return false;
            int32_t d = find_date(s + w, left - w);
            size_t first_word = 0;
            while (first_word < wl && s[w + first_word] != ' ')
                first_word++;
            if (month_of(s + w, first_word) || (s[w] >= '0' && s[w] <= '9')) {
                if (d)
                    date = d;
                break; /* a date runs to the end of the left part */
            }
            if (!(is_upper_ascii((unsigned char)s[w]) ||
                  (unsigned char)s[w] >= 0x80))
                return false;
            if (!region) {
                region = s + w;
                rlen = wl;
            }
            i++;
        }
    }
    size_t place_len = trim_right(s, comma);
    if (!agency && !allcaps && !(region && rlen <= 6 && region[rlen - 1] == '.'))
        return false;
    doc->dateline_span.start = (uint32_t)base;
    doc->dateline_span.end = (uint32_t)(base + dash + dlen);
    doc->dateline_place = kh_arena_strndup(a, s, place_len);
    doc->dateline_region = region ? kh_arena_strndup(a, region, rlen) : NULL;
    doc->dateline_agency = agency ? kh_arena_strndup(a, agency, alen) : NULL;
    doc->dateline_date = date;
    return true;
}

/* ---- the pass ---------------------------------------------------------- */

kh_status kh_clean__run(kh_buf *out, kh_doc *doc, kh_arena *a, const char *s,
                        size_t len, bool find_title)
{
    size_t i = 0, para = 0, line_in_para = 0;
    bool have_dateline = false;
    size_t blank_pending = 0;

    kh_buf_reset(out);
    while (i < len) {
        const char *nl = memchr(s + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - s) : len;
        size_t l0 = i + trim_left(s + i, e - i);
        size_t ll = trim_right(s + l0, e - l0);
        const char *line = s + l0;
        i = nl ? e + 1 : len;
        if (ll == 0) {
            if (line_in_para > 0) {
                para++;
                line_in_para = 0;
            }
            blank_pending++;
            continue;
        }
        if (is_furniture_line(line, ll)) {
            doc->removed++;
            if (doc->posted_date == 0 &&
                (iprefix(line, ll, "posted") || iprefix(line, ll, "published") ||
                 iprefix(line, ll, "first published") ||
                 iprefix(line, ll, "updated") ||
                 iprefix(line, ll, "last updated")))
                doc->posted_date = find_date(line, ll);
            continue;
        }
        size_t tail = dangling_tail(line, ll);
        if (tail) {
            ll -= tail;
            ll = trim_right(line, ll);
            doc->removed++;
        }
        /* separators: keep paragraph breaks, one newline inside one */
        if (out->len > 0)
            kh_buf_put(out, blank_pending ? "\n\n" : "\n",
                       blank_pending ? 2 : 1);
        blank_pending = 0;
        size_t at = out->len;
        if (find_title && para == 0 && line_in_para == 0 && at == 0 &&
            !ends_sentence(line, ll) && ll < 250 && count_words(line, ll) >= 2) {
            /* a headline: a one-line first paragraph without a final stop,
             * followed by more text */
            size_t j = i;
            while (j < len && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r'))
                j++;
            if (j < len && s[j] == '\n') {
                doc->title_span.start = (uint32_t)at;
                doc->title_span.end = (uint32_t)(at + ll);
            }
        } else if (find_title && !have_dateline && line_in_para == 0) {
            have_dateline = true;
            dateline(doc, a, line, ll, at);
        }
        kh_buf_put(out, line, ll);
        line_in_para++;
    }
    return kh_buf_status(out);
}
