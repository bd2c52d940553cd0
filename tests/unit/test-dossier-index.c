/* The dossier list of a replica (dk-dossier-index.h): full-text search as people type, filters, sorts,
 * and an index that follows every change, tombstone and purge. */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "dk-case-repo.h"
#include "dk-date.h"
#include "dk-dossier-index.h"
#include "dk-dossier-repo.h"
#include "dk-replica.h"
#include "dk-test-util.h"
#include "dk-uuid.h"

typedef struct
{
  char      *dir;
  DkReplica *replica;
  DkStore   *store;
  /* The dossiers A … E (see fixture_setup) and some of their persons. */
  char      *ids[5];
  char      *client_a;
  char      *contact_a;
  char      *partner_b;
} Fixture;

#define A 0
#define B 1
#define C 2
#define D 3
#define E 4

static DkPerson *
person (DkPersonRole  role,
        const char   *given,
        const char   *prefix,
        const char   *family,
        const char   *bsn)
{
  GDate birth = dk_date_ymd (1985, 4, 12);
  DkPerson *p = dk_person_new (role, given, prefix, family, &birth);

  p->bsn = g_strdup (bsn);
  return p;
}

static char *
create (Fixture    *f,
        const char *number,
        GDate       opened,
        DkPerson   *client,
        DkPerson   *partner,
        char      **out_client_id,
        char      **out_partner_id)
{
  g_autoptr(GPtrArray) persons = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_person_free);
  g_autoptr(GError) error = NULL;
  char *id = NULL;

  g_ptr_array_add (persons, client);
  if (partner != NULL)
    g_ptr_array_add (persons, partner);
  dk_dossier_repo_create (f->store, number, &opened, persons, NULL, &id, &error);
  g_assert_no_error (error);
  /* The persons are the array's, and go with it. */
  if (out_client_id != NULL)
    *out_client_id = g_strdup (client->id);
  if (out_partner_id != NULL)
    *out_partner_id = g_strdup (partner->id);
  return id;
}

static void
set_case (Fixture     *f,
          const char  *dossier_id,
          DkCasePhase  phase,
          const char  *registered_on,
          gboolean     crisis,
          const char  *first_conversation_on,
          const char  *counsellor)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkCase) c = dk_case_repo_load (f->store, dossier_id, &error);

  g_assert_no_error (error);
  c->phase = phase;
  if (registered_on != NULL)
    dk_date_parse (registered_on, &c->registered_on, NULL);
  c->crisis = crisis;
  if (first_conversation_on != NULL)
    dk_date_parse (first_conversation_on, &c->first_conversation_on, NULL);
  g_free (c->counsellor);
  c->counsellor = g_strdup (counsellor);
  dk_case_repo_save (f->store, c, &error);
  g_assert_no_error (error);
}

/*
 * A  2025-0001  Sanne de Vries (BSN 123456782), Dorpsstraat 12, 1234 AB Utrecht, 06-12345678;
 *               registration since 3 March 2025: first conversation by 31 March; Joost
 * B  2025-0002  Mehmet Çelik and partner Ayşe Çelik; intake, first conversation 4 March 2025:
 *               decision by 29 April (8 weeks); Anna
 * C  2025-0003  Pieter van der Berg; closed; Joost
 * D  2025-0004  Sanna Jansen; crisis registered 6 March 2025: by 11 March; no counsellor
 * E  2025-0005  Karel Bakker; settlement; Anna
 */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  DkPerson *client_a = person (DK_PERSON_ROLE_CLIENT, "Sanne", "de", "Vries", "123456782");
  DkPerson *partner_b = person (DK_PERSON_ROLE_PARTNER, "Ayşe", NULL, "Çelik", NULL);
  g_autoptr(DkContact) contact = g_new0 (DkContact, 1);

  f->dir = dk_test_make_tmpdir ();
  path = g_build_filename (f->dir, "replica.sqlite", NULL);
  f->replica = dk_replica_open (path, &error);
  g_assert_no_error (error);
  f->store = dk_replica_get_store (f->replica);

  f->ids[A] = create (f, "2025-0001", dk_date_ymd (2025, 3, 1), client_a, NULL, &f->client_a, NULL);
  f->ids[B] = create (f, "2025-0002", dk_date_ymd (2025, 2, 15),
                      person (DK_PERSON_ROLE_CLIENT, "Mehmet", NULL, "Çelik", NULL), partner_b, NULL, &f->partner_b);
  f->ids[C] = create (f, "2025-0003", dk_date_ymd (2024, 6, 1),
                      person (DK_PERSON_ROLE_CLIENT, "Pieter", "van der", "Berg", NULL), NULL, NULL, NULL);
  f->ids[D] = create (f, "2025-0004", dk_date_ymd (2025, 3, 6),
                      person (DK_PERSON_ROLE_CLIENT, "Sanna", NULL, "Jansen", NULL), NULL, NULL, NULL);
  f->ids[E] = create (f, "2025-0005", dk_date_ymd (2024, 11, 1),
                      person (DK_PERSON_ROLE_CLIENT, "Karel", NULL, "Bakker", NULL), NULL, NULL, NULL);

  contact->dossier_id = g_strdup (f->ids[A]);
  contact->person_id = g_strdup (f->client_a);
  contact->street = g_strdup ("Dorpsstraat");
  contact->house_number = g_strdup ("12");
  contact->postcode = g_strdup ("1234ab");
  contact->city = g_strdup ("Utrecht");
  contact->phone = g_strdup ("06-12345678");
  contact->email = g_strdup ("sanne@example.nl");
  dk_case_repo_save_contact (f->store, contact, &f->contact_a, &error);
  g_assert_no_error (error);

  set_case (f, f->ids[A], DK_CASE_PHASE_REGISTRATION, "2025-03-03", FALSE, NULL, "Joost");
  set_case (f, f->ids[B], DK_CASE_PHASE_INTAKE, "2025-02-20", FALSE, "2025-03-04", "Anna");
  set_case (f, f->ids[C], DK_CASE_PHASE_CLOSED, "2024-06-01", FALSE, "2024-06-10", "Joost");
  set_case (f, f->ids[D], DK_CASE_PHASE_REGISTRATION, "2025-03-06", TRUE, NULL, NULL);
  set_case (f, f->ids[E], DK_CASE_PHASE_SETTLEMENT, "2024-10-01", FALSE, "2024-10-08", "Anna");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  f->store = NULL;
  g_clear_object (&f->replica);
  dk_test_remove_tree (f->dir);
  for (guint i = 0; i < G_N_ELEMENTS (f->ids); i++)
    g_free (f->ids[i]);
  g_free (f->client_a);
  g_free (f->contact_a);
  g_free (f->partner_b);
  g_free (f->dir);
}

static void
exec (Fixture    *f,
      const char *sql,
      const char *arg)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = dk_store_prepare (f->store, sql, &error);

  g_assert_no_error (error);
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  dk_store_step_done (f->store, stmt, &error);
  g_assert_no_error (error);
}

static gint64
query_int (Fixture    *f,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = dk_store_prepare (f->store, sql, &error);
  gboolean has_row = FALSE;
  gint64 value;

  g_assert_no_error (error);
  dk_store_step_row (f->store, stmt, &has_row, &error);
  g_assert_no_error (error);
  g_assert_true (has_row);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

static char *
letters_of (Fixture   *f,
            GPtrArray *rows)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < rows->len; i++)
    {
      const DkDossierSummary *summary = g_ptr_array_index (rows, i);
      gboolean known = FALSE;

      for (guint d = 0; d < G_N_ELEMENTS (f->ids); d++)
        if (g_strcmp0 (summary->id, f->ids[d]) == 0)
          {
            g_string_append_c (out, (char) ('A' + d));
            known = TRUE;
          }
      g_assert_true (known);
    }
  return g_string_free (out, FALSE);
}

/* What the dossier list does per keystroke: every summary read once, sorted, then picked by the
 * full-text ids and dk_dossier_query_matches(). It must find what dk_dossier_index_query() finds. */
static char *
pick_query (Fixture              *f,
            const DkDossierQuery *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) ids = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) picked = g_ptr_array_new ();
  DkDossierQuery everything = *query;

  everything.text = NULL;
  everything.phase = DK_PHASE_FILTER_ANY;
  everything.counsellor = NULL;
  everything.deadline = DK_DEADLINE_FILTER_ANY;
  everything.sort = DK_DOSSIER_SORT_NAME;   /* resorted below, as when the user picks another order */
  all = dk_dossier_index_query (f->store, &everything, &error);
  g_assert_no_error (error);
  dk_dossier_summaries_sort (all, query->sort);
  g_assert_true (dk_dossier_index_match_ids (f->store, query->text, &ids, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < all->len; i++)
    {
      DkDossierSummary *summary = all->pdata[i];

      if ((ids == NULL || g_hash_table_contains (ids, summary->id)) && dk_dossier_query_matches (query, summary))
        g_ptr_array_add (picked, summary);
    }
  return letters_of (f, picked);
}

/* The letters A … E of the dossiers found, in the order given, by the query and by picking alike. */
static char *
run_query (Fixture              *f,
           const DkDossierQuery *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = dk_dossier_index_query (f->store, query, &error);
  g_autofree char *picked_letters = NULL;
  char *letters;

  g_assert_no_error (error);
  g_assert_nonnull (rows);
  letters = letters_of (f, rows);
  picked_letters = pick_query (f, query);
  g_assert_cmpstr (picked_letters, ==, letters);
  return letters;
}

/* Every phase, no other filter, sorted by number. */
static void
query_all_init (DkDossierQuery *query)
{
  dk_dossier_query_init (query);
  query->phase = DK_PHASE_FILTER_ANY;
  query->sort = DK_DOSSIER_SORT_NUMBER;
}

static void
assert_search (Fixture    *f,
               const char *text,
               const char *expected)
{
  g_autofree char *found = NULL;
  DkDossierQuery query;

  query_all_init (&query);
  query.text = text;
  found = run_query (f, &query);
  if (g_strcmp0 (found, expected) != 0)
    g_error ("searching “%s” found “%s”, expected “%s”", text, found, expected);
}

/* ---- the match expression ---- */

static void
test_match_expression (void)
{
  static const struct
  {
    const char *text;
    const char *expected;
  } cases[] = {
    { "", NULL },
    { "   \t ", NULL },
    { "\"*()-:^+{}[]", NULL },
    { "Sanne", "\"Sanne\"*" },
    { "  sanne  de vries ", "\"sanne\"* AND \"de\"* AND \"vries\"*" },
    { "Çelik", "\"Çelik\"*" },
    /* A decomposed ç (c + combining cedilla) is the same word. */
    { "C\xcc\xa7" "elik", "\"Çelik\"*" },
    { "Ayşe", "\"Ayşe\"*" },
    { "123.456.782", "(\"123456782\"* OR \"123 456 782\"*)" },
    { "123 456 782", "(\"123456782\"* OR \"123 456 782\"*)" },
    { "06-12345678", "(\"0612345678\"* OR \"06 12345678\"*)" },
    { "06-1234 5678", "(\"0612345678\"* OR \"06 1234 5678\"*)" },
    { "+31 6 12345678", "(\"31612345678\"* OR \"31 6 12345678\"*)" },
    { "2026-0042", "(\"20260042\"* OR \"2026 0042\"*)" },
    { "1234 AB", "\"1234\"* AND \"AB\"*" },
    { "1234AB", "\"1234AB\"*" },
    /* Only a single separator between digits joins them. */
    { "12 - 34", "\"12\"* AND \"34\"*" },
    { "12--34", "\"12\"* AND \"34\"*" },
    { "a-b", "\"a\"* AND \"b\"*" },
    { "12-", "\"12\"*" },
    { "-12", "\"12\"*" },
    { "1.2.3 x", "(\"123\"* OR \"1 2 3\"*) AND \"x\"*" },
    /* FTS5 syntax is never passed on: operators become words, quotes and stars separators. */
    { "\"sanne\" AND (vries*)", "\"sanne\"* AND \"AND\"* AND \"vries\"*" },
    { "sanne\"vries", "\"sanne\"* AND \"vries\"*" },
    { "body:sanne", "\"body\"* AND \"sanne\"*" },
    { "NEAR(a b)", "\"NEAR\"* AND \"a\"* AND \"b\"*" },
    { "-sanne", "\"sanne\"*" },
    { "sanne*", "\"sanne\"*" },
    { "o'brien", "\"o\"* AND \"brien\"*" },
  };

  g_assert_null (dk_dossier_index_match_expression (NULL));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *expression = dk_dossier_index_match_expression (cases[i].text);

      if (g_strcmp0 (expression, cases[i].expected) != 0)
        g_error ("“%s” gave %s, expected %s", cases[i].text, expression, cases[i].expected);
    }
}

/* ---- search ---- */

static void
test_search_names (Fixture       *f,
                   gconstpointer  data)
{
  /* Blank text: everything. */
  assert_search (f, NULL, "ABCDE");
  assert_search (f, "", "ABCDE");
  assert_search (f, "   ", "ABCDE");

  /* Given names, as a prefix, any case. */
  assert_search (f, "Sanne", "A");
  assert_search (f, "san", "AD");
  assert_search (f, "SANNA", "D");
  assert_search (f, "meh", "B");
  /* The partner counts too. */
  assert_search (f, "ayşe", "B");
  /* Family names with diacritics, typed without them (and with). */
  assert_search (f, "Celik", "B");
  assert_search (f, "celik", "B");
  assert_search (f, "Çelik", "B");
  assert_search (f, "C\xcc\xa7" "elik", "B");
  assert_search (f, "Ayse", "B");
  assert_search (f, "cel", "B");
  /* Tussenvoegsels. */
  assert_search (f, "van der", "C");
  assert_search (f, "van der Berg", "C");
  assert_search (f, "Pieter Berg", "C");
  assert_search (f, "de vries", "A");
  /* "de" is a prefix of "der". */
  assert_search (f, "de", "AC");
  /* Two words: both must occur, in any order. */
  assert_search (f, "vries sanne", "A");
  assert_search (f, "san jansen", "D");
  assert_search (f, "sanne celik", "");
  assert_search (f, "nobody", "");
}

static void
test_search_numbers (Fixture       *f,
                     gconstpointer  data)
{
  /* BSN, typed with dots, spaces or plain, and as a prefix. */
  assert_search (f, "123.456.782", "A");
  assert_search (f, "123456782", "A");
  assert_search (f, "123 456 782", "A");
  assert_search (f, "12345", "A");
  assert_search (f, "123456789", "");

  /* Postcode, with or without the space, any case. */
  assert_search (f, "1234AB", "A");
  assert_search (f, "1234 ab", "A");
  assert_search (f, "1234ab", "A");
  assert_search (f, "1234", "A");
  assert_search (f, "1234 AC", "");

  /* Phone: stored as +31612345678, typed as dialled. */
  assert_search (f, "06-12345678", "A");
  assert_search (f, "0612345678", "A");
  assert_search (f, "06 1234 5678", "A");
  assert_search (f, "+31612345678", "A");
  assert_search (f, "+31 6 12345678", "A");
  assert_search (f, "061234", "A");
  assert_search (f, "06-87654321", "");

  /* Address and e-mail. */
  assert_search (f, "utrecht", "A");
  assert_search (f, "dorpsstraat 12", "A");
  assert_search (f, "sanne@example.nl", "A");
  assert_search (f, "example", "A");

  /* Dossier number, whole (with its hyphen), in part, and the year every number shares. */
  assert_search (f, "2025-0003", "C");
  assert_search (f, "2025 0003", "C");
  assert_search (f, "0003", "C");
  assert_search (f, "2025-000", "ABCDE");
  assert_search (f, "2025", "ABCDE");
  assert_search (f, "2025-0003 berg", "C");
  assert_search (f, "2025-0003 sanne", "");
  assert_search (f, "2025-0009", "");
}

/* Whatever is typed, the query runs; FTS5 syntax in the input is never an error. */
static void
test_search_syntax (Fixture       *f,
                    gconstpointer  data)
{
  static const char * const inputs[] = {
    "\"", "\"sanne", "sanne\"", "\"\"", "*", "**", "sanne*", "*sanne", "AND", "OR", "NOT", "NEAR",
    "sanne AND", "AND sanne", "sanne OR vries", "sanne NOT vries", "NEAR(sanne vries)", "-", "--", "-sanne",
    "(", ")", "(sanne", "sanne)", "()", "^", "^sanne", ":", "body:sanne", "{body}: sanne", "'", "o'brien",
    "+", "[a]", "a/b\\c", ";", "%", "_", "sanne; DROP TABLE dossier", "\t\n", "🙂", "👩‍👩‍👧",
    "van der\"", "123.456.", ".123", "1234-", "06--12", "\xc3\xa7", "\xcc\xa7",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) rows = NULL;
      DkDossierQuery query;

      query_all_init (&query);
      query.text = inputs[i];
      rows = dk_dossier_index_query (f->store, &query, &error);
      if (error != NULL)
        g_error ("searching “%s”: %s", inputs[i], error->message);
      g_assert_nonnull (rows);
    }

  /* Operators are words, not operators. */
  assert_search (f, "sanne OR jansen", "");
  assert_search (f, "-sanne", "A");
  assert_search (f, "\"sanne", "A");
  assert_search (f, "(sanne)", "A");
  assert_search (f, "*", "ABCDE");
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM dossier"), ==, 5);
}

/* ---- summaries, filters, sorts ---- */

static const DkDossierSummary *
find_summary (Fixture    *f,
              GPtrArray  *rows,
              int         which)
{
  for (guint i = 0; i < rows->len; i++)
    {
      const DkDossierSummary *summary = g_ptr_array_index (rows, i);

      if (g_strcmp0 (summary->id, f->ids[which]) == 0)
        return summary;
    }
  g_assert_not_reached ();
}

static void
assert_date (const GDate *date,
             const char  *iso)
{
  g_autofree char *text = dk_date_format_iso (date);

  g_assert_cmpstr (text, ==, iso);
}

static void
test_summaries (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  const DkDossierSummary *s;
  DkDossierQuery query;

  query_all_init (&query);
  rows = dk_dossier_index_query (f->store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 5);

  s = find_summary (f, rows, A);
  g_assert_cmpstr (s->number, ==, "2025-0001");
  g_assert_cmpstr (s->client_name, ==, "Sanne de Vries");
  g_assert_cmpint (s->phase, ==, DK_CASE_PHASE_REGISTRATION);
  g_assert_cmpstr (s->counsellor, ==, "Joost");
  assert_date (&s->opened_on, "2025-03-01");
  g_assert_false (s->crisis);
  g_assert_cmpint (s->deadline_kind, ==, DK_WGS_DEADLINE_FIRST_CONVERSATION);
  assert_date (&s->deadline, "2025-03-31");

  s = find_summary (f, rows, B);
  g_assert_cmpstr (s->client_name, ==, "Mehmet Çelik");
  g_assert_cmpint (s->phase, ==, DK_CASE_PHASE_INTAKE);
  g_assert_cmpint (s->deadline_kind, ==, DK_WGS_DEADLINE_DECISION);
  assert_date (&s->deadline, "2025-04-29");

  s = find_summary (f, rows, C);
  g_assert_cmpstr (s->client_name, ==, "Pieter van der Berg");
  g_assert_cmpint (s->phase, ==, DK_CASE_PHASE_CLOSED);
  g_assert_cmpint (s->deadline_kind, ==, DK_WGS_DEADLINE_NONE);

  s = find_summary (f, rows, D);
  g_assert_true (s->crisis);
  g_assert_null (s->counsellor);
  g_assert_cmpint (s->deadline_kind, ==, DK_WGS_DEADLINE_FIRST_CONVERSATION);
  assert_date (&s->deadline, "2025-03-11");

  s = find_summary (f, rows, E);
  g_assert_cmpint (s->phase, ==, DK_CASE_PHASE_SETTLEMENT);
  g_assert_cmpint (s->deadline_kind, ==, DK_WGS_DEADLINE_NONE);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* The municipality's shorter term for the decision. */
  query.decision_weeks = 4;
  rows = dk_dossier_index_query (f->store, &query, &error);
  g_assert_no_error (error);
  assert_date (&find_summary (f, rows, B)->deadline, "2025-04-01");
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  DkDossierQuery query;
  g_autofree char *found = NULL;

#define EXPECT(q, expected) \
  G_STMT_START { g_free (found); found = run_query (f, (q)); g_assert_cmpstr (found, ==, (expected)); } G_STMT_END

  /* The defaults: open phases, soonest deadline first. */
  dk_dossier_query_init (&query);
  g_assert_cmpint (query.phase, ==, DK_PHASE_FILTER_OPEN);
  g_assert_cmpint (query.sort, ==, DK_DOSSIER_SORT_DEADLINE);
  g_assert_cmpint (query.deadline, ==, DK_DEADLINE_FILTER_ANY);
  g_assert_cmpuint (query.decision_weeks, ==, DK_WGS_DECISION_WEEKS_MAX);
  g_assert_true (g_date_valid (&query.today));
  query.sort = DK_DOSSIER_SORT_NUMBER;
  EXPECT (&query, "ABDE");

  /* Phase. */
  query.phase = DK_PHASE_FILTER_ANY;
  EXPECT (&query, "ABCDE");
  query.phase = DK_CASE_PHASE_INTAKE;
  EXPECT (&query, "B");
  query.phase = DK_CASE_PHASE_CLOSED;
  EXPECT (&query, "C");
  query.phase = DK_CASE_PHASE_REGISTRATION;
  EXPECT (&query, "AD");
  query.phase = DK_CASE_PHASE_AFTERCARE;
  EXPECT (&query, "");

  /* Counsellor, alone and with a phase and a search. */
  query.phase = DK_PHASE_FILTER_ANY;
  query.counsellor = "Joost";
  EXPECT (&query, "AC");
  query.phase = DK_PHASE_FILTER_OPEN;
  EXPECT (&query, "A");
  query.counsellor = "Anna";
  EXPECT (&query, "BE");
  query.text = "karel";
  EXPECT (&query, "E");
  query.text = "sanne";
  EXPECT (&query, "");
  query.text = NULL;
  query.counsellor = "joost";
  EXPECT (&query, "");
  query.counsellor = NULL;

  /* Deadlines, on a fixed day: Wednesday 12 March 2025 (D's deadline was yesterday). */
  query.today = dk_date_ymd (2025, 3, 12);
  query.deadline = DK_DEADLINE_FILTER_OVERDUE;
  EXPECT (&query, "D");
  query.deadline = DK_DEADLINE_FILTER_THIS_WEEK;
  EXPECT (&query, "D");
  /* On the day itself a deadline is not overdue yet. */
  query.today = dk_date_ymd (2025, 3, 11);
  query.deadline = DK_DEADLINE_FILTER_OVERDUE;
  EXPECT (&query, "");
  /* A week before A's deadline (31 March) it is this week; the day before that it is not. */
  query.today = dk_date_ymd (2025, 3, 24);
  query.deadline = DK_DEADLINE_FILTER_THIS_WEEK;
  EXPECT (&query, "AD");
  query.today = dk_date_ymd (2025, 3, 23);
  EXPECT (&query, "D");
  query.deadline = DK_DEADLINE_FILTER_OVERDUE;
  query.today = dk_date_ymd (2025, 6, 1);
  EXPECT (&query, "ABD");
  /* The decision term decides B's deadline: 4 weeks end on 1 April. */
  query.today = dk_date_ymd (2025, 3, 25);
  query.deadline = DK_DEADLINE_FILTER_THIS_WEEK;
  query.decision_weeks = 8;
  EXPECT (&query, "AD");
  query.decision_weeks = 4;
  EXPECT (&query, "ABD");
  /* No deadline at all: settlement and closed are never in a deadline filter. */
  query.phase = DK_PHASE_FILTER_ANY;
  query.today = dk_date_ymd (2030, 1, 1);
  query.deadline = DK_DEADLINE_FILTER_OVERDUE;
  EXPECT (&query, "ABD");
  /* With a search. */
  query.text = "san";
  EXPECT (&query, "AD");
  query.text = "2025-0004";
  EXPECT (&query, "D");

#undef EXPECT
}

static void
test_sorts (Fixture       *f,
            gconstpointer  data)
{
  DkDossierQuery query;
  g_autofree char *found = NULL;

  query_all_init (&query);

  /* Soonest deadline first: D (11 March), A (31 March), B (29 April); then by number. */
  query.sort = DK_DOSSIER_SORT_DEADLINE;
  found = run_query (f, &query);
  g_assert_cmpstr (found, ==, "DABCE");
  g_clear_pointer (&found, g_free);
  query.decision_weeks = 1;   /* B: 11 March too; the number decides */
  found = run_query (f, &query);
  g_assert_cmpstr (found, ==, "BDACE");
  g_clear_pointer (&found, g_free);
  query.decision_weeks = DK_WGS_DECISION_WEEKS_MAX;

  query.sort = DK_DOSSIER_SORT_NUMBER;
  found = run_query (f, &query);
  g_assert_cmpstr (found, ==, "ABCDE");
  g_clear_pointer (&found, g_free);

  /* By the client's name as shown: Karel Bakker, Mehmet Çelik, Pieter van der Berg, Sanna Jansen,
   * Sanne de Vries. */
  query.sort = DK_DOSSIER_SORT_NAME;
  found = run_query (f, &query);
  g_assert_cmpstr (found, ==, "EBCDA");
  g_clear_pointer (&found, g_free);

  /* Newest first. */
  query.sort = DK_DOSSIER_SORT_OPENED;
  found = run_query (f, &query);
  g_assert_cmpstr (found, ==, "DABEC");
  g_clear_pointer (&found, g_free);

  /* Sorting works on a search result too. */
  query.text = "san";
  query.sort = DK_DOSSIER_SORT_NAME;
  found = run_query (f, &query);
  g_assert_cmpstr (found, ==, "DA");
}

static void
test_counsellors (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = dk_dossier_index_counsellors (f->store, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[0], ==, "Anna");
  g_assert_cmpstr (names[1], ==, "Joost");
  g_clear_pointer (&names, g_strfreev);

  /* A name no dossier has any more is gone; a removed dossier's does not count. */
  set_case (f, f->ids[A], DK_CASE_PHASE_REGISTRATION, "2025-03-03", FALSE, NULL, "Fatima");
  set_case (f, f->ids[C], DK_CASE_PHASE_CLOSED, "2024-06-01", FALSE, "2024-06-10", "Anna");
  exec (f, "UPDATE dossier SET removed_at = strftime ('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?1", f->ids[A]);
  names = dk_dossier_index_counsellors (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (names), ==, 1);
  g_assert_cmpstr (names[0], ==, "Anna");
}

/* ---- the index follows the replica ---- */

static void
test_follows_updates (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkContact) contact = g_new0 (DkContact, 1);

  /* A query leaves nothing dirty, and refreshing again is a no-op. */
  assert_search (f, "vries", "A");
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM dossier_search_dirty"), ==, 0);
  g_assert_true (dk_dossier_index_refresh (f->store, &error));
  g_assert_no_error (error);

  /* A person renamed: the old name finds nothing. */
  exec (f, "UPDATE person SET family_name = 'Visser', family_name_prefix = NULL WHERE id = ?1", f->client_a);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM dossier_search_dirty"), ==, 1);
  assert_search (f, "vries", "");
  assert_search (f, "visser", "A");
  assert_search (f, "sanne visser", "A");

  /* Contact details changed. */
  contact->id = g_strdup (f->contact_a);
  contact->dossier_id = g_strdup (f->ids[A]);
  contact->person_id = g_strdup (f->client_a);
  contact->postcode = g_strdup ("3512 LK");
  contact->phone = g_strdup ("020-1234567");
  dk_case_repo_save_contact (f->store, contact, NULL, &error);
  g_assert_no_error (error);
  assert_search (f, "1234AB", "");
  assert_search (f, "06-12345678", "");
  assert_search (f, "utrecht", "");
  assert_search (f, "3512lk", "A");
  assert_search (f, "020 1234567", "A");

  /* A dossier number changed. */
  exec (f, "UPDATE dossier SET number = '2025-0100' WHERE id = ?1", f->ids[E]);
  assert_search (f, "2025-0005", "");
  assert_search (f, "2025-0100", "E");

  /* The case fields do not change what is found, but may be changed in the same write. */
  set_case (f, f->ids[B], DK_CASE_PHASE_STABILISATION, NULL, FALSE, NULL, "Joost");
  assert_search (f, "celik", "B");

  /* A person added to a dossier. */
  {
    DkPerson *child = person (DK_PERSON_ROLE_OTHER, "Noor", NULL, "Jansen", NULL);
    g_autoptr(DkPerson) owned = child;

    dk_dossier_repo_add_person (f->store, f->ids[D], child, NULL, NULL, &error);
    g_assert_no_error (error);
  }
  assert_search (f, "noor", "D");
}

static void
test_follows_removal (Fixture       *f,
                      gconstpointer  data)
{
  DkDossierQuery query;
  g_autofree char *found = NULL;

  assert_search (f, "ayse", "B");

  /* A person's tombstone: they are no longer found, the dossier still is by the others. */
  exec (f, "UPDATE person SET removed_at = strftime ('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?1", f->partner_b);
  assert_search (f, "ayse", "");
  assert_search (f, "celik", "B");

  /* A contact's tombstone. */
  exec (f, "UPDATE contact SET removed_at = strftime ('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?1", f->contact_a);
  assert_search (f, "utrecht", "");
  assert_search (f, "123456782", "A");

  /* A dossier's tombstone: gone from every search and from the list. */
  exec (f, "UPDATE dossier SET removed_at = strftime ('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?1", f->ids[E]);
  assert_search (f, "bakker", "");
  assert_search (f, NULL, "ABCD");
  assert_search (f, "2025", "ABCD");
  query_all_init (&query);
  query.counsellor = "Anna";
  found = run_query (f, &query);
  g_assert_cmpstr (found, ==, "B");
}

/* The sync purges a dossier that left the user's scope: its rows are deleted outright. */
static void
test_follows_purge (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *page_json = g_strdup_printf ("{\"changes\": [{\"seq\": 7, \"op\": \"purge\", \"dossier_id\": \"%s\"}],"
                                                " \"next_cursor\": 7, \"has_more\": false}", f->ids[B]);
  g_autoptr(JsonNode) page = json_from_string (page_json, &error);
  gint64 cursor = 0;
  gboolean has_more = TRUE;

  g_assert_no_error (error);
  assert_search (f, "celik", "B");
  assert_search (f, "2025-0002", "B");

  g_assert_true (dk_replica_apply_page (f->replica, page, &cursor, &has_more, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cursor, ==, 7);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM person WHERE family_name = 'Çelik'"), ==, 0);

  assert_search (f, "celik", "");
  assert_search (f, "2025-0002", "");
  assert_search (f, NULL, "ACDE");
  /* Nothing of it stays in the index itself. */
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM dossier_search WHERE dossier_search MATCH 'celik'"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM dossier_search"), ==, 4);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/dossier-index/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/dossier-index/match-expression", test_match_expression);
  ADD ("search/names", test_search_names);
  ADD ("search/numbers", test_search_numbers);
  ADD ("search/syntax", test_search_syntax);
  ADD ("summaries", test_summaries);
  ADD ("filters", test_filters);
  ADD ("sorts", test_sorts);
  ADD ("counsellors", test_counsellors);
  ADD ("follows/updates", test_follows_updates);
  ADD ("follows/removal", test_follows_removal);
  ADD ("follows/purge", test_follows_purge);

  return g_test_run ();
}
