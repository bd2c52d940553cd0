#include "config.h"

#include <glib/gi18n-lib.h>

#include "dk-admin-output.h"
#include "dk-admin-signals.h"
#include "dk-date.h"
#include "dk-signal-import.h"
#include "dk-signal-match-store.h"
#include "dk-signal-store.h"
#include "dk-uuid.h"

typedef struct
{
  DkAdmin        *admin;
  DkSignalImport *import;
  const char     *source_name;
  const char     *import_id;
  guint           n_new;
  guint           n_known;
} Import;

static gboolean
import_in_transaction (DkStore   *store,
                       gpointer   user_data,
                       GError   **error)
{
  Import *i = user_data;

  /* The audit row names the import by its id; the rows it brought carry the same import_id. */
  return dk_signal_store_import (store, i->import->signals, i->source_name, i->import_id, &i->n_new, &i->n_known,
                                 error) &&
         dk_admin_audit (i->admin, "admin.signals.import", i->import_id, NULL, error);
}

gboolean
dk_admin_signals_import (DkAdmin   *admin,
                         int        argc,
                         char     **argv,
                         GError   **error)
{
  g_autofree char *format_name = NULL;
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name,
      N_("Read the file as csv or json (default: from its extension)"), N_("FORMAT") },
    { NULL }
  };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(DkSignalImport) import = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *source_name = NULL;
  g_autofree char *import_id = dk_uuid_new ();
  g_autofree char *imported = NULL;
  g_autofree char *known = NULL;
  DkSignalFormat format;
  GDate today;
  Import i = { admin };

  if (!dk_admin_parse (admin, entries, &argc, &argv, 1, 1, error))
    return FALSE;
  if (format_name != NULL && !dk_signal_format_from_name (format_name, &format))
    {
      dk_admin_usage_error (admin, error, _("--format must be csv or json."));
      return FALSE;
    }
  if (format_name == NULL && !dk_signal_format_for_path (argv[1], &format))
    {
      dk_admin_usage_error (admin, error, _("The file name does not end in .csv or .json; give --format."));
      return FALSE;
    }

  /* Signal dates may not lie after today, in UTC as every stored time. */
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, (GDateDay) g_date_time_get_day_of_month (now), (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
  import = dk_signal_import_file (argv[1], format, &today, &local_error);
  if (import == NULL)
    {
      g_set_error_literal (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_BAD_INPUT, local_error->message);
      return FALSE;
    }

  source_name = g_path_get_basename (argv[1]);
  i.import = import;
  i.source_name = source_name;
  i.import_id = import_id;
  if (!dk_store_transaction (admin->store, import_in_transaction, &i, error))
    return FALSE;

  imported = g_strdup_printf (ngettext ("Imported %u new signal", "Imported %u new signals", i.n_new), i.n_new);
  known = g_strdup_printf (ngettext ("%u was already known", "%u were already known", i.n_known), i.n_known);
  /* TRANSLATORS: "Imported 12 new signals; 3 were already known." */
  g_print (_("%s; %s.\n"), imported, known);
  for (guint e = 0; e < import->errors->len; e++)
    g_printerr ("%s\n", ((DkSignalRowError *) import->errors->pdata[e])->message);
  return TRUE;
}

static const DkAdminColumn signal_columns[] = {
  { "partner_type", N_("Partner type"), DK_ADMIN_COLUMN_TEXT },
  { "signals", N_("Signals"), DK_ADMIN_COLUMN_NUMBER },
  { "newest_signal_date", N_("Newest signal"), DK_ADMIN_COLUMN_TEXT },
};

gboolean
dk_admin_signals_list (DkAdmin   *admin,
                       int        argc,
                       char     **argv,
                       GError   **error)
{
  g_autoptr(GArray) counts = NULL;
  g_autoptr(JsonArray) rows = json_array_new ();

  if (!dk_admin_parse (admin, NULL, &argc, &argv, 0, 0, error))
    return FALSE;
  counts = dk_signal_store_count_by_partner (admin->store, error);
  if (counts == NULL)
    return FALSE;

  for (guint c = 0; c < counts->len; c++)
    {
      const DkSignalPartnerCount *count = &g_array_index (counts, DkSignalPartnerCount, c);
      g_autofree char *newest = dk_date_format_iso (&count->newest_signal_date);
      JsonObject *row = json_object_new ();

      json_object_set_string_member (row, "partner_type", dk_signal_partner_to_ddas (count->partner_type));
      json_object_set_int_member (row, "signals", count->n_signals);
      json_object_set_string_member (row, "newest_signal_date", newest);
      json_array_add_object_element (rows, row);
    }

  dk_admin_print_rows (admin, signal_columns, G_N_ELEMENTS (signal_columns), rows,
                       _("No early signals have been imported."));
  return TRUE;
}

typedef struct
{
  DkAdmin              *admin;
  DkSignalPolicy       *policy;
  GDate                 today;
  DkSignalMatchSummary  summary;
} Match;

static gboolean
match_in_transaction (DkStore   *store,
                      gpointer   user_data,
                      GError   **error)
{
  Match *m = user_data;

  return dk_signal_match_store_run (store, m->policy, &m->today, &m->summary, error) &&
         dk_admin_audit (m->admin, "admin.signals.match", NULL, NULL, error);
}

gboolean
dk_admin_signals_match (DkAdmin   *admin,
                        int        argc,
                        char     **argv,
                        GError   **error)
{
  g_autofree char *policy_path = NULL;
  const GOptionEntry entries[] = {
    { "policy", 0, 0, G_OPTION_ARG_FILENAME, &policy_path,
      N_("Read the matching policy (thresholds, matching period) from FILE"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(DkSignalPolicy) policy = NULL;
  g_autoptr(GError) local_error = NULL;
  Match m = { admin };
  const guint *cases;

  if (!dk_admin_parse (admin, entries, &argc, &argv, 0, 0, error))
    return FALSE;
  if (policy_path != NULL)
    {
      policy = dk_signal_policy_load_file (policy_path, &local_error);
      if (policy == NULL)
        {
          g_set_error_literal (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_BAD_INPUT, local_error->message);
          return FALSE;
        }
    }
  else
    policy = dk_signal_policy_new ();

  /* The matching date, in UTC as every stored time. */
  g_date_clear (&m.today, 1);
  g_date_set_dmy (&m.today, (GDateDay) g_date_time_get_day_of_month (now), (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
  m.policy = policy;
  if (!dk_store_transaction (admin->store, match_in_transaction, &m, error))
    return FALSE;

  /* Counts only: the cases hold BSNs and addresses, the output never does. */
  cases = m.summary.n_cases_by_kind;
  g_print (_("Signals matched: %u\n"), m.summary.n_signals);
  g_print (_("New cases: %u\n"), cases[DK_SIGNAL_CASE_NEW]);
  g_print (_("Already known (to the counsellor of a running dossier): %u\n"), cases[DK_SIGNAL_CASE_KNOWN]);
  g_print (_("Contact by the former counsellor: %u\n"), cases[DK_SIGNAL_CASE_CONTACT_FORMER_COUNSELLOR]);
  g_print (_("Set aside by the policy (cases): %u\n"), cases[DK_SIGNAL_CASE_SET_ASIDE]);
  g_print (_("Signals picked up: %u; repeat signals: %u; set aside by the policy: %u\n"), m.summary.n_picked_up,
           m.summary.n_repeat, m.summary.n_set_aside);
  g_print (_("Signals added to a case that was already open: %u\n"), m.summary.n_attached);
  g_print (_("Multiple-signal cases: %u; crisis cases: %u\n"), m.summary.n_multiple, m.summary.n_crisis);
  return TRUE;
}
