#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dk-domain-schema.h"
#include "dk-dossier-repo.h"
#include "dk-signal-work-repo.h"
#include "dk-sql-util.h"
#include "dk-uuid.h"
#include "dk-wgs.h"

static gboolean
no_case (GError **error)
{
  return dk_dossier_repo_not_found (error, _("This dossier has no early-signal case (any more)."));
}

static gboolean
case_closed (GError **error)
{
  return dk_dossier_repo_invalid (error, _("This case is closed: its end result has been recorded."));
}

/* The client's contact row: the oldest, as dk_case_repo_load_contacts() lists them first. */
#define CLIENT_CONTACT_ID(person) \
  "(SELECT c2.id FROM contact AS c2 WHERE c2.person_id = " person ".id AND c2.dossier_id = " person ".dossier_id" \
  " AND c2.removed_at IS NULL ORDER BY c2.created_at, c2.id LIMIT 1)"

/* A row published by the server carries the server's clock; a device whose clock is behind must still
 * satisfy updated_at >= created_at. */
#define UPDATED_AT(param) "updated_at = max (created_at, " param ")"

/* "Sanne van Dijk": the words of the given names, prefix and family name with single spaces; NULL when
 * there are none (a signal without a name gives empty strings). */
static char *
resident_name (const char *given_names,
               const char *prefix,
               const char *family_name)
{
  const char *parts[] = { given_names, prefix, family_name };
  GString *name = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_auto(GStrv) words = NULL;

      if (parts[i] == NULL)
        continue;
      words = g_strsplit_set (parts[i], " \t\n\r", -1);
      for (guint w = 0; words[w] != NULL; w++)
        {
          if (words[w][0] == '\0')
            continue;
          if (name->len > 0)
            g_string_append_c (name, ' ');
          g_string_append (name, words[w]);
        }
    }

  if (name->len == 0)
    {
      g_string_free (name, TRUE);
      return NULL;
    }
  return g_string_free (name, FALSE);
}

/* The deadline of an open case's current phase. */
static void
case_due (DkSignalStage  stage,
          const GDate   *opened_on,
          const GDate   *checked_on,
          GDate         *out_due)
{
  if (stage == DK_SIGNAL_STAGE_CHECKS)
    dk_signal_phase1_due (opened_on, out_due);
  else
    dk_signal_phase2_due (opened_on, checked_on, out_due);
}

/* ---- the task list ---- */

void
dk_signal_task_line_free (DkSignalTaskLine *line)
{
  if (line == NULL)
    return;

  g_free (line->dossier_id);
  g_free (line->number);
  g_free (line->task_id);
  g_free (line->resident);
  g_free (line->street);
  g_free (line->house_number);
  g_free (line->postcode);
  g_free (line->city);
  g_free (line->district);
  g_free (line);
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  const DkSignalTaskLine *x = *(DkSignalTaskLine * const *) a;
  const DkSignalTaskLine *y = *(DkSignalTaskLine * const *) b;
  gboolean x_closed = x->task_id == NULL && x->stage == DK_SIGNAL_STAGE_CLOSED;
  gboolean y_closed = y->task_id == NULL && y->stage == DK_SIGNAL_STAGE_CLOSED;
  int order;

  if (x_closed != y_closed)
    return x_closed ? 1 : -1;
  order = g_date_compare (&x->due_on, &y->due_on);
  if (order != 0)
    return order;
  if (x->crisis != y->crisis)
    return x->crisis ? -1 : 1;
  order = g_strcmp0 (x->number, y->number);
  if (order != 0)
    return order;
  /* A case's own deadline before the tasks of its dossier. */
  if ((x->task_id == NULL) != (y->task_id == NULL))
    return x->task_id == NULL ? -1 : 1;
  return g_strcmp0 (x->task_id, y->task_id);
}

/*
 * One query for the whole list, so a caseload of thousands costs no query per case: the lines (open
 * cases, open tasks and, when asked, closed cases) joined with their dossier, case, client, the client's
 * contact and the signals counted per dossier. The phase deadlines need the working-day calendar, so
 * they are worked out here, and the list is sorted after that.
 */
GPtrArray *
dk_signal_work_list_tasks (DkStore   *store,
                           gboolean   include_closed,
                           GError   **error)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_signal_task_line_free);
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok;

  g_return_val_if_fail (DK_IS_STORE (store), NULL);

  stmt = dk_store_prepare (store,
                           "WITH items (dossier_id, n, total) AS ("
                           "  SELECT dossier_id, count (*), coalesce (sum (amount_cents), 0) FROM signal_item"
                           "  GROUP BY dossier_id),"
                           " line (dossier_id, task_id, task_kind, due_on, closed) AS ("
                           "  SELECT dossier_id, NULL, NULL, NULL, 0 FROM signal_case"
                           "  WHERE removed_at IS NULL AND outcome_code IS NULL"
                           "  UNION ALL"
                           "  SELECT dossier_id, id, kind, due_on, 0 FROM task WHERE done_on IS NULL AND removed_at IS NULL"
                           "  UNION ALL"
                           "  SELECT dossier_id, NULL, NULL, outcome_on, 1 FROM signal_case"
                           "  WHERE ?1 AND removed_at IS NULL AND outcome_code IS NOT NULL)"
                           " SELECT l.dossier_id, d.number, l.task_id, l.task_kind, l.due_on, l.closed,"
                           "  sc.id IS NOT NULL, sc.opened_on, sc.checked_on, sc.outcome_code IS NOT NULL,"
                           "  coalesce (sc.crisis, 0) OR d.crisis, coalesce (sc.multiple, i.n > 1, 0),"
                           "  coalesce (i.n, 0), coalesce (i.total, 0),"
                           "  p.given_names, p.family_name_prefix, p.family_name,"
                           "  c.street, c.house_number, c.postcode, c.city"
                           " FROM line AS l"
                           " JOIN dossier AS d ON d.id = l.dossier_id AND d.removed_at IS NULL"
                           " LEFT JOIN signal_case AS sc ON sc.dossier_id = l.dossier_id AND sc.removed_at IS NULL"
                           " LEFT JOIN items AS i ON i.dossier_id = l.dossier_id"
                           " LEFT JOIN person AS p ON p.dossier_id = l.dossier_id AND p.role = 'client'"
                           "  AND p.removed_at IS NULL"
                           " LEFT JOIN contact AS c ON c.id = " CLIENT_CONTACT_ID ("p"),
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, include_closed ? 1 : 0);

  while ((ok = dk_store_step_row (store, stmt, &has_row, error)) && has_row)
    {
      g_autoptr(DkSignalTaskLine) line = g_new0 (DkSignalTaskLine, 1);
      gboolean closed = sqlite3_column_int (stmt, 5) != 0;
      GDate opened_on, checked_on;

      line->dossier_id = dk_sql_column_dup (stmt, 0);
      line->number = dk_sql_column_dup (stmt, 1);
      line->task_id = dk_sql_column_dup (stmt, 2);
      line->has_case = sqlite3_column_int (stmt, 6) != 0;
      line->crisis = sqlite3_column_int (stmt, 10) != 0;
      line->multiple = sqlite3_column_int (stmt, 11) != 0;
      line->n_signals = (guint) sqlite3_column_int64 (stmt, 12);
      line->total_cents = sqlite3_column_int64 (stmt, 13);
      line->resident = resident_name ((const char *) sqlite3_column_text (stmt, 14),
                                      (const char *) sqlite3_column_text (stmt, 15),
                                      (const char *) sqlite3_column_text (stmt, 16));
      line->street = dk_sql_column_dup (stmt, 17);
      line->house_number = dk_sql_column_dup (stmt, 18);
      line->postcode = dk_sql_column_dup (stmt, 19);
      line->city = dk_sql_column_dup (stmt, 20);
      line->district = dk_signal_district (line->postcode);

      if (!dk_sql_column_date (stmt, 7, &opened_on) || !dk_sql_column_date (stmt, 8, &checked_on) ||
          (line->has_case && !g_date_valid (&opened_on)))
        {
          sqlite3_reset (stmt);
          dk_dossier_repo_bad_row (error, "signal_case");
          return NULL;
        }
      line->stage = line->has_case
                      ? dk_signal_stage (g_date_valid (&checked_on), sqlite3_column_int (stmt, 9) != 0)
                      : DK_SIGNAL_STAGE_CLOSED;

      if (line->task_id != NULL)
        {
          if (!dk_signal_task_kind_from_string ((const char *) sqlite3_column_text (stmt, 3), &line->task_kind) ||
              !dk_sql_column_date (stmt, 4, &line->due_on) || !g_date_valid (&line->due_on))
            {
              sqlite3_reset (stmt);
              dk_dossier_repo_bad_row (error, "task");
              return NULL;
            }
        }
      else if (closed)
        {
          if (!dk_sql_column_date (stmt, 4, &line->due_on) || !g_date_valid (&line->due_on))
            {
              sqlite3_reset (stmt);
              dk_dossier_repo_bad_row (error, "signal_case");
              return NULL;
            }
        }
      else
        case_due (line->stage, &opened_on, &checked_on, &line->due_on);

      g_ptr_array_add (lines, g_steal_pointer (&line));
    }
  if (!ok)
    return NULL;

  g_ptr_array_sort (lines, compare_lines);
  return g_steal_pointer (&lines);
}

/* ---- one case ---- */

static void
item_free (DkSignalItem *item)
{
  g_free (item->id);
  g_free (item->partner_type);
  g_free (item->partner_name);
  g_free (item);
}

static void
attempt_free (DkSignalAttempt *attempt)
{
  g_free (attempt->id);
  g_free (attempt->kind);
  g_free (attempt->part_of_day);
  g_free (attempt);
}

static void
task_free (DkSignalTask *task)
{
  g_free (task->id);
  g_free (task->note);
  g_free (task);
}

void
dk_signal_case_view_free (DkSignalCaseView *view)
{
  if (view == NULL)
    return;

  g_free (view->dossier_id);
  g_free (view->number);
  g_free (view->case_id);
  g_free (view->outcome_code);
  g_free (view->resident);
  g_free (view->person_id);
  g_free (view->contact_id);
  g_free (view->street);
  g_free (view->house_number);
  g_free (view->postcode);
  g_free (view->city);
  g_free (view->phone);
  g_free (view->email);
  g_clear_pointer (&view->signals, g_ptr_array_unref);
  g_clear_pointer (&view->attempts, g_ptr_array_unref);
  g_clear_pointer (&view->tasks, g_ptr_array_unref);
  g_free (view);
}

static gboolean
load_case_row (DkStore           *store,
               DkSignalCaseView  *view,
               const char        *dossier_id,
               GError           **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok;

  stmt = dk_store_prepare (store,
                           "SELECT d.id, d.number, d.kind, sc.id, sc.opened_on, sc.multiple, sc.crisis, sc.checked_on,"
                           " sc.outcome_code, sc.outcome_on"
                           " FROM dossier AS d JOIN signal_case AS sc ON sc.dossier_id = d.id AND sc.removed_at IS NULL"
                           " WHERE d.id = ?1 AND d.removed_at IS NULL",
                           error);
  if (stmt == NULL)
    return FALSE;
  dk_sql_bind_text (stmt, 1, dossier_id);
  if (!dk_store_step_row (store, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    return no_case (error);

  view->dossier_id = dk_sql_column_dup (stmt, 0);
  view->number = dk_sql_column_dup (stmt, 1);
  view->help_accepted = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 2), "debt_help") == 0;
  view->case_id = dk_sql_column_dup (stmt, 3);
  view->multiple = sqlite3_column_int (stmt, 5) != 0;
  view->crisis = sqlite3_column_int (stmt, 6) != 0;
  view->outcome_code = dk_sql_column_dup (stmt, 8);
  ok = dk_sql_column_date (stmt, 4, &view->opened_on) && g_date_valid (&view->opened_on) &&
       dk_sql_column_date (stmt, 7, &view->checked_on) &&
       dk_sql_column_date (stmt, 9, &view->outcome_on);
  sqlite3_reset (stmt);
  if (!ok)
    return dk_dossier_repo_bad_row (error, "signal_case");

  view->stage = dk_signal_stage (g_date_valid (&view->checked_on), view->outcome_code != NULL);
  dk_signal_phase1_due (&view->opened_on, &view->phase1_due);
  dk_signal_phase2_due (&view->opened_on, &view->checked_on, &view->phase2_due);
  return TRUE;
}

static gboolean
load_resident (DkStore           *store,
               DkSignalCaseView  *view,
               GError           **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;

  stmt = dk_store_prepare (store,
                           "SELECT p.id, p.given_names, p.family_name_prefix, p.family_name, c.id, c.street,"
                           " c.house_number, c.postcode, c.city, c.phone, c.email"
                           " FROM person AS p LEFT JOIN contact AS c ON c.id = " CLIENT_CONTACT_ID ("p")
                           " WHERE p.dossier_id = ?1 AND p.role = 'client' AND p.removed_at IS NULL",
                           error);
  if (stmt == NULL)
    return FALSE;
  dk_sql_bind_text (stmt, 1, view->dossier_id);
  if (!dk_store_step_row (store, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    return TRUE;

  view->person_id = dk_sql_column_dup (stmt, 0);
  view->resident = resident_name ((const char *) sqlite3_column_text (stmt, 1),
                                  (const char *) sqlite3_column_text (stmt, 2),
                                  (const char *) sqlite3_column_text (stmt, 3));
  view->contact_id = dk_sql_column_dup (stmt, 4);
  view->street = dk_sql_column_dup (stmt, 5);
  view->house_number = dk_sql_column_dup (stmt, 6);
  view->postcode = dk_sql_column_dup (stmt, 7);
  view->city = dk_sql_column_dup (stmt, 8);
  view->phone = dk_sql_column_dup (stmt, 9);
  view->email = dk_sql_column_dup (stmt, 10);
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
load_signals (DkStore           *store,
              DkSignalCaseView  *view,
              GError           **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok;

  stmt = dk_store_prepare (store,
                           "SELECT id, partner_type, partner_name, amount_cents, arose_on, signal_date, crisis,"
                           " warm_handover, repeat FROM signal_item WHERE dossier_id = ?1 ORDER BY signal_date, id",
                           error);
  if (stmt == NULL)
    return FALSE;
  dk_sql_bind_text (stmt, 1, view->dossier_id);

  while ((ok = dk_store_step_row (store, stmt, &has_row, error)) && has_row)
    {
      DkSignalItem *item = g_new0 (DkSignalItem, 1);

      g_ptr_array_add (view->signals, item);
      item->id = dk_sql_column_dup (stmt, 0);
      item->partner_type = dk_sql_column_dup (stmt, 1);
      item->partner_name = dk_sql_column_dup (stmt, 2);
      item->has_amount = sqlite3_column_type (stmt, 3) != SQLITE_NULL;
      item->amount_cents = sqlite3_column_int64 (stmt, 3);
      item->crisis = sqlite3_column_int (stmt, 6) != 0;
      item->warm_handover = sqlite3_column_int (stmt, 7) != 0;
      item->repeat = sqlite3_column_int (stmt, 8) != 0;
      if (!dk_sql_column_date (stmt, 4, &item->arose_on) || !dk_sql_column_date (stmt, 5, &item->signal_date) ||
          !g_date_valid (&item->signal_date))
        {
          sqlite3_reset (stmt);
          return dk_dossier_repo_bad_row (error, "signal_item");
        }
    }
  return ok;
}

static gboolean
load_attempts (DkStore           *store,
               DkSignalCaseView  *view,
               GError           **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok;

  stmt = dk_store_prepare (store,
                           "SELECT id, kind, reached, attempt_date, part_of_day FROM signal_attempt"
                           " WHERE dossier_id = ?1 ORDER BY attempt_date, created_at, id",
                           error);
  if (stmt == NULL)
    return FALSE;
  dk_sql_bind_text (stmt, 1, view->dossier_id);

  while ((ok = dk_store_step_row (store, stmt, &has_row, error)) && has_row)
    {
      DkSignalAttempt *attempt = g_new0 (DkSignalAttempt, 1);

      g_ptr_array_add (view->attempts, attempt);
      attempt->id = dk_sql_column_dup (stmt, 0);
      attempt->kind = dk_sql_column_dup (stmt, 1);
      attempt->reached = sqlite3_column_int (stmt, 2) != 0;
      attempt->part_of_day = dk_sql_column_dup (stmt, 4);
      if (!dk_sql_column_date (stmt, 3, &attempt->attempt_date) || !g_date_valid (&attempt->attempt_date))
        {
          sqlite3_reset (stmt);
          return dk_dossier_repo_bad_row (error, "signal_attempt");
        }

      /* In date order, so the first of each is the earliest. */
      if (!g_date_valid (&view->picked_up_on))
        view->picked_up_on = attempt->attempt_date;
      if (attempt->reached && !g_date_valid (&view->first_contact_on))
        view->first_contact_on = attempt->attempt_date;
    }
  return ok;
}

static gboolean
load_tasks (DkStore           *store,
            DkSignalCaseView  *view,
            GError           **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok;

  stmt = dk_store_prepare (store,
                           "SELECT id, kind, due_on, done_on, note FROM task"
                           " WHERE dossier_id = ?1 AND removed_at IS NULL"
                           " ORDER BY done_on IS NOT NULL, due_on, id",
                           error);
  if (stmt == NULL)
    return FALSE;
  dk_sql_bind_text (stmt, 1, view->dossier_id);

  while ((ok = dk_store_step_row (store, stmt, &has_row, error)) && has_row)
    {
      DkSignalTask *task = g_new0 (DkSignalTask, 1);

      g_ptr_array_add (view->tasks, task);
      task->id = dk_sql_column_dup (stmt, 0);
      task->note = dk_sql_column_dup (stmt, 4);
      if (!dk_signal_task_kind_from_string ((const char *) sqlite3_column_text (stmt, 1), &task->kind) ||
          !dk_sql_column_date (stmt, 2, &task->due_on) || !g_date_valid (&task->due_on) ||
          !dk_sql_column_date (stmt, 3, &task->done_on))
        {
          sqlite3_reset (stmt);
          return dk_dossier_repo_bad_row (error, "task");
        }
    }
  return ok;
}

DkSignalCaseView *
dk_signal_work_load (DkStore     *store,
                     const char  *dossier_id,
                     GError     **error)
{
  g_autoptr(DkSignalCaseView) view = g_new0 (DkSignalCaseView, 1);

  g_return_val_if_fail (DK_IS_STORE (store), NULL);
  g_return_val_if_fail (dossier_id != NULL, NULL);

  g_date_clear (&view->picked_up_on, 1);
  g_date_clear (&view->first_contact_on, 1);
  view->signals = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  view->attempts = g_ptr_array_new_with_free_func ((GDestroyNotify) attempt_free);
  view->tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) task_free);

  if (!load_case_row (store, view, dossier_id, error) ||
      !load_resident (store, view, error) ||
      !load_signals (store, view, error) ||
      !load_attempts (store, view, error) ||
      !load_tasks (store, view, error))
    return NULL;

  return g_steal_pointer (&view);
}

/* ---- changes ---- */

/* What the writing functions check against, read inside their transaction. */
typedef struct
{
  char     *case_id;
  GDate     opened_on;
  GDate     checked_on;
  gboolean  closed;
  gboolean  crisis;
  char     *dossier_kind;
  char     *dossier_phase;
  GDate     registered_on;
  gboolean  dossier_crisis;
} CaseState;

static void
case_state_clear (CaseState *state)
{
  g_clear_pointer (&state->case_id, g_free);
  g_clear_pointer (&state->dossier_kind, g_free);
  g_clear_pointer (&state->dossier_phase, g_free);
}

static gboolean
read_case_state (DkStore     *store,
                 const char  *dossier_id,
                 CaseState   *state,
                 GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok;

  stmt = dk_store_prepare (store,
                           "SELECT sc.id, sc.opened_on, sc.checked_on, sc.outcome_code IS NOT NULL, sc.crisis,"
                           " d.kind, d.phase, d.registered_on, d.crisis"
                           " FROM signal_case AS sc JOIN dossier AS d ON d.id = sc.dossier_id AND d.removed_at IS NULL"
                           " WHERE sc.dossier_id = ?1 AND sc.removed_at IS NULL",
                           error);
  if (stmt == NULL)
    return FALSE;
  dk_sql_bind_text (stmt, 1, dossier_id);
  if (!dk_store_step_row (store, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    return no_case (error);

  state->case_id = dk_sql_column_dup (stmt, 0);
  state->closed = sqlite3_column_int (stmt, 3) != 0;
  state->crisis = sqlite3_column_int (stmt, 4) != 0;
  state->dossier_kind = dk_sql_column_dup (stmt, 5);
  state->dossier_phase = dk_sql_column_dup (stmt, 6);
  state->dossier_crisis = sqlite3_column_int (stmt, 8) != 0;
  ok = dk_sql_column_date (stmt, 1, &state->opened_on) && g_date_valid (&state->opened_on) &&
       dk_sql_column_date (stmt, 2, &state->checked_on) &&
       dk_sql_column_date (stmt, 7, &state->registered_on);
  sqlite3_reset (stmt);
  if (!ok)
    return dk_dossier_repo_bad_row (error, "signal_case");
  return TRUE;
}

static gboolean
insert_task (DkStore           *store,
             const char        *dossier_id,
             DkSignalTaskKind   kind,
             const GDate       *due_on,
             const char        *now,
             char             **out_id,
             GError           **error)
{
  g_autofree char *id = dk_uuid_new ();
  sqlite3_stmt *stmt;

  stmt = dk_store_prepare (store,
                           "INSERT INTO task (id, dossier_id, kind, due_on, created_at, updated_at)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                           error);
  if (stmt == NULL)
    return FALSE;
  dk_sql_bind_text (stmt, 1, id);
  dk_sql_bind_text (stmt, 2, dossier_id);
  dk_sql_bind_text (stmt, 3, dk_signal_task_kind_to_string (kind));
  dk_sql_bind_date (stmt, 4, due_on);
  dk_sql_bind_text (stmt, 5, now);
  if (!dk_store_step_done (store, stmt, error))
    return FALSE;

  if (out_id != NULL)
    *out_id = g_steal_pointer (&id);
  return TRUE;
}

/* Marks the dossier's open revisit tasks done on @done_on; with @due_until only those due on or before
 * it. */
static gboolean
settle_revisits (DkStore      *store,
                 const char   *dossier_id,
                 const GDate  *done_on,
                 const GDate  *due_until,
                 const char   *now,
                 GError      **error)
{
  sqlite3_stmt *stmt;

  stmt = dk_store_prepare (store,
                           "UPDATE task SET done_on = ?2, " UPDATED_AT ("?3")
                           " WHERE dossier_id = ?1 AND kind = 'revisit' AND done_on IS NULL AND removed_at IS NULL"
                           " AND (?4 IS NULL OR due_on <= ?4)",
                           error);
  if (stmt == NULL)
    return FALSE;
  dk_sql_bind_text (stmt, 1, dossier_id);
  dk_sql_bind_date (stmt, 2, done_on);
  dk_sql_bind_text (stmt, 3, now);
  dk_sql_bind_date (stmt, 4, due_until);
  return dk_store_step_done (store, stmt, error);
}

/* -- the phase-1 checks -- */

typedef struct
{
  const char  *dossier_id;
  const GDate *date;
} CheckedData;

static gboolean
mark_checked_in_transaction (DkStore   *store,
                             gpointer   user_data,
                             GError   **error)
{
  CheckedData *data = user_data;
  g_autofree char *now = dk_domain_timestamp_now ();
  CaseState state = { 0 };
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  if (!read_case_state (store, data->dossier_id, &state, error))
    goto out;
  if (state.closed)
    {
      case_closed (error);
      goto out;
    }
  if (g_date_compare (data->date, &state.opened_on) < 0)
    {
      dk_dossier_repo_invalid (error, _("The checks cannot be done before the case was opened."));
      goto out;
    }
  if (g_date_valid (&state.checked_on) && g_date_compare (&state.checked_on, data->date) == 0)
    {
      ok = TRUE;
      goto out;
    }

  stmt = dk_store_prepare (store,
                           "UPDATE signal_case SET checked_on = ?2, " UPDATED_AT ("?3") " WHERE id = ?1",
                           error);
  if (stmt == NULL)
    goto out;
  dk_sql_bind_text (stmt, 1, state.case_id);
  dk_sql_bind_date (stmt, 2, data->date);
  dk_sql_bind_text (stmt, 3, now);
  ok = dk_store_step_done (store, stmt, error);

out:
  case_state_clear (&state);
  return ok;
}

gboolean
dk_signal_work_mark_checked (DkStore      *store,
                             const char   *dossier_id,
                             const GDate  *date,
                             GError      **error)
{
  CheckedData data = { dossier_id, date };

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (dossier_id != NULL, FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  return dk_store_transaction (store, mark_checked_in_transaction, &data, error);
}

/* -- contact attempts -- */

typedef struct
{
  const char          *dossier_id;
  DkSignalContactKind  kind;
  gboolean             reached;
  const GDate         *date;
  const char          *part_of_day;
  char                *task_id;
} AttemptData;

static gboolean
add_attempt_in_transaction (DkStore   *store,
                            gpointer   user_data,
                            GError   **error)
{
  AttemptData *data = user_data;
  g_autofree char *now = dk_domain_timestamp_now ();
  g_autofree char *id = dk_uuid_new ();
  CaseState state = { 0 };
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  if (!read_case_state (store, data->dossier_id, &state, error))
    goto out;
  if (state.closed)
    {
      case_closed (error);
      goto out;
    }
  if (g_date_compare (data->date, &state.opened_on) < 0)
    {
      dk_dossier_repo_invalid (error, _("A contact attempt cannot be dated before the case was opened."));
      goto out;
    }

  stmt = dk_store_prepare (store,
                           "INSERT INTO signal_attempt (id, dossier_id, kind, reached, attempt_date, part_of_day,"
                           " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
                           error);
  if (stmt == NULL)
    goto out;
  dk_sql_bind_text (stmt, 1, id);
  dk_sql_bind_text (stmt, 2, data->dossier_id);
  dk_sql_bind_text (stmt, 3, dk_signal_contact_kind_to_ddas (data->kind));
  sqlite3_bind_int (stmt, 4, data->reached ? 1 : 0);
  dk_sql_bind_date (stmt, 5, data->date);
  dk_sql_bind_text (stmt, 6, data->part_of_day);
  dk_sql_bind_text (stmt, 7, now);
  if (!dk_store_step_done (store, stmt, error))
    goto out;

  /* Settle first, so that a card left again settles the old revisit and not its own new one. Only the
   * revisits of cards left on or before this attempt's day: a visit recorded afterwards with an earlier
   * date is not the revisit a later card asked for. */
  if (dk_signal_contact_settles_revisit (data->kind, data->reached))
    {
      GDate due_until;

      dk_signal_revisit_due (data->date, &due_until);
      if (!settle_revisits (store, data->dossier_id, data->date, &due_until, now, error))
        goto out;
    }

  if (dk_signal_contact_makes_revisit (data->kind))
    {
      GDate due;

      dk_signal_revisit_due (data->date, &due);
      if (!insert_task (store, data->dossier_id, DK_SIGNAL_TASK_REVISIT, &due, now, &data->task_id, error))
        goto out;
    }
  ok = TRUE;

out:
  case_state_clear (&state);
  return ok;
}

gboolean
dk_signal_work_add_attempt (DkStore              *store,
                            const char           *dossier_id,
                            DkSignalContactKind   kind,
                            gboolean              reached,
                            const GDate          *date,
                            const char           *part_of_day,
                            const GDate          *today,
                            char                **out_task_id,
                            GError              **error)
{
  AttemptData data = { dossier_id, kind, reached, date, part_of_day, NULL };
  gboolean ok;

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (dossier_id != NULL, FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);
  g_return_val_if_fail (today != NULL && g_date_valid (today), FALSE);

  if (out_task_id != NULL)
    *out_task_id = NULL;
  if (dk_signal_contact_kind_to_ddas (kind) == NULL)
    return dk_dossier_repo_invalid (error, _("This kind of contact attempt is unknown."));
  if (part_of_day != NULL && !dk_signal_part_of_day_valid (part_of_day))
    return dk_dossier_repo_invalid (error, _("The part of the day must be morning, afternoon or evening."));
  if (g_date_compare (date, today) > 0)
    return dk_dossier_repo_invalid (error, _("A contact attempt cannot be dated in the future."));

  ok = dk_store_transaction (store, add_attempt_in_transaction, &data, error);
  if (ok && out_task_id != NULL)
    *out_task_id = g_steal_pointer (&data.task_id);
  g_free (data.task_id);
  return ok;
}

/* -- the end result -- */

typedef struct
{
  const char     *dossier_id;
  DkSignalResult  result;
  const GDate    *date;
} OutcomeData;

/* The dossier becomes a debt-help registration; only the columns whose value changes are written, so
 * a replica's outbox carries just those. The signal's crisis (eviction, end of supply) is the Wgs
 * art. 4 lid 2 crisis of the request, so it carries over. */
static gboolean
turn_into_debt_help (DkStore           *store,
                     const char        *dossier_id,
                     const CaseState   *state,
                     const GDate       *registered_on,
                     const char        *now,
                     GError           **error)
{
  const char *registration = dk_case_phase_to_string (DK_CASE_PHASE_REGISTRATION);
  gboolean set_kind = g_strcmp0 (state->dossier_kind, "debt_help") != 0;
  gboolean set_phase = g_strcmp0 (state->dossier_phase, registration) != 0;
  gboolean set_registered = !g_date_valid (&state->registered_on) ||
                            g_date_compare (&state->registered_on, registered_on) != 0;
  gboolean set_crisis = state->crisis && !state->dossier_crisis;
  g_autoptr(GString) sql = g_string_new ("UPDATE dossier SET ");
  sqlite3_stmt *stmt;

  if (!set_kind && !set_phase && !set_registered && !set_crisis)
    return TRUE;

  /* Column names only, from the lines below; every value is bound. */
  if (set_kind)
    g_string_append (sql, "kind = 'debt_help', ");
  if (set_phase)
    g_string_append (sql, "phase = ?2, ");
  if (set_registered)
    g_string_append (sql, "registered_on = ?3, ");
  if (set_crisis)
    g_string_append (sql, "crisis = 1, ");
  g_string_append (sql, UPDATED_AT ("?4") " WHERE id = ?1 AND removed_at IS NULL");

  stmt = dk_store_prepare (store, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  dk_sql_bind_text (stmt, 1, dossier_id);
  if (set_phase)
    dk_sql_bind_text (stmt, 2, registration);
  if (set_registered)
    dk_sql_bind_date (stmt, 3, registered_on);
  dk_sql_bind_text (stmt, 4, now);
  return dk_store_step_done (store, stmt, error);
}

/* The published resident has no household history yet, and without one the calculation cannot tell
 * who lives in the household: the resident lived at the address when the case was opened. */
static gboolean
start_household (DkStore          *store,
                 const char       *dossier_id,
                 const CaseState  *state,
                 GError          **error)
{
  g_autoptr(DkHouseholdEvent) event = NULL;
  g_autofree char *person_id = NULL;
  gboolean has_row = FALSE;
  sqlite3_stmt *stmt;

  stmt = dk_store_prepare (store,
                           "SELECT p.id FROM person AS p WHERE p.dossier_id = ?1 AND p.role = 'client'"
                           " AND p.removed_at IS NULL AND NOT EXISTS (SELECT 1 FROM household_event AS e"
                           " WHERE e.dossier_id = ?1 AND e.removed_at IS NULL)",
                           error);
  if (stmt == NULL)
    return FALSE;
  dk_sql_bind_text (stmt, 1, dossier_id);
  if (!dk_store_step_row (store, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    return TRUE;
  person_id = dk_sql_column_dup (stmt, 0);
  sqlite3_reset (stmt);

  event = dk_household_event_new (DK_HOUSEHOLD_EVENT_MOVE_IN, &state->opened_on, person_id);
  return dk_dossier_repo_add_household_event (store, dossier_id, event, NULL, error);
}

static gboolean
set_outcome_in_transaction (DkStore   *store,
                            gpointer   user_data,
                            GError   **error)
{
  OutcomeData *data = user_data;
  g_autofree char *now = dk_domain_timestamp_now ();
  CaseState state = { 0 };
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  if (!read_case_state (store, data->dossier_id, &state, error))
    goto out;
  if (state.closed)
    {
      case_closed (error);
      goto out;
    }
  if (g_date_compare (data->date, &state.opened_on) < 0)
    {
      dk_dossier_repo_invalid (error, _("The end result cannot be dated before the case was opened."));
      goto out;
    }

  stmt = dk_store_prepare (store,
                           "UPDATE signal_case SET outcome_code = ?2, outcome_on = ?3, " UPDATED_AT ("?4")
                           " WHERE id = ?1 AND outcome_code IS NULL",
                           error);
  if (stmt == NULL)
    goto out;
  dk_sql_bind_text (stmt, 1, state.case_id);
  dk_sql_bind_text (stmt, 2, dk_signal_result_to_ddas (data->result));
  dk_sql_bind_date (stmt, 3, data->date);
  dk_sql_bind_text (stmt, 4, now);
  if (!dk_store_step_done (store, stmt, error))
    goto out;

  /* Nobody goes to the door again for a case that has ended. */
  if (!settle_revisits (store, data->dossier_id, data->date, NULL, now, error))
    goto out;

  switch (dk_signal_after_result (data->result))
    {
    case DK_SIGNAL_AFTER_DEBT_HELP:
      if (!turn_into_debt_help (store, data->dossier_id, &state, data->date, now, error) ||
          !start_household (store, data->dossier_id, &state, error))
        goto out;
      break;
    case DK_SIGNAL_AFTER_FOLLOW_UP:
      {
        GDate due;

        dk_signal_follow_up_due (data->date, &due);
        if (!insert_task (store, data->dossier_id, DK_SIGNAL_TASK_FOLLOW_UP, &due, now, NULL, error))
          goto out;
      }
      break;
    case DK_SIGNAL_AFTER_NOTHING:
    default:
      break;
    }
  ok = TRUE;

out:
  case_state_clear (&state);
  return ok;
}

gboolean
dk_signal_work_set_outcome (DkStore         *store,
                            const char      *dossier_id,
                            DkSignalResult   result,
                            const GDate     *date,
                            const GDate     *today,
                            GError         **error)
{
  OutcomeData data = { dossier_id, result, date };

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (dossier_id != NULL, FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);
  g_return_val_if_fail (today != NULL && g_date_valid (today), FALSE);

  if (dk_signal_result_to_ddas (result) == NULL)
    return dk_dossier_repo_invalid (error, _("This end result is unknown."));
  if (g_date_compare (date, today) > 0)
    return dk_dossier_repo_invalid (error, _("The end result cannot be dated in the future."));

  return dk_store_transaction (store, set_outcome_in_transaction, &data, error);
}

/* -- tasks -- */

typedef struct
{
  const char  *task_id;
  const GDate *date;
} CompleteData;

static gboolean
complete_task_in_transaction (DkStore   *store,
                              gpointer   user_data,
                              GError   **error)
{
  CompleteData *data = user_data;
  g_autofree char *now = dk_domain_timestamp_now ();
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean done;

  stmt = dk_store_prepare (store,
                           "SELECT t.done_on IS NOT NULL FROM task AS t"
                           " JOIN dossier AS d ON d.id = t.dossier_id AND d.removed_at IS NULL"
                           " WHERE t.id = ?1 AND t.removed_at IS NULL",
                           error);
  if (stmt == NULL)
    return FALSE;
  dk_sql_bind_text (stmt, 1, data->task_id);
  if (!dk_store_step_row (store, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    return dk_dossier_repo_not_found (error, _("This task does not exist (any more)."));
  done = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  if (done)
    return dk_dossier_repo_invalid (error, _("This task has already been done."));

  stmt = dk_store_prepare (store,
                           "UPDATE task SET done_on = ?2, " UPDATED_AT ("?3") " WHERE id = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  dk_sql_bind_text (stmt, 1, data->task_id);
  dk_sql_bind_date (stmt, 2, data->date);
  dk_sql_bind_text (stmt, 3, now);
  return dk_store_step_done (store, stmt, error);
}

gboolean
dk_signal_work_complete_task (DkStore      *store,
                              const char   *task_id,
                              const GDate  *date,
                              GError      **error)
{
  CompleteData data = { task_id, date };

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (task_id != NULL, FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  return dk_store_transaction (store, complete_task_in_transaction, &data, error);
}
