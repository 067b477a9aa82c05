/* main.c - `khaldun COMMAND [options] [FILE|DIR|-]...` */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: khaldun COMMAND [options] [FILE|DIR|-]...\n"
    "\n"
    "Turns news text into political event data.\n"
    "\n"
    "commands:\n"
    "  code        code events; one JSON object per event (schema 1)\n"
    "  actors --unknown  names that act like actors but are in no\n"
    "              dictionary: count, name, an example (takes code's options)\n"
    "  sentences   the cleaned sentences and tokens, one JSON object per "
    "sentence\n"
    "  dict check  load dictionaries, report every bad line, print counts\n"
    "  dict compile  the same, then write them as one compiled model\n"
    "  places compile  build the gazetteer (GeoNames, countries, ISO\n"
    "              3166-2, curated places); places check: curated files;\n"
    "              places lookup NAME: the places a name can be\n"
    "  merge       merge the store's event mentions into events\n"
    "              (--rebuild: all of them again); --db FILE\n"
    "  query       the store's events: filters, counts, formats (below)\n"
    "\n"
    "input options (code, sentences):\n"
    "  --date D             date of documents that carry none (YYYY-MM-DD)\n"
    "  --input-format F     auto (default), text, jsonl, petrarch-xml, html\n"
    "  --strict             stop at the first bad record\n"
    "  --no-clean           keep page furniture, headline and dateline\n"
    "  --max-doc-bytes N    largest document (default 16M)\n"
    "  --max-line-bytes N   largest JSONL line or XML record (default 64M)\n"
    "  --max-tokens N       most tokens in one document (default 4M)\n"
    "  -o, --output FILE    write to FILE instead of standard output\n"
    "  -q, --quiet          no progress or warnings on standard error\n"
    "\n"
    "code options:\n"
    "  --dict PATH          dictionaries: a file, a directory, a compiled\n"
    "                       model (repeatable)\n"
    "  --dict-format F      force the dictionary format (see dict check)\n"
    "  --option NAME=VALUE  coder options: require_dyad, new_actor_length,\n"
    "                       comma_min, comma_max, comma_bmin, comma_bmax,\n"
    "                       comma_emin, comma_emax\n"
    "  --tagger FILE        tagger model (default as for sentences)\n"
    "  --no-tagger          find verbs by dictionary form alone\n"
    "  --db FILE            store documents, sentences and events in the\n"
    "                       SQLite store FILE (created if missing), then merge\n"
    "  --places FILE        gazetteer (default: places.khg beside the binary,\n"
    "                       else build/places.khg); --no-places: no locations\n"
    "  --format F           jsonl (default), text (readable), or an export\n"
    "                       format: plover, petrarch, phoenix, gdelt, acled,\n"
    "                       csv (columns in docs/formats.md)\n"
    "\n"
    "sentences options:\n"
    "  --format F           jsonl (default) or text (readable)\n"
    "  --tag                add part-of-speech tags (Penn Treebank)\n"
    "  --chunks             add chunks, verb features, clauses and\n"
    "                       coordinations (implies --tag; docs/chunker.md)\n"
    "  --tagger FILE        tagger model (default: tagger.model beside the\n"
    "                       khaldun binary, else build/tagger.model)\n"
    "\n"
    "query options (khaldun query --db FILE [options]):\n"
    "  --actor A            code prefix or name of the source or target\n"
    "  --country CCC        location's or an actor's country (ISO alpha-3)\n"
    "  --cameo CODE         CAMEO code prefix (19, 195)\n"
    "  --plover TYPE, --acled TYPE  PLOVER type; ACLED type or sub-type\n"
    "  --from D, --to D     dates, inclusive (YYYY-MM-DD)\n"
    "  --near LAT,LON [--km N]  within N km (default 50)\n"
    "  --text Q             full-text search of the sentences (FTS5)\n"
    "  --count-by K         day, week, month, dyad, type, plover, country\n"
    "  --format F           table (default on a terminal), jsonl, csv\n"
    "  --limit N            at most N rows\n"
    "\n"
    "dict options (khaldun dict check|compile [options] DICT...):\n"
    "  --dict-format F      auto (default), native, petr1-verbs, "
    "petr2-verbs,\n"
    "                       actors, agents, discards, issues, model\n"
    "  --time               also print the load time in ms (load_ms)\n"
    "  -o MODEL             compile: the model file to write (required)\n"
    "\n"
    "Inputs are files, directories (read recursively) or '-' for standard\n"
    "input (the default).  Formats are detected from the content.\n"
    "Exit status: 0 done, 1 data or runtime errors (everything else was\n"
    "still processed), 2 usage.\n";

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("no command given");
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
        strcmp(cmd, "help") == 0) {
        fputs(usage, stdout);
        return EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("khaldun %s\n", KH_VERSION_STRING);
        return EXIT_OK;
    }
    if (strcmp(cmd, "sentences") == 0)
        return cmd_sentences(argc - 1, argv + 1);
    if (strcmp(cmd, "code") == 0)
        return cmd_code(argc - 1, argv + 1);
    if (strcmp(cmd, "actors") == 0)
        return cmd_actors(argc - 1, argv + 1);
    if (strcmp(cmd, "dict") == 0)
        return cmd_dict(argc - 1, argv + 1);
    if (strcmp(cmd, "places") == 0)
        return cmd_places(argc - 1, argv + 1);
    if (strcmp(cmd, "merge") == 0)
        return cmd_merge(argc - 1, argv + 1);
    if (strcmp(cmd, "query") == 0)
        return cmd_query(argc - 1, argv + 1);
    return usage_error("unknown command '%s'", cmd);
}
