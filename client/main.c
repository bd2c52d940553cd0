#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "dk-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(DkApplication) app = NULL;
  const char *localedir = g_getenv ("DRAAGKRACHT_LOCALEDIR");

  /* DRAAGKRACHT_LOCALEDIR lets a build-tree run (demo, tests) use the freshly built translations. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* A stable name: the accessibility tree (and so the UI tests) finds the app by it. */
  g_set_prgname ("draagkracht");
  g_set_application_name (_("Draagkracht"));

  app = dk_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
