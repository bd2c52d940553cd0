#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <gio/gunixinputstream.h>

#include "dk-calculation.h"

/* draagkracht-calc: one household situation as JSON in (a file or standard input), the full result
 * with its breakdown as JSON out, or with --explain as readable text. Exit code 2 for any input the
 * program cannot calculate with, so scripts can tell bad input from a crash. */

static GBytes *
read_input (const char  *path,
            GError     **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GOutputStream) memory = NULL;

  if (path != NULL && !g_str_equal (path, "-"))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);

      stream = G_INPUT_STREAM (g_file_read (file, NULL, error));
      if (stream == NULL)
        return NULL;
    }
  else
    stream = g_unix_input_stream_new (0, FALSE);

  memory = g_memory_output_stream_new_resizable ();
  if (g_output_stream_splice (memory, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, error) < 0)
    return NULL;

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

/* --explain is for a Dutch debt counsellor: Dutch unless the user chose a language themselves. */
static void
prefer_dutch (void)
{
  const char *messages;

  if (g_getenv ("LANGUAGE") == NULL)
    g_setenv ("LANGUAGE", "nl", TRUE);

  messages = setlocale (LC_MESSAGES, NULL);
  if (messages == NULL || g_str_equal (messages, "C") || g_str_equal (messages, "POSIX"))
    setlocale (LC_MESSAGES, "C.UTF-8");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(DkCalculationInput) input = NULL;
  g_autoptr(DkNormSet) norms = NULL;
  g_auto(DkCalculationResult) result = { 0 };
  const char *localedir = g_getenv ("DRAAGKRACHT_LOCALEDIR");
  gboolean explain = FALSE;
  gboolean version = FALSE;
  const GOptionEntry entries[] = {
    { "explain", 'e', 0, G_OPTION_ARG_NONE, &explain, N_("Print the result as readable text instead of JSON"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Show the version and exit"), NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  /* Decided before gettext is set up, so option help and errors follow the choice too. */
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--explain") || g_str_equal (argv[i], "-e"))
      prefer_dutch ();
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("draagkracht-calc");

  context = g_option_context_new (_("[FILE]"));
  g_option_context_set_summary (context,
                                _("Calculates the BVV, VTLB, repayment capacity and payment proposal for one "
                                  "household from a JSON document (FILE, or standard input)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("draagkracht-calc: %s\n", error->message);
      return 2;
    }

  if (version)
    {
      g_print ("draagkracht-calc %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (argc > 2)
    {
      g_printerr ("draagkracht-calc: %s\n", _("Give at most one input file"));
      return 2;
    }

  bytes = read_input (argc == 2 ? argv[1] : NULL, &error);
  if (bytes == NULL ||
      (input = dk_calculation_input_from_data (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error)) == NULL ||
      (norms = dk_norm_set_get_default (&error)) == NULL ||
      !dk_calculation_run (norms, input, &result, &error))
    {
      g_printerr ("draagkracht-calc: %s\n", error->message);
      return 2;
    }

  if (explain)
    {
      g_autofree char *text = dk_calculation_result_to_text (&result);

      /* Always UTF-8 (g_print would convert to the locale's charset and lose the € sign). */
      fputs (text, stdout);
    }
  else
    {
      g_autoptr(JsonNode) root = dk_calculation_result_to_json (&result);
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autofree char *json = NULL;

      json_generator_set_pretty (generator, TRUE);
      json_generator_set_root (generator, root);
      json = json_generator_to_data (generator, NULL);
      fputs (json, stdout);
      fputc ('\n', stdout);
    }

  return 0;
}
