#!/bin/sh
# Banned functions (STYLE.md 3.7): unsafe string functions everywhere, raw
# heap calls outside alloc.c, setlocale in the library, ctype calls without
# an unsigned char cast.
files=$(ls src/lib/*.c src/lib/*.h src/cli/*.c src/cli/*.h bench/*.c 2>/dev/null)
check() { # description, grep -E pattern, files
    desc=$1
    pat=$2
    shift 2
    hits=$(grep -nE "$pat" "$@" /dev/null | grep -v 'banned-ok')
    if [ -n "$hits" ]; then
        echo "FAIL banned: $desc"
        echo "$hits" | head -n 10
    else
        echo "ok banned: $desc"
    fi
}
check "unsafe string functions" '(^|[^a-z_])(sprintf|strcpy|strcat|strncpy|strtok|atoi|atol|sscanf|gets)\(' $files
check "raw malloc/free outside alloc.c" '(^|[^a-z_])(malloc|calloc|realloc|free|strdup|strndup)\(' $(echo $files | tr ' ' '\n' | grep -v 'src/lib/alloc.c' | grep -v '^bench/')
check "setlocale in the library" 'setlocale' src/lib/*.c
check "ctype without a cast" '(isspace|isalpha|isdigit|isalnum|isupper|islower|ispunct|tolower|toupper)\(([^(]|$)' $files
