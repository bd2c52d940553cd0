#include "config.h"

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
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = dk_format_rate (cases[i].ppm);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
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

  return g_test_run ();
}
