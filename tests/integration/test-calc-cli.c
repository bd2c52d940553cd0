#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

/* draagkracht-calc as a script or a worker runs it: a file or standard input in, JSON or Dutch text
 * out, exit code 2 with a clear message for every kind of bad input. */

#define SINGLE_ON_BENEFIT \
  "{\"calculation_date\": \"2026-01-15\", \"situation\": \"single\"," \
  " \"incomes\": [{\"kind\": \"benefit\", \"net_monthly_cents\": 140150}]," \
  " \"bvv\": {\"benefit_payer\": true}," \
  " \"debts\": [{\"creditor\": \"Woningcorporatie\", \"amount_cents\": 185000}]}"

static int
run_calc (const char  *stdin_text,
          const char  *arg,
          char       **out,
          char       **err)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  const char *binary = g_getenv ("DK_CALC_BINARY");

  g_assert_nonnull (binary);
  proc = g_subprocess_launcher_spawn (launcher, &error, binary, arg, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, stdin_text, NULL, out, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  return g_subprocess_get_exit_status (proc);
}

static void
test_json_from_stdin (void)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  g_assert_cmpint (run_calc (SINGLE_ON_BENEFIT, NULL, &out, &err), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "bvv_cents"), ==, 133143);
  g_assert_cmpint (json_object_get_int_member (root, "capacity_cents"), ==, 7007);
  g_assert_true (json_object_has_member (root, "proposal"));
  g_assert_true (json_object_has_member (root, "breakdown"));
}

static void
test_file_argument_and_explain (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dk-calc-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "household.json", NULL);
  g_autofree char *out = NULL, *err = NULL;

  g_assert_true (g_file_set_contents (path, SINGLE_ON_BENEFIT, -1, NULL));
  g_assert_cmpint (run_calc (NULL, path, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "\"capacity_cents\""));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* --explain speaks Dutch for a Dutch debt counsellor, whatever the machine's locale. */
  {
    g_autofree char *explain_args = g_strdup ("--explain");
    g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
    g_autoptr(GSubprocess) proc = NULL;

    g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
    g_subprocess_launcher_setenv (launcher, "LC_ALL", "C", TRUE);
    proc = g_subprocess_launcher_spawn (launcher, NULL, g_getenv ("DK_CALC_BINARY"), explain_args, path, NULL);
    g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, NULL);
    g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
    g_assert_nonnull (strstr (out, "€ 1.331,43"));
    g_assert_nonnull (strstr (out, "Aflossingscapaciteit"));
    g_assert_null (strstr (out, "Repayment capacity"));
  }

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_bad_input_exits_2 (void)
{
  static const struct {
    const char *input;
    const char *fragment;
  } cases[] = {
    { "not json", "JSON" },
    { "{\"calculation_date\": \"2026-01-15\", \"situation\": \"single\", \"colour\": \"blue\"}", "colour" },
    { "{\"calculation_date\": \"2026-01-15\", \"situation\": \"single\", \"bvv\": {\"benefit_payer\": true},"
      " \"incomes\": [{\"kind\": \"wage\", \"net_monthly_cents\": -100}]}", "net_monthly_cents" },
    { "{\"calculation_date\": \"2022-01-15\", \"situation\": \"single\", \"bvv\": {\"benefit_payer\": true}}", "2022" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL, *err = NULL;

      g_assert_cmpint (run_calc (cases[i].input, NULL, &out, &err), ==, 2);
      g_assert_cmpstr (out, ==, "");
      g_assert_nonnull (strstr (err, cases[i].fragment));
    }
}

/* The README's example input must keep working: it is what people copy. */
static void
test_readme_example (void)
{
  g_autofree char *readme_path = g_test_build_filename (G_TEST_DIST, "..", "README.md", NULL);
  g_autofree char *readme = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *example = NULL;
  const char *section, *start, *end;

  g_assert_true (g_file_get_contents (readme_path, &readme, NULL, NULL));
  section = strstr (readme, "## Calculating: `draagkracht-calc`");
  g_assert_nonnull (section);
  start = strstr (section, "```json\n");
  g_assert_nonnull (start);
  start += strlen ("```json\n");
  end = strstr (start, "```");
  g_assert_nonnull (end);
  example = g_strndup (start, end - start);

  g_assert_cmpint (run_calc (example, NULL, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "\"proposal\""));
}

static void
test_missing_file_exits_2 (void)
{
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run_calc (NULL, "/nonexistent/household.json", &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "household.json"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/calc-cli/json-from-stdin", test_json_from_stdin);
  g_test_add_func ("/calc-cli/file-and-explain", test_file_argument_and_explain);
  g_test_add_func ("/calc-cli/bad-input", test_bad_input_exits_2);
  g_test_add_func ("/calc-cli/missing-file", test_missing_file_exits_2);
  g_test_add_func ("/calc-cli/readme-example", test_readme_example);

  return g_test_run ();
}
