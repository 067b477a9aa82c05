/* test_people.c - the default people dictionary (data/people.actors):
 * it loads through the public API without a single problem, holds at
 * least 1,500 people, every entry has an undated code, a country, a sector
 * and a unique id, no name points at two people, and the spelling variants
 * reach the right person with the right code for the date (offices held,
 * ELI after leaving office).  Run from the repository root, as tests/run.sh
 * does. */
#include "t.h"
#include "dict.h"
#include "khaldun/text.h"

#include <stdbool.h>
#include <stdlib.h>

#define PEOPLE "data/people.actors"

#include "actor_lookup.h"

static void test_whole_file(const kh_dict *d)
{
    kh_dict_stats st;
    kh_dict_stats_get(d, &st);
    T_EQ_INT(st.problems, 0);
    T_EQ_INT(nproblems, 0);
    T_CHECK(st.actors >= 1500);
    printf("people: %zu actors, %zu names, %zu codes\n", st.actors,
           st.actor_phrases, st.actor_codes);

    check_entries(d);
}

static void test_variants(const kh_dict *d)
{
    static const char *const raisi[] = {"Ebrahim Raisi", "Raisi", "Raeisi",
                                        "Ebrahim Raeisi", "Ibrahim Raisi",
                                        NULL};
    same_group(d, raisi, 20220601, "IRNGOV");
    static const char *const zel[] = {
        "Volodymyr Zelensky", "Zelensky", "Zelenskyy", "Zelenskiy",
        "Volodymyr Zelenskyy", "Володимир Зеленський", NULL};
    same_group(d, zel, 20220301, "UKRGOV");
    static const char *const qad[] = {"Muammar Gaddafi", "Gaddafi", "Qaddafi",
                                      "Kadhafi", "Gadhafi", "Moammar Gadhafi",
                                      NULL};
    same_group(d, qad, 20050101, "LBYGOV");
    static const char *const nas[] = {"Hassan Nasrallah", "Nasrallah",
                                      "Hasan Nasrallah",
                                      "Sayyed Hassan Nasrallah", NULL};
    same_group(d, nas, 20200101, "LBNREB");
    static const char *const sol[] = {"Qasem Soleimani", "Soleimani",
                                      "Qassem Soleimani", "Qassem Suleimani",
                                      NULL};
    same_group(d, sol, 20150101, "IRNMIL");
    static const char *const muh[] = {"Abu Mahdi al-Muhandis", "al-Muhandis",
                                      "Abu Mahdi al Muhandis", NULL};
    same_group(d, muh, 20190101, "IRQUAF");
    same_group(d, muh, 20100101, "IRQREB");
    static const char *const hem[] = {"Mohamed Hamdan Dagalo", "Hemedti",
                                      "Hemeti", NULL};
    same_group(d, hem, 20200101, "SDNMIL");
    same_group(d, hem, 20240101, "SDNREB");
    static const char *const erd[] = {"Recep Tayyip Erdogan", "Erdogan",
                                      "Erdoğan", "Recep Tayyip Erdoğan", NULL};
    same_group(d, erd, 20100101, "TURGOV");
    static const char *const wal[] = {"Abu Alaa al-Walae", "Abu Alaa al-Wala'i",
                                      NULL};
    same_group(d, wal, 20230101, "IRQUAF");
    /* accents are also given without them */
    T_CHECK(find(d, "Andres Manuel Lopez Obrador") >= 0);
    T_EQ_INT(find(d, "Andres Manuel Lopez Obrador"),
             find(d, "Andrés Manuel López Obrador"));
    /* surnames that many people share are not aliases */
    T_EQ_INT(find(d, "Bhutto"), -1);
    T_EQ_INT(find(d, "Mubarak"), -1);
    T_EQ_INT(find(d, "Tusk"), -1);
}

/* Date-limited codes: the office held on the day, ELI after it, and the
 * last role when the date is unknown. */
static void test_dates(const kh_dict *d)
{
    long raisi = find(d, "Ebrahim Raisi");
    T_EQ_STR(code_on(d, raisi, 20200601), "IRNJUD");
    T_EQ_STR(code_on(d, raisi, 20220601), "IRNGOV");
    T_EQ_STR(code_on(d, raisi, 0), "IRNGOV");

    long sharaa = find(d, "Ahmed al-Sharaa");
    T_EQ_INT(find(d, "Abu Mohammad al-Julani"), sharaa);
    T_EQ_INT(find(d, "Jolani"), sharaa);
    T_EQ_STR(code_on(d, sharaa, 20200101), "SYRREB");
    T_EQ_STR(code_on(d, sharaa, 20250301), "SYRGOV");

    long bibi = find(d, "Netanyahu");
    T_EQ_STR(code_on(d, bibi, 20150101), "ISRGOV");
    T_EQ_STR(code_on(d, bibi, 20220101), "ISRELI"); /* Bennett-Lapid years */
    T_EQ_STR(code_on(d, bibi, 20240101), "ISRGOV");

    long gut = find(d, "Antonio Guterres");
    T_EQ_INT(find(d, "António Guterres"), gut);
    T_EQ_STR(code_on(d, gut, 20000101), "PRTGOV");
    T_EQ_STR(code_on(d, gut, 20100101), "IGOUNOREFHCR");
    T_EQ_STR(code_on(d, gut, 20200101), "IGOUNO");

    long biden = find(d, "Joe Biden");
    T_EQ_STR(code_on(d, biden, 20120101), "USAGOV");
    T_EQ_STR(code_on(d, biden, 20190101), "USAELI");
    T_EQ_STR(code_on(d, biden, 20230101), "USAGOV");

    long hib = find(d, "Hibatullah Akhundzada");
    T_EQ_STR(code_on(d, hib, 20180101), "AFGREB");
    T_EQ_STR(code_on(d, hib, 20220101), "AFGGOV");

    long burhan = find(d, "Abdel Fattah al-Burhan");
    T_EQ_STR(code_on(d, burhan, 20240101), "SDNGOV");

    long putin = find(d, "Putin");
    T_EQ_STR(code_on(d, putin, 20100101), "RUSGOV"); /* prime minister */
}

int main(void)
{
    kh_dict *d = load_actors(PEOPLE);
    if (d == NULL)
        return t_summary();
    test_whole_file(d);
    test_variants(d);
    test_dates(d);
    kh_dict_free(d);
    return t_summary();
}
