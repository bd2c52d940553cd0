#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Record ids are UUIDs made on the device that creates the record, so a record has its final id before
 * it is ever synchronised. They are version 7 UUIDs (RFC 9562 §5.7): a 48-bit Unix timestamp in
 * milliseconds, then random bits. Ids made later sort later as plain strings, which keeps inserts into
 * SQLite's B-tree indexes local instead of scattered.
 */

/*
 * A new UUIDv7 in canonical lowercase form ("0190f1c2-7a3b-7c4d-8e5f-0123456789ab", 36 characters).
 * Within one process every id is strictly greater (by strcmp()) than the one before, also when many are
 * made in one millisecond or the wall clock steps back (RFC 9562 §6.2, method 1: a 12-bit counter in
 * rand_a). Random bits come from libsodium; if libsodium cannot be initialised the process aborts,
 * because ids without good randomness could collide across devices. Thread-safe. Free with g_free().
 */
char *dk_uuid_new (void);

/*
 * As dk_uuid_new(), with @unix_ms (0 .. 2^48 − 1) standing in for the wall clock, so tests can drive
 * the clock. The monotonic state is shared with dk_uuid_new(). Production code calls dk_uuid_new().
 */
char *dk_uuid_new_at_ms (gint64 unix_ms);

/*
 * Whether @text is a UUID in canonical form: 8-4-4-4-12 hexadecimal digits, lowercase only. Any version
 * and variant are accepted (also the nil UUID), so ids from other sources pass. Uppercase is refused
 * because ids are compared as strings in SQLite: an uppercase copy of an id would be another key.
 * NULL is not valid.
 */
gboolean dk_uuid_is_valid (const char *text);

/* The Unix time in milliseconds stored in a valid UUIDv7 (version 7, variant 10), or −1 for anything else. */
gint64 dk_uuid_v7_timestamp_ms (const char *uuid);

G_END_DECLS
