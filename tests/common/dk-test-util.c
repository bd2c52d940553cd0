#include "dk-test-util.h"

/* A fresh private directory per test, so tests never see each other's databases. */
char *
dk_test_make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *path = g_dir_make_tmp ("draagkracht-test-XXXXXX", &error);

  g_assert_no_error (error);
  return path;
}

static void
remove_file_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) children = NULL;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (children != NULL)
    {
      GFile *child;

      while (g_file_enumerator_iterate (children, NULL, &child, NULL, NULL) && child != NULL)
        remove_file_tree (child);
    }

  g_file_delete (file, NULL, NULL);
}

void
dk_test_remove_tree (const char *path)
{
  g_autoptr(GFile) file = NULL;

  if (path == NULL)
    return;

  file = g_file_new_for_path (path);
  remove_file_tree (file);
}
