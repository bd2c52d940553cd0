#include "config.h"

#include <glib/gi18n-lib.h>

#include "dk-admin-brp.h"
#include "dk-admin-output.h"
#include "dk-brp-client.h"
#include "dk-brp-match.h"
#include "dk-brp-store.h"
#include "dk-uuid.h"

typedef struct
{
  DkAdmin      *admin;
  DkBrpClient  *client;
  GCancellable *cancellable;
  GMainLoop    *loop;
  GPtrArray    *signals;
  GPtrArray    *ids;
  guint         next;                 /* the next signal to send */
  guint         in_flight;
  guint         counts[DK_BRP_N_OUTCOMES];
  guint         n_checked;
  guint         n_failed;
  GError       *first_failure;        /* why the first unchecked signal stayed so */
  GError       *fatal;                /* stops the run: a refused key, a store error */
} Run;

typedef struct
{
  Run        *run;
  guint       index;
  DkBrpQuery  query;
} Pending;

static void start_more (Run *run);

static void
found_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autofree Pending *pending = user_data;
  Run *run = pending->run;
  const DkSignal *signal = run->signals->pdata[pending->index];
  const char *id = run->ids->pdata[pending->index];
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) persons = dk_brp_client_find_finish (DK_BRP_CLIENT (source), result, &error);
  const char *municipality = run->admin->config->brp_municipality_code;
  DkBrpVerdict verdict;

  run->in_flight--;
  if (persons == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        ;
      else if (g_error_matches (error, DK_BRP_ERROR, DK_BRP_ERROR_UNAUTHORIZED))
        {
          /* Every further request would be refused as well. */
          if (run->fatal == NULL)
            run->fatal = g_steal_pointer (&error);
          g_cancellable_cancel (run->cancellable);
        }
      else
        {
          /* Ids only in the log: the BSN and name stay in the store. */
          g_debug ("BRP check of signal %s failed: %s", id, error->message);
          run->n_failed++;
          if (run->first_failure == NULL)
            run->first_failure = g_steal_pointer (&error);
        }
      start_more (run);
      return;
    }

  if (pending->query == DK_BRP_QUERY_BSN)
    verdict = dk_brp_judge_by_bsn (signal, persons->len > 0 ? persons->pdata[0] : NULL, municipality);
  else
    verdict = dk_brp_judge_by_address (signal, persons, municipality);

  if (run->fatal == NULL)
    {
      if (dk_brp_store_record (run->admin->store, id, pending->query, &verdict, &error))
        {
          run->counts[verdict.outcome]++;
          run->n_checked++;
        }
      else
        {
          run->fatal = g_steal_pointer (&error);
          g_cancellable_cancel (run->cancellable);
        }
    }
  start_more (run);
}

/* Keeps at most [brp] max-concurrent requests under way; quits the loop when all have come back. */
static void
start_more (Run *run)
{
  while (!g_cancellable_is_cancelled (run->cancellable) && run->next < run->signals->len &&
         run->in_flight < run->admin->config->brp_max_concurrent)
    {
      const DkSignal *signal = run->signals->pdata[run->next];
      Pending *pending = g_new0 (Pending, 1);

      pending->run = run;
      pending->index = run->next++;
      run->in_flight++;
      /* The BSN names one person; without it, everybody at the postcode and number is compared by name. */
      if (signal->bsn != NULL)
        {
          pending->query = DK_BRP_QUERY_BSN;
          dk_brp_client_find_by_bsn_async (run->client, signal->bsn, run->cancellable, found_cb, pending);
        }
      else
        {
          pending->query = DK_BRP_QUERY_ADDRESS;
          dk_brp_client_find_by_address_async (run->client, signal->postcode, signal->house_number, run->cancellable,
                                               found_cb, pending);
        }
    }
  if (run->in_flight == 0)
    g_main_loop_quit (run->loop);
}

static const char *
outcome_label (DkBrpOutcome outcome)
{
  switch (outcome)
    {
    case DK_BRP_OUTCOME_AT_ADDRESS:
      return _("Lives at the address");
    case DK_BRP_OUTCOME_MOVED_WITHIN:
      return _("Lives elsewhere in the municipality");
    case DK_BRP_OUTCOME_MOVED_AWAY:
      return _("No longer lives in the municipality");
    case DK_BRP_OUTCOME_DECEASED:
      return _("Deceased");
    case DK_BRP_OUTCOME_ADDRESS_UNKNOWN:
      return _("Address unknown to the register");
    case DK_BRP_OUTCOME_NOT_FOUND:
      return _("Not found");
    case DK_BRP_OUTCOME_UNCERTAIN:
    default:
      return _("Uncertain: waits for review");
    }
}

static const DkAdminColumn outcome_columns[] = {
  { "outcome", N_("Outcome"), DK_ADMIN_COLUMN_TEXT },
  { "label", N_("Meaning"), DK_ADMIN_COLUMN_TEXT },
  { "signals", N_("Signals"), DK_ADMIN_COLUMN_NUMBER },
};

static gboolean
audit_in_transaction (DkStore   *store,
                      gpointer   user_data,
                      GError   **error)
{
  Run *run = user_data;
  g_autofree char *run_id = dk_uuid_new ();

  return dk_admin_audit (run->admin, "admin.signals.brp_check", run_id, NULL, error);
}

gboolean
dk_admin_signals_brp_check (DkAdmin   *admin,
                            int        argc,
                            char     **argv,
                            GError   **error)
{
  int limit = 0;
  const GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("Check at most N signals (default: all)"), N_("N") },
    { NULL }
  };
  g_autoptr(DkBrpClient) client = NULL;
  g_autoptr(GPtrArray) signals = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(JsonArray) rows = json_array_new ();
  Run run = { admin };

  if (!dk_admin_parse (admin, entries, &argc, &argv, 0, 0, error))
    return FALSE;
  if (limit < 0)
    {
      dk_admin_usage_error (admin, error, _("--limit must be a positive number."));
      return FALSE;
    }

  client = dk_brp_client_new_from_config (admin->config, error);
  if (client == NULL)
    return FALSE;
  signals = dk_brp_store_unchecked (admin->store, (guint) limit, &ids, error);
  if (signals == NULL)
    return FALSE;

  if (signals->len > 0)
    {
      loop = g_main_loop_new (NULL, FALSE);
      run.client = client;
      run.cancellable = cancellable;
      run.loop = loop;
      run.signals = signals;
      run.ids = ids;
      start_more (&run);
      if (run.in_flight > 0)
        g_main_loop_run (loop);
    }

  /* One audit row for the run; the outcomes themselves are in early_signal_brp. */
  if (run.n_checked > 0 && run.fatal == NULL)
    (void) dk_store_transaction (admin->store, audit_in_transaction, &run, &run.fatal);

  for (guint o = 0; o < DK_BRP_N_OUTCOMES; o++)
    if (run.counts[o] > 0)
      {
        JsonObject *row = json_object_new ();

        json_object_set_string_member (row, "outcome", dk_brp_outcome_to_string ((DkBrpOutcome) o));
        json_object_set_string_member (row, "label", outcome_label ((DkBrpOutcome) o));
        json_object_set_int_member (row, "signals", run.counts[o]);
        json_array_add_object_element (rows, row);
      }
  if (!admin->json)
    g_print (ngettext ("Checked %u signal against the population register.\n",
                       "Checked %u signals against the population register.\n", run.n_checked),
             run.n_checked);
  dk_admin_print_rows (admin, outcome_columns, G_N_ELEMENTS (outcome_columns), rows,
                       signals->len == 0 ? _("Every signal has been checked already.")
                                         : _("No signal could be checked."));

  if (run.fatal != NULL)
    {
      g_propagate_error (error, run.fatal);
      g_clear_error (&run.first_failure);
      return FALSE;
    }
  if (run.n_failed > 0)
    {
      g_set_error (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_FAILED,
                   ngettext ("%u signal could not be checked and stays unchecked: %s",
                             "%u signals could not be checked and stay unchecked: %s", run.n_failed),
                   run.n_failed, run.first_failure->message);
      g_clear_error (&run.first_failure);
      return FALSE;
    }
  return TRUE;
}

static const DkAdminColumn review_columns[] = {
  { "signal_id", N_("Signal"), DK_ADMIN_COLUMN_TEXT },
  { "signal_date", N_("Signal date"), DK_ADMIN_COLUMN_TEXT },
  { "partner_type", N_("Partner type"), DK_ADMIN_COLUMN_TEXT },
  { "query", N_("Query"), DK_ADMIN_COLUMN_TEXT },
  { "reason", N_("Reason"), DK_ADMIN_COLUMN_TEXT },
};

gboolean
dk_admin_signals_brp_review (DkAdmin   *admin,
                             int        argc,
                             char     **argv,
                             GError   **error)
{
  g_autoptr(GPtrArray) reviews = NULL;
  g_autoptr(JsonArray) rows = json_array_new ();

  if (!dk_admin_parse (admin, NULL, &argc, &argv, 0, 0, error))
    return FALSE;
  reviews = dk_brp_store_pending (admin->store, error);
  if (reviews == NULL)
    return FALSE;

  for (guint i = 0; i < reviews->len; i++)
    {
      const DkBrpReview *review = reviews->pdata[i];
      JsonObject *row = json_object_new ();

      json_object_set_string_member (row, "signal_id", review->signal_id);
      json_object_set_string_member (row, "signal_date", review->signal_date);
      json_object_set_string_member (row, "partner_type", review->partner_type);
      json_object_set_string_member (row, "query", review->query);
      json_object_set_string_member (row, "reason", review->reason);
      json_array_add_object_element (rows, row);
    }
  dk_admin_print_rows (admin, review_columns, G_N_ELEMENTS (review_columns), rows,
                       _("No population register check waits for review."));
  return TRUE;
}

typedef struct
{
  DkAdmin      *admin;
  const char   *signal_id;
  DkBrpOutcome  outcome;
} Resolve;

static gboolean
resolve_in_transaction (DkStore   *store,
                        gpointer   user_data,
                        GError   **error)
{
  Resolve *r = user_data;
  gboolean resolved = FALSE;

  if (!dk_brp_store_resolve (store, r->signal_id, r->outcome, &resolved, error))
    return FALSE;
  if (!resolved)
    {
      g_set_error (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_REFUSED,
                   _("Signal %s has no population register check waiting for review; "
                     "“draagkracht-admin signals brp-review” lists the ones that do."),
                   r->signal_id);
      return FALSE;
    }
  return dk_admin_audit (r->admin, "admin.signals.brp_resolve", r->signal_id, NULL, error);
}

gboolean
dk_admin_signals_brp_resolve (DkAdmin   *admin,
                              int        argc,
                              char     **argv,
                              GError   **error)
{
  Resolve r = { admin };
  gboolean known = FALSE;

  if (!dk_admin_parse (admin, NULL, &argc, &argv, 2, 2, error))
    return FALSE;
  r.signal_id = argv[1];
  /* The outcomes the automatic check knows, spelled as it stores them; "uncertain" is no decision. */
  for (guint o = 0; o < DK_BRP_OUTCOME_UNCERTAIN && !known; o++)
    if (g_str_equal (argv[2], dk_brp_outcome_to_string ((DkBrpOutcome) o)))
      {
        r.outcome = (DkBrpOutcome) o;
        known = TRUE;
      }
  if (!known)
    {
      dk_admin_usage_error (admin, error,
                            _("Unknown outcome “%s”; use one of at_address, moved_within, moved_away, deceased, "
                              "address_unknown, not_found."),
                            argv[2]);
      return FALSE;
    }

  if (!dk_store_transaction (admin->store, resolve_in_transaction, &r, error))
    return FALSE;
  g_print (_("Review of signal %s resolved: %s.\n"), r.signal_id, outcome_label (r.outcome));
  return TRUE;
}
