#include "config.h"

#include <glib/gi18n-lib.h>

#include "dk-admin-compact.h"
#include "dk-admin-output.h"
#include "dk-sync-compact.h"

typedef struct
{
  DkAdmin            *admin;
  guint               days;
  DkSyncCompactStats  stats;
} Compact;

static gboolean
compact_in_transaction (DkStore   *store,
                        gpointer   user_data,
                        GError   **error)
{
  Compact *c = user_data;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return dk_sync_compact (store, now, c->days, &c->stats, error) &&
         dk_admin_audit (c->admin, "admin.compact", NULL, NULL, error);
}

gboolean
dk_admin_compact (DkAdmin   *admin,
                  int        argc,
                  char     **argv,
                  GError   **error)
{
  int days = -1;
  const GOptionEntry entries[] = {
    { "days", 0, 0, G_OPTION_ARG_INT, &days,
      N_("Keep tombstones and history for N days (default: the config’s [retention] tombstone-days)"), N_("N") },
    { NULL }
  };
  Compact c = { admin, 0, { 0 } };
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *low_water = NULL;

  if (!dk_admin_parse (admin, entries, &argc, &argv, 0, 0, error))
    return FALSE;
  if (days != -1 && (days < 1 || days > 3650))
    {
      dk_admin_usage_error (admin, error, _("--days must be a number of days from 1 to 3650."));
      return FALSE;
    }
  c.days = days != -1 ? (guint) days : admin->config->tombstone_days;

  if (!dk_store_transaction (admin->store, compact_in_transaction, &c, error))
    return FALSE;

  if (admin->json)
    {
      json_object_set_int_member (object, "tombstone_days", c.days);
      json_object_set_int_member (object, "low_water_seq", c.stats.low_water_seq);
      json_object_set_int_member (object, "entries_removed", c.stats.entries_removed);
      json_object_set_int_member (object, "entries_slimmed", c.stats.entries_slimmed);
      json_object_set_int_member (object, "rows_removed", c.stats.rows_removed);
      json_object_set_int_member (object, "conflicts_removed", c.stats.conflicts_removed);
      json_object_set_int_member (object, "device_scopes_removed", c.stats.device_scopes_removed);
      json_object_set_int_member (object, "assignments_removed", c.stats.assignments_removed);
      node = json_node_init_object (json_node_alloc (), object);
      dk_admin_print_json (node);
      return TRUE;
    }

  low_water = g_strdup_printf ("%" G_GINT64_FORMAT, c.stats.low_water_seq);
  g_print (ngettext ("Compacted with a window of %u day.\n", "Compacted with a window of %u days.\n", c.days),
           c.days);
  /* Labels and numbers, so that no count needs a plural form. */
  g_print (_("Change-log entries removed: %u; kept as receipts: %u; low-water mark: %s.\n"),
           c.stats.entries_removed, c.stats.entries_slimmed, low_water);
  g_print (_("Removed for good — deleted records: %u; resolved conflicts: %u; device holdings: %u; "
             "assignments: %u.\n"),
           c.stats.rows_removed, c.stats.conflicts_removed, c.stats.device_scopes_removed,
           c.stats.assignments_removed);
  return TRUE;
}
