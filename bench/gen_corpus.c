/* bench/gen_corpus.c - a deterministic, news-style synthetic corpus for
 * `make bench`.
 *
 *     gen_corpus [--text] [--seed N] OUTPUT [MB]
 *
 * Writes articles until at least MB megabytes (10^6 bytes; default 110) of
 * JSON Lines have been produced, one article per line:
 *
 *     {"id":"gen-000001","date":"2021-07-06","title":"...","text":"..."}
 *
 * With --text the very same articles are written as plain text instead
 * (title, blank line, body, blank line), so that `wc -w` can be timed on the
 * same words.  The stopping rule always counts JSONL bytes, which is what
 * keeps the two files in step.  OUTPUT "-" means standard output.
 *
 * Everything comes from a fixed-seed xorshift64* generator and the templates
 * below, so a given (seed, MB) always gives byte-identical output.  The text
 * is random and meaningless: names of real people and places appear only so
 * that the tokenizer sees the shapes it meets in real news (abbreviations,
 * datelines, curly and straight quotes, non-ASCII names, numbers).  A quarter
 * of the articles are written with every non-ASCII character escaped as
 * \uXXXX, as Python's json.dumps() does by default.
 *
 * A summary (articles, sentences, words, bytes) goes to standard error.
 * Exit codes: 0 OK, 1 I/O error, 2 usage error. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ---- random numbers ---------------------------------------------------- */

static uint64_t rng = 0x2545F4914F6CDD1DULL;

/* xorshift64* (Vigna); plenty for picking words, and fast */
static uint64_t rnd(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 0x2545F4914F6CDD1DULL;
}

/* uniform in [0, n) by multiply-shift; the bias is far below anything a
 * benchmark corpus could notice */
static unsigned pick(unsigned n)
{
    return (unsigned)(((rnd() >> 32) * (uint64_t)n) >> 32);
}

static int chance(unsigned percent)
{
    return pick(100) < percent;
}

/* ---- a fixed-size output buffer ---------------------------------------- */

typedef struct sbuf {
    char *p;
    size_t len, cap;
    int overflow; /* sticky; a template bug, reported at the end */
} sbuf;

static void put(sbuf *b, const char *s, size_t n)
{
    if (n > b->cap - b->len) {
        b->overflow = 1;
        return;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

static void puts_(sbuf *b, const char *s)
{
    put(b, s, strlen(s));
}

static void putc_(sbuf *b, char c)
{
    put(b, &c, 1);
}

/* decimal, zero-padded to `width` digits */
static void put_uint(sbuf *b, uint64_t v, int width)
{
    char tmp[24];
    int n = 0;

    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    while (n < width && n < (int)sizeof(tmp))
        tmp[n++] = '0';
    while (n > 0)
        putc_(b, tmp[--n]);
}

/* 250,000 */
static void put_grouped(sbuf *b, uint64_t v)
{
    if (v >= 1000) {
        put_grouped(b, v / 1000);
        putc_(b, ',');
        put_uint(b, v % 1000, 3);
    } else {
        put_uint(b, v, 0);
    }
}

/* ---- vocabulary --------------------------------------------------------
 * Entries may contain slots ($A, $P, ...) that are expanded in turn; see
 * slot() for the letters. */

static const char *const actors[] = {
    "the U.S. State Department", "the Pentagon", "NATO", "the European Union",
    "the U.N. Security Council", "Iran-backed militias", "Houthi rebels",
    "Kurdish forces", "the Russian Defense Ministry", "Israeli troops",
    "Hamas", "the Taliban", "opposition lawmakers", "the Iraqi government",
    "Turkey", "Ukraine", "Russia", "Iran", "the Kremlin", "Serbian police",
    "Kosovo's government",
    "Sudan\xe2\x80\x99s paramilitary Rapid Support Forces",
    "the Sudanese army", "Lebanon's Hezbollah", "the Syrian government",
    "Chinese authorities", "South Korea's military", "North Korea",
    "the Islamic State group", "pro-Russian separatists",
    "pro-Western protesters", "Colombian authorities",
    "the National Liberation Army", "Venezuela", "the African Union",
    "Ethiopia\xe2\x80\x99s federal government", "Somali forces",
    "al-Shabab militants", "the Saudi-led coalition", "Egyptian mediators",
    "the International Committee of the Red Cross", "Mexican authorities",
    "$S", "$S",
};

static const char *const speakers[] = {
    "Turkish President Recep Tayyip Erdo\xc4\x9f" "an",
    "Ukrainian President Volodymyr Zelenskyy",
    "Gen. Mark Dawson, the commander of U.S. forces in the region",
    "Lt. Col. Sarah Whitfield, a Pentagon spokeswoman",
    "Serbian Interior Minister Nikola \xc4\x90or\xc4\x91" "evi\xc4\x87",
    "Shiite cleric Muqtada al-Sadr",
    "Iraqi Prime Minister Mohammed Shia al-Sudani",
    "U.N. Secretary-General Ant\xc3\xb3nio Guterres",
    "Secretary of State Antony Blinken", "Kremlin spokesman Dmitry Peskov",
    "Col. Ahmed al-Rubaie, a spokesman for the Iraqi military",
    "Maj. Gen. Oleksandr Syrskyi", "Dr. Amina Yusuf, a health official in $P",
    "Rep. Maria Salazar", "German Chancellor Olaf Scholz",
    "French President Emmanuel Macron",
    "Israeli Prime Minister Benjamin Netanyahu",
    "Hamas official Osama Hamdan",
    "Polish Foreign Minister Rados\xc5\x82" "aw Sikorski",
    "Brazilian President Luiz In\xc3\xa1" "cio Lula da Silva",
    "Venezuelan President Nicol\xc3\xa1s Maduro", "Mr. Erdo\xc4\x9f" "an",
    "Ms. Whitfield", "a senior U.S. official", "a spokesman for the ministry",
    "Capt. Yusuf Okonkwo of the Nigerian army",
    "Sen. Jack Reed, D-R.I.", "Prof. Li Wei of Peking University",
    "St. Petersburg Gov. Alexander Beglov",
};

static const char *const groups[] = {
    "Iran-backed militias", "Houthi rebels", "pro-Russian separatists",
    "al-Shabab militants", "Islamic State fighters", "armed men on motorcycles",
    "Kurdish PKK fighters", "gunmen loyal to a local warlord",
    "Boko Haram insurgents", "settlers from a nearby outpost",
};

static const char *const verbs[] = {
    "accused", "condemned", "met with", "criticized", "threatened",
    "attacked", "praised", "called on", "urged",
    "signed a cease-fire agreement with", "imposed new sanctions on",
    "held talks with", "warned", "rejected a proposal from",
    "expressed support for", "arrested dozens of supporters of",
    "demanded an apology from", "pledged $U in aid to",
    "expelled diplomats from", "reached an agreement with",
    "launched airstrikes against", "shelled positions held by",
    "opened fire on", "released $N prisoners held by",
};

static const char *const places[] = {
    "Baghdad", "the northern city of Mosul", "Basra", "Kirkuk", "Kyiv",
    "Kharkiv", "Zaporizhzhia", "the Black Sea port of Odesa",
    "the eastern Donetsk region", "the Gaza Strip", "Gaza City", "Rafah",
    "the occupied West Bank", "Ankara", "Istanbul",
    "Diyarbak\xc4\xb1r", "Belgrade", "Ni\xc5\xa1", "Pristina", "Mitrovica",
    "Kabul", "Damascus", "Aleppo", "Idlib province", "northern Syria",
    "southern Lebanon", "Khartoum", "Darfur", "El Fasher", "Tigray",
    "Mogadishu", "the Red Sea", "Sanaa", "Tehran", "Washington", "Brussels",
    "Geneva", "Tripoli", "Caracas", "Bogot\xc3\xa1", "S\xc3\xa3o Paulo",
    "Krak\xc3\xb3w", "Port-au-Prince", "Jerusalem", "Beirut",
};

static const char *const countries[] = {
    "Qatar", "Egypt", "Turkey", "Norway", "Switzerland", "Saudi Arabia",
    "the United States", "China", "Oman", "France", "Germany",
    "C\xc3\xb4te d\xe2\x80\x99Ivoire", "the U.S.", "the U.K.",
};

static const char *const owners[] = {
    "Iraq's", "Turkey\xe2\x80\x99s", "the government's", "Russia\xe2\x80\x99s",
    "Ukraine's", "Israel's", "the militia's", "the country's", "Iran's",
    "the army\xe2\x80\x99s", "NATO's", "the U.N.\xe2\x80\x99s",
};

static const char *const clauses[] = {
    "after weeks of rising tensions",
    "amid growing pressure from the international community",
    "in a move that drew sharp criticism from $A",
    "despite a fragile cease-fire brokered by $A",
    "following a series of deadly attacks near the border",
    "for the first time since $Y",
    "as fighting intensified around $P",
    "just hours before a key vote in parliament",
    "in response to what it called repeated provocations",
    "ahead of a summit of world leaders in $P",
    "less than a week after the $O anniversary of the uprising",
};

static const char *const targets[] = {
    "a military convoy", "a checkpoint", "a crowded market",
    "a police station", "a U.S.-led coalition base", "an oil refinery",
    "a power plant", "a refugee camp", "a hospital", "a government building",
    "a border crossing", "an army barracks", "a wedding party",
};

static const char *const reports[] = {
    "officials said", "according to state media", "a police spokesman said",
    "the ministry said in a statement",
    "local officials told The Associated Press",
    "according to the Syrian Observatory for Human Rights",
    "witnesses said", "the military said", "Reuters reported",
};

static const char *const quotes[] = {
    "We will not accept any attack on our sovereignty",
    "This is a clear violation of international law, and it must stop",
    "The door to dialogue remains open, but our patience is not unlimited",
    "We\xe2\x80\x99re doing everything we can to get aid to the people who "
    "need it most",
    "Nobody wants a wider war, but we have to be ready for one",
    "It's too early to say whether the cease-fire will hold",
    "Our forces responded in line with the rules of engagement",
    "The people have spoken, and the government must listen to them",
    "We don't know how many are still trapped under the rubble",
    "There can be no peace without justice for the victims",
    "These sanctions will hurt ordinary families, not the leadership",
    "We have made real progress, but there is still a lot of work to do",
};

static const char *const dates[] = {
    "on $M", "on $M", "on Monday", "on Tuesday", "on Wednesday",
    "on Thursday", "on Friday", "on Saturday", "on Sunday", "last week",
    "earlier this month", "on $M, $Y", "late Tuesday", "on Friday night",
};

static const char *const months[] = {
    "Jan.", "Feb.", "March", "April", "May", "June",
    "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.",
};

static const char *const month_names[] = {
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
};

/* One sentence each; final punctuation included.  $< and $> are an opening
 * and closing quotation mark (curly or straight, chosen per sentence). */
static const char *const sentences[] = {
    "$A $V $A in $P $D, $X, $R.",
    "$<$Q,$> $S said in a statement $D.",
    "$<$Q,$> $S told reporters in $P, adding that $A was ready to resume "
    "talks.",
    "At least $N people were killed and $N others wounded when $G attacked "
    "$W in $P $D, $R.",
    "The $O round of talks between $A and $A is expected to take place in "
    "$P $D, a spokesman for the mediators said.",
    "$S told The Associated Press that the government had deployed about $K "
    "troops to $P $X.",
    "The $N-day operation, which began $D, has displaced more than $K "
    "people, the U.N. refugee agency said.",
    "$Z decision to break off contacts with $A came $X, and analysts said it "
    "could further destabilize the region.",
    "In a televised address, $S said $A would respond to the latest attack "
    "and urged $A to return to negotiations.",
    "Consumer prices rose $F% in the year to $m, the highest rate since the "
    "early 1990s, according to figures released by the central bank.",
    "Witnesses said security forces fired tear gas and rubber bullets at "
    "hundreds of protesters who had gathered outside the parliament building "
    "in $P.",
    "The U.S. military said in a statement that a drone strike near $P killed "
    "a senior commander of $G who was responsible for attacks on U.S. troops.",
    "$A denied any involvement in the attack, which came just days after "
    "$A accused it of smuggling weapons across the border.",
    "Officials in $P said the death toll had risen to $N, including $N "
    "children, and warned that it was likely to climb further.",
    "It was not immediately clear whether $A would accept the terms of the "
    "agreement, which was drafted by mediators from $C and $C.",
    "\xe2\x80\x9cIt\xe2\x80\x99s a difficult situation, but we\xe2\x80\x99re "
    "not giving up,\xe2\x80\x9d said $S, who spoke on condition of anonymity "
    "because he was not authorized to brief the media.",
    "The talks, held behind closed doors at a hotel in $P, ended without a "
    "joint statement, two diplomats familiar with the discussions said.",
    "$S, speaking to reporters in $P $D, said the U.S. would provide an "
    "additional $U in military aid, including air-defense systems and "
    "artillery ammunition.",
    "Earlier, $A had vowed to retaliate against $A for the killing of $N of "
    "its fighters in a raid on a village north of $P.",
    "The E.U. foreign policy chief said the bloc was \xe2\x80\x9c" "deeply "
    "concerned\xe2\x80\x9d by the escalation and called on all sides to "
    "exercise maximum restraint.",
    "Turkey\xe2\x80\x99s parliament voted 3$N to 1$N on Thursday to approve "
    "the deployment, which Mr. Erdo\xc4\x9f" "an described as a "
    "\"necessary step\" to protect the country's borders.",
    "About $N% of registered voters cast ballots in the $O general election, "
    "the electoral commission said, a turnout that was down from $F% four "
    "years ago.",
    "$G, who control large parts of $P, said they had shot down a drone over "
    "the city on the night of $M.",
    "Human rights groups have documented dozens of cases of arbitrary "
    "detention and torture in $P since the crackdown began on $M, $Y.",
    "\"We have no choice but to defend ourselves,\" $S said, adding that $A "
    "was \"ready for any scenario.\"",
    "The ministry did not respond to a request for comment, and the claims "
    "could not be independently verified.",
    "$A and $A agreed to a prisoner exchange involving $N detainees, mediated "
    "by $C, the Foreign Ministry said late Tuesday.",
    "The attack on the base, the $O such incident since $M, caused no "
    "casualties but damaged several buildings, a U.S. official said.",
    "$S met with $S on the sidelines of the summit in $P to discuss the war "
    "in Ukraine, energy security and the situation in the Middle East.",
    "Will the cease-fire hold?",
    "The U.N. estimates that $F million people in $P need humanitarian "
    "assistance, and aid agencies say supplies of food, fuel and medicine are "
    "running out.",
    "$S said $Z economy had shrunk by $F% in the first quarter, the steepest "
    "fall since $Y, as exports collapsed and the currency lost a third of its "
    "value.",
    "\xe2\x80\x9cStay strong, $P \xf0\x9f\x99\x8f,\xe2\x80\x9d $S wrote on "
    "social media shortly after the explosion.",
    "The Iran-backed group, which the U.S. designates a terrorist "
    "organization, said in a statement on Telegram that it had targeted $W "
    "near $P.",
    "Under the plan, $A would withdraw its forces to a line $N kilometers "
    "(about $N miles) from the border by $M, a timetable $A called "
    "unrealistic.",
    "The $O-century fortress, a UNESCO World Heritage site, was badly "
    "damaged in the shelling \xe2\x80\x94 the latest blow to a city that "
    "has been fought over since $Y.",
    "$S declined to comment.",
    "The fighting has killed at least $K people since $Y, $R.",
    "Schools and shops in $P stayed closed for a $O day.",
    "Several roads into the city remained blocked $D, $R.",
    "$A called the vote a sham.",
    "Talks are set to resume in $P next week.",
    "The plane landed in $P shortly after 10:30 p.m.",
    "Associated Press writer Elena Becato\xc8\x99u in $P contributed to this "
    "report.",
};

static const char *const headlines[] = {
    "$A accuses $A of violating cease-fire in $P",
    "At least $N killed in $P as fighting escalates",
    "$S vows to respond after attack on $W",
    "$A, $A agree to prisoner swap mediated by $C",
    "Protests spread across $P over fuel prices",
    "U.N. warns of famine in $P as aid convoys are blocked",
    "Talks between $A and $A end without a deal",
    "$Z parliament approves $U defense budget",
    "Drone strike near $P kills $N, officials say",
    "What we know about the attack on $W in $P",
};

static const char *const datelines[] = {
    "BAGHDAD (AP) \xe2\x80\x94 ", "KYIV, Ukraine (AP) \xe2\x80\x94 ",
    "ANKARA, Turkey (AP) \xe2\x80\x94 ", "WASHINGTON (AP) \xe2\x80\x94 ",
    "BEIRUT (AP) \xe2\x80\x94 ", "BELGRADE, Serbia (AP) \xe2\x80\x94 ",
    "UNITED NATIONS (AP) \xe2\x80\x94 ", "ISTANBUL \xe2\x80\x94 ",
    "JERUSALEM (AP) \xe2\x80\x94 ", "KHARTOUM, Sudan (AP) \xe2\x80\x94 ",
    "BOGOT\xc3\x81, Colombia (AP) \xe2\x80\x94 ",
    "MIAMI, Fla. (AP) \xe2\x80\x94 ", "LONDON, $M (Reuters) - ",
    "GENEVA, $M (Reuters) - ",
};

static const char *const furniture[] = {
    "Read more", "Share this:", "Read more: $H",
    "Follow AP\xe2\x80\x99s coverage of the war at "
    "https://apnews.com/hub/russia-ukraine",
    "Click here to subscribe to our newsletter.",
};

/* ---- expansion ---------------------------------------------------------- */

static int quote_curly = 1; /* style of the current $< ... $> pair */

static void expand(sbuf *b, const char *t, int depth);

static void expand_one(sbuf *b, const char *const *list, size_t n, int depth)
{
    expand(b, list[pick((unsigned)n)], depth + 1);
}

static void put_ordinal(sbuf *b, unsigned v)
{
    static const char *const suf[] = {"th", "st", "nd", "rd"};
    unsigned m100 = v % 100, m10 = v % 10;

    put_uint(b, v, 0);
    puts_(b, (m100 >= 11 && m100 <= 13) || m10 > 3 ? "th" : suf[m10]);
}

static void slot(sbuf *b, char c, int depth)
{
    if (depth > 4) /* $S inside $A inside ...: stop the chain */
        c = 'P';
    switch (c) {
    case 'A': expand_one(b, actors, N_OF(actors), depth); break;
    case 'S': expand_one(b, speakers, N_OF(speakers), depth); break;
    case 'G': expand_one(b, groups, N_OF(groups), depth); break;
    case 'V': expand_one(b, verbs, N_OF(verbs), depth); break;
    case 'P': puts_(b, places[pick(N_OF(places))]); break;
    case 'C': expand_one(b, countries, N_OF(countries), depth); break;
    case 'Z': expand_one(b, owners, N_OF(owners), depth); break;
    case 'X': expand_one(b, clauses, N_OF(clauses), depth); break;
    case 'W': expand_one(b, targets, N_OF(targets), depth); break;
    case 'R': expand_one(b, reports, N_OF(reports), depth); break;
    case 'Q': expand_one(b, quotes, N_OF(quotes), depth); break;
    case 'D': expand_one(b, dates, N_OF(dates), depth); break;
    case 'H': expand_one(b, headlines, N_OF(headlines), depth); break;
    case 'M':
        puts_(b, months[pick(12)]);
        putc_(b, ' ');
        put_uint(b, 1 + pick(28), 0);
        break;
    case 'm': puts_(b, month_names[pick(12)]); break;
    case 'Y': put_uint(b, 1990 + pick(34), 0); break;
    case 'N': put_uint(b, 2 + pick(98), 0); break;
    case 'K': put_grouped(b, (uint64_t)(10 + pick(2490)) * 100); break;
    case 'F':
        put_uint(b, 1 + pick(9), 0);
        putc_(b, '.');
        put_uint(b, 1 + pick(9), 0);
        break;
    case 'O': put_ordinal(b, 1 + pick(40)); break;
    case 'U':
        putc_(b, '$');
        if (chance(50))
            put_uint(b, 10 + pick(490), 0);
        else {
            put_uint(b, 1 + pick(9), 0);
            putc_(b, '.');
            put_uint(b, 1 + pick(9), 0);
        }
        puts_(b, chance(80) ? " million" : " billion");
        break;
    case '<':
        quote_curly = chance(75);
        puts_(b, quote_curly ? "\xe2\x80\x9c" : "\"");
        break;
    case '>': puts_(b, quote_curly ? "\xe2\x80\x9d" : "\""); break;
    default: putc_(b, c); break;
    }
}

static void expand(sbuf *b, const char *t, int depth)
{
    for (const char *p = t; *p != '\0'; p++) {
        if (*p == '$' && p[1] != '\0')
            slot(b, *++p, depth);
        else if (*p == '.' && b->len > 0 && b->p[b->len - 1] == '.')
            continue; /* "... in the U.S." + "." */
        else
            putc_(b, *p);
    }
}

/* expand `t` at the end of `b` and give it a capital first letter */
static void expand_cap(sbuf *b, const char *t)
{
    const size_t at = b->len;

    expand(b, t, 0);
    if (at < b->len && b->p[at] >= 'a' && b->p[at] <= 'z')
        b->p[at] = (char)(b->p[at] - 'a' + 'A');
}

/* ---- articles ----------------------------------------------------------- */

static char title_mem[2048];
static char text_mem[1 << 17];
static char line_mem[1 << 19];
static char iobuf[1 << 20];

typedef struct stats {
    uint64_t articles, sentences, words, body_words, bytes, jsonl_bytes;
} stats;

static uint64_t count_words(const char *s, size_t len)
{
    uint64_t n = 0;
    int in = 0;

    for (size_t i = 0; i < len; i++) {
        const int sp = s[i] == ' ' || s[i] == '\n' || s[i] == '\t';

        if (!sp && !in)
            n++;
        in = !sp;
    }
    return n;
}

static void make_article(sbuf *title, sbuf *text, stats *st)
{
    const unsigned paras = 3 + pick(10);

    title->len = text->len = 0;
    expand_cap(title, headlines[pick(N_OF(headlines))]);
    for (unsigned i = 0; i < paras; i++) {
        const unsigned n = 2 + pick(5);

        if (i > 0)
            puts_(text, "\n\n");
        if (i == 0 && chance(35))
            expand(text, datelines[pick(N_OF(datelines))], 0);
        for (unsigned j = 0; j < n; j++) {
            if (j > 0)
                putc_(text, ' ');
            expand_cap(text, sentences[pick(N_OF(sentences))]);
        }
        st->sentences += n;
    }
    if (chance(8)) {
        puts_(text, "\n\n");
        expand(text, furniture[pick(N_OF(furniture))], 0);
    }
}

/* JSON string body; with `ascii`, non-ASCII as \uXXXX (surrogate pairs
 * above U+FFFF), as json.dumps(ensure_ascii=True) writes it */
static void put_json_str(sbuf *b, const char *s, size_t len, int ascii)
{
    static const char hex[] = "0123456789abcdef";

    for (size_t i = 0; i < len; i++) {
        const unsigned char c = (unsigned char)s[i];

        if (c == '"' || c == '\\') {
            putc_(b, '\\');
            putc_(b, (char)c);
        } else if (c == '\n') {
            puts_(b, "\\n");
        } else if (c < 0x20) {
            const char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            put(b, u, 6);
        } else if (c < 0x80 || !ascii) {
            putc_(b, (char)c);
        } else {
            /* the templates are valid UTF-8, so no checks here */
            uint32_t cp;
            int more;

            if (c >= 0xF0) {
                cp = c & 0x07u;
                more = 3;
            } else if (c >= 0xE0) {
                cp = c & 0x0Fu;
                more = 2;
            } else {
                cp = c & 0x1Fu;
                more = 1;
            }
            for (; more > 0 && i + 1 < len; more--)
                cp = (cp << 6) | ((unsigned char)s[++i] & 0x3Fu);
            uint32_t units[2] = {cp, 0};
            int nu = 1;
            if (cp >= 0x10000) {
                cp -= 0x10000;
                units[0] = 0xD800 + (cp >> 10);
                units[1] = 0xDC00 + (cp & 0x3FF);
                nu = 2;
            }
            for (int k = 0; k < nu; k++) {
                const char u[6] = {'\\', 'u', hex[(units[k] >> 12) & 15],
                                   hex[(units[k] >> 8) & 15],
                                   hex[(units[k] >> 4) & 15],
                                   hex[units[k] & 15]};
                put(b, u, 6);
            }
        }
    }
}

static void put_date(sbuf *b)
{
    static const unsigned mdays[] = {31, 28, 31, 30, 31, 30,
                                     31, 31, 30, 31, 30, 31};
    const unsigned y = 2018 + pick(6), m = 1 + pick(12);
    const unsigned leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    const unsigned d = 1 + pick(mdays[m - 1] + (m == 2 && leap));

    put_uint(b, y, 4);
    putc_(b, '-');
    put_uint(b, m, 2);
    putc_(b, '-');
    put_uint(b, d, 2);
}

static void make_line(sbuf *line, const sbuf *title, const sbuf *text,
                      uint64_t no)
{
    const int ascii = chance(25);

    line->len = 0;
    puts_(line, "{\"id\":\"gen-");
    put_uint(line, no, 6);
    puts_(line, "\",\"date\":\"");
    put_date(line);
    puts_(line, "\",\"title\":\"");
    put_json_str(line, title->p, title->len, ascii);
    puts_(line, "\",\"text\":\"");
    put_json_str(line, text->p, text->len, ascii);
    puts_(line, "\"}\n");
}

/* ---- main --------------------------------------------------------------- */

static int usage(void)
{
    fputs("usage: gen_corpus [--text] [--seed N] OUTPUT [MB]\n"
          "  writes at least MB (default 110) megabytes of JSON Lines news "
          "articles to OUTPUT\n"
          "  (\"-\" for stdout); --text writes the same articles as plain "
          "text\n",
          stderr);
    return 2;
}

/* non-negative decimal; 0 on success */
static int parse_u64(uint64_t *out, const char *s)
{
    uint64_t v = 0;

    if (*s == '\0')
        return -1;
    for (; *s != '\0'; s++) {
        if (*s < '0' || *s > '9' || v > (UINT64_MAX - 9) / 10)
            return -1;
        v = v * 10 + (uint64_t)(*s - '0');
    }
    *out = v;
    return 0;
}

int main(int argc, char **argv)
{
    int as_text = 0, i = 1;
    const char *path = NULL;
    uint64_t mb = 110, seed = 0;

    for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
        if (strcmp(argv[i], "--text") == 0)
            as_text = 1;
        else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc &&
                 parse_u64(&seed, argv[i + 1]) == 0)
            i++;
        else
            return usage();
    }
    if (i >= argc || argc - i > 2)
        return usage();
    path = argv[i];
    if (argc - i == 2 &&
        (parse_u64(&mb, argv[i + 1]) != 0 || mb == 0 || mb > 1000000))
        return usage();
    if (seed != 0)
        rng ^= seed * 0x9E3779B97F4A7C15ULL;
    if (rng == 0)
        rng = 1;

    FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");
    if (f == NULL) {
        perror(path);
        return 1;
    }
    setvbuf(f, iobuf, _IOFBF, sizeof(iobuf));

    sbuf title = {title_mem, 0, sizeof(title_mem), 0};
    sbuf text = {text_mem, 0, sizeof(text_mem), 0};
    sbuf line = {line_mem, 0, sizeof(line_mem), 0};
    const uint64_t target = mb * 1000000;
    stats st = {0, 0, 0, 0, 0, 0};

    while (st.jsonl_bytes < target) {
        make_article(&title, &text, &st);
        make_line(&line, &title, &text, st.articles + 1);
        if (title.overflow || text.overflow || line.overflow) {
            fputs("gen_corpus: article buffer overflow (template bug)\n",
                  stderr);
            return 1;
        }
        st.articles++;
        st.jsonl_bytes += line.len;
        const uint64_t body = count_words(text.p, text.len);
        st.body_words += body;
        st.words += body + count_words(title.p, title.len);
        if (as_text) {
            fwrite(title.p, 1, title.len, f);
            fwrite("\n\n", 1, 2, f);
            fwrite(text.p, 1, text.len, f);
            fwrite("\n\n", 1, 2, f);
            st.bytes += title.len + text.len + 4;
        } else {
            fwrite(line.p, 1, line.len, f);
            st.bytes += line.len;
        }
        if (ferror(f))
            break;
    }
    if (fflush(f) != 0 || ferror(f) || (f != stdout && fclose(f) != 0)) {
        perror(path);
        return 1;
    }
    fprintf(stderr,
            "gen_corpus: %s: articles=%llu sentences=%llu words=%llu "
            "bytes=%llu words_per_sentence=%.1f\n",
            path, (unsigned long long)st.articles,
            (unsigned long long)st.sentences, (unsigned long long)st.words,
            (unsigned long long)st.bytes,
            st.sentences ? (double)st.body_words / (double)st.sentences : 0.0);
    return 0;
}
