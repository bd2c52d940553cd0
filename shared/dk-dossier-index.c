#include "config.h"

#include <string.h>

#include "dk-dossier-index.h"
#include "dk-sql-util.h"

/* What a dossier is found by. A phone number is kept in E.164 form and also as dialled in the
 * Netherlands (0612345678); a postcode both as "1234 AB" and "1234AB". */
#define SEARCH_BODY \
  "d.number" \
  " || ' ' || coalesce ((SELECT group_concat (p.given_names || ' ' || coalesce (p.family_name_prefix, '')" \
  "   || ' ' || p.family_name || ' ' || coalesce (p.bsn, ''), ' ')" \
  "   FROM person AS p WHERE p.dossier_id = d.id AND p.removed_at IS NULL), '')" \
  " || ' ' || coalesce ((SELECT group_concat (coalesce (c.street, '') || ' ' || coalesce (c.house_number, '')" \
  "   || ' ' || coalesce (c.postcode, '') || ' ' || coalesce (replace (c.postcode, ' ', ''), '')" \
  "   || ' ' || coalesce (c.city, '') || ' ' || coalesce (c.phone, '')" \
  "   || ' ' || CASE WHEN c.phone LIKE '+31%' THEN '0' || substr (c.phone, 4) ELSE '' END" \
  "   || ' ' || coalesce (c.email, ''), ' ')" \
  "   FROM contact AS c WHERE c.dossier_id = d.id AND c.removed_at IS NULL), '')"

void
dk_dossier_summary_free (DkDossierSummary *summary)
{
  if (summary == NULL)
    return;

  g_free (summary->id);
  g_free (summary->number);
  g_free (summary->client_name);
  g_free (summary->counsellor);
  g_free (summary);
}

void
dk_dossier_query_init (DkDossierQuery *query)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  memset (query, 0, sizeof *query);
  query->phase = DK_PHASE_FILTER_OPEN;
  query->deadline = DK_DEADLINE_FILTER_ANY;
  query->sort = DK_DOSSIER_SORT_DEADLINE;
  query->decision_weeks = DK_WGS_DECISION_WEEKS_MAX;
  g_date_clear (&query->today, 1);
  g_date_set_dmy (&query->today, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now), (GDateYear) g_date_time_get_year (now));
}

static gboolean
exec (DkStore     *store,
      const char  *sql,
      GError     **error)
{
  sqlite3_stmt *stmt = dk_store_prepare (store, sql, error);

  return stmt != NULL && dk_store_step_done (store, stmt, error);
}

static gboolean
refresh_in_transaction (DkStore   *store,
                        gpointer   user_data,
                        GError   **error)
{
  return exec (store,
               "INSERT OR IGNORE INTO dossier_search_key (dossier_id) SELECT dossier_id FROM dossier_search_dirty",
               error) &&
         exec (store,
               "DELETE FROM dossier_search WHERE rowid IN (SELECT k.doc FROM dossier_search_dirty AS y"
               " JOIN dossier_search_key AS k USING (dossier_id))",
               error) &&
         exec (store,
               "INSERT INTO dossier_search (rowid, body) SELECT k.doc, " SEARCH_BODY
               " FROM dossier_search_dirty AS y JOIN dossier_search_key AS k USING (dossier_id)"
               " JOIN dossier AS d ON d.id = y.dossier_id WHERE d.removed_at IS NULL",
               error) &&
         exec (store, "DELETE FROM dossier_search_dirty", error);
}

gboolean
dk_dossier_index_refresh (DkStore  *store,
                          GError  **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);

  /* Reading is cheaper than a write transaction, and the list is read on every keystroke. */
  stmt = dk_store_prepare (store, "SELECT 1 FROM dossier_search_dirty LIMIT 1", error);
  if (stmt == NULL || !dk_store_step_row (store, stmt, &has_row, error))
    return FALSE;
  sqlite3_reset (stmt);
  if (!has_row)
    return TRUE;

  return dk_store_transaction (store, refresh_in_transaction, NULL, error);
}

static gboolean
is_word_char (const char *p)
{
  return g_unichar_isalnum (g_utf8_get_char (p));
}

char *
dk_dossier_index_match_expression (const char *text)
{
  g_autofree char *normalized = NULL;
  g_autoptr(GString) expression = g_string_new (NULL);
  const char *p;

  if (text == NULL)
    return NULL;

  /* Composed, as the words are split below: a "c" and a separate cedilla would be two words. */
  normalized = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
  if (normalized == NULL)
    return NULL;

  p = normalized;
  while (*p != '\0')
    {
      g_autoptr(GString) joined = g_string_new (NULL);
      g_autoptr(GString) phrase = g_string_new (NULL);
      guint n_groups = 0;

      /* A word is a run of letters and digits, as FTS5's unicode61 tokenizer sees it; everything
       * else (quotes, operators, a stray '*') only separates words, so no input is an FTS5 syntax
       * error. */
      while (*p != '\0' && !is_word_char (p))
        p = g_utf8_next_char (p);
      for (;;)
        {
          const char *start = p;

          while (*p != '\0' && is_word_char (p))
            p = g_utf8_next_char (p);
          if (p == start)
            break;
          g_string_append_len (joined, start, p - start);
          if (phrase->len > 0)
            g_string_append_c (phrase, ' ');
          g_string_append_len (phrase, start, p - start);
          n_groups++;

          /* A digit group typed with separators ("123.456.782", "06-1234 5678") is one word. */
          if ((*p == '.' || *p == '-' || *p == ' ') && g_ascii_isdigit (p[-1]) && g_ascii_isdigit (p[1]))
            p++;
          else
            break;
        }
      if (n_groups == 0)
        break;

      if (expression->len > 0)
        g_string_append (expression, " AND ");
      /* The joined digits find a BSN or phone number stored without separators; the groups as a
       * phrase find text stored with them, such as a dossier number "2026-0042". */
      if (n_groups > 1)
        g_string_append_printf (expression, "(\"%s\"* OR \"%s\"*)", joined->str, phrase->str);
      else
        g_string_append_printf (expression, "\"%s\"*", joined->str);
    }

  return expression->len > 0 ? g_string_free (g_steal_pointer (&expression), FALSE) : NULL;
}

static int
compare_summaries (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  const DkDossierSummary *x = *(DkDossierSummary * const *) a;
  const DkDossierSummary *y = *(DkDossierSummary * const *) b;
  DkDossierSort sort = GPOINTER_TO_INT (user_data);
  int order = 0;

  switch (sort)
    {
    case DK_DOSSIER_SORT_DEADLINE:
      if ((x->deadline_kind == DK_WGS_DEADLINE_NONE) != (y->deadline_kind == DK_WGS_DEADLINE_NONE))
        return x->deadline_kind == DK_WGS_DEADLINE_NONE ? 1 : -1;
      if (x->deadline_kind != DK_WGS_DEADLINE_NONE)
        order = g_date_compare (&x->deadline, &y->deadline);
      break;
    case DK_DOSSIER_SORT_NAME:
      order = g_utf8_collate (x->client_name != NULL ? x->client_name : "",
                              y->client_name != NULL ? y->client_name : "");
      break;
    case DK_DOSSIER_SORT_OPENED:
      order = -g_date_compare (&x->opened_on, &y->opened_on);
      break;
    case DK_DOSSIER_SORT_NUMBER:
    default:
      break;
    }

  return order != 0 ? order : strcmp (x->number, y->number);
}

static gboolean
passes_deadline_filter (const DkDossierSummary *summary,
                        const DkDossierQuery   *query)
{
  GDate limit = query->today;

  if (query->deadline == DK_DEADLINE_FILTER_ANY)
    return TRUE;
  if (summary->deadline_kind == DK_WGS_DEADLINE_NONE)
    return FALSE;
  if (query->deadline == DK_DEADLINE_FILTER_OVERDUE)
    return g_date_compare (&summary->deadline, &query->today) < 0;

  g_date_add_days (&limit, 7);
  return g_date_compare (&summary->deadline, &limit) <= 0;
}

#define SUMMARY_SELECT \
  "SELECT d.id, d.number, d.phase, d.counsellor, d.opened_on, d.crisis, d.registered_on," \
  " d.first_conversation_on," \
  " CASE WHEN p.id IS NULL THEN NULL ELSE p.given_names || ' '" \
  "  || coalesce (p.family_name_prefix || ' ', '') || p.family_name END"
#define SUMMARY_JOIN_AND_FILTER \
  " LEFT JOIN person AS p ON p.dossier_id = d.id AND p.role = 'client' AND p.removed_at IS NULL" \
  " WHERE d.removed_at IS NULL AND d.kind = 'debt_help'" \
  " AND (?2 = -1 OR (?2 = -2 AND d.phase <> 'closed') OR d.phase = ?3)" \
  " AND (?4 IS NULL OR d.counsellor = ?4)"

GPtrArray *
dk_dossier_index_query (DkStore               *store,
                        const DkDossierQuery  *query,
                        GError               **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_dossier_summary_free);
  g_autofree char *match = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok;

  g_return_val_if_fail (DK_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!dk_dossier_index_refresh (store, error))
    return NULL;

  match = dk_dossier_index_match_expression (query->text);
  /* Two statements rather than "?1 IS NULL OR d.id IN (… MATCH ?1)": with the OR, SQLite scans every
   * dossier even when the full-text match finds three; starting from the match it reads only those. */
  stmt = dk_store_prepare (store, match != NULL
                           ? "WITH hit (id) AS (SELECT DISTINCT k.dossier_id FROM dossier_search AS s"
                             "  JOIN dossier_search_key AS k ON k.doc = s.rowid WHERE dossier_search MATCH ?1)"
                             SUMMARY_SELECT " FROM hit CROSS JOIN dossier AS d ON d.id = hit.id" SUMMARY_JOIN_AND_FILTER
                           : SUMMARY_SELECT " FROM dossier AS d" SUMMARY_JOIN_AND_FILTER " AND ?1 IS NULL",
                           error);
  if (stmt == NULL)
    return NULL;
  dk_sql_bind_text (stmt, 1, match);
  sqlite3_bind_int (stmt, 2, query->phase);
  if (query->phase >= 0)
    dk_sql_bind_text (stmt, 3, dk_case_phase_to_string ((DkCasePhase) query->phase));
  dk_sql_bind_text (stmt, 4, query->counsellor);

  while ((ok = dk_store_step_row (store, stmt, &has_row, error)) && has_row)
    {
      g_autoptr(DkDossierSummary) summary = g_new0 (DkDossierSummary, 1);
      GDate registered_on, first_conversation_on;

      summary->id = dk_sql_column_dup (stmt, 0);
      summary->number = dk_sql_column_dup (stmt, 1);
      summary->counsellor = dk_sql_column_dup (stmt, 3);
      summary->crisis = sqlite3_column_int (stmt, 5) != 0;
      summary->client_name = dk_sql_column_dup (stmt, 8);
      /* A value this version cannot read (from a newer one) must not hide the dossier. */
      if (!dk_case_phase_from_string ((const char *) sqlite3_column_text (stmt, 2), &summary->phase))
        summary->phase = DK_CASE_PHASE_REGISTRATION;
      if (!dk_sql_column_date (stmt, 4, &summary->opened_on))
        g_date_clear (&summary->opened_on, 1);
      if (!dk_sql_column_date (stmt, 6, &registered_on))
        g_date_clear (&registered_on, 1);
      if (!dk_sql_column_date (stmt, 7, &first_conversation_on))
        g_date_clear (&first_conversation_on, 1);

      summary->deadline_kind = dk_wgs_deadline (summary->phase, &registered_on, summary->crisis,
                                                &first_conversation_on, query->decision_weeks, &summary->deadline);
      if (passes_deadline_filter (summary, query))
        g_ptr_array_add (rows, g_steal_pointer (&summary));
    }
  if (!ok)
    return NULL;

  g_ptr_array_sort_with_data (rows, compare_summaries, GINT_TO_POINTER (query->sort));
  return g_steal_pointer (&rows);
}

gboolean
dk_dossier_query_matches (const DkDossierQuery   *query,
                          const DkDossierSummary *summary)
{
  g_return_val_if_fail (query != NULL && summary != NULL, FALSE);

  if (query->phase == DK_PHASE_FILTER_OPEN && summary->phase == DK_CASE_PHASE_CLOSED)
    return FALSE;
  if (query->phase >= 0 && summary->phase != (DkCasePhase) query->phase)
    return FALSE;
  if (query->counsellor != NULL && g_strcmp0 (summary->counsellor, query->counsellor) != 0)
    return FALSE;
  return passes_deadline_filter (summary, query);
}

void
dk_dossier_summaries_sort (GPtrArray     *summaries,
                           DkDossierSort  sort)
{
  g_return_if_fail (summaries != NULL);

  g_ptr_array_sort_with_data (summaries, compare_summaries, GINT_TO_POINTER (sort));
}

gboolean
dk_dossier_index_match_ids (DkStore     *store,
                            const char  *text,
                            GHashTable **out_ids,
                            GError     **error)
{
  g_autoptr(GHashTable) ids = NULL;
  g_autofree char *match = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok;

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (out_ids != NULL, FALSE);

  *out_ids = NULL;
  match = dk_dossier_index_match_expression (text);
  if (match == NULL)
    return TRUE;
  if (!dk_dossier_index_refresh (store, error))
    return FALSE;

  stmt = dk_store_prepare (store,
                           "SELECT DISTINCT k.dossier_id FROM dossier_search AS s"
                           " JOIN dossier_search_key AS k ON k.doc = s.rowid WHERE dossier_search MATCH ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  dk_sql_bind_text (stmt, 1, match);
  ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  while ((ok = dk_store_step_row (store, stmt, &has_row, error)) && has_row)
    g_hash_table_add (ids, dk_sql_column_dup (stmt, 0));
  if (!ok)
    return FALSE;

  *out_ids = g_steal_pointer (&ids);
  return TRUE;
}

GStrv
dk_dossier_index_counsellors (DkStore  *store,
                              GError  **error)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok;

  stmt = dk_store_prepare (store,
                           "SELECT DISTINCT counsellor FROM dossier WHERE counsellor IS NOT NULL AND removed_at IS NULL"
                           " AND kind = 'debt_help'"
                           " ORDER BY counsellor",
                           error);
  if (stmt == NULL)
    return NULL;
  while ((ok = dk_store_step_row (store, stmt, &has_row, error)) && has_row)
    g_strv_builder_add (names, (const char *) sqlite3_column_text (stmt, 0));
  if (!ok)
    return NULL;

  return g_strv_builder_end (names);
}
