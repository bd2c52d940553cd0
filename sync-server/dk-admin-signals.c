#include "config.h"

#include <glib/gi18n-lib.h>

#include "dk-admin-output.h"
#include "dk-admin-signals.h"
#include "dk-date.h"
#include "dk-signal-import.h"
#include "dk-signal-match-store.h"
#include "dk-signal-publish.h"
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

/* --user NAME: the worker new work dossiers are assigned to (NULL without the option). */
static gboolean
find_assignee (DkAdmin      *admin,
               const char   *name,
               DkAdminUser **out_user,
               GError      **error)
{
  g_autoptr(DkAdminUser) user = NULL;

  *out_user = NULL;
  if (name == NULL)
    return TRUE;
  user = dk_admin_find_user (admin, name, error);
  if (user == NULL)
    return FALSE;
  if (user->role == DK_ROLE_ADMINISTRATOR)
    {
      g_set_error (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_REFUSED,
                   _("“%s” is an administrator, and administrators never see case data: assign the dossier "
                     "to a worker."),
                   user->user_name);
      return FALSE;
    }
  if (user->disabled)
    {
      g_set_error (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_REFUSED,
                   _("“%s” is disabled: enable the account before assigning dossiers to it."), user->user_name);
      return FALSE;
    }
  *out_user = g_steal_pointer (&user);
  return TRUE;
}

/* The policy of --policy FILE, else of the config's [signals] policy-file, else the defaults. */
static DkSignalPolicy *
load_policy (DkAdmin     *admin,
             const char  *path,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  DkSignalPolicy *policy;

  if (path == NULL)
    path = admin->config->signal_policy_file;
  if (path == NULL)
    return dk_signal_policy_new ();
  policy = dk_signal_policy_load_file (path, &local_error);
  if (policy == NULL)
    g_set_error_literal (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_BAD_INPUT, local_error->message);
  return policy;
}

static void
print_publish_summary (const DkSignalPublishSummary *summary)
{
  /* Counts only, as for the matching. */
  g_print (_("New work dossiers for the field workers: %u\n"), summary->n_published);
  g_print (_("Work dossiers brought up to date with new signals: %u\n"), summary->n_updated);
  g_print (_("Tasks put in running or recently closed dossiers: %u\n"), summary->n_tasks);
}

typedef struct
{
  DkAdmin                *admin;
  DkSignalPolicy         *policy;
  GDate                   today;
  const char             *user_id;
  DkSignalMatchSummary    summary;
  DkSignalPublishSummary  published;
} Match;

static gboolean
match_in_transaction (DkStore   *store,
                      gpointer   user_data,
                      GError   **error)
{
  Match *m = user_data;
  DkSignalPublishOptions options = { m->user_id, &m->today };

  /* A case closed on a device first, so that it takes no new signals. */
  return dk_signal_publish_collect (store, error) &&
         dk_signal_match_store_run (store, m->policy, &m->today, &m->summary, error) &&
         dk_signal_publish (store, &options, &m->published, error) &&
         dk_admin_audit (m->admin, "admin.signals.match", m->user_id, NULL, error);
}

gboolean
dk_admin_signals_match (DkAdmin   *admin,
                        int        argc,
                        char     **argv,
                        GError   **error)
{
  g_autofree char *policy_path = NULL;
  g_autofree char *user_name = NULL;
  const GOptionEntry entries[] = {
    { "policy", 0, 0, G_OPTION_ARG_FILENAME, &policy_path,
      N_("Read the matching policy (thresholds, matching period) from FILE"), N_("FILE") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user_name,
      N_("Assign the new work dossiers to the field worker USER"), N_("USER") },
    { NULL }
  };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(DkSignalPolicy) policy = NULL;
  g_autoptr(DkAdminUser) user = NULL;
  Match m = { admin };
  const guint *cases;

  if (!dk_admin_parse (admin, entries, &argc, &argv, 0, 0, error))
    return FALSE;
  if ((policy = load_policy (admin, policy_path, error)) == NULL || !find_assignee (admin, user_name, &user, error))
    return FALSE;

  /* The matching date, in UTC as every stored time. */
  g_date_clear (&m.today, 1);
  g_date_set_dmy (&m.today, (GDateDay) g_date_time_get_day_of_month (now), (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
  m.policy = policy;
  m.user_id = user != NULL ? user->id : NULL;
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
  print_publish_summary (&m.published);
  return TRUE;
}

typedef struct
{
  DkAdmin                *admin;
  const char             *user_id;
  DkSignalPublishSummary  published;
} Publish;

static gboolean
publish_in_transaction (DkStore   *store,
                        gpointer   user_data,
                        GError   **error)
{
  Publish *p = user_data;
  DkSignalPublishOptions options = { p->user_id, NULL };

  return dk_signal_publish_collect (store, error) &&
         dk_signal_publish (store, &options, &p->published, error) &&
         dk_admin_audit (p->admin, "admin.signals.publish", p->user_id, NULL, error);
}

gboolean
dk_admin_signals_publish (DkAdmin   *admin,
                          int        argc,
                          char     **argv,
                          GError   **error)
{
  g_autofree char *user_name = NULL;
  const GOptionEntry entries[] = {
    { "user", 0, 0, G_OPTION_ARG_STRING, &user_name,
      N_("Assign the new work dossiers to the field worker USER"), N_("USER") },
    { NULL }
  };
  g_autoptr(DkAdminUser) user = NULL;
  Publish p = { admin };

  if (!dk_admin_parse (admin, entries, &argc, &argv, 0, 0, error) || !find_assignee (admin, user_name, &user, error))
    return FALSE;
  p.user_id = user != NULL ? user->id : NULL;
  if (!dk_store_transaction (admin->store, publish_in_transaction, &p, error))
    return FALSE;
  print_publish_summary (&p.published);
  return TRUE;
}
