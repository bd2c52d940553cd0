#include "config.h"

#include "dk-rate-limit.h"

#define SECOND G_USEC_PER_SEC

static void
test_burst_then_refill (void)
{
  g_autoptr(DkRateLimiter) limiter = dk_rate_limiter_new (10, 10);
  gint64 t = 1000 * SECOND;
  guint retry = 0;

  for (guint i = 0; i < 10; i++)
    g_assert_true (dk_rate_limiter_take (limiter, "192.0.2.1", t, &retry));

  g_assert_false (dk_rate_limiter_take (limiter, "192.0.2.1", t, &retry));
  /* 10 a minute: the next attempt is earned after 6 seconds. */
  g_assert_cmpuint (retry, ==, 6);

  /* Another address has its own bucket. */
  g_assert_true (dk_rate_limiter_take (limiter, "192.0.2.2", t, &retry));

  /* Almost 6 seconds later: still nothing, and the wait is down to the last second. */
  g_assert_false (dk_rate_limiter_take (limiter, "192.0.2.1", t + 6 * SECOND - 1, &retry));
  g_assert_cmpuint (retry, ==, 1);

  /* At 6 seconds exactly one attempt, not more. */
  g_assert_true (dk_rate_limiter_take (limiter, "192.0.2.1", t + 6 * SECOND, &retry));
  g_assert_false (dk_rate_limiter_take (limiter, "192.0.2.1", t + 6 * SECOND, &retry));
  g_assert_cmpuint (retry, ==, 6);
}

static void
test_refill_is_capped (void)
{
  g_autoptr(DkRateLimiter) limiter = dk_rate_limiter_new (3, 60);
  gint64 t = 5 * SECOND;
  guint retry = 0;

  g_assert_true (dk_rate_limiter_take (limiter, "a", t, &retry));

  /* A year idle earns no more than the burst, and the arithmetic does not overflow. */
  t += G_GINT64_CONSTANT (365) * 24 * 3600 * SECOND;
  for (guint i = 0; i < 3; i++)
    g_assert_true (dk_rate_limiter_take (limiter, "a", t, &retry));
  g_assert_false (dk_rate_limiter_take (limiter, "a", t, &retry));
  g_assert_cmpuint (retry, ==, 1);

  /* A clock that goes back costs nothing and gives nothing. */
  g_assert_false (dk_rate_limiter_take (limiter, "a", t - 10 * SECOND, &retry));
}

static void
test_forgets_full_buckets (void)
{
  g_autoptr(DkRateLimiter) limiter = dk_rate_limiter_new (2, 2);
  gint64 t = 100 * SECOND;
  guint retry = 0;

  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *key = g_strdup_printf ("198.51.100.%u", i);

      g_assert_true (dk_rate_limiter_take (limiter, key, t, &retry));
    }
  g_assert_true (dk_rate_limiter_take (limiter, "busy", t, &retry));
  g_assert_true (dk_rate_limiter_take (limiter, "busy", t, &retry));
  g_assert_cmpuint (dk_rate_limiter_get_size (limiter), ==, 51);

  /* A minute on, the addresses that tried once have their attempts back and are forgotten; the
   * busy one, at 2 a minute, has earned back both of its attempts too. */
  t += 60 * SECOND;
  g_assert_true (dk_rate_limiter_take (limiter, "new", t, &retry));
  g_assert_cmpuint (dk_rate_limiter_get_size (limiter), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rate-limit/burst-then-refill", test_burst_then_refill);
  g_test_add_func ("/rate-limit/refill-is-capped", test_refill_is_capped);
  g_test_add_func ("/rate-limit/forgets-full-buckets", test_forgets_full_buckets);

  return g_test_run ();
}
