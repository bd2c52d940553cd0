#include "config.h"

#include "dk-uuid.h"
#include <glib.h>
#include <string.h>

static void
assert_v7_shape (const char *uuid)
{
  g_assert_nonnull (uuid);
  g_assert_cmpuint (strlen (uuid), ==, 36);
  for (int i = 0; i < 36; i++)
    {
      if (i == 8 || i == 13 || i == 18 || i == 23)
        g_assert_cmpint (uuid[i], ==, '-');
      else
        g_assert_true (g_ascii_isdigit (uuid[i]) || (uuid[i] >= 'a' && uuid[i] <= 'f'));
    }
  /* Version nibble 7, variant bits 10 (the first hex digit of the fourth group is 8, 9, a or b). */
  g_assert_cmpint (uuid[14], ==, '7');
  g_assert_nonnull (strchr ("89ab", uuid[19]));
  g_assert_true (dk_uuid_is_valid (uuid));
  g_assert_true (g_uuid_string_is_valid (uuid));
}

static void
test_format (void)
{
  for (int i = 0; i < 1000; i++)
    {
      g_autofree char *uuid = dk_uuid_new ();
      assert_v7_shape (uuid);
    }
}

static void
test_monotonic (void)
{
  const guint n = 100000;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_full (n, g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (ids, dk_uuid_new ());

  for (guint i = 0; i < n; i++)
    {
      const char *id = g_ptr_array_index (ids, i);

      g_assert_true (g_hash_table_add (seen, (gpointer) id));
      if (i > 0)
        g_assert_cmpstr (g_ptr_array_index (ids, i - 1), <, id);
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, n);
}

static void
test_random_bits_differ (void)
{
  g_autofree char *a = dk_uuid_new ();
  g_autofree char *b = dk_uuid_new ();

  /* rand_b (the last 62 bits) is fresh randomness for every id. */
  g_assert_cmpstr (a + 19, !=, b + 19);
}

static gpointer
make_ids (gpointer data)
{
  GPtrArray *ids = data;

  for (guint i = 0; i < 10000; i++)
    g_ptr_array_add (ids, dk_uuid_new ());
  return NULL;
}

static void
test_threads (void)
{
  GThread *threads[4];
  GPtrArray *ids[4];
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (int t = 0; t < 4; t++)
    {
      ids[t] = g_ptr_array_new_with_free_func (g_free);
      threads[t] = g_thread_new ("uuid", make_ids, ids[t]);
    }
  for (int t = 0; t < 4; t++)
    {
      g_thread_join (threads[t]);
      for (guint i = 0; i < ids[t]->len; i++)
        {
          const char *id = g_ptr_array_index (ids[t], i);

          g_assert_true (g_hash_table_add (seen, (gpointer) id));
          if (i > 0)
            g_assert_cmpstr (g_ptr_array_index (ids[t], i - 1), <, id);
        }
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 40000);
  for (int t = 0; t < 4; t++)
    g_ptr_array_unref (ids[t]);
}

static void
test_timestamp (void)
{
  gint64 before = g_get_real_time () / 1000;
  g_autofree char *uuid = dk_uuid_new ();
  gint64 after = g_get_real_time () / 1000;
  gint64 ms = dk_uuid_v7_timestamp_ms (uuid);

  /* Earlier tests may have borrowed a few milliseconds ahead when their counter ran over. */
  g_assert_cmpint (ms, >=, before);
  g_assert_cmpint (ms, <=, after + 100);
}

static void
test_timestamp_known (void)
{
  /* 0x017f22e279b0 = 1645557742000 ms (RFC 9562 appendix A.6 example). */
  g_assert_cmpint (dk_uuid_v7_timestamp_ms ("017f22e2-79b0-7cc3-98c4-dc0c0c07398f"), ==, 1645557742000);
  g_assert_cmpint (dk_uuid_v7_timestamp_ms ("00000000-0000-7000-8000-000000000000"), ==, 0);
  g_assert_cmpint (dk_uuid_v7_timestamp_ms ("ffffffff-ffff-7fff-bfff-ffffffffffff"), ==, 281474976710655);

  /* Not v7, wrong variant, not canonical, or no text: −1. */
  g_assert_cmpint (dk_uuid_v7_timestamp_ms ("017f22e2-79b0-4cc3-98c4-dc0c0c07398f"), ==, -1);
  g_assert_cmpint (dk_uuid_v7_timestamp_ms ("017f22e2-79b0-7cc3-c8c4-dc0c0c07398f"), ==, -1);
  g_assert_cmpint (dk_uuid_v7_timestamp_ms ("017f22e2-79b0-7cc3-78c4-dc0c0c07398f"), ==, -1);
  g_assert_cmpint (dk_uuid_v7_timestamp_ms ("017F22E2-79B0-7CC3-98C4-DC0C0C07398F"), ==, -1);
  g_assert_cmpint (dk_uuid_v7_timestamp_ms ("017f22e279b07cc398c4dc0c0c07398f"), ==, -1);
  g_assert_cmpint (dk_uuid_v7_timestamp_ms (""), ==, -1);
  g_assert_cmpint (dk_uuid_v7_timestamp_ms (NULL), ==, -1);
}

static void
test_is_valid (void)
{
  static const char *const good[] = {
    "017f22e2-79b0-7cc3-98c4-dc0c0c07398f",
    "f81d4fae-7dec-11d0-a765-00a0c91e6bf6", /* v1, RFC 9562 */
    "919108f7-52d1-4320-9bac-f847db4148a8", /* v4 */
    "00000000-0000-0000-0000-000000000000", /* nil */
    "ffffffff-ffff-ffff-ffff-ffffffffffff", /* max */
  };
  static const char *const bad[] = {
    "",
    "017F22E2-79B0-7CC3-98C4-DC0C0C07398F",
    "017f22e2-79b0-7cc3-98c4-dc0c0c07398F",
    "017f22e279b07cc398c4dc0c0c07398f",
    "{017f22e2-79b0-7cc3-98c4-dc0c0c07398f}",
    "017f22e2-79b0-7cc3-98c4-dc0c0c07398",
    "017f22e2-79b0-7cc3-98c4-dc0c0c07398f0",
    "017f22e2_79b0-7cc3-98c4-dc0c0c07398f",
    "017f22e2-79b07-cc3-98c4-dc0c0c07398f",
    "017f22g2-79b0-7cc3-98c4-dc0c0c07398f",
    " 017f22e2-79b0-7cc3-98c4-dc0c0c07398f",
    "017f22e2-79b0-7cc3-98c4-dc0c0c07398f ",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (dk_uuid_is_valid (good[i]));
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("\"%s\"", bad[i]);
      g_assert_false (dk_uuid_is_valid (bad[i]));
    }
  g_assert_false (dk_uuid_is_valid (NULL));
}

/* The clock-driven tests run in a child process each, so their made-up times do not disturb the
 * monotonic state of the other tests. */
static void
test_same_millisecond_overflow (void)
{
  if (g_test_subprocess ())
    {
      const gint64 t = G_GINT64_CONSTANT (1700000000000);
      g_autofree char *previous = NULL;

      /* 5000 ids in one millisecond: more than the 12-bit counter holds from any seed, so the
       * generator must borrow the next millisecond and still go up. */
      for (int i = 0; i < 5000; i++)
        {
          char *id = dk_uuid_new_at_ms (t);

          assert_v7_shape (id);
          g_assert_cmpint (dk_uuid_v7_timestamp_ms (id), >=, t);
          g_assert_cmpint (dk_uuid_v7_timestamp_ms (id), <=, t + 2);
          if (previous != NULL)
            g_assert_cmpstr (previous, <, id);
          g_free (previous);
          previous = id;
        }
      g_assert_cmpint (dk_uuid_v7_timestamp_ms (previous), >, t);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_clock_backwards (void)
{
  if (g_test_subprocess ())
    {
      const gint64 t = G_GINT64_CONSTANT (1700000000000);
      g_autofree char *first = dk_uuid_new_at_ms (t);
      g_autofree char *earlier = dk_uuid_new_at_ms (t - 60000);
      g_autofree char *later = dk_uuid_new_at_ms (t + 1);

      g_assert_cmpstr (first, <, earlier);
      g_assert_cmpint (dk_uuid_v7_timestamp_ms (earlier), ==, t);
      g_assert_cmpstr (earlier, <, later);
      g_assert_cmpint (dk_uuid_v7_timestamp_ms (later), ==, t + 1);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_time_range (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *zero = dk_uuid_new_at_ms (0);
      g_autofree char *max = dk_uuid_new_at_ms (G_GINT64_CONSTANT (281474976710655));

      g_assert_cmpint (dk_uuid_v7_timestamp_ms (zero), ==, 0);
      g_assert_true (g_str_has_prefix (zero, "00000000-0000-7"));
      g_assert_cmpint (dk_uuid_v7_timestamp_ms (max), ==, G_GINT64_CONSTANT (281474976710655));
      g_assert_true (g_str_has_prefix (max, "ffffffff-ffff-7"));
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/uuid/format", test_format);
  g_test_add_func ("/uuid/monotonic", test_monotonic);
  g_test_add_func ("/uuid/random-bits-differ", test_random_bits_differ);
  g_test_add_func ("/uuid/threads", test_threads);
  g_test_add_func ("/uuid/timestamp", test_timestamp);
  g_test_add_func ("/uuid/timestamp/known", test_timestamp_known);
  g_test_add_func ("/uuid/is-valid", test_is_valid);
  g_test_add_func ("/uuid/same-millisecond-overflow", test_same_millisecond_overflow);
  g_test_add_func ("/uuid/clock-backwards", test_clock_backwards);
  g_test_add_func ("/uuid/time-range", test_time_range);

  return g_test_run ();
}
