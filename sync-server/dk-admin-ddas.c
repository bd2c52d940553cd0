#include "config.h"

#include <stdio.h>

#include <glib/gi18n-lib.h>

#include "dk-admin-ddas.h"
#include "dk-admin-output.h"
#include "dk-date.h"
#include "dk-ddas-export.h"
#include "dk-signal-feedback.h"
#include "dk-signal-outcome-store.h"
#include "dk-signal-period.h"
#include "dk-signal-publish.h"
#include "dk-signal-report-json.h"
#include "dk-signal-report.h"

static GDate
today_utc (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return dk_date_ymd ((GDateYear) g_date_time_get_year (now), (GDateMonth) g_date_time_get_month (now),
                      (GDateDay) g_date_time_get_day_of_month (now));
}

/* @text as a date into @out (today when NULL); a usage error naming @option otherwise. */
static gboolean
parse_date_option (DkAdmin     *admin,
                   const char  *option,
                   const char  *text,
                   GDate       *out,
                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (text == NULL)
    {
      *out = today_utc ();
      return TRUE;
    }
  g_date_clear (out, 1);
  if (!dk_date_parse (text, out, &local_error))
    {
      dk_admin_usage_error (admin, error, _("%s: %s"), option, local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* The outcome store's errors as the admin's: an unknown code or case is the operator's input. */
static void
translate_error (GError  *local_error,
                 GError **error)
{
  int code = DK_ADMIN_ERROR_FAILED;

  if (g_error_matches (local_error, DK_SIGNAL_OUTCOME_ERROR, DK_SIGNAL_OUTCOME_ERROR_NOT_FOUND))
    code = DK_ADMIN_ERROR_NOT_FOUND;
  else if (g_error_matches (local_error, DK_SIGNAL_OUTCOME_ERROR, DK_SIGNAL_OUTCOME_ERROR_INVALID))
    code = DK_ADMIN_ERROR_USAGE;
  else
    {
      g_propagate_error (error, g_error_copy (local_error));
      return;
    }
  g_set_error_literal (error, DK_ADMIN_ERROR, code, local_error->message);
}

typedef struct
{
  DkAdmin     *admin;
  const char  *case_id;
  const char  *code;
  GDate        date;
  GDate        picked_up_on;
  gboolean     has_picked_up_on;
  gboolean     reached;
  const char  *part_of_day;
} CaseChange;

/* A published case is worked on a device (dk-signal-publish.h): what is recorded there is what
 * counts, and would overwrite what is recorded here. */
static gboolean
refuse_published (DkStore     *store,
                  const char  *case_id,
                  GError     **error)
{
  g_autofree char *number = NULL;

  if (!dk_signal_publish_find_work_dossier (store, case_id, &number, error))
    return FALSE;
  if (number == NULL)
    return TRUE;
  g_set_error (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_REFUSED,
               _("The case is worked on a field worker’s device, in dossier %s: record contact attempts and the "
                 "outcome there. What the synced dossier holds is what counts."),
               number);
  return FALSE;
}

static gboolean
outcome_in_transaction (DkStore   *store,
                        gpointer   user_data,
                        GError   **error)
{
  CaseChange *c = user_data;

  return refuse_published (store, c->case_id, error) &&
         dk_signal_case_set_outcome (store, c->case_id, c->code, &c->date,
                                     c->has_picked_up_on ? &c->picked_up_on : NULL, error) &&
         dk_admin_audit (c->admin, "admin.signals.outcome", c->case_id, NULL, error);
}

gboolean
dk_admin_signals_outcome (DkAdmin   *admin,
                          int        argc,
                          char     **argv,
                          GError   **error)
{
  g_autofree char *date = NULL;
  g_autofree char *picked_up = NULL;
  const GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("The date of the outcome (default: today)"), N_("DATE") },
    { "picked-up", 0, 0, G_OPTION_ARG_STRING, &picked_up,
      N_("The date the case was picked up, when no contact attempt set it"), N_("DATE") },
    { NULL }
  };
  g_autoptr(GError) local_error = NULL;
  CaseChange c = { admin };

  if (!dk_admin_parse (admin, entries, &argc, &argv, 2, 2, error))
    return FALSE;
  if (!parse_date_option (admin, "--date", date, &c.date, error))
    return FALSE;
  if (picked_up != NULL && !parse_date_option (admin, "--picked-up", picked_up, &c.picked_up_on, error))
    return FALSE;
  c.has_picked_up_on = picked_up != NULL;
  c.case_id = argv[1];
  c.code = argv[2];
  if (!dk_store_transaction (admin->store, outcome_in_transaction, &c, &local_error))
    {
      translate_error (local_error, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
contact_in_transaction (DkStore   *store,
                        gpointer   user_data,
                        GError   **error)
{
  CaseChange *c = user_data;

  return refuse_published (store, c->case_id, error) &&
         dk_signal_case_add_contact (store, c->case_id, c->code, c->reached, &c->date, c->part_of_day, error) &&
         dk_admin_audit (c->admin, "admin.signals.contact", c->case_id, NULL, error);
}

gboolean
dk_admin_signals_contact (DkAdmin   *admin,
                          int        argc,
                          char     **argv,
                          GError   **error)
{
  g_autofree char *date = NULL;
  g_autofree char *part_of_day = NULL;
  gboolean reached = FALSE;
  const GOptionEntry entries[] = {
    { "reached", 0, 0, G_OPTION_ARG_NONE, &reached, N_("The resident was reached"), NULL },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("The date of the attempt (default: today)"), N_("DATE") },
    { "part-of-day", 0, 0, G_OPTION_ARG_STRING, &part_of_day, N_("Ochtend, Middag or Avond"), N_("PART") },
    { NULL }
  };
  g_autoptr(GError) local_error = NULL;
  CaseChange c = { admin };

  if (!dk_admin_parse (admin, entries, &argc, &argv, 2, 2, error))
    return FALSE;
  if (!parse_date_option (admin, "--date", date, &c.date, error))
    return FALSE;
  c.case_id = argv[1];
  c.code = argv[2];
  c.reached = reached;
  c.part_of_day = part_of_day;
  if (!dk_store_transaction (admin->store, contact_in_transaction, &c, &local_error))
    {
      translate_error (local_error, error);
      return FALSE;
    }
  return TRUE;
}

/* --from and --to, both required, from not after to. */
static gboolean
parse_period (DkAdmin     *admin,
              const char  *from_text,
              const char  *to_text,
              GDate       *from,
              GDate       *to,
              GError     **error)
{
  if (from_text == NULL || to_text == NULL)
    {
      dk_admin_usage_error (admin, error, _("Give the period with --from and --to."));
      return FALSE;
    }
  if (!parse_date_option (admin, "--from", from_text, from, error) ||
      !parse_date_option (admin, "--to", to_text, to, error))
    return FALSE;
  if (g_date_compare (from, to) > 0)
    {
      dk_admin_usage_error (admin, error, _("--from lies after --to."));
      return FALSE;
    }
  return TRUE;
}

/* @text to @path (mode 0600: exports hold personal data) or, without a path, to standard output. */
static gboolean
write_output (const char  *path,
              const char  *text,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (path == NULL)
    {
      fputs (text, stdout);
      return TRUE;
    }
  if (!g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
    {
      g_set_error (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_FAILED, _("Could not write %s: %s"), path,
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  DkAdmin         *admin;
  const char      *action;
  GDate            from;
  GDate            to;
  DkSignalPartner  partner;
  gboolean         has_partner;
  DkSignalPeriod  *period;
} Load;

/* Folds back the work recorded on the devices, reads the period and leaves the audit row of who
 * exported it in one transaction. */
static gboolean
load_in_transaction (DkStore   *store,
                     gpointer   user_data,
                     GError   **error)
{
  Load *l = user_data;

  if (!dk_signal_publish_collect (store, error))
    return FALSE;
  l->period = dk_signal_period_load (store, &l->from, &l->to, l->has_partner ? &l->partner : NULL, error);
  return l->period != NULL && (l->action == NULL || dk_admin_audit (l->admin, l->action, NULL, NULL, error));
}

gboolean
dk_admin_signals_export_ddas (DkAdmin   *admin,
                              int        argc,
                              char     **argv,
                              GError   **error)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *output = NULL;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("The first day of the period"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("The last day of the period"), N_("DATE") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE instead of standard output"),
      N_("FILE") },
    { NULL }
  };
  g_autoptr(DkSignalPeriod) period = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;
  /* DDAS FAQ: codeGegevensleverancier is "naam softwareleverancier + versienummer-software". */
  DkDdasSupplier supplier = { "Draagkracht " PACKAGE_VERSION };
  Load l = { admin, "admin.signals.export_ddas" };

  if (!dk_admin_parse (admin, entries, &argc, &argv, 0, 0, error))
    return FALSE;
  if (!parse_period (admin, from, to, &l.from, &l.to, error))
    return FALSE;
  if (admin->config->brp_municipality_code == NULL || admin->config->ddas_organisation_name == NULL)
    {
      g_set_error_literal (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_REFUSED,
                           _("The DDAS export needs the municipality code ([brp] municipality-code) and the "
                             "delivering organisation ([ddas] organisation-name) in the config file."));
      return FALSE;
    }
  supplier.municipality_code = admin->config->brp_municipality_code;
  supplier.organisation_name = admin->config->ddas_organisation_name;
  supplier.kvk_number = admin->config->ddas_kvk_number;
  supplier.contact_name = admin->config->ddas_contact_name;
  supplier.contact_phone = admin->config->ddas_contact_phone;
  supplier.contact_email = admin->config->ddas_contact_email;
  supplier.contact_function = admin->config->ddas_contact_function;

  if (!dk_store_transaction (admin->store, load_in_transaction, &l, error))
    {
      g_clear_pointer (&l.period, dk_signal_period_free);
      return FALSE;
    }
  period = g_steal_pointer (&l.period);
  root = dk_ddas_export_build (period, &supplier, now);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json = json_generator_to_data (generator, NULL);
  text = g_strconcat (json, "\n", NULL);
  if (!write_output (output, text, error))
    return FALSE;
  if (output != NULL)
    /* Counts only: the file itself holds the BSNs. */
    g_print (_("Exported %u signals and %u cases to %s.\n"), period->signals->len, period->cases->len, output);
  return TRUE;
}

gboolean
dk_admin_signals_report (DkAdmin   *admin,
                         int        argc,
                         char     **argv,
                         GError   **error)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("The first day of the period"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("The last day of the period"), N_("DATE") },
    { NULL }
  };
  g_autoptr(DkSignalPeriod) period = NULL;
  DkSignalReport report;
  Load l = { admin, NULL };

  if (!dk_admin_parse (admin, entries, &argc, &argv, 0, 0, error))
    return FALSE;
  if (!parse_period (admin, from, to, &l.from, &l.to, error))
    return FALSE;
  if (!dk_store_transaction (admin->store, load_in_transaction, &l, error))
    {
      g_clear_pointer (&l.period, dk_signal_period_free);
      return FALSE;
    }
  period = g_steal_pointer (&l.period);
  dk_signal_report_compute (period, &report);

  if (admin->json)
    {
      g_autoptr(JsonNode) root = dk_signal_report_to_json (&report);

      dk_admin_print_json (root);
      return TRUE;
    }

  g_print (_("Signals: %u\n"), report.n_signals);
  for (guint p = 0; p < DK_SIGNAL_N_PARTNERS; p++)
    if (report.signals_by_partner[p] > 0)
      g_print ("  %s: %u\n", dk_signal_partner_to_ddas ((DkSignalPartner) p), report.signals_by_partner[p]);
  g_print (_("Unique households: %u\n"), report.n_households);
  g_print (_("Cases: %u; reached: %u (%.1f%%)\n"), report.n_cases, report.n_reached,
           dk_signal_report_reach_rate (&report));
  g_print (_("Outcomes:\n"));
  for (guint r = 0; r < DK_SIGNAL_N_RESULTS; r++)
    if (report.cases_by_result[r] > 0)
      g_print ("  %s: %u\n", dk_signal_result_to_ddas ((DkSignalResult) r), report.cases_by_result[r]);
  g_print (_("  no outcome yet: %u\n"), report.n_without_result);
  if (report.n_picked_up > 0)
    g_print (_("Median time to pick-up: %.1f days (%u cases)\n"), report.median_days_to_pick_up, report.n_picked_up);
  else
    g_print (_("Median time to pick-up: no case picked up\n"));
  return TRUE;
}

gboolean
dk_admin_signals_feedback (DkAdmin   *admin,
                           int        argc,
                           char     **argv,
                           GError   **error)
{
  g_autofree char *partner = NULL;
  g_autofree char *month = NULL;
  g_autofree char *output = NULL;
  const GOptionEntry entries[] = {
    { "partner", 0, 0, G_OPTION_ARG_STRING, &partner, N_("The DDAS partner type, such as Huur"), N_("TYPE") },
    { "month", 0, 0, G_OPTION_ARG_STRING, &month, N_("The month of the signals (default: last month)"),
      N_("YYYY-MM") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE instead of standard output"),
      N_("FILE") },
    { NULL }
  };
  g_autoptr(DkSignalPeriod) period = NULL;
  g_autofree char *csv = NULL;
  Load l = { admin, "admin.signals.feedback" };
  guint year = 0, month_number = 0;
  char end = '\0';

  if (!dk_admin_parse (admin, entries, &argc, &argv, 0, 0, error))
    return FALSE;
  if (partner == NULL || !dk_signal_partner_from_ddas (partner, &l.partner))
    {
      dk_admin_usage_error (admin, error, _("--partner must be a DDAS partner type, such as Huur or Energie."));
      return FALSE;
    }
  l.has_partner = TRUE;
  if (month == NULL)
    {
      l.from = today_utc ();
      g_date_set_day (&l.from, 1);
      g_date_subtract_months (&l.from, 1);
    }
  else if (sscanf (month, "%4u-%2u%c", &year, &month_number, &end) != 2 || year < 1900 || month_number < 1 ||
           month_number > 12)
    {
      dk_admin_usage_error (admin, error, _("--month must be YYYY-MM, such as 2025-11."));
      return FALSE;
    }
  else
    l.from = dk_date_ymd ((GDateYear) year, (GDateMonth) month_number, 1);
  l.to = l.from;
  g_date_add_months (&l.to, 1);
  g_date_subtract_days (&l.to, 1);

  if (!dk_store_transaction (admin->store, load_in_transaction, &l, error))
    {
      g_clear_pointer (&l.period, dk_signal_period_free);
      return FALSE;
    }
  period = g_steal_pointer (&l.period);
  csv = dk_signal_feedback_csv (period, &l.to);
  return write_output (output, csv, error);
}
