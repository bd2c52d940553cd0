#include "config.h"

#include <glib/gi18n-lib.h>

#include "dk-date.h"
#include "dk-domain-schema.h"
#include "dk-signal-publish.h"
#include "dk-signal.h"
#include "dk-sql-util.h"
#include "dk-sync-resnapshot.h"
#include "dk-sync-scope.h"
#include "dk-uuid.h"

/* Eight digits give a hundred million numbers; a clash is tried again, this often at most. */
#define MAX_NUMBER_TRIES 100

/* The signals of a case that are published: set-aside ones are not (the resident is not contacted
 * for them). ?1 is the case. */
#define PUBLISHED_LINKS "l.case_id = ?1 AND l.status IN ('picked_up', 'repeat')"

typedef struct
{
  const DkSignalPublishOptions *options;
  GDate                         today;
  char                         *now;
  GPtrArray                    *changed;       /* dossier ids to snapshot again, in order */
  GHashTable                   *changed_set;
  DkSignalPublishSummary        summary;
} Publish;

static void
mark_changed (Publish    *p,
              const char *dossier_id)
{
  char *id;

  if (g_hash_table_contains (p->changed_set, dossier_id))
    return;
  id = g_strdup (dossier_id);
  g_ptr_array_add (p->changed, id);
  g_hash_table_add (p->changed_set, id);
}

static gboolean
query_exists (DkStore     *store,
              const char  *sql,
              const char  *arg,
              gboolean    *out_exists,
              GError     **error)
{
  sqlite3_stmt *stmt = dk_store_prepare (store, sql, error);
  gboolean has_row = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_row (store, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    sqlite3_reset (stmt);
  *out_exists = has_row;
  return TRUE;
}

/* ---- the resident, from the case's signals ---- */

typedef struct
{
  char *bsn;
  char *given_names;
  char *name_prefix;
  char *family_name;
  char *birth_date;
  char *street;
  char *house_number;     /* with its addition, as a dossier's contact keeps it: "12a", "12-2" */
  char *postcode;
  char *city;
  char *phone;
  char *email;
} Resident;

static void
resident_clear (Resident *r)
{
  g_free (r->bsn);
  g_free (r->given_names);
  g_free (r->name_prefix);
  g_free (r->family_name);
  g_free (r->birth_date);
  g_free (r->street);
  g_free (r->house_number);
  g_free (r->postcode);
  g_free (r->city);
  g_free (r->phone);
  g_free (r->email);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Resident, resident_clear)

/* A contact keeps the addition in the house number; dk_signal_match_address_key() reads it back from
 * there, so the dossier is found for the household's next signal once it is a debt-help dossier. A
 * separator keeps "12" and "2" from becoming house number 122. */
static char *
house_number_with_addition (const char *number,
                            const char *addition)
{
  if (number == NULL)
    return NULL;
  if (addition == NULL || *addition == '\0')
    return g_strdup (number);
  if (g_ascii_isdigit (*addition))
    return g_strconcat (number, "-", addition, NULL);
  if (addition[1] == '\0')
    return g_strconcat (number, addition, NULL);
  return g_strconcat (number, " ", addition, NULL);
}

static void
take (char         **field,
      sqlite3_stmt  *stmt,
      int            column)
{
  if (*field == NULL)
    *field = dk_sql_column_dup (stmt, column);
}

static gboolean
load_resident (DkStore      *store,
               const char   *case_id,
               gboolean      bsn_household,
               Resident     *r,
               GError      **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean named = FALSE;
  gboolean addressed = FALSE;
  gboolean ok;

  stmt = dk_store_prepare (store,
                           "SELECT s.bsn, s.given_names, s.name_prefix, s.family_name, s.birth_date, s.street,"
                           " s.house_number, s.house_number_addition, s.postcode, s.city, s.phone, s.email"
                           " FROM early_signal_link AS l JOIN early_signal AS s ON s.id = l.signal_id"
                           " WHERE " PUBLISHED_LINKS
                           " ORDER BY s.signal_date DESC, s.imported_at DESC, s.id DESC",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, case_id, -1, SQLITE_TRANSIENT);
  while ((ok = dk_store_step_row (store, stmt, &has_row, error)) && has_row)
    {
      take (&r->bsn, stmt, 0);
      /* The names and birth date of one signal together: at an address two residents may be reported. */
      if (!named && (sqlite3_column_type (stmt, 1) != SQLITE_NULL || sqlite3_column_type (stmt, 3) != SQLITE_NULL))
        {
          named = TRUE;
          r->given_names = dk_sql_column_dup (stmt, 1);
          r->name_prefix = dk_sql_column_dup (stmt, 2);
          r->family_name = dk_sql_column_dup (stmt, 3);
          g_clear_pointer (&r->birth_date, g_free);
          r->birth_date = dk_sql_column_dup (stmt, 4);
        }
      /* Under one BSN every signal is the same person, so an older signal may fill in the birth date. */
      if (bsn_household)
        take (&r->birth_date, stmt, 4);
      /* The address of one signal as a whole, so a move never mixes two addresses. */
      if (!addressed && (sqlite3_column_type (stmt, 5) != SQLITE_NULL || sqlite3_column_type (stmt, 8) != SQLITE_NULL))
        {
          addressed = TRUE;
          r->street = dk_sql_column_dup (stmt, 5);
          r->house_number = house_number_with_addition ((const char *) sqlite3_column_text (stmt, 6),
                                                        (const char *) sqlite3_column_text (stmt, 7));
          r->postcode = dk_sql_column_dup (stmt, 8);
          r->city = dk_sql_column_dup (stmt, 9);
        }
      take (&r->phone, stmt, 10);
      take (&r->email, stmt, 11);
    }
  return ok;
}

/* ---- new work dossiers ---- */

typedef struct
{
  char     *id;
  char     *household_key;
  char     *matched_on;
  gboolean  multiple;
  gboolean  crisis;
} NewCase;

static void
new_case_clear (gpointer data)
{
  NewCase *c = data;

  g_free (c->id);
  g_free (c->household_key);
  g_free (c->matched_on);
}

static gboolean
unused_number (DkStore  *store,
               char    **out_number,
               GError  **error)
{
  for (guint i = 0; i < MAX_NUMBER_TRIES; i++)
    {
      g_autofree char *number = g_strdup_printf ("VS-%08d", g_random_int_range (0, 100000000));
      gboolean taken = FALSE;

      if (!query_exists (store, "SELECT 1 FROM dossier WHERE number = ?1", number, &taken, error))
        return FALSE;
      if (!taken)
        {
          *out_number = g_steal_pointer (&number);
          return TRUE;
        }
    }
  g_set_error_literal (error, DK_STORE_ERROR, DK_STORE_ERROR_CONSTRAINT,
                       _("No free number for a new early-signal dossier was found; try again."));
  return FALSE;
}

/* The signal_item rows of the case's published signals that @dossier_id lacks, each with the id of
 * its signal: that id tells which signals are published already. */
static gboolean
insert_items (Publish     *p,
              DkStore     *store,
              const char  *case_id,
              const char  *dossier_id,
              guint       *out_n_items,
              GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = dk_store_prepare (store,
                           "INSERT INTO signal_item (id, dossier_id, partner_type, partner_name, amount_cents, arose_on,"
                           " signal_date, crisis, warm_handover, repeat, created_at, updated_at)"
                           " SELECT s.id, ?2, s.partner_type, s.partner_name, s.amount_cents, s.arose_on, s.signal_date,"
                           " s.crisis, s.warm_handover, l.status = 'repeat', ?3, ?3"
                           " FROM early_signal_link AS l JOIN early_signal AS s ON s.id = l.signal_id"
                           " WHERE " PUBLISHED_LINKS
                           " AND NOT EXISTS (SELECT 1 FROM signal_item AS i WHERE i.id = s.id)"
                           " ORDER BY s.signal_date, s.id",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, case_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, dossier_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, p->now, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_done (store, stmt, error))
    return FALSE;
  *out_n_items = (guint) sqlite3_changes (dk_store_get_db (store));
  p->summary.n_items += *out_n_items;
  return TRUE;
}

static gboolean
publish_case (Publish        *p,
              DkStore        *store,
              const NewCase  *c,
              GError        **error)
{
  g_auto(Resident) r = { 0 };
  g_autofree char *dossier_id = dk_uuid_new ();
  g_autofree char *person_id = dk_uuid_new ();
  g_autofree char *contact_id = dk_uuid_new ();
  g_autofree char *signal_case_id = dk_uuid_new ();
  g_autofree char *number = NULL;
  sqlite3_stmt *stmt;
  guint n_items = 0;

  if (!load_resident (store, c->id, g_str_has_prefix (c->household_key, "bsn:"), &r, error) ||
      !unused_number (store, &number, error))
    return FALSE;

  stmt = dk_store_prepare (store,
                           "INSERT INTO dossier (id, number, opened_on, kind, counsellor, created_at, updated_at)"
                           " VALUES (?1, ?2, ?3, 'early_signal', NULL, ?4, ?4)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, dossier_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, number, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, c->matched_on, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, p->now, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_done (store, stmt, error))
    return FALSE;

  stmt = dk_store_prepare (store,
                           "INSERT INTO person (id, dossier_id, role, bsn, given_names, family_name_prefix, family_name,"
                           " birth_date, created_at, updated_at) VALUES (?1, ?2, 'client', ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, person_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, dossier_id, -1, SQLITE_TRANSIENT);
  dk_sql_bind_text (stmt, 3, r.bsn);
  sqlite3_bind_text (stmt, 4, r.given_names != NULL ? r.given_names : "", -1, SQLITE_TRANSIENT);
  dk_sql_bind_text (stmt, 5, r.name_prefix);
  sqlite3_bind_text (stmt, 6, r.family_name != NULL ? r.family_name : "", -1, SQLITE_TRANSIENT);
  dk_sql_bind_text (stmt, 7, r.birth_date);
  sqlite3_bind_text (stmt, 8, p->now, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_done (store, stmt, error))
    return FALSE;

  stmt = dk_store_prepare (store,
                           "INSERT INTO contact (id, dossier_id, person_id, street, house_number, postcode, city, phone,"
                           " email, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, contact_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, dossier_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, person_id, -1, SQLITE_TRANSIENT);
  dk_sql_bind_text (stmt, 4, r.street);
  dk_sql_bind_text (stmt, 5, r.house_number);
  dk_sql_bind_text (stmt, 6, r.postcode);
  dk_sql_bind_text (stmt, 7, r.city);
  dk_sql_bind_text (stmt, 8, r.phone);
  dk_sql_bind_text (stmt, 9, r.email);
  sqlite3_bind_text (stmt, 10, p->now, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_done (store, stmt, error))
    return FALSE;

  stmt = dk_store_prepare (store,
                           "INSERT INTO signal_case (id, dossier_id, opened_on, multiple, crisis, created_at, updated_at)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, signal_case_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, dossier_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, c->matched_on, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 4, c->multiple ? 1 : 0);
  sqlite3_bind_int (stmt, 5, c->crisis ? 1 : 0);
  sqlite3_bind_text (stmt, 6, p->now, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_done (store, stmt, error))
    return FALSE;

  if (!insert_items (p, store, c->id, dossier_id, &n_items, error))
    return FALSE;

  stmt = dk_store_prepare (store, "UPDATE early_signal_case SET work_dossier_id = ?2, updated_at = ?3 WHERE id = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, c->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, dossier_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, p->now, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_done (store, stmt, error))
    return FALSE;

  if (p->options->user_id != NULL)
    {
      /* Only the user id is read: the assignment of a dossier to the one who is to work it. */
      DkAuthPrincipal assignee = { .user_id = (char *) p->options->user_id };

      if (!dk_sync_scope_assign_creator (store, &assignee, dossier_id, p->now, error))
        return FALSE;
    }

  p->summary.n_published++;
  return TRUE;
}

static gboolean
publish_new_cases (Publish  *p,
                   DkStore  *store,
                   GError  **error)
{
  g_autoptr(GArray) cases = g_array_new (FALSE, TRUE, sizeof (NewCase));
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok;

  g_array_set_clear_func (cases, new_case_clear);
  /* The work order of the matching: crisis cases first (their numbers come first, too). */
  stmt = dk_store_prepare (store,
                           "SELECT id, household_key, matched_on, multiple, crisis FROM early_signal_case"
                           " WHERE kind = 'new' AND status = 'open' AND work_dossier_id IS NULL"
                           " ORDER BY crisis DESC, period_start, id",
                           error);
  if (stmt == NULL)
    return FALSE;
  while ((ok = dk_store_step_row (store, stmt, &has_row, error)) && has_row)
    {
      NewCase c = {
        dk_sql_column_dup (stmt, 0), dk_sql_column_dup (stmt, 1), dk_sql_column_dup (stmt, 2),
        sqlite3_column_int (stmt, 3) != 0, sqlite3_column_int (stmt, 4) != 0,
      };

      g_array_append_val (cases, c);
    }
  if (!ok)
    return FALSE;

  for (guint i = 0; i < cases->len; i++)
    if (!publish_case (p, store, &g_array_index (cases, NewCase, i), error))
      return FALSE;
  return TRUE;
}

/* ---- published cases that changed since ---- */

typedef struct
{
  char     *case_id;
  char     *dossier_id;
  char     *signal_case_id;
  gboolean  multiple;
  gboolean  crisis;
  gboolean  flags_differ;
} Published;

static void
published_clear (gpointer data)
{
  Published *c = data;

  g_free (c->case_id);
  g_free (c->dossier_id);
  g_free (c->signal_case_id);
}

static gboolean
update_published_cases (Publish  *p,
                        DkStore  *store,
                        GError  **error)
{
  g_autoptr(GArray) cases = g_array_new (FALSE, TRUE, sizeof (Published));
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok;

  g_array_set_clear_func (cases, published_clear);
  /* Only the cases that changed, so a run over thousands of open cases costs what it does. A deleted
   * work dossier is left alone: nobody works it any more. */
  stmt = dk_store_prepare (store,
                           "SELECT c.id, c.work_dossier_id, sc.id, c.multiple, c.crisis,"
                           " sc.multiple <> c.multiple OR sc.crisis <> c.crisis"
                           " FROM early_signal_case AS c"
                           " JOIN dossier AS d ON d.id = c.work_dossier_id AND d.removed_at IS NULL"
                           " JOIN signal_case AS sc ON sc.dossier_id = c.work_dossier_id AND sc.removed_at IS NULL"
                           " WHERE c.status = 'open' AND c.work_dossier_id IS NOT NULL"
                           " AND (sc.multiple <> c.multiple OR sc.crisis <> c.crisis"
                           "   OR EXISTS (SELECT 1 FROM early_signal_link AS l WHERE l.case_id = c.id"
                           "     AND l.status IN ('picked_up', 'repeat')"
                           "     AND NOT EXISTS (SELECT 1 FROM signal_item AS i WHERE i.id = l.signal_id)))"
                           " ORDER BY c.id",
                           error);
  if (stmt == NULL)
    return FALSE;
  while ((ok = dk_store_step_row (store, stmt, &has_row, error)) && has_row)
    {
      Published c = {
        dk_sql_column_dup (stmt, 0), dk_sql_column_dup (stmt, 1), dk_sql_column_dup (stmt, 2),
        sqlite3_column_int (stmt, 3) != 0, sqlite3_column_int (stmt, 4) != 0, sqlite3_column_int (stmt, 5) != 0,
      };

      g_array_append_val (cases, c);
    }
  if (!ok)
    return FALSE;

  for (guint i = 0; i < cases->len; i++)
    {
      const Published *c = &g_array_index (cases, Published, i);
      guint n_items = 0;

      if (!insert_items (p, store, c->case_id, c->dossier_id, &n_items, error))
        return FALSE;
      if (c->flags_differ)
        {
          stmt = dk_store_prepare (store,
                                   "UPDATE signal_case SET multiple = ?2, crisis = ?3, updated_at = max (updated_at, ?4)"
                                   " WHERE id = ?1",
                                   error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_text (stmt, 1, c->signal_case_id, -1, SQLITE_TRANSIENT);
          sqlite3_bind_int (stmt, 2, c->multiple ? 1 : 0);
          sqlite3_bind_int (stmt, 3, c->crisis ? 1 : 0);
          sqlite3_bind_text (stmt, 4, p->now, -1, SQLITE_TRANSIENT);
          if (!dk_store_step_done (store, stmt, error))
            return FALSE;
        }
      if (n_items > 0 || c->flags_differ)
        {
          p->summary.n_updated++;
          mark_changed (p, c->dossier_id);
        }
    }
  return TRUE;
}

/* ---- tasks in known dossiers ---- */

typedef struct
{
  char *case_id;
  char *kind;
  char *dossier_id;
} KnownCase;

static void
known_case_clear (gpointer data)
{
  KnownCase *c = data;

  g_free (c->case_id);
  g_free (c->kind);
  g_free (c->dossier_id);
}

/* "Huur, Energie": the DDAS partner types of the case's published signals, in the DDAS order. No name,
 * amount or date: the task is read by whoever holds the dossier. */
static char *
partner_types_note (DkStore     *store,
                    const char  *case_id,
                    GError     **error)
{
  gboolean present[DK_SIGNAL_N_PARTNERS] = { FALSE };
  g_autoptr(GString) note = g_string_new (NULL);
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok;

  stmt = dk_store_prepare (store,
                           "SELECT DISTINCT s.partner_type FROM early_signal_link AS l"
                           " JOIN early_signal AS s ON s.id = l.signal_id WHERE " PUBLISHED_LINKS,
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, case_id, -1, SQLITE_TRANSIENT);
  while ((ok = dk_store_step_row (store, stmt, &has_row, error)) && has_row)
    {
      DkSignalPartner partner;

      if (dk_signal_partner_from_ddas ((const char *) sqlite3_column_text (stmt, 0), &partner))
        present[partner] = TRUE;
    }
  if (!ok)
    return NULL;

  for (guint i = 0; i < DK_SIGNAL_N_PARTNERS; i++)
    if (present[i])
      g_string_append_printf (note, "%s%s", note->len > 0 ? ", " : "", dk_signal_partner_to_ddas ((DkSignalPartner) i));
  return g_string_free (g_steal_pointer (&note), FALSE);
}

static gboolean
add_known_tasks (Publish  *p,
                 DkStore  *store,
                 GError  **error)
{
  g_autoptr(GArray) cases = g_array_new (FALSE, TRUE, sizeof (KnownCase));
  g_autofree char *due = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok;
  GDate due_on = p->today;

  dk_date_add_working_days (&due_on, 1);
  due = dk_date_format_iso (&due_on);

  g_array_set_clear_func (cases, known_case_clear);
  stmt = dk_store_prepare (store,
                           "SELECT c.id, c.kind, c.dossier_id FROM early_signal_case AS c"
                           " JOIN dossier AS d ON d.id = c.dossier_id AND d.removed_at IS NULL"
                           " WHERE c.kind IN ('known', 'contact_former_counsellor') AND c.status = 'open'"
                           " AND NOT EXISTS (SELECT 1 FROM early_signal_task AS t WHERE t.case_id = c.id)"
                           " ORDER BY c.crisis DESC, c.period_start, c.id",
                           error);
  if (stmt == NULL)
    return FALSE;
  while ((ok = dk_store_step_row (store, stmt, &has_row, error)) && has_row)
    {
      KnownCase c = { dk_sql_column_dup (stmt, 0), dk_sql_column_dup (stmt, 1), dk_sql_column_dup (stmt, 2) };

      g_array_append_val (cases, c);
    }
  if (!ok)
    return FALSE;

  for (guint i = 0; i < cases->len; i++)
    {
      const KnownCase *c = &g_array_index (cases, KnownCase, i);
      g_autofree char *task_id = dk_uuid_new ();
      g_autofree char *note = partner_types_note (store, c->case_id, error);

      if (note == NULL)
        return FALSE;
      stmt = dk_store_prepare (store,
                               "INSERT INTO task (id, dossier_id, kind, due_on, note, created_at, updated_at)"
                               " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, task_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, c->dossier_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, g_str_equal (c->kind, "known") ? "signal_known" : "contact_former_client", -1,
                         SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, due, -1, SQLITE_TRANSIENT);
      dk_sql_bind_text (stmt, 5, *note != '\0' ? note : NULL);
      sqlite3_bind_text (stmt, 6, p->now, -1, SQLITE_TRANSIENT);
      if (!dk_store_step_done (store, stmt, error))
        return FALSE;

      stmt = dk_store_prepare (store,
                               "INSERT INTO early_signal_task (case_id, task_id, dossier_id, created_at)"
                               " VALUES (?1, ?2, ?3, ?4)",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, c->case_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, task_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, c->dossier_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, p->now, -1, SQLITE_TRANSIENT);
      if (!dk_store_step_done (store, stmt, error))
        return FALSE;

      p->summary.n_tasks++;
      mark_changed (p, c->dossier_id);
    }
  return TRUE;
}

static gboolean
publish_in_transaction (DkStore   *store,
                        gpointer   user_data,
                        GError   **error)
{
  Publish *p = user_data;

  /* The published cases first: a dossier made in this run holds every signal already, and no
   * device holds it yet. */
  if (!update_published_cases (p, store, error) || !publish_new_cases (p, store, error) ||
      !add_known_tasks (p, store, error))
    return FALSE;

  for (guint i = 0; i < p->changed->len; i++)
    {
      guint n = 0;

      if (!dk_sync_resnapshot_holders (store, p->changed->pdata[i], &n, error))
        return FALSE;
      p->summary.n_snapshots += n;
    }
  return TRUE;
}

gboolean
dk_signal_publish (DkStore                       *store,
                   const DkSignalPublishOptions  *options,
                   DkSignalPublishSummary        *out_summary,
                   GError                       **error)
{
  static const DkSignalPublishOptions defaults = { NULL, NULL };
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) changed_set = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *now = dk_domain_timestamp_now ();
  Publish p = { 0 };

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (options == NULL || options->user_id == NULL || dk_uuid_is_valid (options->user_id), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  p.options = options != NULL ? options : &defaults;
  if (p.options->today != NULL)
    p.today = *p.options->today;
  else
    {
      g_autoptr(GDateTime) utc = g_date_time_new_now_utc ();

      p.today = dk_date_ymd ((GDateYear) g_date_time_get_year (utc), (GDateMonth) g_date_time_get_month (utc),
                             (GDateDay) g_date_time_get_day_of_month (utc));
    }
  p.now = now;
  p.changed = changed;
  p.changed_set = changed_set;

  if (!dk_store_transaction (store, publish_in_transaction, &p, error))
    return FALSE;
  if (out_summary != NULL)
    *out_summary = p.summary;
  return TRUE;
}

/* ---- the work on the devices, back into the cases ---- */

static gboolean
collect_in_transaction (DkStore   *store,
                        gpointer   user_data,
                        GError   **error)
{
  g_autofree char *now = dk_domain_timestamp_now ();
  sqlite3_stmt *stmt;

  /* The attempt keeps its id, so each is copied once. OR IGNORE: one the case's table cannot take
   * (it has the same values as the device's, so that means a damaged row) does not stop the rest. */
  stmt = dk_store_prepare (store,
                           "INSERT OR IGNORE INTO early_signal_contact (id, case_id, kind, reached, contact_date,"
                           " part_of_day, recorded_at)"
                           " SELECT a.id, c.id, a.kind, a.reached, a.attempt_date, a.part_of_day, a.created_at"
                           " FROM early_signal_case AS c JOIN signal_attempt AS a ON a.dossier_id = c.work_dossier_id"
                           " WHERE c.work_dossier_id IS NOT NULL"
                           " AND NOT EXISTS (SELECT 1 FROM early_signal_contact AS e WHERE e.id = a.id)",
                           error);
  if (stmt == NULL || !dk_store_step_done (store, stmt, error))
    return FALSE;

  /* As dk_signal_case_add_contact(): the earliest attempt picks the case up, the earliest that reached
   * the resident is the first contact; an earlier date already set stays. Only what changes is
   * written, so a second run writes nothing. */
  stmt = dk_store_prepare (store,
                           "UPDATE early_signal_case SET"
                           " picked_up_on = CASE WHEN picked_up_on IS NULL OR picked_up_on > a.first THEN a.first"
                           "   ELSE picked_up_on END,"
                           " first_contact_on = CASE WHEN a.reached IS NULL THEN first_contact_on"
                           "   WHEN first_contact_on IS NULL OR first_contact_on > a.reached THEN a.reached"
                           "   ELSE first_contact_on END,"
                           " updated_at = max (early_signal_case.updated_at, ?1)"
                           " FROM (SELECT case_id, min (contact_date) AS first,"
                           "   min (CASE WHEN reached = 1 THEN contact_date END) AS reached"
                           "   FROM early_signal_contact GROUP BY case_id) AS a"
                           " WHERE a.case_id = early_signal_case.id AND early_signal_case.work_dossier_id IS NOT NULL"
                           " AND (picked_up_on IS NULL OR picked_up_on > a.first"
                           "   OR (a.reached IS NOT NULL AND (first_contact_on IS NULL OR first_contact_on > a.reached)))",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_done (store, stmt, error))
    return FALSE;

  /* As dk_signal_case_set_outcome(): the end result closes the case, which frees the household for a
   * new one. */
  stmt = dk_store_prepare (store,
                           "UPDATE early_signal_case SET outcome_code = sc.outcome_code, outcome_on = sc.outcome_on,"
                           " status = 'closed', updated_at = max (early_signal_case.updated_at, ?1)"
                           " FROM signal_case AS sc"
                           " WHERE sc.dossier_id = early_signal_case.work_dossier_id AND sc.removed_at IS NULL"
                           " AND sc.outcome_code IS NOT NULL AND sc.outcome_on IS NOT NULL"
                           " AND (early_signal_case.outcome_code IS NOT sc.outcome_code"
                           "   OR early_signal_case.outcome_on IS NOT sc.outcome_on OR early_signal_case.status <> 'closed')",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_TRANSIENT);
  return dk_store_step_done (store, stmt, error);
}

gboolean
dk_signal_publish_collect (DkStore  *store,
                           GError  **error)
{
  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return dk_store_transaction (store, collect_in_transaction, NULL, error);
}

gboolean
dk_signal_publish_find_work_dossier (DkStore     *store,
                                     const char  *case_id,
                                     char       **out_number,
                                     GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);
  g_return_val_if_fail (out_number != NULL, FALSE);

  *out_number = NULL;
  stmt = dk_store_prepare (store,
                           "SELECT coalesce (d.number, c.work_dossier_id) FROM early_signal_case AS c"
                           " LEFT JOIN dossier AS d ON d.id = c.work_dossier_id"
                           " WHERE c.id = ?1 AND c.work_dossier_id IS NOT NULL",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, case_id, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_row (store, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    {
      *out_number = dk_sql_column_dup (stmt, 0);
      sqlite3_reset (stmt);
    }
  return TRUE;
}
