#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <adwaita.h>

#include "dk-case-repo.h"
#include "dk-credentials.h"
#include "dk-date.h"
#include "dk-dossier-index.h"
#include "dk-dossier-list.h"
#include "dk-dossier-repo.h"
#include "dk-replica-private.h"
#include "dk-replica.h"
#include "dk-session.h"
#include "dk-test-util.h"
#include "dk-uuid.h"

/*
 * The client figures of issue 5:
 *   1. search latency over 100,000 persons (target: below 30 ms per keystroke): a replica with
 *      50,000 dossiers of two persons each, searched prefix by prefix as a person types a name, a
 *      street, a postcode, a BSN, a dossier number and a phone number, with the work the dossier
 *      list does for each keystroke (the full-text lookup, then picking from the summaries it read
 *      when the data last changed). With a display, the same
 *      keystrokes again in a real DkDossierList, from the text entering the search field to the
 *      end of the next frame painted;
 *   2. cold start to first frame with a 5,000-dossier replica (target: below 500 ms): the real
 *      draagkracht binary, signed in from its settings and keyring as after an earlier sign-in,
 *      offline (its server does not answer), timed from spawning the process to the end of the first
 *      frame painted with dossiers in the list (DRAAGKRACHT_REPORT_FIRST_FRAME, dk-window.c), and to
 *      the end of the page's crossfade; after one uncounted start, and again with a replica of ten
 *      dossiers, so the difference is what the 5,000 dossiers cost.
 * It prints figures and their ratio to the targets and never fails on speed; it fails only when
 * something breaks (a dossier that cannot be saved, a client that never shows its list).
 *
 * The replicas are filled as a pull fills them: through the repositories (dk-dossier-repo.h,
 * dk-case-repo.h), inside dk_replica_run_as_sync (), so nothing lands in the outbox, while the
 * replica's own triggers mark each dossier for the search index; the index is then built by
 * dk_dossier_index_refresh (), the client's own code. (A real pull also writes the field versions,
 * sync_field, which the list never reads.) The data are synthetic and the same on every
 * run (a fixed seed): Dutch and other names with their prefixes, BSNs that pass the 11-proof,
 * streets, postcodes, phone numbers, phases, Wgs dates and counsellors.
 *
 * Without a display it re-runs itself under xvfb-run and dbus-run-session (as the UI tests do); the
 * client renders with GSK_RENDERER=cairo unless the caller set another renderer, since Xvfb has
 * no GPU, and runs with accessibility on, as on a desktop.
 *   meson test -C build --benchmark --suite bench -v
 *   build/tests/bench/bench-client [--persons N] [--start-dossiers N] [--runs N] [--keep DIR]
 * (DK_CLIENT_BINARY, GSETTINGS_SCHEMA_DIR and DRAAGKRACHT_LOCALEDIR are set by meson.)
 */

#define SEARCH_TARGET_MS   30.0
#define START_TARGET_MS    500.0
#define START_TIMEOUT_S    30
#define FRAME_TIMEOUT_S    5
#define SEED               20261123
#define BASELINE_DOSSIERS  10
/* Port 9 (discard) on loopback: refused at once, so the client starts as it does offline. */
#define SERVER_URL         "http://127.0.0.1:9"
#define SEARCH_USER        "bench-search"
#define START_USER         "bench-start"

static guint opt_persons = 100000;
static guint opt_start_dossiers = 5000;
static guint opt_runs = 7;
static char *opt_keep;

/* ---- small helpers ---- */

static void
check (gboolean     ok,
       GError     **error,
       const char  *what)
{
  if (!ok || *error != NULL)
    {
      g_printerr ("bench-client: %s failed: %s\n", what, *error != NULL ? (*error)->message : "(no error)");
      exit (1);
    }
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The value at fraction @q of @values (nearest rank); sorts them. */
static double
quantile (GArray *values,
          double  q)
{
  guint index;

  if (values->len == 0)
    return 0;
  g_array_sort (values, compare_double);
  index = (guint) MIN ((double) values->len - 1, MAX (0.0, q * values->len - 1 + 0.999999));
  return g_array_index (values, double, index);
}

static double
maximum (GArray *values)
{
  double max = 0;

  for (guint i = 0; i < values->len; i++)
    max = MAX (max, g_array_index (values, double, i));
  return max;
}

static void
print_stats (const char *label,
             GArray     *values,
             double      target)
{
  double median = quantile (values, 0.5), p95 = quantile (values, 0.95), max = maximum (values);

  g_print ("%-26s median %7.2f ms   p95 %7.2f ms   max %7.2f ms   (n=%u)\n",
           label, median, p95, max, values->len);
  if (target > 0)
    g_print ("%-26s ratio to target: median %.2f, p95 %.2f, max %.2f (target %.0f ms)\n",
             "", median / target, p95 / target, max / target, target);
}

/* ---- synthetic dossiers ---- */

static const char *given_names[] = {
  "Sanne", "Lotte", "Emma", "Julia", "Anna", "Sophie", "Eva", "Lisa", "Fleur", "Noa", "Tess", "Sara",
  "Femke", "Anouk", "Iris", "Maud", "Esther", "Marieke", "Ingrid", "Petra", "Monique", "Wilma",
  "Annelies", "Ria", "Fatima", "Samira", "Yasmina", "Ayşe", "Elif", "Zeynep", "Priya", "Chantal",
  "Shirley", "Chloé", "Zoë", "Anaïs", "Daan", "Sem", "Lucas", "Milan", "Levi", "Thijs", "Jesse",
  "Bram", "Ruben", "Lars", "Tim", "Niels", "Bas", "Joost", "Pieter", "Jan", "Kees", "Henk", "Gerrit",
  "Willem", "Johan", "Erik", "Mark", "Dennis", "Sander", "Stijn", "Mohamed", "Ahmed", "Youssef",
  "Mehmet", "Mustafa", "Emre", "Rachid", "Karim", "Dewi", "Ravi", "Jürgen", "Noël", "Anne Marie",
  "Jan Willem",
};

/* The most common family names first: they are drawn with falling weights. */
static const struct { const char *prefix, *name; } family_names[] = {
  { NULL, "Jansen" }, { "de", "Jong" }, { "de", "Vries" }, { "van den", "Berg" }, { "van", "Dijk" },
  { NULL, "Bakker" }, { NULL, "Janssen" }, { NULL, "Visser" }, { NULL, "Smit" }, { NULL, "Meijer" },
  { "de", "Boer" }, { NULL, "Mulder" }, { "de", "Groot" }, { NULL, "Bos" }, { NULL, "Vos" },
  { NULL, "Peters" }, { NULL, "Hendriks" }, { "van", "Leeuwen" }, { NULL, "Dekker" }, { NULL, "Brouwer" },
  { "de", "Wit" }, { NULL, "Dijkstra" }, { NULL, "Smits" }, { "de", "Graaf" }, { "van der", "Meer" },
  { "van der", "Linden" }, { NULL, "Kok" }, { NULL, "Jacobs" }, { "de", "Haan" }, { NULL, "Vermeulen" },
  { "van den", "Heuvel" }, { "van der", "Veen" }, { "van den", "Broek" }, { "de", "Bruijn" },
  { "de", "Bruin" }, { "van der", "Heijden" }, { NULL, "Schouten" }, { "van", "Beek" }, { NULL, "Willems" },
  { "van", "Vliet" }, { "van de", "Ven" }, { NULL, "Hoekstra" }, { NULL, "Maas" }, { NULL, "Verhoeven" },
  { NULL, "Koster" }, { "van", "Dam" }, { "van der", "Wal" }, { NULL, "Prins" }, { NULL, "Blom" },
  { NULL, "Huisman" }, { NULL, "Peeters" }, { "de", "Jonge" }, { NULL, "Kuipers" }, { "van", "Veen" },
  { NULL, "Post" }, { NULL, "Kuiper" }, { NULL, "Veenstra" }, { NULL, "Kramer" }, { "van den", "Brink" },
  { NULL, "Scholten" }, { "van", "Wijk" }, { NULL, "Postma" }, { NULL, "Martens" }, { NULL, "Vink" },
  { "de", "Ruiter" }, { NULL, "Timmermans" }, { NULL, "Groen" }, { NULL, "Gerritsen" }, { NULL, "Jonker" },
  { "van", "Loon" }, { NULL, "Boersma" }, { NULL, "Molenaar" }, { "van der", "Laan" }, { NULL, "Yılmaz" },
  { NULL, "Kaya" }, { NULL, "Demir" }, { NULL, "Şahin" }, { NULL, "Çelik" }, { NULL, "Öztürk" },
  { "El", "Amrani" }, { NULL, "Bouzid" }, { "El", "Idrissi" }, { NULL, "Benali" }, { NULL, "Nguyen" },
  { NULL, "Tran" }, { NULL, "Pinas" }, { NULL, "Biharie" }, { NULL, "Ramdin" }, { NULL, "Kowalski" },
  { NULL, "Nowak" },
};

/* The long tail of rarer names is made of two parts: "Westerveen", "ter Hoogkamp". */
static const char *family_heads[] = {
  "Hoog", "Wester", "Ooster", "Zuider", "Noorder", "Groen", "Berg", "Linde", "Ekel", "Haver", "Roos",
  "Brink", "Mole", "Dijk", "Veld", "Kamp", "Stroo", "Wolt", "Blank", "Terp", "Hulst", "Brug", "Wiers",
  "Steen",
};
static const char *family_tails[] = {
  "veen", "hof", "man", "ink", "stra", "huis", "kamp", "sma", "broek", "dijk", "horst", "beek", "ing",
  "ma", "werf", "boom", "bergen", "laar",
};
static const char *rare_prefixes[] = { "van", "ter", "ten", "van de" };

static const char *street_heads[] = {
  "Kerk", "School", "Dorps", "Molen", "Juliana", "Beatrix", "Wilhelmina", "Oranje", "Hoofd", "Stations",
  "Nieuwe", "Lange", "Korte", "Prins Hendrik", "Eiken", "Berken", "Beuken", "Linden", "Wilgen",
  "Populier", "Meidoorn", "Lijster", "Merel", "Zwaluw", "Reiger", "Tulp", "Narcis", "Rozen", "Vlier",
  "Haven", "Markt", "Burg", "Dijk", "Sluis", "Veld", "Akker", "Weide", "Kastanje", "Esdoorn", "Hazelaar",
};
static const char *street_tails[] = {
  "straat", "laan", "weg", "plein", "hof", "singel", "dreef", "kade", "pad", "gracht",
};

static const char *cities[] = {
  "Utrecht", "Amersfoort", "Zwolle", "Deventer", "Apeldoorn", "Arnhem", "Nijmegen", "Ede", "Veenendaal",
  "Zeist", "Houten", "Nieuwegein", "Leusden", "Woerden", "Gouda", "Delft", "Leiden", "Haarlem",
  "Alkmaar", "Hoorn", "Enschede", "Hengelo", "Almelo", "Groningen", "Assen", "Emmen", "Leeuwarden",
  "Sneek", "Drachten", "'s-Hertogenbosch", "Tilburg", "Breda", "Eindhoven", "Helmond", "Venlo",
  "Roermond", "Maastricht", "Heerlen", "Middelburg", "Vlissingen",
};

static const char *counsellors[] = {
  "Anna Smit", "Joost Kramer", "Fatima El Idrissi", "Pieter de Wit", "Marieke Bos", "Rachid Benali",
  "Ingrid Post", "Sander Vink", "Esther Mulder", "Kees Hoekstra", "Priya Ramdin", "Bram Dekker",
  "Wilma Jonker", "Erik Prins", "Samira Bouzid", "Johan Maas", "Femke Groen", "Dennis Kok",
  "Monique Blom", "Thijs Martens", "Elif Kaya", "Gerrit Postma", "Lotte Scholten", "Ruben Vos",
};

/* What a person types to find one dossier again. */
typedef struct
{
  char *name;      /* "Sanne de Vries" */
  char *street;    /* "Kerkstraat 12" */
  char *postcode;  /* "1234 AB" */
  char *bsn;
  char *number;
  char *phone;     /* "06-12345678", NULL when the dossier has none */
} Sample;

static void
sample_clear (Sample *s)
{
  g_free (s->name);
  g_free (s->street);
  g_free (s->postcode);
  g_free (s->bsn);
  g_free (s->number);
  g_free (s->phone);
}

#define N_SAMPLES 3

typedef struct
{
  GRand      *rand;
  guint       n_dossiers;
  GHashTable *numbers;   /* dossier numbers made so far */
  GHashTable *bsns;
  double      family_weight_total;
  Sample      samples[N_SAMPLES];
  guint       sample_at[N_SAMPLES];
} Generator;

static void
generator_init (Generator *g,
                guint      n_dossiers)
{
  memset (g, 0, sizeof *g);
  g->rand = g_rand_new_with_seed (SEED);
  g->n_dossiers = n_dossiers;
  g->numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g->bsns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (family_names); i++)
    g->family_weight_total += 1.0 / (i + 2);
  g->sample_at[0] = n_dossiers / 7;
  g->sample_at[1] = n_dossiers / 2;
  g->sample_at[2] = n_dossiers * 5 / 6;
}

static void
generator_clear (Generator *g)
{
  g_rand_free (g->rand);
  g_hash_table_unref (g->numbers);
  g_hash_table_unref (g->bsns);
  for (guint i = 0; i < N_SAMPLES; i++)
    sample_clear (&g->samples[i]);
}

static const char *
pick (Generator          *g,
      const char * const *items,
      guint               n_items)
{
  return items[g_rand_int_range (g->rand, 0, (gint32) n_items)];
}

#define PICK(g, array) pick ((g), (const char * const *) (array), G_N_ELEMENTS (array))

/* 70 % from the common names with weights 1/(rank+1), like a real register; the rest from the tail. */
static void
family_name (Generator  *g,
             char      **out_prefix,
             char      **out_name)
{
  if (g_rand_int_range (g->rand, 0, 10) < 7)
    {
      double r = g_rand_double (g->rand) * g->family_weight_total;
      guint i = 0;

      for (; i < G_N_ELEMENTS (family_names) - 1; i++)
        {
          r -= 1.0 / (i + 2);
          if (r < 0)
            break;
        }
      *out_prefix = g_strdup (family_names[i].prefix);
      *out_name = g_strdup (family_names[i].name);
      return;
    }

  *out_prefix = g_rand_int_range (g->rand, 0, 5) == 0 ? g_strdup (PICK (g, rare_prefixes)) : NULL;
  *out_name = g_strconcat (PICK (g, family_heads), PICK (g, family_tails), NULL);
}

/* Nine digits that pass the 11-proof, none used before. */
static char *
new_bsn (Generator *g)
{
  for (;;)
    {
      char digits[10];
      int sum = 0;

      digits[0] = (char) ('1' + g_rand_int_range (g->rand, 0, 9));
      for (int i = 1; i < 8; i++)
        digits[i] = (char) ('0' + g_rand_int_range (g->rand, 0, 10));
      for (int i = 0; i < 8; i++)
        sum += (9 - i) * (digits[i] - '0');
      if (sum % 11 == 10)
        continue;
      digits[8] = (char) ('0' + sum % 11);
      digits[9] = '\0';
      if (g_hash_table_add (g->bsns, g_strdup (digits)))
        return g_strdup (digits);
    }
}

/* As dk_new_dossier_make_number () makes them: the year and six characters without 0, O, 1 and I. */
static char *
new_number (Generator   *g,
            const GDate *opened_on)
{
  static const char alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

  for (;;)
    {
      char code[7];
      char *number;

      for (int i = 0; i < 6; i++)
        code[i] = alphabet[g_rand_int_range (g->rand, 0, sizeof alphabet - 1)];
      code[6] = '\0';
      number = g_strdup_printf ("%04u-%s", g_date_get_year (opened_on), code);
      if (g_hash_table_add (g->numbers, g_strdup (number)))
        return number;
      g_free (number);
    }
}

static char *
new_postcode (Generator *g,
              guint      city)
{
  char letters[3];

  do
    {
      letters[0] = (char) ('A' + g_rand_int_range (g->rand, 0, 26));
      letters[1] = (char) ('A' + g_rand_int_range (g->rand, 0, 26));
      letters[2] = '\0';
    }
  while (strcmp (letters, "SA") == 0 || strcmp (letters, "SD") == 0 || strcmp (letters, "SS") == 0);

  return g_strdup_printf ("%04u %s", 1000 + city * 220 + (guint) g_rand_int_range (g->rand, 0, 200), letters);
}

static GDate
random_date (Generator *g,
             GDate      from,
             guint      span_days)
{
  g_date_add_days (&from, (guint) g_rand_int_range (g->rand, 0, (gint32) span_days));
  return from;
}

static DkPerson *
new_person (Generator    *g,
            DkPersonRole  role,
            const char   *family_prefix,
            const char   *family,
            char        **out_bsn)
{
  GDate birth = random_date (g, dk_date_ymd (1945, 1, 1), 58 * 365);
  g_autofree char *prefix = NULL;
  g_autofree char *name = NULL;
  DkPerson *person;

  if (family == NULL)
    family_name (g, &prefix, &name);
  person = dk_person_new (role, PICK (g, given_names), family == NULL ? prefix : family_prefix,
                          family == NULL ? name : family, &birth);
  person->bsn = new_bsn (g);
  if (out_bsn != NULL)
    *out_bsn = g_strdup (person->bsn);
  return person;
}

static DkCasePhase
random_phase (Generator *g)
{
  /* Roughly how a caseload spreads over the phases. */
  static const guint percent[DK_CASE_PHASE_COUNT] = { 12, 15, 20, 30, 11, 12 };
  gint32 r = g_rand_int_range (g->rand, 0, 100);

  for (guint i = 0; i < DK_CASE_PHASE_COUNT; i++)
    {
      if (r < (gint32) percent[i])
        return (DkCasePhase) i;
      r -= (gint32) percent[i];
    }
  return DK_CASE_PHASE_SETTLEMENT;
}

/* One dossier as a pull brings it: the dossier with client and partner and their moving in, the case
 * fields, and the client's address and contact details. */
static void
add_dossier (DkStore   *store,
             Generator *g,
             guint      index)
{
  g_autoptr(GPtrArray) persons = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_person_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *dossier_id = NULL;
  g_autofree char *number = NULL;
  g_autofree char *client_bsn = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *email = NULL;
  g_autofree char *street = NULL;
  g_autofree char *house_number = NULL;
  g_autofree char *postcode = NULL;
  GDate opened_on = random_date (g, dk_date_ymd (2023, 1, 2), 1370);   /* to October 2026 */
  DkCase c = { 0 };
  DkContact contact = { 0 };
  DkPerson *client, *partner;
  guint city = (guint) g_rand_int_range (g->rand, 0, G_N_ELEMENTS (cities));

  number = new_number (g, &opened_on);
  client = new_person (g, DK_PERSON_ROLE_CLIENT, NULL, NULL, &client_bsn);
  /* Half of the partners share the client's family name. */
  partner = g_rand_boolean (g->rand)
            ? new_person (g, DK_PERSON_ROLE_PARTNER, client->family_name_prefix, client->family_name, NULL)
            : new_person (g, DK_PERSON_ROLE_PARTNER, NULL, NULL, NULL);
  g_ptr_array_add (persons, client);
  g_ptr_array_add (persons, partner);
  check (dk_dossier_repo_create (store, number, &opened_on, persons, NULL, &dossier_id, &error), &error,
         "dk_dossier_repo_create");

  c.dossier_id = dossier_id;
  c.phase = random_phase (g);
  c.registered_on = opened_on;
  c.crisis = g_rand_int_range (g->rand, 0, 30) == 0;
  g_date_clear (&c.first_conversation_on, 1);
  if (c.phase != DK_CASE_PHASE_REGISTRATION)
    c.first_conversation_on = random_date (g, opened_on, 21);
  c.counsellor = g_rand_int_range (g->rand, 0, 10) == 0 ? NULL : (char *) PICK (g, counsellors);
  check (dk_case_repo_save (store, &c, &error), &error, "dk_case_repo_save");

  street = g_strconcat (PICK (g, street_heads), PICK (g, street_tails), NULL);
  house_number = g_rand_int_range (g->rand, 0, 8) == 0
                 ? g_strdup_printf ("%d%c", g_rand_int_range (g->rand, 1, 250), 'a' + g_rand_int_range (g->rand, 0, 3))
                 : g_strdup_printf ("%d", g_rand_int_range (g->rand, 1, 250));
  postcode = new_postcode (g, city);
  if (g_rand_int_range (g->rand, 0, 5) != 0)
    phone = g_strdup_printf ("06-%08d", g_rand_int_range (g->rand, 0, 100000000));
  if (g_rand_boolean (g->rand))
    {
      g_autofree char *ascii = g_str_to_ascii (client->given_names, "C");

      g_strdelimit (ascii, " '", '-');
      email = g_strdup_printf ("%s.%u@example.nl", ascii, index);
    }
  contact.dossier_id = dossier_id;
  contact.person_id = client->id;
  contact.street = street;
  contact.house_number = house_number;
  contact.postcode = postcode;
  contact.city = (char *) cities[city];
  contact.phone = phone;
  contact.email = email;
  check (dk_case_repo_save_contact (store, &contact, NULL, &error), &error, "dk_case_repo_save_contact");

  for (guint i = 0; i < N_SAMPLES; i++)
    if (index == g->sample_at[i])
      {
        Sample *s = &g->samples[i];

        s->name = client->family_name_prefix != NULL
                  ? g_strdup_printf ("%s %s %s", client->given_names, client->family_name_prefix, client->family_name)
                  : g_strdup_printf ("%s %s", client->given_names, client->family_name);
        s->street = g_strdup_printf ("%s %s", street, house_number);
        s->postcode = g_strdup (postcode);
        s->bsn = g_strdup (client_bsn);
        s->number = g_strdup (number);
        s->phone = g_strdup (phone);
      }
}

static gboolean
fill_in_transaction (DkStore   *store,
                     gpointer   user_data,
                     GError   **error)
{
  Generator *g = user_data;

  for (guint i = 0; i < g->n_dossiers; i++)
    add_dossier (store, g, i);
  return TRUE;
}

/* Fills a new replica at @path for @user_id and brings its search index up to date. */
static void
fill_replica (const char *path,
              const char *user_id,
              const char *device_id,
              Generator  *g,
              const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkReplica) replica = NULL;
  gint64 start = g_get_monotonic_time ();
  double fill_ms;

  replica = dk_replica_open (path, &error);
  check (replica != NULL, &error, "dk_replica_open");
  check (dk_replica_bind_account (replica, user_id, device_id, &error), &error, "dk_replica_bind_account");
  check (dk_replica_run_as_sync (replica, fill_in_transaction, g, &error), &error, "filling the replica");
  fill_ms = ms_since (start);

  start = g_get_monotonic_time ();
  check (dk_dossier_index_refresh (dk_replica_get_store (replica), &error), &error, "dk_dossier_index_refresh");
  g_print ("%s: %u dossiers, %u persons: filled in %.1f s, search index built in %.1f s\n",
           what, g->n_dossiers, 2 * g->n_dossiers, fill_ms / 1000, ms_since (start) / 1000);
}

/* ---- 1. search as you type ---- */

typedef struct
{
  const char *kind;
  char       *text;
} Typed;

static void
typed_clear (Typed *t)
{
  g_free (t->text);
}

/* What the bench types: two names everybody has, and per sample dossier its client's name, street,
 * postcode, BSN, dossier number and phone number. */
static GArray *
typed_queries (const Generator *g)
{
  GArray *queries = g_array_new (FALSE, TRUE, sizeof (Typed));

  g_array_set_clear_func (queries, (GDestroyNotify) typed_clear);
  g_array_append_val (queries, ((Typed) { "common name", g_strdup ("Jansen") }));
  g_array_append_val (queries, ((Typed) { "common name", g_strdup ("van den Berg") }));
  for (guint i = 0; i < N_SAMPLES; i++)
    {
      const Sample *s = &g->samples[i];

      g_array_append_val (queries, ((Typed) { "name", g_strdup (s->name) }));
      g_array_append_val (queries, ((Typed) { "street", g_strdup (s->street) }));
      g_array_append_val (queries, ((Typed) { "postcode", g_strdup (s->postcode) }));
      g_array_append_val (queries, ((Typed) { "BSN", g_strdup (s->bsn) }));
      g_array_append_val (queries, ((Typed) { "dossier number", g_strdup (s->number) }));
      if (s->phone != NULL)
        g_array_append_val (queries, ((Typed) { "phone", g_strdup (s->phone) }));
    }
  return queries;
}

/* The first @n_chars characters of @text, as the search field holds them after that many keys. */
static char *
prefix_of (const char *text,
           glong       n_chars)
{
  return g_utf8_substring (text, 0, n_chars);
}

/* What the dossier list reads when the data change: every dossier's summary (and the counsellors). */
static GPtrArray *
load_all (DkStore *store,
          double  *out_ms)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  GPtrArray *all;
  DkDossierQuery query;
  gint64 start = g_get_monotonic_time ();

  dk_dossier_query_init (&query);
  query.phase = DK_PHASE_FILTER_ANY;
  query.decision_weeks = DK_WGS_DECISION_WEEKS_MAX;   /* the setting's default */
  all = dk_dossier_index_query (store, &query, &error);
  check (all != NULL, &error, "dk_dossier_index_query");
  names = dk_dossier_index_counsellors (store, &error);
  check (names != NULL, &error, "dk_dossier_index_counsellors");
  *out_ms = ms_since (start);
  return all;
}

/* What the dossier list does per keystroke, with its default filters: the full-text lookup, then
 * picking the summaries read before. Returns how many it picked. */
static guint
keystroke (DkStore    *store,
           GPtrArray  *all,
           const char *text,
           double     *out_ms)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) ids = NULL;
  DkDossierQuery query;
  guint n = 0;
  gint64 start = g_get_monotonic_time ();

  dk_dossier_query_init (&query);
  query.text = text;
  query.decision_weeks = DK_WGS_DECISION_WEEKS_MAX;
  check (dk_dossier_index_match_ids (store, text, &ids, &error), &error, "dk_dossier_index_match_ids");
  for (guint i = 0; i < all->len; i++)
    {
      DkDossierSummary *summary = all->pdata[i];

      if ((ids == NULL || g_hash_table_contains (ids, summary->id)) && dk_dossier_query_matches (&query, summary))
        n++;
    }
  *out_ms = ms_since (start);
  return n;
}

static void
bench_search_store (const char *path,
                    GArray     *queries)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkReplica) replica = NULL;
  g_autoptr(GArray) totals = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) all = NULL;
  DkStore *store;
  double load_ms, query_ms;
  gint64 start;
  guint n;

  g_print ("\n== 1a. search over %u persons: the dossier list's work per keystroke (without drawing) ==\n", opt_persons);

  /* A new connection, as the client opens at start; the first query also warms SQLite's cache. */
  start = g_get_monotonic_time ();
  replica = dk_replica_open (path, &error);
  check (replica != NULL, &error, "dk_replica_open");
  store = dk_replica_get_store (replica);
  g_print ("opening the replica:       %7.2f ms\n", ms_since (start));
  all = load_all (store, &load_ms);
  g_print ("reading every dossier:     %7.2f ms for %u dossiers (once per change of the data), first time\n",
           load_ms, all->len);
  g_ptr_array_unref (all);
  all = load_all (store, &load_ms);
  g_print ("reading every dossier again: %5.2f ms\n", load_ms);
  n = keystroke (store, all, NULL, &query_ms);
  g_print ("the whole list (no search): %6.2f ms for %u open dossiers\n", query_ms, n);

  for (guint q = 0; q < queries->len; q++)
    {
      const Typed *t = &g_array_index (queries, Typed, q);
      glong length = g_utf8_strlen (t->text, -1);
      double worst = 0;
      guint worst_rows = 0, last_rows = 0;
      glong worst_at = 0;
      g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (double));

      for (glong i = 1; i <= length; i++)
        {
          g_autofree char *text = prefix_of (t->text, i);
          double total;

          last_rows = keystroke (store, all, text, &query_ms);
          total = query_ms;
          g_array_append_val (keys, total);
          g_array_append_val (totals, total);
          if (total > worst)
            {
              worst = total;
              worst_rows = last_rows;
              worst_at = i;
            }
        }
      {
        g_autofree char *worst_text = prefix_of (t->text, worst_at);

        g_print ("  %-15s %-24s %2ld keys: median %6.2f ms, max %6.2f ms at \"%s\" (%u rows); %u found\n",
                 t->kind, t->text, length, quantile (keys, 0.5), worst, worst_text, worst_rows, last_rows);
      }
    }

  print_stats ("per keystroke", totals, SEARCH_TARGET_MS);
}

/* ---- 1b. the same keystrokes in a real DkDossierList ---- */

typedef struct
{
  gboolean painted;
} FrameWait;

static void
on_after_paint (GdkFrameClock *clock,
                FrameWait     *wait)
{
  wait->painted = TRUE;
}

static gboolean
on_frame_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until the end of the next frame painted; FALSE when none comes. */
static gboolean
wait_for_frame (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  FrameWait wait = { FALSE };
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (FRAME_TIMEOUT_S, on_frame_timeout, &timed_out);
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &wait);

  while (!wait.painted && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, handler);
  if (!timed_out)
    g_source_remove (timeout);
  return wait.painted;
}

typedef struct
{
  gboolean  done;
  GError   *error;
} Restore;

static void
restore_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Restore *restore = user_data;

  dk_session_restore_finish (DK_SESSION (object), result, &restore->error);
  restore->done = TRUE;
}

/* A session as the client has it after start: settings for @user_name (in this process's memory
 * backend) and its keyring item, restored. */
static DkSession *
restore_session (const char *user_name,
                 const char *user_id,
                 const char *device_id)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(DkSession) session = NULL;
  Restore restore = { FALSE, NULL };

  g_settings_set_string (settings, "server-url", SERVER_URL);
  g_settings_set_string (settings, "user-name", user_name);
  g_settings_set_string (settings, "user-id", user_id);
  g_settings_set_string (settings, "device-id", device_id);
  g_settings_set_string (settings, "display-name", "Bench");
  g_settings_set_boolean (settings, "sync-automatically", FALSE);

  session = dk_session_new (settings, NULL);
  dk_session_restore_async (session, NULL, restore_cb, &restore);
  while (!restore.done)
    g_main_context_iteration (NULL, TRUE);
  check (restore.error == NULL, &restore.error, "dk_session_restore");
  if (dk_session_get_state (session) != DK_SESSION_READY)
    {
      g_printerr ("bench-client: the session is not ready after restore (no keyring item?)\n");
      exit (1);
    }
  return g_steal_pointer (&session);
}

static void
bench_search_widget (GArray     *queries,
                     const char *user_id,
                     const char *device_id)
{
  g_autoptr(DkSession) session = restore_session (SEARCH_USER, user_id, device_id);
  g_autoptr(GArray) reloads = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) frames = g_array_new (FALSE, FALSE, sizeof (double));
  GtkWidget *window = gtk_window_new ();
  GtkWidget *list = dk_dossier_list_new ();
  GtkWidget *entry;
  gint64 start;

  g_print ("\n== 1b. the same keystrokes in a DkDossierList on screen (in this process, %s renderer) ==\n",
           g_getenv ("GSK_RENDERER"));

  gtk_window_set_default_size (GTK_WINDOW (window), 400, 760);
  gtk_window_set_child (GTK_WINDOW (window), list);
  gtk_window_present (GTK_WINDOW (window));
  if (!wait_for_frame (window))
    {
      g_printerr ("bench-client: the test window never painted\n");
      exit (1);
    }

  start = g_get_monotonic_time ();
  dk_dossier_list_set_session (DK_DOSSIER_LIST (list), session);
  g_print ("the whole list:            %7.2f ms to fill %u rows, ", ms_since (start),
           dk_dossier_list_get_n_items (DK_DOSSIER_LIST (list)));
  wait_for_frame (window);
  g_print ("%.2f ms to its frame\n", ms_since (start));

  /* The search field is the list's first child. The list refreshes on its "search-changed", which
   * comes after the entry's typing delay (150 ms); the bench emits it at once instead, so the figure
   * is the work and not the delay, and keeps the list's handler blocked for the delayed one. */
  entry = gtk_widget_get_first_child (list);
  g_assert (GTK_IS_SEARCH_ENTRY (entry));
  g_signal_handlers_block_matched (entry, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, list);

  for (guint q = 0; q < queries->len; q++)
    {
      const Typed *t = &g_array_index (queries, Typed, q);
      glong length = g_utf8_strlen (t->text, -1);

      for (glong i = 1; i <= length; i++)
        {
          g_autofree char *text = prefix_of (t->text, i);
          double reload_ms, frame_ms;

          start = g_get_monotonic_time ();
          gtk_editable_set_text (GTK_EDITABLE (entry), text);
          g_signal_handlers_unblock_matched (entry, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, list);
          g_signal_emit_by_name (entry, "search-changed");
          g_signal_handlers_block_matched (entry, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, list);
          reload_ms = ms_since (start);
          if (!wait_for_frame (window))
            {
              g_printerr ("bench-client: no frame after typing\n");
              exit (1);
            }
          frame_ms = ms_since (start);
          g_array_append_val (reloads, reload_ms);
          g_array_append_val (frames, frame_ms);
        }
      gtk_editable_set_text (GTK_EDITABLE (entry), "");
    }

  print_stats ("the list's refresh", reloads, SEARCH_TARGET_MS);
  print_stats ("keystroke to frame", frames, SEARCH_TARGET_MS);
  g_print ("(keystroke to frame includes waiting for the next frame of the frame clock, up to ~17 ms at 60 Hz)\n");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- 2. cold start ---- */

typedef struct
{
  GDataInputStream *stderr_stream;
  GCancellable     *cancellable;
  gboolean          reading;
  gboolean          done;
  gint64            first_frame;
  gint64            settled_frame;
  GPtrArray        *other_lines;
} ClientRun;

static void read_next_line (ClientRun *run);

static void
read_line_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ClientRun *run = user_data;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result,
                                                                    NULL, NULL);

  run->reading = FALSE;
  if (line == NULL)
    {
      run->done = TRUE;
      return;
    }

  if (g_str_has_prefix (line, "first-frame "))
    run->first_frame = g_ascii_strtoll (line + strlen ("first-frame "), NULL, 10);
  else if (g_str_has_prefix (line, "settled-frame "))
    {
      run->settled_frame = g_ascii_strtoll (line + strlen ("settled-frame "), NULL, 10);
      run->done = TRUE;
      return;
    }
  else if (run->other_lines->len < 20)
    g_ptr_array_add (run->other_lines, g_steal_pointer (&line));

  read_next_line (run);
}

static void
read_next_line (ClientRun *run)
{
  run->reading = TRUE;
  g_data_input_stream_read_line_async (run->stderr_stream, G_PRIORITY_DEFAULT, run->cancellable, read_line_cb, run);
}

/* One start of the client; the times in ms since the spawn, or FALSE when it showed no list in time. */
static gboolean
start_client_once (const char  *binary,
                   GStrv        env,
                   double      *out_first_ms,
                   double      *out_settled_ms,
                   GPtrArray   *out_lines)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                                                         G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  const char *argv[] = { binary, NULL };
  ClientRun run = { 0 };
  gboolean timed_out = FALSE;
  guint timeout;
  gint64 spawned;

  g_subprocess_launcher_set_environ (launcher, env);
  spawned = g_get_monotonic_time ();
  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  check (proc != NULL, &error, "starting the client");

  run.stderr_stream = g_data_input_stream_new (g_subprocess_get_stderr_pipe (proc));
  run.cancellable = cancellable;
  run.other_lines = out_lines;
  timeout = g_timeout_add_seconds (START_TIMEOUT_S, on_frame_timeout, &timed_out);
  read_next_line (&run);
  while (!run.done && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout);

  /* SIGTERM, and wait: a second client started while this one still holds the application's bus
   * name would hand its start to this one and exit. */
  g_subprocess_send_signal (proc, SIGTERM);
  g_subprocess_wait (proc, NULL, NULL);
  g_cancellable_cancel (cancellable);
  while (run.reading)
    g_main_context_iteration (NULL, TRUE);
  g_object_unref (run.stderr_stream);

  if (run.first_frame == 0)
    return FALSE;
  *out_first_ms = (run.first_frame - spawned) / 1000.0;
  *out_settled_ms = run.settled_frame != 0 ? (run.settled_frame - spawned) / 1000.0 : 0;
  return TRUE;
}

static void
write_client_settings (const char *config_dir,
                       const char *user_id,
                       const char *device_id)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (config_dir, "glib-2.0", "settings", NULL);
  g_autofree char *path = g_build_filename (dir, "keyfile", NULL);
  g_autofree char *quoted_user_id = g_strdup_printf ("'%s'", user_id);
  g_autofree char *quoted_device_id = g_strdup_printf ("'%s'", device_id);
  const char *group = "nl/draagkracht/Draagkracht";

  /* GVariant text, as the keyfile backend (GSETTINGS_BACKEND=keyfile) stores values. */
  g_key_file_set_string (keyfile, group, "server-url", "'" SERVER_URL "'");
  g_key_file_set_string (keyfile, group, "user-name", "'" START_USER "'");
  g_key_file_set_string (keyfile, group, "display-name", "'Bench'");
  g_key_file_set_string (keyfile, group, "user-id", quoted_user_id);
  g_key_file_set_string (keyfile, group, "device-id", quoted_device_id);

  g_mkdir_with_parents (dir, 0700);
  check (g_key_file_save_to_file (keyfile, path, &error), &error, "writing the client's settings");
}

/* The environment of a user's desktop session: accessibility on, no debugging allocators. */
static GStrv
client_environ (void)
{
  GStrv env = g_get_environ ();

  env = g_environ_setenv (env, "GSETTINGS_BACKEND", "keyfile", TRUE);
  env = g_environ_setenv (env, "DRAAGKRACHT_REPORT_FIRST_FRAME", "1", TRUE);
  env = g_environ_setenv (env, "LANGUAGE", "nl", TRUE);
  env = g_environ_unsetenv (env, "GTK_A11Y");
  env = g_environ_unsetenv (env, "G_DEBUG");
  env = g_environ_unsetenv (env, "MALLOC_CHECK_");
  return env;
}

/* @runs starts of the client signed in as @user_id; the median first frame in ms. */
static double
start_series (const char *binary,
              const char *config_dir,
              const char *user_id,
              const char *device_id,
              guint       runs,
              gboolean    print_each)
{
  g_auto(GStrv) env = client_environ ();
  g_autoptr(GArray) firsts = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) settled = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  double first_ms = 0, settled_ms = 0;

  write_client_settings (config_dir, user_id, device_id);

  /* The first start of a series fills the page cache with this replica (and the very first one
   * starts the accessibility bus); it is not counted. */
  if (!start_client_once (binary, env, &first_ms, &settled_ms, lines))
    {
      g_printerr ("bench-client: the client showed no dossiers within %d s; its stderr:\n", START_TIMEOUT_S);
      for (guint i = 0; i < lines->len; i++)
        g_printerr ("  %s\n", (char *) lines->pdata[i]);
      exit (1);
    }
  if (print_each)
    g_print ("warm-up start (not counted): first frame %.1f ms\n", first_ms);

  for (guint i = 0; i < runs; i++)
    {
      if (!start_client_once (binary, env, &first_ms, &settled_ms, lines))
        {
          g_printerr ("bench-client: start %u showed no dossiers within %d s\n", i + 1, START_TIMEOUT_S);
          exit (1);
        }
      if (print_each)
        g_print ("start %u: first frame %7.1f ms, list fully faded in %7.1f ms\n", i + 1, first_ms, settled_ms);
      g_array_append_val (firsts, first_ms);
      g_array_append_val (settled, settled_ms);
    }

  if (print_each)
    {
      print_stats ("spawn to first frame", firsts, START_TARGET_MS);
      print_stats ("spawn to settled frame", settled, START_TARGET_MS);
      g_print ("(first frame: the first frame painted with dossiers in the list, as the page's 200 ms "
               "crossfade begins; settled: the first frame after it)\n");
      if (lines->len > 0)
        {
          g_print ("client stderr (first lines):\n");
          for (guint i = 0; i < MIN (lines->len, 10); i++)
            g_print ("  %s\n", (char *) lines->pdata[i]);
        }
    }
  return quantile (firsts, 0.5);
}

static void
bench_start (const char *binary,
             const char *config_dir,
             const char *user_id,
             const char *device_id,
             const char *baseline_user_id,
             const char *baseline_device_id)
{
  double median, baseline;

  g_print ("\n== 2. cold start to first frame, %u dossiers (the real client, %s renderer, offline) ==\n",
           opt_start_dossiers, g_getenv ("GSK_RENDERER"));
  median = start_series (binary, config_dir, user_id, device_id, opt_runs, TRUE);

  /* The same start with a handful of dossiers: what the many dossiers themselves cost. */
  baseline = start_series (binary, config_dir, baseline_user_id, baseline_device_id, opt_runs, FALSE);
  g_print ("baseline, a replica of %d dossiers: median first frame %.1f ms (%u runs); the %u dossiers add %.1f ms\n",
           BASELINE_DOSSIERS, baseline, opt_runs, opt_start_dossiers, median - baseline);
}

static gboolean
env_set (const char *name)
{
  const char *value = g_getenv (name);

  return value != NULL && value[0] != '\0';
}

static gboolean
have_display (void)
{
  return (env_set ("DISPLAY") || env_set ("WAYLAND_DISPLAY")) && env_set ("DBUS_SESSION_BUS_ADDRESS");
}

/* The display part needs an X server and a session bus, as the UI tests do (tests/ui/dkui.py):
 * re-run under xvfb-run and dbus-run-session when either is missing and the tools are there. */
static void
ensure_display (int    argc,
                char **argv)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dbus_run_session = g_find_program_in_path ("dbus-run-session");

  if (have_display () || g_getenv ("DK_BENCH_CLIENT_REEXEC") != NULL || dbus_run_session == NULL)
    return;

  if (!env_set ("DISPLAY") && !env_set ("WAYLAND_DISPLAY"))
    {
      g_autofree char *xvfb_run = g_find_program_in_path ("xvfb-run");

      if (xvfb_run == NULL)
        return;
      g_ptr_array_add (args, g_steal_pointer (&xvfb_run));
      g_ptr_array_add (args, g_strdup ("-a"));
      g_ptr_array_add (args, g_strdup ("-s"));
      g_ptr_array_add (args, g_strdup ("-screen 0 1280x800x24 -noreset"));
    }
  g_ptr_array_add (args, g_steal_pointer (&dbus_run_session));
  g_ptr_array_add (args, g_strdup ("--"));
  for (int i = 0; i < argc; i++)
    g_ptr_array_add (args, g_strdup (argv[i]));
  g_ptr_array_add (args, NULL);

  g_setenv ("DK_BENCH_CLIENT_REEXEC", "1", TRUE);
  execv (args->pdata[0], (char **) args->pdata);
  g_printerr ("bench-client: could not run %s: %s\n", (char *) args->pdata[0], g_strerror (errno));
}

static void
print_machine (void)
{
  g_autofree char *cpuinfo = NULL;
  g_autofree char *loadavg = NULL;
  const char *model = "unknown";
  g_auto(GStrv) lines = NULL;

  if (g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL))
    {
      lines = g_strsplit (cpuinfo, "\n", -1);
      for (char **l = lines; *l != NULL; l++)
        if (g_str_has_prefix (*l, "model name") && strchr (*l, ':') != NULL)
          {
            model = strchr (*l, ':') + 2;
            break;
          }
    }
  g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL);
  g_print ("cpu: %s, %u cores; load average %s", model, g_get_num_processors (),
           loadavg != NULL ? loadavg : "unknown\n");
  g_print ("sqlite %s, GTK %u.%u.%u, libadwaita %u.%u.%u\n\n", sqlite3_libversion (), gtk_get_major_version (),
           gtk_get_minor_version (), gtk_get_micro_version (), adw_get_major_version (), adw_get_minor_version (),
           adw_get_micro_version ());
}

int
main (int   argc,
      char *argv[])
{
  const GOptionEntry options[] = {
    { "persons", 0, 0, G_OPTION_ARG_INT, &opt_persons, "Persons in the search replica (two per dossier)", "N" },
    { "start-dossiers", 0, 0, G_OPTION_ARG_INT, &opt_start_dossiers, "Dossiers in the start replica", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &opt_runs, "Client starts to time (after one warm-up)", "N" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &opt_keep, "Work in DIR and keep it (the replicas, settings, keyring)", "DIR" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- the client figures of issue 5");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *config_dir = NULL;
  g_autofree char *cache_dir = NULL;
  g_autofree char *keyring = NULL;
  g_autofree char *replica_dir = NULL;
  g_autofree char *search_name = NULL;
  g_autofree char *start_name = NULL;
  g_autofree char *baseline_name = NULL;
  g_autofree char *baseline_path = NULL;
  g_autofree char *search_path = NULL;
  g_autofree char *start_path = NULL;
  g_autofree char *search_user_id = dk_uuid_new ();
  g_autofree char *search_device_id = dk_uuid_new ();
  g_autofree char *start_user_id = dk_uuid_new ();
  g_autofree char *start_device_id = dk_uuid_new ();
  g_autofree char *baseline_user_id = dk_uuid_new ();
  g_autofree char *baseline_device_id = dk_uuid_new ();
  g_autoptr(DkCredentials) credentials = dk_credentials_new ("bench-token", "bench-refresh-token", NULL);
  g_autoptr(GArray) queries = NULL;
  const char *client_binary = g_getenv ("DK_CLIENT_BINARY");
  Generator search_data, start_data, baseline_data;

  ensure_display (argc, argv);

  g_option_context_add_main_entries (context, options, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-client: %s\n", error->message);
      return 2;
    }
  if (g_getenv ("GSETTINGS_SCHEMA_DIR") == NULL)
    {
      g_printerr ("bench-client: set GSETTINGS_SCHEMA_DIR to the build's data directory (meson does)\n");
      return 2;
    }
  opt_persons = MAX (opt_persons, 2);
  print_machine ();

  /* Everything the bench and the client read or write stays in one directory: set before anything
   * asks GLib for the user directories, which it reads once. */
  dir = opt_keep != NULL ? g_strdup (opt_keep) : dk_test_make_tmpdir ();
  data_dir = g_build_filename (dir, "data", NULL);
  config_dir = g_build_filename (dir, "config", NULL);
  cache_dir = g_build_filename (dir, "cache", NULL);
  keyring = g_build_filename (dir, "keyring", NULL);
  replica_dir = g_build_filename (data_dir, "draagkracht", NULL);
  g_mkdir_with_parents (replica_dir, 0700);
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config_dir, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache_dir, TRUE);
  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "bench", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  /* Xvfb has no GPU: GL would be Mesa's software rasteriser, slower than any laptop's. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_unsetenv ("GTK_A11Y");

  search_name = g_strdup_printf ("replica-%s.sqlite", search_user_id);
  start_name = g_strdup_printf ("replica-%s.sqlite", start_user_id);
  search_path = g_build_filename (replica_dir, search_name, NULL);
  start_path = g_build_filename (replica_dir, start_name, NULL);
  baseline_name = g_strdup_printf ("replica-%s.sqlite", baseline_user_id);
  baseline_path = g_build_filename (replica_dir, baseline_name, NULL);

  /* 1. search */
  generator_init (&search_data, opt_persons / 2);
  fill_replica (search_path, search_user_id, search_device_id, &search_data, "search replica");
  queries = typed_queries (&search_data);
  bench_search_store (search_path, queries);

  /* 2. the start replica, and what a signed-in device keeps: settings and a keyring item. */
  generator_init (&start_data, opt_start_dossiers);
  g_print ("\n");
  fill_replica (start_path, start_user_id, start_device_id, &start_data, "start replica");
  generator_init (&baseline_data, BASELINE_DOSSIERS);
  fill_replica (baseline_path, baseline_user_id, baseline_device_id, &baseline_data, "baseline replica");
  check (dk_credentials_store_sync (SERVER_URL, START_USER, credentials, NULL, &error), &error,
         "storing the start user's credentials");
  check (dk_credentials_store_sync (SERVER_URL, SEARCH_USER, credentials, NULL, &error), &error,
         "storing the search user's credentials");

  if (!have_display ())
    {
      g_print ("\n== 1b. keystrokes in a DkDossierList on screen ==\nskipped: no Xvfb (xvfb-run and dbus-run-session are needed)\n");
      g_print ("\n== 2. cold start to first frame ==\nskipped: no Xvfb (xvfb-run and dbus-run-session are needed)\n");
    }
  else
    {
      adw_init ();
      bench_search_widget (queries, search_user_id, search_device_id);

      if (client_binary == NULL)
        g_print ("\n== 2. cold start to first frame ==\nskipped: DK_CLIENT_BINARY is not set (meson sets it)\n");
      else
        bench_start (client_binary, config_dir, start_user_id, start_device_id, baseline_user_id,
                     baseline_device_id);
    }

  generator_clear (&search_data);
  generator_clear (&start_data);
  generator_clear (&baseline_data);
  if (opt_keep == NULL)
    dk_test_remove_tree (dir);
  else
    g_print ("\nkept: %s\n", dir);
  return 0;
}
