/* test_cameo.c - quad classes by root (the GDELT convention, docs/coder.md)
 * and Goldstein values by code, with the fallback to the parent code. */
#include "t.h"
#include "cameo.h"

static double gs(const char *code)
{
    double v = -99;
    if (!kh_cameo__goldstein(code, &v))
        return -99;
    return v;
}

int main(void)
{
    /* the boundaries of the four classes */
    T_EQ_INT(kh_cameo__quad("010"), 1);
    T_EQ_INT(kh_cameo__quad("057"), 1);
    T_EQ_INT(kh_cameo__quad("06"), 2);
    T_EQ_INT(kh_cameo__quad("0874"), 2);
    T_EQ_INT(kh_cameo__quad("090"), 3);
    T_EQ_INT(kh_cameo__quad("138"), 3);
    T_EQ_INT(kh_cameo__quad("141"), 4);
    T_EQ_INT(kh_cameo__quad("204"), 4);
    /* not CAMEO */
    T_EQ_INT(kh_cameo__quad("21"), 0);
    T_EQ_INT(kh_cameo__quad("00"), 0);
    T_EQ_INT(kh_cameo__quad("---"), 0);
    T_EQ_INT(kh_cameo__quad(""), 0);
    T_EQ_INT(kh_cameo__quad(NULL), 0);
    /* values of the scale, and the parent's for a code without one */
    T_CHECK(gs("190") == -10.0);
    T_CHECK(gs("195") == -10.0);
    T_CHECK(gs("0231") == 3.4);
    T_CHECK(gs("02") == 3.0);
    T_CHECK(gs("010") == 0.0);
    T_CHECK(gs("1384") == gs("138"));
    T_CHECK(gs("0999") == gs("099") || gs("0999") == gs("09"));
    T_CHECK(gs("") == -99);
    T_CHECK(gs("99") == -99);
    T_CHECK(gs("---") == -99);
    return t_summary();
}
