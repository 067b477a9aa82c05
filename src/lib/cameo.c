/* cameo.c - CAMEO facts used by every event: the quad class of a root and
 * the Goldstein conflict-cooperation value of a code (see cameo.h).
 *
 * The Goldstein values are facts of the CAMEO scale (Goldstein 1992, as
 * the Phoenix pipeline tabulates them for CAMEO's codes), kept here in
 * tenths so the table holds integers.  The PLOVER type and mode of each
 * code are the facts of the PLOVER project's CAMEO conversion (draft 0.8,
 * 2021).  The ACLED defaults are ours (docs/coder.md, "Taxonomies"). */
#include "cameo.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

typedef struct gs {
    char code[5];
    short tenths;
} gs;

/* sorted by code, for binary search */
static const gs goldstein[] = {
    {"01", 0}, {"010", 0}, {"011", -1}, {"0110", -1}, {"012", -4}, {"013", 4},
    {"014", 0}, {"015", 0}, {"016", 34}, {"017", 0}, {"018", 34}, {"02", 30},
    {"020", 30}, {"021", 34}, {"0211", 34}, {"0212", 34}, {"0213", 34},
    {"0214", 34}, {"022", 34}, {"023", 34}, {"0231", 34}, {"0232", 34},
    {"0233", 34}, {"0234", 34}, {"024", -3}, {"0241", -3}, {"0242", -3},
    {"0243", -3}, {"0244", -3}, {"025", -3}, {"0253", -3}, {"0256", -3},
    {"026", 40}, {"027", 40}, {"028", 40}, {"03", 40}, {"030", 40},
    {"031", 52}, {"0311", 52}, {"0312", 52}, {"032", 45}, {"033", 52},
    {"0331", 52}, {"0332", 52}, {"0333", 52}, {"0334", 60}, {"034", 70},
    {"0341", 70}, {"0342", 70}, {"0343", 70}, {"0344", 70}, {"035", 70},
    {"0351", 70}, {"0352", 70}, {"0353", 70}, {"0354", 70}, {"0355", 70},
    {"0356", 70}, {"0357", 70}, {"036", 40}, {"037", 50}, {"038", 70},
    {"039", 50}, {"04", 10}, {"040", 10}, {"041", 10}, {"042", 19},
    {"043", 28}, {"044", 25}, {"045", 50}, {"046", 70}, {"05", 35},
    {"050", 35}, {"051", 34}, {"052", 35}, {"053", 38}, {"054", 60},
    {"055", 70}, {"056", 70}, {"057", 80}, {"06", 60}, {"060", 60},
    {"061", 64}, {"062", 74}, {"063", 74}, {"064", 70}, {"07", 70},
    {"070", 70}, {"071", 74}, {"072", 83}, {"073", 74}, {"074", 85},
    {"075", 70}, {"08", 50}, {"080", 50}, {"081", 50}, {"0811", 50},
    {"0812", 50}, {"0813", 50}, {"0814", 50}, {"082", 50}, {"083", 50},
    {"0831", 50}, {"0832", 50}, {"0833", 50}, {"0834", 50}, {"084", 70},
    {"0841", 70}, {"0842", 70}, {"085", 70}, {"086", 90}, {"0861", 90},
    {"0862", 90}, {"0863", 90}, {"087", 90}, {"0871", 90}, {"0872", 90},
    {"0873", 90}, {"0874", 100}, {"09", -20}, {"090", -20}, {"091", -20},
    {"092", -20}, {"093", -20}, {"094", -20}, {"10", -50}, {"100", -50},
    {"101", -50}, {"1014", -50}, {"102", -50}, {"103", -50}, {"104", -50},
    {"1041", -50}, {"1042", -50}, {"1043", -50}, {"1044", -50}, {"105", -50},
    {"1056", -50}, {"106", -50}, {"107", -50}, {"108", -50}, {"109", -50},
    {"11", -20}, {"110", -20}, {"111", -20}, {"112", -20}, {"1121", -20},
    {"1122", -20}, {"1123", -20}, {"1124", -20}, {"1125", -20}, {"113", -20},
    {"114", -20}, {"115", -20}, {"12", -40}, {"120", -40}, {"121", -40},
    {"1211", -40}, {"1212", -40}, {"1213", -40}, {"122", -40}, {"123", -40},
    {"1231", -40}, {"1232", -40}, {"1233", -40}, {"1234", -40}, {"124", -50},
    {"1246", -50}, {"125", -50}, {"126", -50}, {"127", -50}, {"128", -50},
    {"13", -60}, {"130", -44}, {"131", -58}, {"1311", -58}, {"1312", -58},
    {"1313", -58}, {"132", -58}, {"1321", -58}, {"1322", -58}, {"1323", -58},
    {"1324", -58}, {"133", -58}, {"134", -58}, {"135", -58}, {"136", -70},
    {"137", -70}, {"138", -70}, {"1381", -70}, {"1382", -70}, {"1383", -70},
    {"1384", -70}, {"1385", -70}, {"139", -70}, {"14", -65}, {"140", -65},
    {"141", -65}, {"1411", -65}, {"1412", -65}, {"1413", -65}, {"1414", -65},
    {"142", -65}, {"1421", -65}, {"1422", -65}, {"1423", -65}, {"1424", -65},
    {"143", -65}, {"1431", -65}, {"1432", -65}, {"1433", -65}, {"1434", -65},
    {"144", -75}, {"1441", -75}, {"1442", -75}, {"1443", -75}, {"1444", -75},
    {"145", -75}, {"1451", -75}, {"1452", -75}, {"1453", -75}, {"1454", -75},
    {"15", -72}, {"150", -72}, {"151", -72}, {"152", -72}, {"153", -72},
    {"154", -72}, {"16", -40}, {"160", -40}, {"161", -40}, {"162", -56},
    {"1621", -56}, {"1622", -56}, {"1623", -56}, {"163", -65}, {"164", -70},
    {"1641", -70}, {"1642", -70}, {"1643", -70}, {"165", -70}, {"166", -80},
    {"17", -70}, {"170", -70}, {"171", -92}, {"1711", -92}, {"1712", -92},
    {"172", -50}, {"1721", -50}, {"1722", -50}, {"1723", -50}, {"1724", -50},
    {"173", -50}, {"174", -50}, {"175", -90}, {"18", -90}, {"180", -90},
    {"181", -90}, {"182", -95}, {"1821", -90}, {"1822", -90}, {"1823", -100},
    {"183", -100}, {"1831", -100}, {"1832", -100}, {"1833", -100},
    {"184", -80}, {"185", -80}, {"186", -100}, {"19", -100}, {"190", -100},
    {"191", -95}, {"192", -95}, {"193", -100}, {"194", -100}, {"195", -100},
    {"196", -95}, {"20", -100}, {"200", -100}, {"201", -95}, {"202", -100},
    {"203", -100}, {"204", -100}, {"2041", -100}, {"2042", -100},
};

int kh_cameo__quad(const char *code)
{
    if (!code || code[0] < '0' || code[0] > '2' || code[1] < '0' ||
        code[1] > '9')
        return 0;
    int root = (code[0] - '0') * 10 + (code[1] - '0');
    if (root < 1 || root > 20)
        return 0;
    /* the common (GDELT) convention, docs/coder.md "Quad classes" */
    if (root <= 5)
        return 1; /* verbal cooperation */
    if (root <= 8)
        return 2; /* material cooperation */
    if (root <= 13)
        return 3; /* verbal conflict */
    return 4;     /* material conflict */
}

/* The entry of the nearest code at or above `code` (0231 -> 023 -> 02)
 * in a table sorted by code whose entries start with char code[5]:
 * its index, or `n` when none. */
static size_t nearest_find(const void *table, size_t n, size_t size,
                           const char *code, size_t len)
{
    for (; len >= 2; len--) {
        size_t lo = 0, hi = n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            const char *k = (const char *)table + mid * size;
            int c = strncmp(k, code, len);
            if (c == 0 && k[len] != '\0')
                c = 1;
            if (c < 0)
                lo = mid + 1;
            else if (c > 0)
                hi = mid;
            else
                return mid;
        }
    }
    return n;
}

/* The entry of table for code, or its nearest general code (up to four
 * characters are read): the codes of events recur, so the last answers
 * are kept per thread, by table and the code's first four bytes (which
 * decide the answer). */
#define NEAREST_MEMO 256
static size_t nearest(const void *table, size_t n, size_t size,
                      const char *code)
{
    if (!code)
        return n;
    uint32_t key = 0;
    size_t len = 0;
    for (; len < 4 && code[len]; len++)
        key |= (uint32_t)(unsigned char)code[len] << (8 * len);
    static _Thread_local struct {
        const void *table;
        uint32_t key;
        bool set;
        size_t at;
    } memo[NEAREST_MEMO];
    uint32_t h = ((key * 2654435761u) >> 24 ^
                  (uint32_t)((uintptr_t)table >> 4)) & (NEAREST_MEMO - 1);
    if (memo[h].set && memo[h].table == table && memo[h].key == key)
        return memo[h].at;
    size_t at = nearest_find(table, n, size, code, len);
    memo[h].table = table;
    memo[h].key = key;
    memo[h].set = true;
    memo[h].at = at;
    return at;
}

bool kh_cameo__goldstein(const char *code, double *out)
{
    size_t n = sizeof(goldstein) / sizeof(goldstein[0]);
    size_t i = nearest(goldstein, n, sizeof(goldstein[0]), code);
    if (i == n)
        return false;
    *out = goldstein[i].tenths / 10.0;
    return true;
}

typedef struct pl {
    char code[5];
    const char *type, *mode;
} pl;

/* sorted by code */
static const pl plover[] = {
    {"03", "AGREE", NULL}, {"030", "AGREE", NULL}, {"031", "AGREE", NULL},
    {"0311", "AGREE", NULL}, {"0312", "AGREE", NULL}, {"0313", "AGREE", NULL},
    {"0314", "AGREE", NULL}, {"032", "AGREE", NULL}, {"033", "AGREE", NULL},
    {"0331", "AGREE", NULL}, {"0332", "AGREE", NULL}, {"0333", "AGREE", NULL},
    {"0334", "AGREE", NULL}, {"034", "AGREE", NULL}, {"0341", "AGREE", NULL},
    {"0342", "AGREE", NULL}, {"0343", "AGREE", NULL}, {"0344", "AGREE", NULL},
    {"035", "AGREE", NULL}, {"0351", "AGREE", NULL}, {"0352", "AGREE", NULL},
    {"0353", "AGREE", NULL}, {"0354", "AGREE", NULL}, {"0355", "AGREE", NULL},
    {"0356", "AGREE", NULL}, {"036", "AGREE", NULL}, {"037", "AGREE", NULL},
    {"038", "AGREE", NULL}, {"039", "AGREE", NULL}, {"04", "CONSULT", NULL},
    {"040", "CONSULT", NULL}, {"041", "CONSULT", "phone"},
    {"042", "CONSULT", "visit"}, {"043", "CONSULT", "visit"},
    {"044", "CONSULT", "third-party"}, {"045", "CONSULT", NULL},
    {"046", "CONSULT", NULL}, {"05", "SUPPORT", NULL},
    {"050", "SUPPORT", NULL}, {"051", "SUPPORT", NULL},
    {"052", "SUPPORT", NULL}, {"053", "SUPPORT", NULL},
    {"054", "SUPPORT", NULL}, {"055", "SUPPORT", NULL},
    {"056", "SUPPORT", NULL}, {"057", "SUPPORT", NULL},
    {"06", "COOPERATE", NULL}, {"060", "COOPERATE", NULL},
    {"061", "COOPERATE", NULL}, {"062", "COOPERATE", NULL},
    {"063", "COOPERATE", NULL}, {"064", "COOPERATE", NULL},
    {"07", "AID", NULL}, {"070", "AID", NULL}, {"071", "AID", NULL},
    {"072", "AID", NULL}, {"073", "AID", NULL}, {"074", "AID", NULL},
    {"075", "AID", NULL}, {"08", "CONCEDE", NULL}, {"08", "RETREAT", NULL},
    {"080", "CONCEDE", NULL}, {"081", "CONCEDE", NULL},
    {"0811", "CONCEDE", NULL}, {"0812", "CONCEDE", NULL},
    {"0813", "RETREAT", NULL}, {"0814", "RETREAT", NULL},
    {"082", "CONCEDE", NULL}, {"083", "CONCEDE", NULL},
    {"0831", "CONCEDE", NULL}, {"0832", "CONCEDE", NULL},
    {"0833", "CONCEDE", NULL}, {"0834", "CONCEDE", NULL},
    {"084", "RETREAT", NULL}, {"0841", "RETREAT", "release"},
    {"0842", "RETREAT", "return"}, {"085", "RETREAT", "ease"},
    {"086", "RETREAT", "access"}, {"0861", "RETREAT", "access"},
    {"0862", "RETREAT", "access"}, {"0863", "RETREAT", "access"},
    {"087", "RETREAT", "disarm"}, {"0871", "RETREAT", "ceasefire"},
    {"0872", "RETREAT", "withdraw"}, {"0873", "RETREAT", "disarm"},
    {"0874", "RETREAT", "disarm"}, {"09", "ACCUSE", NULL},
    {"090", "ACCUSE", "investigate"}, {"091", "ACCUSE", "investigate"},
    {"092", "ACCUSE", "investigate"}, {"093", "ACCUSE", "investigate"},
    {"094", "ACCUSE", "investigate"}, {"10", "REQUEST", NULL},
    {"100", "REQUEST", NULL}, {"101", "REQUEST", "assist"},
    {"1011", "REQUEST", "assist"}, {"1012", "REQUEST", "assist"},
    {"1013", "REQUEST", "assist"}, {"1014", "REQUEST", "assist"},
    {"102", "REQUEST", "assist"}, {"103", "REQUEST", "assist"},
    {"1031", "REQUEST", "assist"}, {"1032", "REQUEST", "assist"},
    {"1033", "REQUEST", "assist"}, {"1034", "REQUEST", "assist"},
    {"104", "REQUEST", "change"}, {"1041", "REQUEST", "change"},
    {"1042", "REQUEST", "change"}, {"1043", "REQUEST", "change"},
    {"1044", "REQUEST", "change"}, {"105", "REQUEST", "change"},
    {"1051", "REQUEST", "yield"}, {"1052", "REQUEST", "yield"},
    {"1053", "REQUEST", "yield"}, {"1054", "REQUEST", "yield"},
    {"1055", "REQUEST", "yield"}, {"1056", "REQUEST", "yield"},
    {"106", "REQUEST", "meet"}, {"107", "REQUEST", "meet"},
    {"108", "REQUEST", "meet"}, {"11", "ACCUSE", NULL},
    {"110", "ACCUSE", "disapprove"}, {"111", "ACCUSE", "disapprove"},
    {"112", "ACCUSE", "disapprove"}, {"1121", "ACCUSE", "allege"},
    {"1122", "ACCUSE", "allege"}, {"1123", "ACCUSE", "allege"},
    {"1124", "ACCUSE", "allege"}, {"1125", "ACCUSE", "allege"},
    {"113", "ACCUSE", "disapprove"}, {"114", "ACCUSE", "allege"},
    {"115", "ACCUSE", "allege"}, {"116", "ACCUSE", "disapprove"},
    {"12", "REJECT", NULL}, {"120", "REJECT", NULL},
    {"121", "REJECT", "assist"}, {"1211", "REJECT", "assist"},
    {"1212", "REJECT", "assist"}, {"1213", "REJECT", "assist"},
    {"1214", "REJECT", "assist"}, {"122", "REJECT", "assist"},
    {"1221", "REJECT", "assist"}, {"1222", "REJECT", "assist"},
    {"1223", "REJECT", "assist"}, {"1224", "REJECT", "assist"},
    {"123", "REJECT", "change"}, {"1231", "REJECT", "change"},
    {"1232", "REJECT", "change"}, {"1233", "REJECT", "change"},
    {"1234", "REJECT", "change"}, {"124", "REJECT", "change"},
    {"1241", "REJECT", "change"}, {"1242", "REJECT", "change"},
    {"1243", "REJECT", "yield"}, {"1244", "REJECT", "yield"},
    {"1245", "REJECT", "yield"}, {"1246", "REJECT", "yield"},
    {"125", "REJECT", "meet"}, {"126", "REJECT", "meet"},
    {"127", "REJECT", "meet"}, {"128", "REJECT", "yield"},
    {"129", "REJECT", "yield"}, {"13", "THREATEN", NULL},
    {"130", "THREATEN", NULL}, {"131", "THREATEN", NULL},
    {"1311", "THREATEN", "relations"}, {"1312", "THREATEN", "restrict"},
    {"1313", "THREATEN", "relations"}, {"132", "THREATEN", "ban"},
    {"1321", "THREATEN", "political"}, {"1322", "THREATEN", "ban"},
    {"1323", "THREATEN", "restrict"}, {"1324", "THREATEN", "restrict"},
    {"133", "THREATEN", "relations"}, {"134", "THREATEN", "relations"},
    {"135", "THREATEN", "relations"}, {"136", "THREATEN", "expel"},
    {"137", "THREATEN", "violence"}, {"138", "THREATEN", "violence"},
    {"1381", "THREATEN", "restrict"}, {"1382", "THREATEN", "territory"},
    {"1383", "THREATEN", "violence"}, {"1384", "THREATEN", "violence"},
    {"1385", "THREATEN", "violence"}, {"139", "THREATEN", "relations"},
    {"14", "PROTEST", NULL}, {"140", "PROTEST", NULL},
    {"141", "PROTEST", "demo"}, {"1411", "PROTEST", "demo"},
    {"1412", "PROTEST", "demo"}, {"1413", "PROTEST", "demo"},
    {"1414", "PROTEST", "demo"}, {"142", "PROTEST", "hunger"},
    {"1421", "PROTEST", "hunger"}, {"1422", "PROTEST", "hunger"},
    {"1423", "PROTEST", "hunger"}, {"1424", "PROTEST", "hunger"},
    {"143", "PROTEST", "boycott"}, {"1431", "PROTEST", "boycott"},
    {"1432", "PROTEST", "boycott"}, {"1433", "PROTEST", "boycott"},
    {"1434", "PROTEST", "boycott"}, {"144", "PROTEST", "obstruct"},
    {"1441", "PROTEST", "obstruct"}, {"1442", "PROTEST", "obstruct"},
    {"1443", "PROTEST", "obstruct"}, {"1444", "PROTEST", "obstruct"},
    {"145", "PROTEST", "riot"}, {"1451", "PROTEST", "riot"},
    {"1452", "PROTEST", "riot"}, {"1453", "PROTEST", "riot"},
    {"1454", "PROTEST", "riot"}, {"15", "MOBILIZE", NULL},
    {"150", "MOBILIZE", NULL}, {"151", "MOBILIZE", "police"},
    {"152", "MOBILIZE", "troops"}, {"153", "MOBILIZE", "police"},
    {"154", "MOBILIZE", "troops"}, {"16", "SANCTION", NULL},
    {"160", "SANCTION", NULL}, {"161", "SANCTION", "withdraw"},
    {"162", "SANCTION", "discontinue"}, {"1621", "SANCTION", "discontinue"},
    {"1622", "SANCTION", "discontinue"}, {"1623", "SANCTION", "discontinue"},
    {"163", "COERCE", "restrict"}, {"164", "SANCTION", "withdraw"},
    {"165", "SANCTION", "withdraw"}, {"166", "SANCTION", "expel"},
    {"1661", "SANCTION", "expel"}, {"1662", "SANCTION", "expel"},
    {"1663", "SANCTION", "expel"}, {"17", "COERCE", NULL},
    {"170", "COERCE", NULL}, {"171", "COERCE", "seize"},
    {"1711", "COERCE", "seize"}, {"1712", "ASSAULT", "seize"},
    {"172", "COERCE", "restrict"}, {"1721", "COERCE", "restrict"},
    {"1722", "COERCE", "ban"}, {"1723", "COERCE", "curfew"},
    {"1724", "COERCE", "martial-law"}, {"173", "COERCE", "arrest"},
    {"174", "COERCE", "deport"}, {"175", "ASSAULT", "pro_autocracy"},
    {"175", "ASSAULT", "pro_autocracy"}, {"18", "ASSAULT", NULL},
    {"180", "ASSAULT", NULL}, {"181", "ASSAULT", "abduct"},
    {"182", "ASSAULT", "beat"}, {"1821", "ASSAULT", "sexual"},
    {"1822", "ASSAULT", "torture"}, {"1823", "ASSAULT", NULL},
    {"183", "ASSAULT", "suicide-attack"},
    {"1831", "ASSAULT", "suicide-attack"}, {"1832", "ASSAULT", "explosives"},
    {"1833", "ASSAULT", "explosives"}, {"184", "ASSAULT", "abduct"},
    {"185", "ASSAULT", "assassinate"}, {"186", "ASSAULT", "assassinate"},
    {"19", "ASSAULT", NULL}, {"190", "ASSAULT", NULL},
    {"191", "COERCE", "restrict"}, {"192", "COERCE", "seize"},
    {"193", "ASSAULT", "firearms"}, {"194", "ASSAULT", "heavy-weapons"},
    {"195", "ASSAULT", "heavy-weapons"}, {"196", "ASSAULT", NULL},
    {"20", "ASSAULT", NULL}, {"200", "ASSAULT", "massacre"},
    {"201", "ASSAULT", "cleansing"}, {"202", "ASSAULT", "massacre"},
    {"203", "ASSAULT", "cleansing"}, {"204", "ASSAULT", "unconventional"},
    {"2041", "ASSAULT", "unconventional"},
    {"2042", "ASSAULT", "unconventional"},
};

bool kh_cameo__plover(const char *code, const char **type, const char **mode)
{
    size_t n = sizeof(plover) / sizeof(plover[0]);
    size_t i = nearest(plover, n, sizeof(plover[0]), code);
    if (i == n)
        return false;
    *type = plover[i].type;
    *mode = plover[i].mode;
    return true;
}

/* The ACLED event a CAMEO code is by itself, when the trigger did not say
 * (a TABARI or PETRARCH dictionary's pattern): only codes that are one
 * ACLED type whatever the words. */
static const struct {
    const char *code, *type, *sub;
} acled[] = {
    {"140", "Protests", "Peaceful protest"},
    {"141", "Protests", "Peaceful protest"},
    {"143", "Protests", "Peaceful protest"},
    {"144", "Protests", "Peaceful protest"},
    {"145", "Riots", "Violent demonstration"},
    {"181", "Violence against civilians", "Abduction/forced disappearance"},
    {"182", "Violence against civilians", "Attack"},
    {"1821", "Violence against civilians", "Sexual violence"},
    {"1831", "Explosions/Remote violence", "Suicide bomb"},
    {"1832", "Explosions/Remote violence", "Remote explosive/landmine/IED"},
    {"1833", "Explosions/Remote violence", "Remote explosive/landmine/IED"},
    {"185", "Violence against civilians", "Attack"},
    {"186", "Violence against civilians", "Attack"},
    {"190", "Battles", "Armed clash"},
    {"193", "Battles", "Armed clash"},
    {"194", "Explosions/Remote violence", "Shelling/artillery/missile attack"},
    {"195", "Explosions/Remote violence", "Air/drone strike"},
    {"196", "Battles", "Armed clash"},
    {"2041", "Explosions/Remote violence", "Chemical weapon"},
    {"202", "Violence against civilians", "Attack"},
    {"203", "Violence against civilians", "Attack"},
};

static bool acled_find(const char *code, const char **type,
                       const char **sub);

/* The ACLED type of a CAMEO code: the codes listed have at most four
 * characters, so the code's first four decide; the last answers are kept
 * per thread. */
#define ACLED_MEMO 64
bool kh_cameo__acled(const char *code, const char **type, const char **sub)
{
    if (!code)
        return false;
    uint32_t key = 0;
    for (size_t len = 0; len < 4 && code[len]; len++)
        key |= (uint32_t)(unsigned char)code[len] << (8 * len);
    static _Thread_local struct {
        uint32_t key;
        bool set, found;
        const char *type, *sub;
    } memo[ACLED_MEMO];
    uint32_t h = (key * 2654435761u) >> 26 & (ACLED_MEMO - 1);
    if (!(memo[h].set && memo[h].key == key)) {
        memo[h].key = key;
        memo[h].set = true;
        memo[h].type = memo[h].sub = NULL;
        memo[h].found = acled_find(code, &memo[h].type, &memo[h].sub);
    }
    if (memo[h].found) {
        *type = memo[h].type;
        *sub = memo[h].sub;
    }
    return memo[h].found;
}

static bool acled_find(const char *code, const char **type,
                       const char **sub)
{
    /* the most specific code listed */
    size_t best = 0;
    bool found = false;
    for (size_t i = 0; i < sizeof(acled) / sizeof(acled[0]); i++) {
        if (acled[i].code[0] && acled[i].code[0] != code[0])
            continue; /* most entries: told by the first byte */
        size_t l = strlen(acled[i].code);
        if (strncmp(code, acled[i].code, l) == 0 && l > best) {
            best = l;
            *type = acled[i].type;
            *sub = acled[i].sub;
            found = true;
        }
    }
    return found;
}
