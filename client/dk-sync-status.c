#include "config.h"

#include <glib/gi18n.h>

#include "dk-sync-status.h"

static char *
format_last_sync (GDateTime *last_sync,
                  GDateTime *now)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (last_sync);
  g_autoptr(GDateTime) local_now = g_date_time_to_local (now);
  g_autofree char *time = g_date_time_format (local, "%H:%M");

  if (g_date_time_get_year (local) == g_date_time_get_year (local_now) &&
      g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (local_now))
    /* Translators: %s is a time of day, "10:42" */
    return g_strdup_printf (_("last synchronised today at %s"), time);
  else
    {
      g_autofree char *date = g_date_time_format (local, "%d-%m-%Y");

      /* Translators: a date "23-11-2026" and a time "10:42" */
      return g_strdup_printf (_("last synchronised on %s at %s"), date, time);
    }
}

char *
dk_sync_status_text (gboolean   online,
                     gboolean   syncing,
                     guint      received,
                     guint      waiting,
                     GDateTime *last_sync,
                     GDateTime *now)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (syncing && received > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (NULL, "Synchronising… %u change received",
                                                          "Synchronising… %u changes received", received),
                                             received));
  else if (syncing)
    g_ptr_array_add (parts, g_strdup (_("Synchronising…")));
  else
    g_ptr_array_add (parts, g_strdup (online ? _("Online") : _("Offline")));

  if (waiting > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (NULL, "%u change waiting", "%u changes waiting", waiting),
                                             waiting));

  if (last_sync != NULL)
    g_ptr_array_add (parts, format_last_sync (last_sync, now));
  else
    g_ptr_array_add (parts, g_strdup (_("never synchronised")));

  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}
