/* khaldun/khaldun.h - the umbrella header: everything public. */
#ifndef KH_KHALDUN_H
#define KH_KHALDUN_H

#include "khaldun/common.h"
#include "khaldun/text.h"
#include "khaldun/doc.h"
#include "khaldun/dict.h"
#include "khaldun/reader.h"
#include "khaldun/event.h"
#include "khaldun/tagger.h"
#include "khaldun/chunk.h"
#include "khaldun/places.h"
#include "khaldun/coder.h"
#include "khaldun/export.h"

#endif
