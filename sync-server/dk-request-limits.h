#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/*
 * Size and time limits on reading a request, enforced while libsoup reads it, before any handler
 * runs.
 *
 * What libsoup 3.2 does (read in its soup-server-message-io-http1.c and soup-server.c, and checked
 * by tests/integration/test-sync-auth.c):
 *  - It reads the whole request body into memory before it calls the path's handler, and it has no
 *    size limit of its own.
 *  - A status set in the message's "got-headers" signal stops the handlers from running, but not the
 *    body from being read: after the headers it reads the body regardless (Content-Length bytes, or
 *    chunks until the last one), unless the client sent "Expect: 100-continue", in which case the
 *    error goes out at once and the body is never sent.
 *  - Each piece of the body passes "got-chunk" as it arrives, also for chunked bodies, and is only
 *    kept when the body's accumulate flag is on.
 *  - A request with neither Content-Length nor Transfer-Encoding has no body (RFC 9112 §6.3).
 *    An unknown Transfer-Encoding is refused by libsoup itself (501).
 *
 * So: a Content-Length above @max_request_bytes is answered 413 from "got-headers"; a chunked body
 * is counted in "got-chunk" and answered 413 as soon as it passes the limit. Either way the body's
 * accumulation is switched off and what was kept is dropped, so memory stays bounded; the rest is
 * read and thrown away so that the client, which is still sending, gets to read the 413, and the
 * connection is closed after it. A body that goes on beyond twice @max_request_bytes has its
 * connection shut down without an answer: a client that wants its 413 for a larger body sends
 * "Expect: 100-continue".
 *
 * A request whose headers and body have not arrived within @timeout_seconds of its first byte has
 * its connection shut down (slow clients hold a connection and memory). The time a handler takes
 * afterwards does not count.
 */
void dk_request_limits_attach (SoupServer  *server,
                               guint        max_request_bytes,
                               guint        timeout_seconds);

G_END_DECLS
