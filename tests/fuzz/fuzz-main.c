#include "config.h"

#include <stdint.h>
#include <string.h>

#include <gio/gio.h>

/*
 * A main() for the fuzz targets when they are built without libFuzzer (any compiler, every
 * build): runs each file named on the command line, or each file in a folder named there, through
 * LLVMFuzzerTestOneInput() once. The seed corpus and the inputs of findings that were fixed stay a
 * regression test of the ordinary test suite that way.
 */

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static guint n_run;

static void
run_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize size = 0;

  if (!g_file_get_contents (path, &data, &size, &error))
    g_error ("%s", error->message);

  LLVMFuzzerTestOneInput ((const uint8_t *) data, size);
  n_run++;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
run_path (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      run_file (path);
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    g_error ("Cannot read the folder %s", path);

  /* In name order, so a failure is the same failure every time. */
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    run_file (names->pdata[i]);
}

int
main (int   argc,
      char *argv[])
{
  LLVMFuzzerInitialize (&argc, &argv);

  for (int i = 1; i < argc; i++)
    run_path (argv[i]);

  if (n_run == 0)
    g_error ("No input was run");

  g_print ("%u inputs run\n", n_run);
  return 0;
}
