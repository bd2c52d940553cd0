#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "dk-norms.h"

static DkNormSet *
builtin (void)
{
  g_autoptr(GError) error = NULL;
  DkNormSet *set = dk_norm_set_load_builtin (&error);

  g_assert_no_error (error);
  g_assert_nonnull (set);
  return set;
}

static const DkNormTable *
lookup (DkNormSet  *set,
        GDateDay    day,
        GDateMonth  month,
        GDateYear   year)
{
  g_autoptr(GError) error = NULL;
  GDate date;
  const DkNormTable *table;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  table = dk_norm_set_lookup (set, &date, &error);
  g_assert_no_error (error);
  g_assert_nonnull (table);
  return table;
}

static gint64
amount (const DkNormTable *table,
        const char        *key)
{
  g_autoptr(GError) error = NULL;
  gint64 cents = -1;

  g_assert_true (dk_norm_table_get_amount (table, key, &cents, &error));
  g_assert_no_error (error);
  return cents;
}

static gint64
rate (const DkNormTable *table,
      const char        *key)
{
  g_autoptr(GError) error = NULL;
  gint64 ppm = -1;

  g_assert_true (dk_norm_table_get_rate (table, key, &ppm, &error));
  g_assert_no_error (error);
  return ppm;
}

static char *
source_norms_dir (void)
{
  return g_test_build_filename (G_TEST_DIST, "..", "data", "norms", NULL);
}

/* Every file in data/norms must load, be listed in the GResource, and document every figure. */
static void
test_builtin_tables (void)
{
  static const char *ids[] = { "2024-01-01", "2024-07-01", "2025-01-01", "2025-07-01", "2026-01-01", "2026-07-01" };
  g_autoptr(DkNormSet) set = builtin ();
  const char * const *keys = dk_norms_get_keys ();
  guint n_keys = g_strv_length ((char **) keys);

  g_assert_cmpuint (n_keys, ==, 26);
  g_assert_cmpuint (dk_norm_set_get_n_tables (set), ==, G_N_ELEMENTS (ids));

  for (guint t = 0; t < G_N_ELEMENTS (ids); t++)
    {
      const DkNormTable *table = dk_norm_set_get_table (set, t);

      g_assert_cmpstr (dk_norm_table_get_id (table), ==, ids[t]);
      g_assert_nonnull (dk_norm_table_get_title (table));
      g_assert_cmpstr (dk_norm_table_get_title (table), !=, "");

      for (guint k = 0; keys[k] != NULL; k++)
        {
          g_test_message ("%s %s", ids[t], keys[k]);
          g_assert_nonnull (dk_norms_describe_key (keys[k]));
          if (dk_norm_table_is_missing (table, keys[k]))
            {
              g_assert_nonnull (dk_norm_table_get_missing_reason (table, keys[k]));
              g_assert_cmpstr (dk_norm_table_get_missing_reason (table, keys[k]), !=, "");
              g_assert_null (dk_norm_table_get_source (table, keys[k]));
              continue;
            }

          g_assert_nonnull (dk_norm_table_get_source (table, keys[k]));
          g_assert_cmpuint (strlen (dk_norm_table_get_source (table, keys[k])), >, 5);
          g_assert_null (dk_norm_table_get_missing_reason (table, keys[k]));
          if (dk_norm_table_get_confidence (table, keys[k]) == DK_NORM_CONFIDENCE_DERIVED)
            g_assert_nonnull (dk_norm_table_get_note (table, keys[k]));
          if (dk_norms_key_is_rate (keys[k]))
            g_assert_cmpint (rate (table, keys[k]), >, 0);
          else
            g_assert_cmpint (amount (table, keys[k]), >, 0);
        }
    }
}

/* The compiled-in copy equals the files in the source tree: a file forgotten in norms.gresource.xml,
 * or a stale build, fails here. */
static void
test_builtin_equals_source_dir (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = source_norms_dir ();
  g_autoptr(DkNormSet) from_dir = dk_norm_set_load_dir (dir, &error);
  g_autoptr(DkNormSet) set = builtin ();
  const char * const *keys = dk_norms_get_keys ();

  g_assert_no_error (error);
  g_assert_cmpuint (dk_norm_set_get_n_tables (from_dir), ==, dk_norm_set_get_n_tables (set));
  for (guint t = 0; t < dk_norm_set_get_n_tables (set); t++)
    {
      const DkNormTable *a = dk_norm_set_get_table (set, t);
      const DkNormTable *b = dk_norm_set_get_table (from_dir, t);

      g_assert_cmpstr (dk_norm_table_get_id (a), ==, dk_norm_table_get_id (b));
      for (guint k = 0; keys[k] != NULL; k++)
        {
          g_assert_cmpint (dk_norm_table_is_missing (a, keys[k]), ==, dk_norm_table_is_missing (b, keys[k]));
          g_assert_cmpstr (dk_norm_table_get_source (a, keys[k]), ==, dk_norm_table_get_source (b, keys[k]));
          if (!dk_norm_table_is_missing (a, keys[k]) && !dk_norms_key_is_rate (keys[k]))
            g_assert_cmpint (amount (a, keys[k]), ==, amount (b, keys[k]));
        }
    }
}

static void
test_lookup_boundaries (void)
{
  g_autoptr(DkNormSet) set = builtin ();
  GDate valid_from;

  g_assert_cmpstr (dk_norm_table_get_id (lookup (set, 1, 1, 2024)), ==, "2024-01-01");
  g_assert_cmpstr (dk_norm_table_get_id (lookup (set, 30, 6, 2024)), ==, "2024-01-01");
  g_assert_cmpstr (dk_norm_table_get_id (lookup (set, 1, 7, 2024)), ==, "2024-07-01");
  g_assert_cmpstr (dk_norm_table_get_id (lookup (set, 31, 12, 2024)), ==, "2024-07-01");
  g_assert_cmpstr (dk_norm_table_get_id (lookup (set, 1, 1, 2025)), ==, "2025-01-01");
  g_assert_cmpstr (dk_norm_table_get_id (lookup (set, 30, 6, 2025)), ==, "2025-01-01");
  g_assert_cmpstr (dk_norm_table_get_id (lookup (set, 1, 7, 2025)), ==, "2025-07-01");
  g_assert_cmpstr (dk_norm_table_get_id (lookup (set, 31, 12, 2025)), ==, "2025-07-01");
  g_assert_cmpstr (dk_norm_table_get_id (lookup (set, 1, 1, 2026)), ==, "2026-01-01");
  g_assert_cmpstr (dk_norm_table_get_id (lookup (set, 30, 6, 2026)), ==, "2026-01-01");
  g_assert_cmpstr (dk_norm_table_get_id (lookup (set, 1, 7, 2026)), ==, "2026-07-01");
  /* The latest table stays in force until a newer one is added. */
  g_assert_cmpstr (dk_norm_table_get_id (lookup (set, 31, 12, 2030)), ==, "2026-07-01");

  dk_norm_table_get_valid_from (lookup (set, 15, 8, 2026), &valid_from);
  g_assert_cmpint (g_date_get_year (&valid_from), ==, 2026);
  g_assert_cmpint (g_date_get_month (&valid_from), ==, G_DATE_JULY);
  g_assert_cmpint (g_date_get_day (&valid_from), ==, 1);
}

static void
test_before_first_table (void)
{
  g_autoptr(DkNormSet) set = builtin ();
  g_autoptr(GError) error = NULL;
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 31, 12, 2023);
  g_assert_null (dk_norm_set_lookup (set, &date, &error));
  g_assert_error (error, DK_NORMS_ERROR, DK_NORMS_ERROR_NO_TABLE);
  g_assert_nonnull (strstr (error->message, "31 December 2023"));
  g_assert_nonnull (strstr (error->message, "1 January 2024"));
}

static void
test_missing_figure (void)
{
  g_autoptr(DkNormSet) set = builtin ();
  g_autoptr(GError) error = NULL;
  const DkNormTable *table = lookup (set, 1, 9, 2025);
  gint64 cents = 42;

  g_assert_true (dk_norm_table_is_missing (table, "bvv_cap_single"));
  g_assert_false (dk_norm_table_get_amount (table, "bvv_cap_single", &cents, &error));
  g_assert_error (error, DK_NORMS_ERROR, DK_NORMS_ERROR_MISSING);
  g_assert_cmpint (cents, ==, 42);
  g_assert_nonnull (strstr (error->message, "1 July 2025"));
  g_assert_nonnull (strstr (error->message, "maximum BVV for a single person"));
  g_assert_nonnull (strstr (error->message, dk_norm_table_get_missing_reason (table, "bvv_cap_single")));
  g_clear_error (&error);

  /* A rate too. */
  g_assert_false (dk_norm_table_get_rate (table, "rent_taper_single", &cents, &error));
  g_assert_error (error, DK_NORMS_ERROR, DK_NORMS_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, "(F, Wht art. 21 lid 2 a)"));
}

/* bvv-formula.md §3 (1 January 2026 column), and domain.md §1.1 for the pension-age norms. */
static void
test_values_2026_01 (void)
{
  g_autoptr(DkNormSet) set = builtin ();
  const DkNormTable *table = lookup (set, 1, 1, 2026);

  g_assert_cmpint (amount (table, "assistance_norm_single"), ==, 140150);
  g_assert_cmpint (amount (table, "assistance_norm_couple"), ==, 200213);
  g_assert_cmpint (amount (table, "assistance_norm_single_pension_age"), ==, 156469);
  g_assert_cmpint (amount (table, "assistance_norm_couple_pension_age"), ==, 214416);
  g_assert_cmpint (amount (table, "institution_raise_single"), ==, 4700);
  g_assert_cmpint (amount (table, "institution_raise_couple"), ==, 10600);
  g_assert_cmpint (amount (table, "bvv_cap_single"), ==, 219142);
  g_assert_cmpint (amount (table, "bvv_cap_single_parent"), ==, 252669);
  g_assert_cmpint (amount (table, "bvv_cap_couple"), ==, 288141);
  g_assert_cmpint (amount (table, "bvv_cap_couple_with_children"), ==, 315531);
  g_assert_cmpint (amount (table, "standard_premium_year"), ==, 211900);
  g_assert_cmpint (amount (table, "health_threshold_income_year"), ==, 2973500);
  g_assert_cmpint (rate (table, "health_taper"), ==, 137300);
  g_assert_cmpint (rate (table, "rent_taper_single"), ==, 270000);
  g_assert_cmpint (rate (table, "rent_taper_multi"), ==, 220000);
  g_assert_cmpint (amount (table, "max_rent"), ==, 93293);
  g_assert_cmpint (amount (table, "rent_min_income_point_single_year"), ==, 2342500);
  g_assert_cmpint (amount (table, "rent_min_income_point_multi_year"), ==, 3150000);
  g_assert_cmpint (amount (table, "norm_rent_at_minimum"), ==, 25249);
  g_assert_cmpint (amount (table, "norm_rent_reduction_single"), ==, 182);
  g_assert_cmpint (amount (table, "norm_rent_reduction_multi"), ==, 363);
  g_assert_cmpint (amount (table, "base_rent_addition"), ==, 1200);
  g_assert_cmpint (rate (table, "child_budget_taper"), ==, 76000);
  g_assert_cmpint (amount (table, "child_budget_partner_threshold_raise_year"), ==, 940500);
  g_assert_cmpint (amount (table, "owner_raise_income_limit_single_year"), ==, 5568278);
  g_assert_cmpint (amount (table, "owner_raise_income_limit_multi_year"), ==, 7108909);

  /* J = normhuur − reduction + 12 = 262.67 / 260.86 (bvv-formula.md §3). */
  g_assert_cmpint (amount (table, "norm_rent_at_minimum") - amount (table, "norm_rent_reduction_single")
                   + amount (table, "base_rent_addition"), ==, 26267);
  g_assert_cmpint (amount (table, "norm_rent_at_minimum") - amount (table, "norm_rent_reduction_multi")
                   + amount (table, "base_rent_addition"), ==, 26086);

  g_assert_cmpint (dk_norm_table_get_confidence (table, "bvv_cap_single"), ==, DK_NORM_CONFIDENCE_VERIFIED);
  g_assert_cmpint (dk_norm_table_get_confidence (table, "health_threshold_income_year"), ==, DK_NORM_CONFIDENCE_DERIVED);
  g_assert_cmpint (dk_norm_table_get_confidence (table, "standard_premium_year"), ==, DK_NORM_CONFIDENCE_SECONDARY);
}

/* A table's id and its figures' sources and notes are interned, so breakdown lines can point to
 * them after the set is gone. */
static void
test_interned_texts (void)
{
  DkNormSet *set = builtin ();
  const DkNormTable *table = lookup (set, 1, 1, 2026);
  const char *id = dk_norm_table_get_id (table);
  const char *source = dk_norm_table_get_source (table, "bvv_cap_single");
  const char *note = dk_norm_table_get_note (table, "health_threshold_income_year");

  g_assert_true (id == g_intern_string ("2026-01-01"));
  g_assert_true (source == g_intern_string (source));
  g_assert_true (note == g_intern_string (note));
  g_assert_null (dk_norm_table_get_note (table, "bvv_cap_single"));

  dk_norm_set_unref (set);
  g_assert_cmpstr (id, ==, "2026-01-01");
  g_assert_true (g_str_has_prefix (source, "Rv art. 475da lid 1 a"));
  g_assert_true (g_str_has_prefix (note, "Back-solved from the published 1 January 2026 caps"));
}

/* bvv-formula.md §3: the 1 July 2026 caps, and the norms derived from their deltas. */
static void
test_values_2026_07 (void)
{
  g_autoptr(DkNormSet) set = builtin ();
  const DkNormTable *table = lookup (set, 1, 7, 2026);
  const DkNormTable *january = lookup (set, 1, 1, 2026);
  const char * const *keys = dk_norms_get_keys ();

  g_assert_cmpint (amount (table, "assistance_norm_single"), ==, 141946);
  g_assert_cmpint (amount (table, "assistance_norm_couple"), ==, 202779);
  g_assert_cmpint (dk_norm_table_get_confidence (table, "assistance_norm_single"), ==, DK_NORM_CONFIDENCE_DERIVED);
  g_assert_nonnull (strstr (dk_norm_table_get_note (table, "assistance_norm_single"), "only 1,419.46 fits"));
  g_assert_cmpint (amount (table, "bvv_cap_single"), ==, 220848);
  g_assert_cmpint (amount (table, "bvv_cap_single_parent"), ==, 254375);
  g_assert_cmpint (amount (table, "bvv_cap_couple"), ==, 290579);
  g_assert_cmpint (amount (table, "bvv_cap_couple_with_children"), ==, 317968);
  g_assert_true (dk_norm_table_is_missing (table, "assistance_norm_single_pension_age"));

  /* Cap deltas (bvv-formula.md §4): +17.06 / +17.06 / +24.38 / +24.37. */
  g_assert_cmpint (amount (table, "bvv_cap_single") - amount (january, "bvv_cap_single"), ==, 1706);
  g_assert_cmpint (amount (table, "bvv_cap_single_parent") - amount (january, "bvv_cap_single_parent"), ==, 1706);
  g_assert_cmpint (amount (table, "bvv_cap_couple") - amount (january, "bvv_cap_couple"), ==, 2438);
  g_assert_cmpint (amount (table, "bvv_cap_couple_with_children") - amount (january, "bvv_cap_couple_with_children"), ==, 2437);

  /* Only the norms and the caps change on 1 July. */
  for (guint k = 0; keys[k] != NULL; k++)
    {
      if (g_str_has_prefix (keys[k], "assistance_norm") || g_str_has_prefix (keys[k], "bvv_cap"))
        continue;
      g_test_message ("%s", keys[k]);
      if (dk_norms_key_is_rate (keys[k]))
        g_assert_cmpint (rate (table, keys[k]), ==, rate (january, keys[k]));
      else
        g_assert_cmpint (amount (table, keys[k]), ==, amount (january, keys[k]));
    }
}

/* Pre-2026 letters are defined by the old Wht (bvv-formula.md §0.2): missing, while the norms are there. */
static void
test_values_before_2026 (void)
{
  g_autoptr(DkNormSet) set = builtin ();
  static const char *letters[] = {
    "health_threshold_income_year", "health_taper", "rent_taper_single", "rent_taper_multi",
    "rent_min_income_point_single_year", "rent_min_income_point_multi_year", "norm_rent_at_minimum",
    "base_rent_addition", "child_budget_taper", "child_budget_partner_threshold_raise_year",
  };

  for (guint t = 0; t < 4; t++)
    {
      const DkNormTable *table = dk_norm_set_get_table (set, t);

      for (guint i = 0; i < G_N_ELEMENTS (letters); i++)
        g_assert_true (dk_norm_table_is_missing (table, letters[i]));
      g_assert_false (dk_norm_table_is_missing (table, "assistance_norm_single"));
      g_assert_false (dk_norm_table_is_missing (table, "assistance_norm_couple"));
    }

  /* domain.md §1.1 and §0 (1 Jul 2025: 1,369.06 / 1,955.80); schuldinfo.nl caps from 1 January 2024. */
  g_assert_cmpint (amount (lookup (set, 1, 7, 2025), "assistance_norm_single"), ==, 136906);
  g_assert_cmpint (amount (lookup (set, 1, 7, 2025), "assistance_norm_couple"), ==, 195580);
  g_assert_cmpint (amount (lookup (set, 1, 1, 2024), "assistance_norm_single"), ==, 128383);
  g_assert_cmpint (amount (lookup (set, 1, 1, 2024), "bvv_cap_single"), ==, 199621);
  g_assert_cmpint (amount (lookup (set, 1, 1, 2024), "bvv_cap_couple_with_children"), ==, 274709);
  g_assert_cmpint (dk_norm_table_get_confidence (lookup (set, 1, 1, 2024), "bvv_cap_single"), ==,
                   DK_NORM_CONFIDENCE_SECONDARY);
  g_assert_cmpint (amount (lookup (set, 1, 7, 2025), "institution_raise_single"), ==, 4500);
  g_assert_cmpint (amount (lookup (set, 1, 7, 2025), "max_rent"), ==, 90007);
}

/* --- malformed tables ------------------------------------------------------------------------- */

typedef void (*Mutate) (JsonObject *table);

/* A well-formed table: every key, all missing except the single norm (and a rate). */
static JsonObject *
valid_table (const char *valid_from)
{
  JsonObject *table = json_object_new ();
  JsonObject *figures = json_object_new ();
  const char * const *keys = dk_norms_get_keys ();

  json_object_set_string_member (table, "valid_from", valid_from);
  json_object_set_string_member (table, "title", "test");
  for (guint i = 0; keys[i] != NULL; i++)
    {
      JsonObject *figure = json_object_new ();

      if (g_str_equal (keys[i], "assistance_norm_single"))
        {
          json_object_set_int_member (figure, "cents", 140150);
          json_object_set_string_member (figure, "source", "Pw art. 21 a");
          json_object_set_string_member (figure, "confidence", "secondary");
        }
      else if (g_str_equal (keys[i], "health_taper"))
        {
          json_object_set_int_member (figure, "ppm", 137300);
          json_object_set_string_member (figure, "source", "Wzt art. 2 lid 3");
          json_object_set_string_member (figure, "confidence", "verified");
        }
      else
        {
          json_object_set_boolean_member (figure, "missing", TRUE);
          json_object_set_string_member (figure, "reason", "not needed for the test");
        }
      json_object_set_object_member (figures, keys[i], figure);
    }
  json_object_set_object_member (table, "figures", figures);
  return table;
}

static void
write_object (const char *dir,
              const char *name,
              JsonObject *object)
{
  g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (), object);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  json_generator_set_root (generator, root);
  json_generator_to_file (generator, path, &error);
  g_assert_no_error (error);
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static JsonObject *
figure_of (JsonObject *table,
           const char *key)
{
  return json_object_get_object_member (json_object_get_object_member (table, "figures"), key);
}

static void mutate_unknown_key (JsonObject *t)
{
  JsonObject *figure = json_object_new ();

  json_object_set_int_member (figure, "cents", 100);
  json_object_set_string_member (figure, "source", "x");
  json_object_set_string_member (figure, "confidence", "verified");
  json_object_set_object_member (json_object_get_object_member (t, "figures"), "assistance_norm_singel", figure);
}
static void mutate_bad_date (JsonObject *t) { json_object_set_string_member (t, "valid_from", "2026-13-01"); }
static void mutate_dutch_date (JsonObject *t) { json_object_set_string_member (t, "valid_from", "01-07-2026"); }
static void mutate_cents_and_ppm (JsonObject *t) { json_object_set_int_member (figure_of (t, "assistance_norm_single"), "ppm", 5); }
static void mutate_no_value (JsonObject *t) { json_object_remove_member (figure_of (t, "assistance_norm_single"), "cents"); }
static void mutate_rate_in_cents (JsonObject *t)
{
  JsonObject *figure = figure_of (t, "health_taper");

  json_object_remove_member (figure, "ppm");
  json_object_set_int_member (figure, "cents", 13730);
}
static void mutate_fraction (JsonObject *t) { json_object_set_double_member (figure_of (t, "assistance_norm_single"), "cents", 1401.5); }
static void mutate_negative (JsonObject *t) { json_object_set_int_member (figure_of (t, "assistance_norm_single"), "cents", -1); }
static void mutate_no_source (JsonObject *t) { json_object_set_string_member (figure_of (t, "assistance_norm_single"), "source", ""); }
static void mutate_bad_confidence (JsonObject *t) { json_object_set_string_member (figure_of (t, "assistance_norm_single"), "confidence", "likely"); }
static void mutate_derived_without_note (JsonObject *t) { json_object_set_string_member (figure_of (t, "assistance_norm_single"), "confidence", "derived"); }
static void mutate_unlisted_key (JsonObject *t) { json_object_remove_member (json_object_get_object_member (t, "figures"), "max_rent"); }
static void mutate_missing_false (JsonObject *t) { json_object_set_boolean_member (figure_of (t, "max_rent"), "missing", FALSE); }
static void mutate_missing_without_reason (JsonObject *t) { json_object_remove_member (figure_of (t, "max_rent"), "reason"); }
static void mutate_unknown_member (JsonObject *t) { json_object_set_string_member (figure_of (t, "assistance_norm_single"), "sourse", "typo"); }
static void mutate_unknown_top (JsonObject *t) { json_object_set_string_member (t, "valid_until", "2026-12-31"); }
static void mutate_no_title (JsonObject *t) { json_object_remove_member (t, "title"); }

typedef struct
{
  const char *name;
  Mutate      mutate;
  const char *expected;  /* in the message */
} MalformedCase;

static void
test_malformed_tables (void)
{
  static const MalformedCase cases[] = {
    { "unknown key", mutate_unknown_key, "unknown figure “assistance_norm_singel”" },
    { "bad date", mutate_bad_date, "“2026-13-01”, which is not a date" },
    { "Dutch date", mutate_dutch_date, "“01-07-2026”, which is not a date" },
    { "cents and ppm", mutate_cents_and_ppm, "“assistance_norm_single” has more than one of “cents”, “ppm” and “missing”" },
    { "no value", mutate_no_value, "“assistance_norm_single” has none of" },
    { "rate in cents", mutate_rate_in_cents, "“health_taper” is a rate and must be given in “ppm”" },
    { "fraction", mutate_fraction, "“assistance_norm_single” must be a whole number of cents" },
    { "negative", mutate_negative, "“assistance_norm_single” is negative" },
    { "no source", mutate_no_source, "“assistance_norm_single” has no source" },
    { "bad confidence", mutate_bad_confidence, "“assistance_norm_single” has no valid confidence" },
    { "derived without note", mutate_derived_without_note, "derived figure “assistance_norm_single” has no note" },
    { "unlisted key", mutate_unlisted_key, "“max_rent” is not listed" },
    { "missing false", mutate_missing_false, "“missing” of the figure “max_rent” must be true" },
    { "missing without reason", mutate_missing_without_reason, "missing figure “max_rent” has no reason" },
    { "unknown member", mutate_unknown_member, "unknown member “sourse”" },
    { "unknown top-level member", mutate_unknown_top, "unknown member “valid_until”" },
    { "no title", mutate_no_title, "“title” is missing" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *dir = g_dir_make_tmp ("dk-norms-XXXXXX", &error);
      g_autoptr(JsonObject) good = valid_table ("2026-01-01");
      g_autoptr(JsonObject) bad = valid_table ("2026-07-01");
      g_autoptr(DkNormSet) set = NULL;

      g_test_message ("case: %s", cases[i].name);
      g_assert_no_error (error);
      cases[i].mutate (bad);
      write_object (dir, "2026-01-01.json", good);
      write_object (dir, "2026-07-01.json", bad);

      set = dk_norm_set_load_dir (dir, &error);
      g_assert_null (set);
      g_assert_error (error, DK_NORMS_ERROR, DK_NORMS_ERROR_INVALID);
      g_test_message ("message: %s", error->message);
      g_assert_nonnull (strstr (error->message, "2026-07-01.json"));
      g_assert_nonnull (strstr (error->message, cases[i].expected));
      remove_dir (dir);
    }
}

static void
write_text (const char *dir,
            const char *name,
            const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

static void
delete_file (const char *dir,
             const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (g_unlink (path), ==, 0);
}

static void
test_malformed_set (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dk-norms-XXXXXX", &error);
  g_autoptr(JsonObject) table = valid_table ("2026-01-01");
  g_autoptr(DkNormSet) set = NULL;

  g_assert_no_error (error);

  /* An empty folder. */
  set = dk_norm_set_load_dir (dir, &error);
  g_assert_null (set);
  g_assert_error (error, DK_NORMS_ERROR, DK_NORMS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "holds no norm tables"));
  g_clear_error (&error);

  /* Two tables for one date. */
  write_object (dir, "a.json", table);
  write_object (dir, "b.json", table);
  set = dk_norm_set_load_dir (dir, &error);
  g_assert_null (set);
  g_assert_error (error, DK_NORMS_ERROR, DK_NORMS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "a.json and b.json both take effect on 2026-01-01"));
  g_clear_error (&error);
  delete_file (dir, "b.json");

  /* Not JSON at all. */
  write_text (dir, "broken.json", "{ \"valid_from\": ");
  set = dk_norm_set_load_dir (dir, &error);
  g_assert_null (set);
  g_assert_error (error, DK_NORMS_ERROR, DK_NORMS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "broken.json is malformed"));
  g_clear_error (&error);
  delete_file (dir, "broken.json");

  /* JSON, but not an object. */
  write_text (dir, "list.json", "[1, 2]");
  set = dk_norm_set_load_dir (dir, &error);
  g_assert_null (set);
  g_assert_error (error, DK_NORMS_ERROR, DK_NORMS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "does not hold a JSON object"));
  g_clear_error (&error);
  delete_file (dir, "list.json");

  /* The valid table loads, and files that are no tables (a README) are ignored. */
  write_text (dir, "README.md", "# notes");
  set = dk_norm_set_load_dir (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dk_norm_set_get_n_tables (set), ==, 1);
  remove_dir (dir);

  /* A folder that does not exist. */
  g_clear_pointer (&set, dk_norm_set_unref);
  set = dk_norm_set_load_dir ("/nonexistent/dk-norms", &error);
  g_assert_null (set);
  g_assert_error (error, DK_NORMS_ERROR, DK_NORMS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "/nonexistent/dk-norms cannot be read"));
}

/* DRAAGKRACHT_NORMS_DIR overrides the built-in tables; the default set is loaded once per process.
 * This must be the only test in this program that calls dk_norm_set_get_default(). */
static void
test_default_override (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dk-norms-XXXXXX", &error);
  g_autoptr(JsonObject) table = valid_table ("2030-01-01");
  g_autoptr(DkNormSet) first = NULL;
  g_autoptr(DkNormSet) second = NULL;

  g_assert_no_error (error);
  write_object (dir, "2030-01-01.json", table);
  g_setenv ("DRAAGKRACHT_NORMS_DIR", dir, TRUE);

  first = dk_norm_set_get_default (&error);
  g_assert_no_error (error);
  g_assert_cmpuint (dk_norm_set_get_n_tables (first), ==, 1);
  g_assert_cmpstr (dk_norm_table_get_id (dk_norm_set_get_table (first, 0)), ==, "2030-01-01");

  /* Cached: neither the environment nor the folder is read again. */
  g_unsetenv ("DRAAGKRACHT_NORMS_DIR");
  remove_dir (dir);
  second = dk_norm_set_get_default (&error);
  g_assert_no_error (error);
  g_assert_true (first == second);
}

static void
test_format_date (void)
{
  GDate date;
  g_autofree char *text = NULL;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, 7, 2026);
  text = dk_norms_format_date (&date);
  g_assert_cmpstr (text, ==, "1 July 2026");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/norms/builtin-tables", test_builtin_tables);
  g_test_add_func ("/norms/builtin-equals-source-dir", test_builtin_equals_source_dir);
  g_test_add_func ("/norms/lookup-boundaries", test_lookup_boundaries);
  g_test_add_func ("/norms/before-first-table", test_before_first_table);
  g_test_add_func ("/norms/missing-figure", test_missing_figure);
  g_test_add_func ("/norms/values-2026-01", test_values_2026_01);
  g_test_add_func ("/norms/values-2026-07", test_values_2026_07);
  g_test_add_func ("/norms/values-before-2026", test_values_before_2026);
  g_test_add_func ("/norms/malformed-tables", test_malformed_tables);
  g_test_add_func ("/norms/malformed-set", test_malformed_set);
  g_test_add_func ("/norms/default-override", test_default_override);
  g_test_add_func ("/norms/format-date", test_format_date);
  g_test_add_func ("/norms/interned-texts", test_interned_texts);

  return g_test_run ();
}
