#!/bin/sh
# Each public header must compile alone with -std=c11 -pedantic -Werror.
CC=${1:-cc}
for h in include/khaldun/*.h; do
    if printf '#include "%s"\nint kh_header_test_dummy;\n' "${h#include/}" |
        $CC -std=c11 -pedantic -Wall -Wextra -Werror -Iinclude -x c -c -o /dev/null - 2>/dev/null; then
        echo "ok header $h"
    else
        echo "FAIL header $h does not compile alone"
    fi
done
