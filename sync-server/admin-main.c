#include "config.h"

#include <locale.h>
#include <glib/gi18n-lib.h>

#include "dk-admin-commands.h"

int
main (int   argc,
      char *argv[])
{
  /* DRAAGKRACHT_LOCALEDIR lets a build-tree run (tests) use the freshly built translations. */
  const char *localedir = g_getenv ("DRAAGKRACHT_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("draagkracht-admin");

  return dk_admin_main (argc, argv);
}
