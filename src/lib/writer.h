/* writer.h - what the output modules other than out_json.c (export.c)
 * need of a kh_writer: its buffer, the end-of-record step, and the schema-1
 * object.  Internal. */
#ifndef KH_WRITER_H
#define KH_WRITER_H

#include <stddef.h>
#include "khaldun/event.h"
#include "buf.h"

/* The writer's output buffer: append one record to it, then call
 * kh_writer__end() with its length before the record. */
kh_buf *kh_writer__buf(kh_writer *w);
/* After a record that started at byte `mark`: on a buffer error the record
 * is dropped whole and the error returned (KH_ENOMEM, KH_ETOOBIG); else the
 * buffer is flushed when enough is queued (KH_EIO). */
kh_status kh_writer__end(kh_writer *w, size_t mark, kh_error *err);
/* The schema-1 JSON object of `ev` (kh_writer_event()) without its closing
 * brace and newline. */
void kh_writer__event_open(kh_buf *b, const kh_event *ev);

#endif
