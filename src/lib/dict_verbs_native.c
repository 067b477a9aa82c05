/* dict_verbs_native.c - khaldun's own verb and noun-trigger format
 * ("#khaldun-dict 1 verbs" / "#khaldun-dict 1 nouns"); grammar in
 * docs/verb-patterns.md.  Shares storage with dict_verbs.c. */
#include "dict_verbs_int.h"

#include <string.h>

/* PLOVER event types as in CAMEO2PLOVER-2021 (PLOVER manual draft 0.8). */
static const char *const plover_names[] = {
    "AGREE",    "CONSULT", "SUPPORT",  "CONCEDE",  "COOPERATE", "AID",
    "RETREAT",  "REQUEST", "ACCUSE",   "REJECT",   "THREATEN",  "PROTEST",
    "SANCTION", "MOBILIZE", "COERCE",  "ASSAULT"};
#define NPLOVER (sizeof(plover_names) / sizeof(plover_names[0]))

/* ACLED's event types and sub-event types (facts; ontology/acled_types). */
static const char *const acled_types[] = {
    "Battles", "Explosions/Remote violence", "Violence against civilians",
    "Protests", "Riots", "Strategic developments"};
#define NACLED_TYPES (sizeof(acled_types) / sizeof(acled_types[0]))

static const struct {
    unsigned char type;
    const char *name;
} acled_subs[] = {
    {0, "Armed clash"},
    {0, "Government regains territory"},
    {0, "Non-state actor overtakes territory"},
    {1, "Chemical weapon"},
    {1, "Air/drone strike"},
    {1, "Suicide bomb"},
    {1, "Shelling/artillery/missile attack"},
    {1, "Remote explosive/landmine/IED"},
    {1, "Grenade"},
    {2, "Sexual violence"},
    {2, "Attack"},
    {2, "Abduction/forced disappearance"},
    {3, "Peaceful protest"},
    {3, "Protest with intervention"},
    {3, "Excessive force against protesters"},
    {4, "Violent demonstration"},
    {4, "Mob violence"},
    {5, "Agreement"},
    {5, "Arrests"},
    {5, "Change to group/activity"},
    {5, "Disrupted weapons use"},
    {5, "Headquarters or base established"},
    {5, "Looting/property destruction"},
    {5, "Non-violent transfer of territory"},
    {5, "Other"},
};
#define NACLED_SUBS (sizeof(acled_subs) / sizeof(acled_subs[0]))

const char *kh_verbs__plover_name(size_t i)
{
    return i < NPLOVER ? plover_names[i] : NULL;
}

const char *kh_verbs__acled_type(size_t i)
{
    return i < NACLED_TYPES ? acled_types[i] : NULL;
}

const char *kh_verbs__acled_sub(size_t i)
{
    return i < NACLED_SUBS ? acled_subs[i].name : NULL;
}

size_t kh_verbs__acled_sub_type(size_t i)
{
    return i < NACLED_SUBS ? acled_subs[i].type : (size_t)-1;
}

static int eq_lit(const char *s, size_t len, const char *lit)
{
    return strlen(lit) == len && memcmp(s, lit, len) == 0;
}

static int eq_nocase(const char *s, size_t len, const char *lit)
{
    size_t i;

    if (strlen(lit) != len)
        return 0;
    for (i = 0; i < len; i++) {
        char a = s[i], b = lit[i];
        if (a >= 'a' && a <= 'z')
            a = (char)(a - 32);
        if (b >= 'a' && b <= 'z')
            b = (char)(b - 32);
        if (a != b)
            return 0;
    }
    return 1;
}

int kh_verbs__native_header(kh_vparse *p)
{
    const char *s = p->line;
    size_t len = p->len;

    /* a UTF-8 byte order mark is tolerated */
    if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
        s += 3;
        len -= 3;
    }
    kh_verbs__trim(&s, &len);
    if (eq_lit(s, len, "#khaldun-dict 1 verbs")) {
        p->native_kind = KH_VENTRY_VERB;
        return 1;
    }
    if (eq_lit(s, len, "#khaldun-dict 1 nouns")) {
        p->native_kind = KH_VENTRY_NOUN;
        return 1;
    }
    if (len >= 14 && memcmp(s, "#khaldun-dict ", 14) == 0)
        kh_verbs__bad(p, s, "unsupported khaldun-dict version or kind");
    else
        kh_verbs__bad(p, s,
                      "expected '#khaldun-dict 1 verbs' or '#khaldun-dict 1 "
                      "nouns' on the first line");
    return 0;
}

/* Find where the key=value attributes of a line start: the first token
 * that contains '=' (outside quotes).  Returns s + len when none. */
static const char *attrs_start(const char *s, size_t len)
{
    size_t i = 0;

    while (i < len) {
        size_t j;
        while (i < len && kh_verbs__blank(s[i]))
            i++;
        j = i;
        while (j < len && !kh_verbs__blank(s[j])) {
            if (s[j] == '=')
                return s + i;
            j++;
        }
        i = j;
    }
    return s + len;
}

/* Parse "key=value key=\"quoted value\" ..." into attr. */
static int parse_attrs(kh_vparse *p, const char *s, size_t len,
                       kh_vattr *attr, kh_status *rc)
{
    size_t i = 0;
    int have_sub = 0, have_type = 0;

    *rc = KH_OK;
    memset(attr, 0, sizeof(*attr));
    while (i < len) {
        const char *key, *val;
        size_t klen, vlen;

        while (i < len && kh_verbs__blank(s[i]))
            i++;
        if (i >= len)
            break;
        key = s + i;
        while (i < len && s[i] != '=' && !kh_verbs__blank(s[i]))
            i++;
        klen = (size_t)(s + i - key);
        if (i >= len || s[i] != '=') {
            *rc = kh_verbs__bad(p, key, "expected key=value");
            return 0;
        }
        i++;
        if (i < len && s[i] == '"') {
            val = s + ++i;
            while (i < len && s[i] != '"')
                i++;
            if (i >= len) {
                *rc = kh_verbs__bad(p, val - 1, "unclosed '\"'");
                return 0;
            }
            vlen = (size_t)(s + i - val);
            i++;
            if (i < len && !kh_verbs__blank(s[i])) {
                *rc = kh_verbs__bad(p, s + i, "expected a blank after '\"'");
                return 0;
            }
        } else {
            val = s + i;
            while (i < len && !kh_verbs__blank(s[i]))
                i++;
            vlen = (size_t)(s + i - val);
        }
        if (vlen == 0) {
            *rc = kh_verbs__bad(p, val, "empty value for '%.*s'", (int)klen,
                                key);
            return 0;
        }
        if (eq_lit(key, klen, "cameo")) {
            const char *colon = memchr(val, ':', vlen);
            const char *a = val, *b = NULL;
            size_t alen = vlen, blen = 0;
            if (attr->code || (attr->flags & KH_VATTR_PAIRED)) {
                *rc = kh_verbs__bad(p, key, "cameo given twice");
                return 0;
            }
            if (colon) {
                alen = (size_t)(colon - val);
                b = colon + 1;
                blen = vlen - alen - 1;
                attr->flags |= KH_VATTR_PAIRED;
            }
            if ((alen == 0 && blen == 0) ||
                (alen && !kh_verbs__cameo_ok(a, alen) &&
                 !(colon == NULL && (eq_lit(a, alen, "---") ||
                                     eq_lit(a, alen, "###")))) ||
                (blen && !kh_verbs__cameo_ok(b, blen))) {
                *rc = kh_verbs__bad(p, val, "not a cameo code: '%.*s'",
                                    (int)vlen, val);
                return 0;
            }
            if (alen &&
                (*rc = kh_verbs__code_id(p->v, a, alen, &attr->code)) < 0)
                goto fail;
            if (blen &&
                (*rc = kh_verbs__code_id(p->v, b, blen, &attr->code_rev)) < 0)
                goto fail;
        } else if (eq_lit(key, klen, "plover")) {
            size_t k;
            for (k = 0; k < NPLOVER; k++)
                if (eq_nocase(val, vlen, plover_names[k]))
                    break;
            if (k == NPLOVER) {
                *rc = kh_verbs__bad(p, val, "unknown plover type '%.*s'",
                                    (int)vlen, val);
                return 0;
            }
            attr->plover = (uint8_t)(k + 1);
        } else if (eq_lit(key, klen, "mode")) {
            size_t k;
            uint32_t id;
            for (k = 0; k < vlen; k++) {
                char c = val[k];
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '-')) {
                    *rc = kh_verbs__bad(p, val + k,
                                        "plover mode must be lower-case "
                                        "letters, digits, '_' or '-'");
                    return 0;
                }
            }
            if ((*rc = kh_verbs__intern_folded(p->v, val, vlen, &id)) < 0)
                goto fail;
            attr->mode = id + 1;
        } else if (eq_lit(key, klen, "acled")) {
            size_t k;
            for (k = 0; k < NACLED_TYPES; k++)
                if (eq_lit(val, vlen, acled_types[k]))
                    break;
            if (k == NACLED_TYPES) {
                *rc = kh_verbs__bad(p, val, "unknown acled event type '%.*s'",
                                    (int)vlen, val);
                return 0;
            }
            if (have_sub && attr->acled_type != k + 1) {
                *rc = kh_verbs__bad(p, val,
                                    "acled sub-event type is not a kind of "
                                    "'%.*s'",
                                    (int)vlen, val);
                return 0;
            }
            attr->acled_type = (uint8_t)(k + 1);
            have_type = 1;
        } else if (eq_lit(key, klen, "acled_sub")) {
            size_t k;
            for (k = 0; k < NACLED_SUBS; k++)
                if (eq_lit(val, vlen, acled_subs[k].name))
                    break;
            if (k == NACLED_SUBS) {
                *rc = kh_verbs__bad(p, val,
                                    "unknown acled sub-event type '%.*s'",
                                    (int)vlen, val);
                return 0;
            }
            if (have_type && attr->acled_type != acled_subs[k].type + 1) {
                *rc = kh_verbs__bad(p, val,
                                    "acled sub-event type is not a kind of "
                                    "'%s'",
                                    acled_types[attr->acled_type - 1]);
                return 0;
            }
            attr->acled_sub = (uint8_t)(k + 1);
            attr->acled_type = (uint8_t)(acled_subs[k].type + 1);
            have_sub = 1;
        } else {
            *rc = kh_verbs__bad(p, key, "unknown key '%.*s'", (int)klen, key);
            return 0;
        }
    }
    return 1;
fail:
    *rc = kh_verbs__soft(p, *rc, s, "value");
    return 0;
}

/* One native phrase ("come under", "wire +tap", "air strike") into
 * p->tmp, all words consecutive.  Default head: first word for verbs,
 * last for nouns. */
static int native_phrase(kh_vparse *p, const char *s, size_t len, int noun,
                         uint16_t *head, kh_status *rc)
{
    kh_vtok t[KH_VERBS_MAX_PHRASE + 1];
    size_t n, i;
    int plus = -1;

    *rc = KH_OK;
    kh_verbs__trim(&s, &len);
    n = kh_verbs__tokens(s, len, t, KH_VERBS_MAX_PHRASE + 1);
    if (n == 0) {
        *rc = kh_verbs__bad(p, s, "empty phrase");
        return 0;
    }
    if (n > KH_VERBS_MAX_PHRASE) {
        *rc = kh_verbs__bad(p, s, "phrase longer than %d words",
                            KH_VERBS_MAX_PHRASE);
        return 0;
    }
    p->ntmp = 0;
    for (i = 0; i < n; i++) {
        const char *w = t[i].s;
        size_t wlen = t[i].len, before = p->ntmp, k;
        if (w[0] == '+' && wlen > 1) {
            if (plus >= 0) {
                *rc = kh_verbs__bad(p, w, "more than one '+' in a phrase");
                return 0;
            }
            plus = (int)p->ntmp;
            w++;
            wlen--;
        }
        if (!kh_verbs__push_core(p, w, wlen, i > 0, NULL, NULL, rc))
            return 0;
        for (k = before; k < p->ntmp; k++) {
            if (KH_VEL_KIND(p->tmp[k]) != KH_VEL_WORD) {
                *rc = kh_verbs__bad(p, w, "a synset cannot be part of a "
                                          "trigger phrase");
                return 0;
            }
        }
    }
    if (p->ntmp > KH_VERBS_MAX_PHRASE) {
        *rc = kh_verbs__bad(p, s, "phrase longer than %d words",
                            KH_VERBS_MAX_PHRASE);
        return 0;
    }
    for (i = 1; i < p->ntmp; i++)
        p->tmp[i] |= KH_VEL_ADJ;
    if (plus >= 0)
        *head = (uint16_t)plus;
    else
        *head = (uint16_t)(noun ? p->ntmp - 1 : 0);
    return 1;
}

/* Split s at `sep` outside nothing (phrases have no quotes). */
static size_t split_at(const char *s, size_t len, char sep, kh_vtok *out,
                       size_t max)
{
    size_t i = 0, n = 0;

    for (;;) {
        size_t j = i;
        while (j < len && s[j] != sep)
            j++;
        if (n < max) {
            out[n].s = s + i;
            out[n].len = j - i;
        }
        n++;
        if (j >= len)
            break;
        i = j + 1;
    }
    return n;
}

static kh_status native_entry(kh_vparse *p, const char *s, size_t len,
                              int noun)
{
    const char *kw_end = s + 4, *end = s + len, *as, *lc, *rc_;
    const char *phr;
    size_t plen, nalt, nforms = 0, i;
    kh_vtok alt[KH_VERBS_MAX_FORMS + 1], forms[KH_VERBS_MAX_FORMS + 1];
    kh_vattr attr;
    uint16_t head;
    kh_status rc;

    p->entry = KH_VNONE; /* patterns below a bad entry are reported */
    as = attrs_start(kw_end, (size_t)(end - kw_end));
    if (!parse_attrs(p, as, (size_t)(end - as), &attr, &rc))
        return rc;
    phr = kw_end;
    plen = (size_t)(as - kw_end);
    lc = plen ? memchr(phr, '{', plen) : NULL;
    if (lc) {
        const char *after;
        size_t alen;
        rc_ = memchr(lc, '}', (size_t)(as - lc));
        if (rc_ == NULL)
            return kh_verbs__bad(p, lc, "unclosed '{'");
        after = rc_ + 1;
        alen = (size_t)(as - after);
        kh_verbs__trim(&after, &alen);
        if (alen)
            return kh_verbs__bad(p, after, "text after the forms");
        {
            const char *in = lc + 1;
            size_t inlen = (size_t)(rc_ - in);
            kh_verbs__trim(&in, &inlen);
            if (inlen) {
                nforms = split_at(in, inlen, ',', forms,
                                  KH_VERBS_MAX_FORMS + 1);
                if (nforms > KH_VERBS_MAX_FORMS)
                    return kh_verbs__bad(p, lc, "more than %d forms",
                                         KH_VERBS_MAX_FORMS);
            }
        }
        plen = (size_t)(lc - phr);
    }
    if (plen && memchr(phr, '}', plen))
        return kh_verbs__bad(p, memchr(phr, '}', plen), "'}' without '{'");
    nalt = split_at(phr, plen, '|', alt, KH_VERBS_MAX_FORMS + 1);
    if (nalt > KH_VERBS_MAX_FORMS)
        return kh_verbs__bad(p, phr, "more than %d alternatives",
                             KH_VERBS_MAX_FORMS);
    if (!noun && nalt > 1)
        return kh_verbs__bad(p, alt[1].s - 1,
                             "a verb entry has one lemma; write another "
                             "entry");
    /* check everything before storing */
    for (i = 0; i < nalt; i++)
        if (!native_phrase(p, alt[i].s, alt[i].len, noun, &head, &rc))
            return rc;
    for (i = 0; i < nforms; i++)
        if (!native_phrase(p, forms[i].s, forms[i].len, noun, &head, &rc))
            return rc;
    {
        const char *name = alt[0].s;
        size_t nlen = alt[0].len;
        kh_verbs__trim(&name, &nlen);
        if ((rc = kh_verbs__entry_new(p, name, nlen,
                                      noun ? KH_VENTRY_NOUN : KH_VENTRY_VERB,
                                      &attr)) < 0)
            return kh_verbs__soft(p, rc, s, "entry");
    }
    for (i = 0; i < nalt; i++) {
        (void)native_phrase(p, alt[i].s, alt[i].len, noun, &head, &rc);
        if ((rc = kh_verbs__form_add(p, head, KH_VFORM_LEMMA, NULL)) < 0)
            return kh_verbs__soft(p, rc, alt[i].s, "phrase");
        if (!lc && (rc = kh_verbs__forms_regular(p, head, noun, NULL)) < 0)
            return kh_verbs__soft(p, rc, alt[i].s, "phrase");
    }
    for (i = 0; i < nforms; i++) {
        (void)native_phrase(p, forms[i].s, forms[i].len, noun, &head, &rc);
        if ((rc = kh_verbs__form_add(p, head, KH_VFORM_IRREGULAR, NULL)) < 0)
            return kh_verbs__soft(p, rc, forms[i].s, "form");
    }
    return KH_OK;
}

static kh_status native_pattern(kh_vparse *p, const char *s, size_t len)
{
    const char *body = s + 1, *end = s + len, *as;
    kh_vtok t[KH_VERBS_MAX_ELEMS + 1];
    size_t ntok, i, nverb = 0, npend0 = p->npend;
    uint32_t verb_pos = 0;
    kh_vattr attr;
    kh_status rc;

    if (p->entry == KH_VNONE)
        return kh_verbs__bad(p, s, "pattern without an entry above it");
    as = attrs_start(body, (size_t)(end - body));
    if (!parse_attrs(p, as, (size_t)(end - as), &attr, &rc))
        return rc;
    ntok = kh_verbs__tokens(body, (size_t)(as - body), t,
                            KH_VERBS_MAX_ELEMS + 1);
    if (ntok > KH_VERBS_MAX_ELEMS)
        return kh_verbs__bad(p, body, "pattern longer than %d elements",
                             KH_VERBS_MAX_ELEMS);
    p->ntmp = 0;
    for (i = 0; i < ntok; i++) {
        if (!kh_verbs__push_core(p, t[i].s, t[i].len, 0, &nverb, &verb_pos,
                                 &rc))
            goto skip;
    }
    if (nverb != 1) {
        rc = kh_verbs__bad(p, s, nverb ? "more than one '*' in a pattern"
                                       : "pattern without '*'");
        goto skip;
    }
    if ((rc = kh_verbs__pattern_add(p, verb_pos, &attr)) < 0) {
        rc = kh_verbs__soft(p, rc, s, "pattern");
        goto skip;
    }
    return KH_OK;
skip:
    p->npend = npend0;
    return rc;
}

/* "&name = phrase | phrase" */
static kh_status native_synset(kh_vparse *p, const char *s, size_t len)
{
    const char *eq = memchr(s, '=', len), *name = s + 1;
    size_t nlen, nalt, i, npend0 = p->npend;
    kh_vtok alt[257];
    uint32_t idx;
    int noplural = 0;
    kh_status rc;

    if (eq == NULL)
        return kh_verbs__bad(p, s + len, "expected '=' after the synset name");
    nlen = (size_t)(eq - name);
    kh_verbs__trim(&name, &nlen);
    if (nlen && name[nlen - 1] == '_') {
        noplural = 1;
        nlen--;
    }
    if (nlen == 0)
        return kh_verbs__bad(p, s, "synset without a name");
    if (kh_verbs__bad_char(name, nlen) || memchr(name, ' ', nlen) ||
        memchr(name, '\t', nlen))
        return kh_verbs__bad(p, name, "a synset name is one word");
    nalt = split_at(eq + 1, (size_t)(s + len - eq - 1), '|', alt, 257);
    if (nalt > 256)
        return kh_verbs__bad(p, eq, "more than 256 phrases in a synset");
    if ((rc = kh_verbs__synset_ref(p, name, nlen, &idx)) < 0)
        return kh_verbs__soft(p, rc, s, "synset name");
    if (p->v->synsets[idx].flags & KH_VSYN_DEFINED)
        return kh_verbs__bad(p, s, "synset &%.*s defined twice", (int)nlen,
                             name);
    p->synset = idx;
    /* check every phrase first */
    for (i = 0; i < nalt; i++) {
        kh_vtok t[KH_VERBS_MAX_PHRASE + 1];
        const char *a = alt[i].s;
        size_t alen = alt[i].len, n, k;
        kh_verbs__trim(&a, &alen);
        n = kh_verbs__tokens(a, alen, t, KH_VERBS_MAX_PHRASE + 1);
        if (n == 0 || n > KH_VERBS_MAX_PHRASE) {
            rc = kh_verbs__bad(p, a, n ? "synset phrase too long"
                                       : "empty synset phrase");
            goto skip;
        }
        p->ntmp = 0;
        for (k = 0; k < n; k++)
            if (!kh_verbs__push_core(p, t[k].s, t[k].len, k > 0, NULL, NULL,
                                     &rc))
                goto skip;
    }
    p->v->synsets[idx].flags |=
        KH_VSYN_DEFINED | (noplural ? KH_VSYN_NOPLURAL : 0);
    p->v->synsets[idx].first_phrase = (uint32_t)p->v->nphrases;
    p->v->synsets[idx].nphrases = 0;
    p->v->synsets[idx].line = (uint32_t)p->lineno;
    p->v->st.synsets++;
    p->npend = npend0; /* re-made below */
    for (i = 0; i < nalt; i++) {
        kh_vtok t[KH_VERBS_MAX_PHRASE + 1];
        const char *a = alt[i].s;
        size_t alen = alt[i].len, n, k;
        int plural;
        kh_verbs__trim(&a, &alen);
        plural = !noplural && alen > 0 && a[alen - 1] != '_';
        n = kh_verbs__tokens(a, alen, t, KH_VERBS_MAX_PHRASE + 1);
        p->ntmp = 0;
        for (k = 0; k < n; k++)
            if (!kh_verbs__push_core(p, t[k].s, t[k].len, k > 0, NULL, NULL,
                                     &rc))
                return rc;
        if ((rc = kh_verbs__phrase_add(p, plural)) == KH_EPARSE) {
            if ((rc = kh_verbs__bad(p, a, "empty synset phrase")) < 0)
                return rc;
            continue;
        }
        if (rc < 0)
            return kh_verbs__soft(p, rc, a, "synset phrase");
    }
    p->synset = KH_VNONE;
    return KH_OK;
skip:
    p->synset = KH_VNONE;
    p->npend = npend0;
    return rc;
}

kh_status kh_verbs__native_line(kh_vparse *p)
{
    const char *s = p->line;
    size_t len = p->len;

    kh_verbs__trim(&s, &len);
    if (len == 0)
        return KH_OK;
    if (s[0] == '-')
        return native_pattern(p, s, len);
    if (s[0] == '&')
        return native_synset(p, s, len);
    if (len > 4 && memcmp(s, "verb", 4) == 0 && kh_verbs__blank(s[4])) {
        if (p->native_kind != KH_VENTRY_VERB)
            return kh_verbs__bad(p, s, "'verb' entry in a nouns file");
        return native_entry(p, s, len, 0);
    }
    if (len > 4 && memcmp(s, "noun", 4) == 0 && kh_verbs__blank(s[4])) {
        if (p->native_kind != KH_VENTRY_NOUN)
            return kh_verbs__bad(p, s, "'noun' entry in a verbs file");
        return native_entry(p, s, len, 1);
    }
    return kh_verbs__bad(p, s,
                         "expected 'verb', 'noun', '&name =' or '- pattern'");
}
