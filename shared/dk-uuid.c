#include "config.h"

#include "dk-uuid.h"

#include <sodium.h>
#include <string.h>

#define DK_UUID_MAX_UNIX_MS ((G_GINT64_CONSTANT (1) << 48) - 1)
#define DK_UUID_COUNTER_MAX 0xfff

/* The last timestamp and rand_a counter handed out (RFC 9562 §6.2, method 1). */
static GMutex uuid_lock;
static gint64 last_unix_ms = -1;
static guint last_counter;

static void
ensure_sodium (void)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      /* 0: initialised now, 1: already initialised by someone else, -1: no usable random source. */
      if (sodium_init () < 0)
        g_error ("libsodium could not be initialised; refusing to make record ids without a secure "
                 "random source");
      g_once_init_leave (&initialised, 1);
    }
}

char *
dk_uuid_new_at_ms (gint64 unix_ms)
{
  guint8 random[10];
  guint8 bytes[16];
  gint64 ms;
  guint counter;

  g_return_val_if_fail (unix_ms >= 0 && unix_ms <= DK_UUID_MAX_UNIX_MS, NULL);

  ensure_sodium ();
  randombytes_buf (random, sizeof random);

  g_mutex_lock (&uuid_lock);
  if (unix_ms > last_unix_ms)
    {
      /* A fresh millisecond: seed the counter randomly but with its top bit clear, leaving at least
       * 2048 increments before it runs over. */
      last_unix_ms = unix_ms;
      last_counter = ((guint) random[8] << 8 | random[9]) & 0x7ff;
    }
  else if (last_counter < DK_UUID_COUNTER_MAX)
    {
      /* Same millisecond, or the clock stepped back: keep the last timestamp and count on. */
      last_counter++;
    }
  else
    {
      /* Counter exhausted: borrow the next millisecond, as §6.2 allows, rather than repeat or wrap. */
      last_unix_ms++;
      last_counter = ((guint) random[8] << 8 | random[9]) & 0x7ff;
    }
  ms = last_unix_ms;
  counter = last_counter;
  g_mutex_unlock (&uuid_lock);

  for (int i = 0; i < 6; i++)
    bytes[i] = (guint8) (ms >> (40 - 8 * i));
  bytes[6] = (guint8) (0x70 | (counter >> 8));
  bytes[7] = (guint8) (counter & 0xff);
  memcpy (bytes + 8, random, 8);
  bytes[8] = (guint8) ((bytes[8] & 0x3f) | 0x80);

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6],
                          bytes[7], bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13],
                          bytes[14], bytes[15]);
}

char *
dk_uuid_new (void)
{
  gint64 now_ms = g_get_real_time () / 1000;

  /* A clock before 1970 would be a broken clock; the monotonic state then carries on from the last id. */
  return dk_uuid_new_at_ms (CLAMP (now_ms, 0, DK_UUID_MAX_UNIX_MS));
}

gboolean
dk_uuid_is_valid (const char *text)
{
  if (text == NULL || !g_uuid_string_is_valid (text))
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

gint64
dk_uuid_v7_timestamp_ms (const char *uuid)
{
  gint64 ms = 0;

  if (!dk_uuid_is_valid (uuid))
    return -1;
  if (uuid[14] != '7' || strchr ("89ab", uuid[19]) == NULL)
    return -1;

  /* The first 12 hex digits, skipping the hyphen at index 8. */
  for (int i = 0; i < 13; i++)
    if (i != 8)
      ms = ms << 4 | g_ascii_xdigit_value (uuid[i]);
  return ms;
}
