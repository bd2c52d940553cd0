#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "dk-http-reply.h"
#include "dk-request-limits.h"

typedef struct
{
  guint64 max_request_bytes;
  guint   timeout_seconds;
} Limits;

/* What is known about one request while it is read. */
typedef struct
{
  const Limits      *limits;
  SoupServerMessage *msg;        /* not owned: this struct lives in the message's data */
  GSource           *timeout;
  guint64            received;   /* bytes of the body so far, kept or not */
  gboolean           refused;
} Reading;

#define READING_KEY "dk-request-limits-reading"

static void
stop_timeout (Reading *reading)
{
  if (reading->timeout != NULL)
    {
      g_source_destroy (reading->timeout);
      g_clear_pointer (&reading->timeout, g_source_unref);
    }
}

static void
reading_free (Reading *reading)
{
  stop_timeout (reading);
  g_free (reading);
}

/* Without an answer: the request is not complete, so there is no telling what the client would
 * read as one. */
static void
cut_connection (SoupServerMessage *msg)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  if (socket != NULL)
    g_socket_shutdown (socket, TRUE, TRUE, NULL);
}

static void
refuse (Reading *reading)
{
  SoupServerMessage *msg = reading->msg;
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autofree char *message = NULL;

  reading->refused = TRUE;
  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_truncate (body);

  message = g_strdup_printf (_("The request is larger than the server accepts (%" PRIu64 " bytes). "
                               "Send less at a time."),
                             (uint64_t) reading->limits->max_request_bytes);
  dk_http_reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too-large", message);
  /* What follows on the connection would be the rest of this body: no request can follow it. */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
}

static void
on_got_headers (SoupServerMessage *msg,
                Reading           *reading)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  /* libsoup refused the request already (a malformed header, an unknown transfer coding). */
  if (soup_server_message_get_status (msg) != 0)
    return;

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      (guint64) soup_message_headers_get_content_length (headers) > reading->limits->max_request_bytes)
    refuse (reading);
}

static void
on_got_chunk (SoupServerMessage *msg,
              GBytes            *chunk,
              Reading           *reading)
{
  reading->received += g_bytes_get_size (chunk);

  if (!reading->refused && reading->received > reading->limits->max_request_bytes)
    refuse (reading);
  else if (reading->refused && reading->received > 2 * reading->limits->max_request_bytes)
    cut_connection (msg);
}

static void
on_got_body (SoupServerMessage *msg,
             Reading           *reading)
{
  stop_timeout (reading);
}

static gboolean
on_timeout (gpointer user_data)
{
  Reading *reading = user_data;

  g_debug ("A request was not read within %u seconds; closing its connection", reading->limits->timeout_seconds);
  g_clear_pointer (&reading->timeout, g_source_unref);
  cut_connection (reading->msg);
  return G_SOURCE_REMOVE;
}

static void
on_request_started (SoupServer        *server,
                    SoupServerMessage *msg,
                    const Limits      *limits)
{
  Reading *reading = g_new0 (Reading, 1);

  reading->limits = limits;
  reading->msg = msg;
  g_object_set_data_full (G_OBJECT (msg), READING_KEY, reading, (GDestroyNotify) reading_free);

  reading->timeout = g_timeout_source_new_seconds (limits->timeout_seconds);
  g_source_set_callback (reading->timeout, on_timeout, reading, NULL);
  g_source_set_static_name (reading->timeout, "[dk] request read timeout");
  g_source_attach (reading->timeout, g_main_context_get_thread_default ());

  g_signal_connect (msg, "got-headers", G_CALLBACK (on_got_headers), reading);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (on_got_chunk), reading);
  g_signal_connect (msg, "got-body", G_CALLBACK (on_got_body), reading);
  g_signal_connect (msg, "finished", G_CALLBACK (on_got_body), reading);
}

void
dk_request_limits_attach (SoupServer *server,
                          guint       max_request_bytes,
                          guint       timeout_seconds)
{
  Limits *limits;

  g_return_if_fail (SOUP_IS_SERVER (server));
  g_return_if_fail (max_request_bytes > 0);
  g_return_if_fail (timeout_seconds > 0);

  limits = g_new0 (Limits, 1);
  limits->max_request_bytes = max_request_bytes;
  limits->timeout_seconds = timeout_seconds;
  g_object_set_data_full (G_OBJECT (server), "dk-request-limits", limits, g_free);

  g_signal_connect (server, "request-started", G_CALLBACK (on_request_started), limits);
}
