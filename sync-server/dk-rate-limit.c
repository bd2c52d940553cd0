#include "config.h"

#include "dk-rate-limit.h"

/* One attempt is UNITS_PER_ATTEMPT units, so that a refill of per_minute attempts a minute is
 * exactly per_minute units a microsecond: whole numbers, no rounding drift. */
#define UNITS_PER_ATTEMPT (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)
#define PRUNE_INTERVAL_US (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)

typedef struct
{
  gint64 units;
  gint64 updated_us;
} Bucket;

struct _DkRateLimiter
{
  GHashTable *buckets;  /* key → Bucket */
  gint64      capacity;
  gint64      per_minute;
  gint64      pruned_us;
};

DkRateLimiter *
dk_rate_limiter_new (guint burst,
                     guint per_minute)
{
  DkRateLimiter *self;

  g_return_val_if_fail (burst > 0, NULL);
  g_return_val_if_fail (per_minute > 0, NULL);

  self = g_new0 (DkRateLimiter, 1);
  self->buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->capacity = burst * UNITS_PER_ATTEMPT;
  self->per_minute = per_minute;
  return self;
}

void
dk_rate_limiter_free (DkRateLimiter *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->buckets);
  g_free (self);
}

static void
refill (DkRateLimiter *self,
        Bucket        *bucket,
        gint64         now_us)
{
  gint64 elapsed = now_us - bucket->updated_us;

  if (elapsed <= 0)
    return;

  /* Capped first, so that the product cannot overflow after a long idle time. */
  if (elapsed >= (self->capacity - bucket->units) / self->per_minute + 1)
    bucket->units = self->capacity;
  else
    bucket->units = MIN (self->capacity, bucket->units + elapsed * self->per_minute);
  bucket->updated_us = now_us;
}

static void
prune (DkRateLimiter *self,
       gint64         now_us)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->buckets);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Bucket *bucket = value;

      refill (self, bucket, now_us);
      if (bucket->units >= self->capacity)
        g_hash_table_iter_remove (&iter);
    }

  self->pruned_us = now_us;
}

gboolean
dk_rate_limiter_take (DkRateLimiter *self,
                      const char    *key,
                      gint64         now_us,
                      guint         *out_retry_after)
{
  Bucket *bucket;
  gint64 missing_us;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (now_us - self->pruned_us >= PRUNE_INTERVAL_US)
    prune (self, now_us);

  bucket = g_hash_table_lookup (self->buckets, key);
  if (bucket == NULL)
    {
      bucket = g_new0 (Bucket, 1);
      bucket->units = self->capacity;
      bucket->updated_us = now_us;
      g_hash_table_insert (self->buckets, g_strdup (key), bucket);
    }

  refill (self, bucket, now_us);
  if (bucket->units >= UNITS_PER_ATTEMPT)
    {
      bucket->units -= UNITS_PER_ATTEMPT;
      return TRUE;
    }

  if (out_retry_after != NULL)
    {
      missing_us = (UNITS_PER_ATTEMPT - bucket->units + self->per_minute - 1) / self->per_minute;
      *out_retry_after = (guint) MAX (1, (missing_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
    }
  return FALSE;
}

guint
dk_rate_limiter_get_size (DkRateLimiter *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return g_hash_table_size (self->buckets);
}
