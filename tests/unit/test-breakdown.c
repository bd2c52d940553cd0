#include "config.h"

#include <string.h>

#include "dk-breakdown.h"

static DkBreakdown *
sample (void)
{
  DkBreakdown *root = dk_breakdown_new (DK_BREAKDOWN_MONEY, "bvv", "BVV", 133143, "Rv art. 475da");
  DkBreakdown *base = dk_breakdown_add (root, DK_BREAKDOWN_MONEY, "bvv.base", "95% of the norm", 133143, NULL);

  dk_breakdown_add (base, DK_BREAKDOWN_RATE, "bvv.base.rate", "share", 950000, NULL);
  dk_breakdown_set_note (base, "rounded half up");
  dk_breakdown_add (root, DK_BREAKDOWN_COUNT, "term", "months", 18, NULL);
  return root;
}

static void
test_tree (void)
{
  g_autoptr(DkBreakdown) root = sample ();

  g_assert_cmpuint (dk_breakdown_get_n_children (root), ==, 2);
  g_assert_cmpint (dk_breakdown_get_value (dk_breakdown_find (root, "bvv.base.rate")), ==, 950000);
  g_assert_null (dk_breakdown_find (root, "nope"));
  g_assert_cmpstr (dk_breakdown_get_note (dk_breakdown_find (root, "bvv.base")), ==, "rounded half up");
}

static void
test_json (void)
{
  g_autoptr(DkBreakdown) root = sample ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  dk_breakdown_to_json (root, builder);
  node = json_builder_get_root (builder);
  text = json_to_string (node, FALSE);
  g_assert_cmpstr (text, ==,
                   "{\"id\":\"bvv\",\"label\":\"BVV\",\"kind\":\"money\",\"value\":133143,\"rule\":\"Rv art. 475da\","
                   "\"children\":[{\"id\":\"bvv.base\",\"label\":\"95% of the norm\",\"kind\":\"money\",\"value\":133143,"
                   "\"note\":\"rounded half up\",\"children\":[{\"id\":\"bvv.base.rate\",\"label\":\"share\",\"kind\":\"rate\","
                   "\"value\":950000}]},{\"id\":\"term\",\"label\":\"months\",\"kind\":\"count\",\"value\":18}]}");
}

static void
test_text (void)
{
  g_autoptr(DkBreakdown) root = sample ();
  g_autofree char *text = dk_breakdown_to_text (root);

  g_assert_cmpstr (text, ==,
                   "BVV: € 1.331,43 (Rv art. 475da)\n"
                   "  95% of the norm: € 1.331,43\n"
                   "    Note: rounded half up\n"
                   "    share: 95%\n"
                   "  months: 18\n");
}

static void
test_rates (void)
{
  static const struct { gint64 ppm; const char *text; } cases[] = {
    { 950000, "95%" }, { 137300, "13,73%" }, { 76000, "7,6%" }, { 1, "0,0001%" },
    { 0, "0%" }, { -5000, "-0,5%" }, { -1250000, "-125%" }, { 1000000, "100%" },
    { 10000, "1%" }, { 10010, "1,001%" }, { 99990, "9,999%" }, { -1, "-0,0001%" }, { -137300, "-13,73%" },
    { 123456789, "12345,6789%" }, { G_MAXINT64, "922337203685477,5807%" }, { G_MININT64, "-922337203685477,5808%" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = dk_format_rate (cases[i].ppm);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* The _static variants keep the caller's pointers; dk_breakdown_new() keeps copies. */
static void
test_static_and_copied (void)
{
  static const char id[] = "capacity.income";
  static const char rule[] = "input";
  char copied_id[] = "line.copied";
  char copied_label[] = "Copied label";
  char copied_rule[] = "copied rule";
  g_autoptr(DkBreakdown) root = dk_breakdown_new_static (DK_BREAKDOWN_MONEY, id, "Net income", 1000, rule);
  DkBreakdown *copy = dk_breakdown_add (root, DK_BREAKDOWN_COUNT, copied_id, copied_label, 3, copied_rule);
  DkBreakdown *no_rule = dk_breakdown_add (root, DK_BREAKDOWN_TEXT, "line.no_rule", "No rule", 0, NULL);
  DkBreakdown *empty = dk_breakdown_add_static (root, DK_BREAKDOWN_TEXT, "line.empty", "", 0, NULL);

  g_assert_true (dk_breakdown_get_id (root) == id);
  g_assert_true (dk_breakdown_get_rule (root) == rule);
  g_assert_cmpstr (dk_breakdown_get_label (root), ==, "Net income");

  memset (copied_id, 'x', sizeof copied_id - 1);
  memset (copied_label, 'x', sizeof copied_label - 1);
  memset (copied_rule, 'x', sizeof copied_rule - 1);
  g_assert_cmpstr (dk_breakdown_get_id (copy), ==, "line.copied");
  g_assert_cmpstr (dk_breakdown_get_label (copy), ==, "Copied label");
  g_assert_cmpstr (dk_breakdown_get_rule (copy), ==, "copied rule");
  g_assert_null (dk_breakdown_get_rule (no_rule));
  /* An empty msgid must not be looked up: gettext would answer with the catalogue's header. */
  g_assert_cmpstr (dk_breakdown_get_label (empty), ==, "");
  g_assert_true (dk_breakdown_find (root, "line.no_rule") == no_rule);
}

static void
test_note_kinds (void)
{
  g_autoptr(DkBreakdown) root = dk_breakdown_new_static (DK_BREAKDOWN_MONEY, "root", "Root", 0, NULL);
  DkBreakdown *line = dk_breakdown_add_static (root, DK_BREAKDOWN_MONEY, "line", "Line", 0, NULL);
  const char *interned = g_intern_string ("An interned note");

  g_assert_null (dk_breakdown_get_note (line));
  dk_breakdown_set_note_static (line, "A static note");
  g_assert_cmpstr (dk_breakdown_get_note (line), ==, "A static note");
  dk_breakdown_take_note (line, g_strdup ("An adopted note"));
  g_assert_cmpstr (dk_breakdown_get_note (line), ==, "An adopted note");

  /* A note that lives as long as the process is kept, not copied. */
  dk_breakdown_set_note_interned (line, interned);
  g_assert_true (dk_breakdown_get_note (line) == interned);

  dk_breakdown_set_note (line, "A copied note");
  g_assert_cmpstr (dk_breakdown_get_note (line), ==, "A copied note");
  dk_breakdown_set_note (line, NULL);
  g_assert_null (dk_breakdown_get_note (line));
}

static guint n_notes_made;

static char *
counting_note (const char *text1,
               const char *text2,
               gint64      value1,
               gint64      value2)
{
  n_notes_made++;
  return g_strdup_printf ("%s, %s: %" G_GINT64_FORMAT " + %" G_GINT64_FORMAT,
                          text1 != NULL ? text1 : "none", text2 != NULL ? text2 : "none", value1, value2);
}

/* A note made from its numbers when first read, once, and then kept. */
static void
test_note_func (void)
{
  g_autoptr(DkBreakdown) root = sample ();
  DkBreakdown *line = dk_breakdown_find (root, "term");
  DkBreakdown *other = dk_breakdown_find (root, "bvv.base.rate");
  const char *text = g_intern_string ("table 2026-07-01");
  g_autofree char *tree = NULL;
  const char *note;

  n_notes_made = 0;
  dk_breakdown_set_note_func (line, counting_note, text, "text two", 1, -2);
  dk_breakdown_set_note_func (other, counting_note, NULL, NULL, 4, G_MAXINT64);
  g_assert_cmpuint (n_notes_made, ==, 0);

  note = dk_breakdown_get_note (line);
  g_assert_cmpstr (note, ==, "table 2026-07-01, text two: 1 + -2");
  g_assert_true (dk_breakdown_get_note (line) == note);
  g_assert_cmpuint (n_notes_made, ==, 1);

  tree = dk_breakdown_to_text (root);
  g_assert_cmpstr (tree, ==,
                   "BVV: € 1.331,43 (Rv art. 475da)\n"
                   "  95% of the norm: € 1.331,43\n"
                   "    Note: rounded half up\n"
                   "    share: 95%\n"
                   "      Note: none, none: 4 + 9223372036854775807\n"
                   "  months: 18\n"
                   "    Note: table 2026-07-01, text two: 1 + -2\n");
  g_assert_cmpuint (n_notes_made, ==, 2);

  /* Replacing a lazy note, read or not, frees what it held. */
  dk_breakdown_set_note_static (line, "static again");
  g_assert_cmpstr (dk_breakdown_get_note (line), ==, "static again");
  dk_breakdown_set_note_func (line, counting_note, NULL, NULL, 7, 8);
  g_assert_cmpstr (dk_breakdown_get_note (line), ==, "none, none: 7 + 8");
  dk_breakdown_set_note_func (line, counting_note, NULL, NULL, 10, 11);
  g_assert_cmpstr (dk_breakdown_get_note (line), ==, "none, none: 10 + 11");
  dk_breakdown_set_note_func (line, counting_note, NULL, NULL, 12, 13);
}

/* Children keep their order past the first allocation of the list. */
static void
test_many_children (void)
{
  g_autoptr(DkBreakdown) root = dk_breakdown_new_static (DK_BREAKDOWN_MONEY, "root", "Root", 0, NULL);
  DkBreakdown *shared = dk_breakdown_new_static (DK_BREAKDOWN_COUNT, "shared", "Shared", 7, NULL);

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *id = g_strdup_printf ("child.%u", i);

      dk_breakdown_add (root, DK_BREAKDOWN_COUNT, id, "Child", i, NULL);
    }
  /* One line may sit in two places; each holds a reference. */
  dk_breakdown_append (root, dk_breakdown_ref (shared));
  dk_breakdown_append (dk_breakdown_get_child (root, 3), shared);

  g_assert_cmpuint (dk_breakdown_get_n_children (root), ==, 41);
  for (guint i = 0; i < 40; i++)
    g_assert_cmpint (dk_breakdown_get_value (dk_breakdown_get_child (root, i)), ==, i);
  g_assert_true (dk_breakdown_get_child (root, 40) == shared);
  g_assert_true (dk_breakdown_find (root, "child.39") == dk_breakdown_get_child (root, 39));
  g_assert_true (dk_breakdown_get_child (dk_breakdown_get_child (root, 3), 0) == shared);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/breakdown/tree", test_tree);
  g_test_add_func ("/breakdown/json", test_json);
  g_test_add_func ("/breakdown/text", test_text);
  g_test_add_func ("/breakdown/rates", test_rates);
  g_test_add_func ("/breakdown/static-and-copied", test_static_and_copied);
  g_test_add_func ("/breakdown/note-kinds", test_note_kinds);
  g_test_add_func ("/breakdown/note-func", test_note_func);
  g_test_add_func ("/breakdown/many-children", test_many_children);

  return g_test_run ();
}
