/* dict_native.c - khaldun's own dictionary format for actors, agents,
 * discards and issues (verbs and nouns go to dict_verbs.c).  The grammar
 * is in docs/dictionaries.md: a "#khaldun-dict 1 KIND" first line, then one
 * fact per line, "keyword value".  Entries open with their keyword (actor,
 * agent) and the indented lines after them add to the entry. */
#include "dict.h"
#include "alloc.h"

#include <string.h>

static bool blank(char c)
{
    return c == ' ' || c == '\t';
}

kh_dnative_kind kh_dict__native_kind(const char *text, size_t len)
{
    static const struct {
        const char *name;
        kh_dnative_kind kind;
    } kinds[] = {
        {"actors", KH_DN_ACTORS},     {"agents", KH_DN_AGENTS},
        {"verbs", KH_DN_VERBS},       {"nouns", KH_DN_NOUNS},
        {"discards", KH_DN_DISCARDS}, {"issues", KH_DN_ISSUES},
    };
    static const char magic[] = "#khaldun-dict 1 ";
    size_t ml = sizeof(magic) - 1;

    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    if (len < ml || memcmp(text, magic, ml) != 0)
        return KH_DN_NONE;
    const char *k = text + ml, *end = text + len;
    const char *e = k;
    while (e < end && *e != '\n' && *e != '\r' && !blank(*e))
        e++;
    const char *t = e;
    while (t < end && blank(*t))
        t++;
    if (t < end && *t != '\n' && *t != '\r')
        return KH_DN_NONE;
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
        if (strlen(kinds[i].name) == (size_t)(e - k) &&
            memcmp(kinds[i].name, k, (size_t)(e - k)) == 0)
            return kinds[i].kind;
    return KH_DN_NONE;
}

/* Cut a comment: '#' at the start of the content or after a blank. */
static size_t strip(const char *p, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (p[i] == '#' && (i == 0 || blank(p[i - 1]))) {
            len = i;
            break;
        }
    while (len > 0 && blank(p[len - 1]))
        len--;
    return len;
}

static bool kw(const char *k, size_t kl, const char *lit)
{
    return strlen(lit) == kl && memcmp(k, lit, kl) == 0;
}

static bool code_ok(const char *s, size_t len)
{
    if (len == 0)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
              (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '/' ||
              c == '_' || c == '.'))
            return false;
    }
    return true;
}

static bool has_blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (blank(s[i]))
            return true;
    return false;
}

/* A phrase, with '*' after the last word for a stem. */
static kh_status phrase(kh_dload *L, const kh_dline *ln, uint32_t *out,
                        const char *s, size_t len)
{
    unsigned mode = 0;
    const char *bad;

    if (len > 0 && s[len - 1] == '*') {
        mode = KH_DPM_STEM;
        len--;
    }
    kh_status rc = kh_dict__phrase(L, out, s, len, mode, &bad);
    if (rc == KH_EPARSE)
        kh_dict__problem(L, ln, bad, len ? "phrase has more than %d words"
                                         : "empty phrase",
                         KH_DICT_MAX_PHRASE_WORDS);
    return rc;
}

typedef struct nat {
    kh_dload *L;
    kh_dnative_kind kind;
    /* the open entry */
    bool open;
    kh_dline entry_line;
    uint32_t entry;       /* actor index, or the agent's phrase */
    uint32_t attr_first;
    kh_dstr code;         /* agents */
    uint32_t code_flags;
    bool has_code, no_plural;
    uint32_t plurals[16];
    size_t nplurals;
    /* issues */
    kh_dstr category;
    uint32_t cat_flags;
} nat;

static kh_status push_attr(nat *n, const char *key, const char *v,
                           size_t vl)
{
    kh_dict *d = n->L->d;
    kh_dattr *a;
    kh_dstr k, s;
    kh_status rc;

    if ((rc = kh_dict__str(d, &k, key, strlen(key), false)) < 0 ||
        (rc = kh_dict__str(d, &s, v, vl, false)) < 0)
        return rc;
    if ((a = kh_dict__push(&d->attrs, sizeof(*a))) == NULL)
        return KH_ENOMEM;
    a->key = k;
    a->val = s;
    if (n->kind == KH_DN_ACTORS) {
        kh_dactor *ac = &KH_DV(d->actors, kh_dactor)[n->entry];
        if (ac->attr_count == 0)
            ac->attr_first = d->attrs.count - 1;
        ac->attr_count++;
    }
    return KH_OK;
}

static kh_status push_agent(nat *n, uint32_t ph, uint32_t flags)
{
    kh_dict *d = n->L->d;
    kh_dagent *a = kh_dict__push(&d->agents, sizeof(*a));
    if (a == NULL)
        return KH_ENOMEM;
    a->phrase = ph;
    a->code = n->code;
    a->flags = n->code_flags | flags;
    a->attr_first = n->attr_first;
    a->attr_count = d->attrs.count - n->attr_first;
    a->src.file = n->L->file;
    a->src.line = (uint32_t)n->entry_line.no;
    return KH_OK;
}

/* Close the open agent: the entry, then its plurals. */
static kh_status close_entry(nat *n)
{
    kh_dict *d = n->L->d;
    kh_status rc;

    if (!n->open || n->kind != KH_DN_AGENTS) {
        n->open = false;
        return KH_OK;
    }
    n->open = false;
    if (!n->has_code) {
        kh_dict__problem(n->L, &n->entry_line, NULL, "agent has no code");
        d->attrs.count = n->attr_first;
        return KH_OK;
    }
    if ((rc = push_agent(n, n->entry, 0)) < 0)
        return rc;
    for (size_t i = 0; i < n->nplurals; i++)
        if ((rc = push_agent(n, n->plurals[i], KH_DAG_PLURAL)) < 0)
            return rc;
    if (n->nplurals || n->no_plural)
        return KH_OK;
    /* the automatic plural of the last word */
    const kh_dphrase *ph = &KH_DV(d->phrases, kh_dphrase)[n->entry];
    if (ph->flags & KH_DPH_STEM)
        return KH_OK;
    char buf[1024];
    size_t len = kh_dict__phrase_text(d, n->entry, buf, sizeof(buf) - 4);
    if (len == 0 || len + 4 >= sizeof(buf))
        return KH_OK;
    char last = buf[len - 1], prev = len > 1 ? buf[len - 2] : 0;
    if (last == 'y' && prev && !strchr("aeiou", prev)) {
        memcpy(buf + len - 1, "ies", 3);
        len += 2;
    } else if (last == 's' || last == 'x' || last == 'z' ||
               (last == 'h' && (prev == 'c' || prev == 's'))) {
        memcpy(buf + len, "es", 2);
        len += 2;
    } else if ((unsigned char)last < 0x80 && last != '.') {
        buf[len++] = 's';
    } else {
        return KH_OK; /* no English plural for this one */
    }
    uint32_t pp;
    const char *bad;
    if ((rc = kh_dict__phrase(n->L, &pp, buf, len, 0, &bad)) < 0)
        return rc == KH_EPARSE ? KH_OK : rc;
    return push_agent(n, pp, KH_DAG_PLURAL);
}

/* "FROM..TO" with YYYY-MM-DD dates, either side may be empty. */
static bool parse_range(const char *s, size_t len, int32_t *from,
                        int32_t *to)
{
    const char *dots = NULL;
    for (size_t i = 0; i + 1 < len; i++)
        if (s[i] == '.' && s[i + 1] == '.') {
            dots = s + i;
            break;
        }
    *from = *to = 0;
    if (dots == NULL)
        return false;
    size_t al = (size_t)(dots - s), bl = len - al - 2;
    if (al == 0 && bl == 0)
        return false;
    if (al && (al != 10 || !kh_dict__date(s, al, from)))
        return false;
    if (bl && (bl != 10 || !kh_dict__date(dots + 2, bl, to)))
        return false;
    return !(*from && *to && *to < *from);
}

/* An attribute stored as written, shared by actors and agents: acled (an
 * actor type 1-8), id (no blanks), plover, note, sector (agents). */
static kh_status plain_attr(nat *n, const kh_dline *ln, const char *k,
                            size_t kl, const char *v, size_t vl)
{
    char key[8];

    if (kw(k, kl, "acled") && (vl != 1 || v[0] < '1' || v[0] > '8')) {
        kh_dict__problem(n->L, ln, v, "acled must be an actor type 1-8");
        return KH_OK;
    }
    if (kw(k, kl, "id") && has_blank(v, vl)) {
        kh_dict__problem(n->L, ln, v, "an id has no blanks");
        return KH_OK;
    }
    memcpy(key, k, kl);
    key[kl] = '\0';
    return push_attr(n, key, v, vl);
}

static kh_status actor_line(nat *n, const kh_dline *ln, const char *k,
                            size_t kl, const char *v, size_t vl)
{
    kh_dict *d = n->L->d;
    kh_dload *L = n->L;
    kh_status rc;
    uint32_t ph;

    if (kw(k, kl, "actor")) {
        n->open = false;
        if ((rc = phrase(L, ln, &ph, v, vl)) < 0)
            return rc == KH_EPARSE ? KH_OK : rc;
        kh_dactor *a = kh_dict__push(&d->actors, sizeof(*a));
        kh_dactor_name *nm = a ? kh_dict__push(&d->actor_names,
                                               sizeof(*nm))
                               : NULL;
        if (nm == NULL)
            return KH_ENOMEM;
        a = &KH_DV(d->actors, kh_dactor)[d->actors.count - 1];
        a->name = d->actor_names.count - 1;
        a->code_first = d->codes.count;
        a->attr_first = d->attrs.count;
        a->src.file = L->file;
        a->src.line = (uint32_t)ln->no;
        nm->phrase = ph;
        nm->actor = d->actors.count - 1;
        nm->flags = KH_DAN_ROOT;
        nm->src = a->src;
        n->open = true;
        n->entry = d->actors.count - 1;
        return KH_OK;
    }
    if (!n->open) {
        kh_dict__problem(L, ln, k, "'%.*s' outside an actor (start one with "
                                   "'actor NAME')", (int)kl, k);
        return KH_OK;
    }
    if (kw(k, kl, "alias") || kw(k, kl, "translit")) {
        if ((rc = phrase(L, ln, &ph, v, vl)) < 0)
            return rc == KH_EPARSE ? KH_OK : rc;
        kh_dactor_name *nm = kh_dict__push(&d->actor_names, sizeof(*nm));
        if (nm == NULL)
            return KH_ENOMEM;
        nm->phrase = ph;
        nm->actor = n->entry;
        nm->flags = kw(k, kl, "alias") ? KH_DAN_ALIAS
                                       : KH_DAN_ALIAS | KH_DAN_TRANSLIT;
        nm->src.file = L->file;
        nm->src.line = (uint32_t)ln->no;
        return KH_OK;
    }
    if (kw(k, kl, "code")) {
        size_t cl = 0;
        while (cl < vl && !blank(v[cl]))
            cl++;
        const char *r = v + cl;
        while (r < v + vl && blank(*r))
            r++;
        int32_t from = 0, to = 0;
        if (!code_ok(v, cl)) {
            kh_dict__problem(L, ln, v, "bad code '%.*s'", (int)cl, v);
            return KH_OK;
        }
        if (r < v + vl &&
            !parse_range(r, (size_t)(v + vl - r), &from, &to)) {
            kh_dict__problem(L, ln, r, "bad date range (YYYY-MM-DD..YYYY-MM-"
                                       "DD, either side may be empty)");
            return KH_OK;
        }
        return kh_dict__add_code(L, ln, n->entry, v, cl, from, to);
    }
    if (kw(k, kl, "country")) {
        if (vl != 3 || !(v[0] >= 'A' && v[0] <= 'Z') ||
            !(v[1] >= 'A' && v[1] <= 'Z') || !(v[2] >= 'A' && v[2] <= 'Z')) {
            kh_dict__problem(L, ln, v, "country must be an ISO 3166 alpha-3 "
                                       "code such as IRQ");
            return KH_OK;
        }
        return push_attr(n, "country", v, vl);
    }
    if (kw(k, kl, "sector") || kw(k, kl, "patron")) {
        if (!code_ok(v, vl)) {
            kh_dict__problem(L, ln, v, "bad code '%.*s'", (int)vl, v);
            return KH_OK;
        }
        return push_attr(n, kw(k, kl, "sector") ? "sector" : "patron", v, vl);
    }
    if (kw(k, kl, "acled") || kw(k, kl, "id") || kw(k, kl, "plover") ||
        kw(k, kl, "note"))
        return plain_attr(n, ln, k, kl, v, vl);
    kh_dict__problem(L, ln, k, "unknown keyword '%.*s' in an actors file",
                     (int)kl, k);
    return KH_OK;
}

static kh_status agent_line(nat *n, const kh_dline *ln, const char *k,
                            size_t kl, const char *v, size_t vl)
{
    kh_dload *L = n->L;
    kh_status rc;
    uint32_t ph;

    if (kw(k, kl, "agent")) {
        if ((rc = close_entry(n)) < 0)
            return rc;
        if ((rc = phrase(L, ln, &ph, v, vl)) < 0)
            return rc == KH_EPARSE ? KH_OK : rc;
        n->open = true;
        n->entry_line = *ln;
        n->entry = ph;
        n->attr_first = L->d->attrs.count;
        n->has_code = n->no_plural = false;
        n->nplurals = 0;
        return KH_OK;
    }
    if (!n->open) {
        kh_dict__problem(L, ln, k, "'%.*s' outside an agent (start one with "
                                   "'agent PHRASE')", (int)kl, k);
        return KH_OK;
    }
    if (kw(k, kl, "code")) {
        uint32_t fl = 0;
        const char *c = v;
        size_t cl = vl;
        if (cl > 1 && c[0] == '~') {
            fl = KH_DAG_SUFFIX;
            c++;
            cl--;
        } else if (cl > 1 && c[cl - 1] == '~') {
            fl = KH_DAG_PREFIX;
            cl--;
        }
        if (fl == 0 || !code_ok(c, cl)) {
            kh_dict__problem(L, ln, v, "agent code is '~CODE' (after the "
                                       "actor's code) or 'CODE~' (before)");
            return KH_OK;
        }
        if ((rc = kh_dict__str(L->d, &n->code, c, cl, true)) < 0)
            return rc;
        n->code_flags = fl;
        n->has_code = true;
        return KH_OK;
    }
    if (kw(k, kl, "plural")) {
        if (vl == 1 && v[0] == '-') {
            n->no_plural = true;
            return KH_OK;
        }
        if (n->nplurals == sizeof(n->plurals) / sizeof(n->plurals[0])) {
            kh_dict__problem(L, ln, k, "too many plurals");
            return KH_OK;
        }
        if ((rc = phrase(L, ln, &ph, v, vl)) < 0)
            return rc == KH_EPARSE ? KH_OK : rc;
        n->plurals[n->nplurals++] = ph;
        return KH_OK;
    }
    if (kw(k, kl, "sector") || kw(k, kl, "acled") || kw(k, kl, "plover") ||
        kw(k, kl, "note") || kw(k, kl, "id"))
        return plain_attr(n, ln, k, kl, v, vl);
    kh_dict__problem(L, ln, k, "unknown keyword '%.*s' in an agents file",
                     (int)kl, k);
    return KH_OK;
}

static kh_status discard_line(nat *n, const kh_dline *ln, const char *k,
                              size_t kl, const char *v, size_t vl)
{
    uint32_t ph, scope;
    kh_status rc;

    if (kw(k, kl, "discard"))
        scope = KH_DSCOPE_SENTENCE;
    else if (kw(k, kl, "discard-story"))
        scope = KH_DSCOPE_STORY;
    else {
        kh_dict__problem(n->L, ln, k, "expected 'discard' or 'discard-story'");
        return KH_OK;
    }
    if ((rc = phrase(n->L, ln, &ph, v, vl)) < 0)
        return rc == KH_EPARSE ? KH_OK : rc;
    return kh_dict__add_discard(n->L, ln, ph, scope);
}

static kh_status issue_line(nat *n, const kh_dline *ln, const char *k,
                            size_t kl, const char *v, size_t vl)
{
    kh_dict *d = n->L->d;
    kh_dload *L = n->L;
    kh_status rc;
    uint32_t ph, flags = n->cat_flags;
    kh_dstr code = {0, 0};

    if (kw(k, kl, "category")) {
        size_t cl = 0;
        while (cl < vl && !blank(v[cl]))
            cl++;
        const char *r = v + cl;
        while (r < v + vl && blank(*r))
            r++;
        if (!code_ok(v, cl) || (r < v + vl && !(v + vl - r == 10 &&
                                                memcmp(r, "countevent",
                                                       10) == 0))) {
            kh_dict__problem(L, ln, v, "expected 'category NAME [countevent]'");
            return KH_OK;
        }
        if ((rc = kh_dict__str(d, &n->category, v, cl, true)) < 0)
            return rc;
        n->cat_flags = r < v + vl ? KH_DIS_COUNTEVENT : 0;
        return KH_OK;
    }
    if (kw(k, kl, "issue")) {
        size_t cl = 0;
        while (cl < vl && !blank(v[cl]))
            cl++;
        const char *r = v + cl;
        while (r < v + vl && blank(*r))
            r++;
        if (!code_ok(v, cl) || r == v + vl) {
            kh_dict__problem(L, ln, v, "expected 'issue CODE PHRASE'");
            return KH_OK;
        }
        if ((rc = kh_dict__str(d, &code, v, cl, true)) < 0)
            return rc;
        vl = (size_t)(v + vl - r);
        v = r;
    } else if (kw(k, kl, "exclude")) {
        flags |= KH_DIS_EXCLUDE_SENTENCE;
    } else if (kw(k, kl, "exclude-story")) {
        flags |= KH_DIS_EXCLUDE_STORY;
    } else {
        kh_dict__problem(L, ln, k, "unknown keyword '%.*s' in an issues file",
                         (int)kl, k);
        return KH_OK;
    }
    if (code.len == 0 && (rc = kh_dict__str(d, &code, "", 0, false)) < 0)
        return rc;
    if ((rc = phrase(L, ln, &ph, v, vl)) < 0)
        return rc == KH_EPARSE ? KH_OK : rc;
    return kh_dict__add_issue(L, ln, ph, code, n->category, flags);
}

kh_status kh_dict__read_native(kh_dload *L, kh_dnative_kind kind)
{
    kh_dline ln;
    nat n;
    kh_status rc = KH_OK;

    memset(&n, 0, sizeof(n));
    n.L = L;
    n.kind = kind;
    if ((rc = kh_dict__str(L->d, &n.category, "", 0, false)) < 0)
        return rc;
    while (kh_dict__next_line(L, &ln)) {
        if (ln.no == 1 || ln.bad)
            continue; /* the header */
        size_t len = strip(ln.p, ln.len);
        const char *p = ln.p, *end = ln.p + len;
        while (p < end && blank(*p))
            p++;
        if (p == end)
            continue;
        const char *k = p;
        while (p < end && !blank(*p))
            p++;
        size_t kl = (size_t)(p - k);
        while (p < end && blank(*p))
            p++;
        size_t vl = (size_t)(end - p);
        if (vl == 0) {
            kh_dict__problem(L, &ln, p, "'%.*s' needs a value", (int)kl, k);
            continue;
        }
        switch (kind) {
        case KH_DN_ACTORS: rc = actor_line(&n, &ln, k, kl, p, vl); break;
        case KH_DN_AGENTS: rc = agent_line(&n, &ln, k, kl, p, vl); break;
        case KH_DN_DISCARDS: rc = discard_line(&n, &ln, k, kl, p, vl); break;
        case KH_DN_ISSUES: rc = issue_line(&n, &ln, k, kl, p, vl); break;
        default: rc = KH_ERR; break;
        }
        if (rc < 0)
            return rc;
    }
    return close_entry(&n);
}
