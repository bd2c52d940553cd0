#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "dk-signal-match.h"

G_DEFINE_QUARK (dk-signal-policy-error-quark, dk_signal_policy_error)

/* ---- policy ---- */

DkSignalPolicy *
dk_signal_policy_new (void)
{
  DkSignalPolicy *policy = g_new0 (DkSignalPolicy, 1);

  policy->period_days = DK_SIGNAL_MATCH_DEFAULT_PERIOD_DAYS;
  policy->former_months = DK_SIGNAL_MATCH_DEFAULT_FORMER_MONTHS;
  policy->district_min_amount_cents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  /* Not from a source: an eviction or end of supply is never left lying for its amount. Seed 004 calls
   * the crisis question "cruciaal en bepalend voor het proces"; a municipality may switch this off. */
  policy->crisis_exempt = TRUE;
  return policy;
}

void
dk_signal_policy_free (DkSignalPolicy *policy)
{
  if (policy == NULL)
    return;
  g_clear_pointer (&policy->district_min_amount_cents, g_hash_table_unref);
  g_free (policy);
}

static gboolean
check_keys (GKeyFile            *file,
            const char          *group,
            const char * const  *allowed,
            GError             **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (file, group, NULL, error);

  if (keys == NULL)
    return FALSE;
  for (guint k = 0; keys[k] != NULL; k++)
    if (!g_strv_contains (allowed, keys[k]))
      {
        g_set_error (error, DK_SIGNAL_POLICY_ERROR, DK_SIGNAL_POLICY_ERROR_INVALID,
                     _("Group [%s] has the unknown key “%s”."), group, keys[k]);
        return FALSE;
      }
  return TRUE;
}

/* A whole number in [min, max] when the key is there; @out untouched when it is not. */
static gboolean
read_number (GKeyFile    *file,
             const char  *group,
             const char  *key,
             gint64       min,
             gint64       max,
             gint64      *out,
             GError     **error)
{
  g_autofree char *text = NULL;
  char *end = NULL;
  gint64 value;

  if (!g_key_file_has_key (file, group, key, NULL))
    return TRUE;
  text = g_key_file_get_value (file, group, key, error);
  if (text == NULL)
    return FALSE;
  g_strstrip (text);
  value = g_ascii_strtoll (text, &end, 10);
  if (*text == '\0' || *end != '\0' || value < min || value > max)
    {
      /* The bounds as text: a format macro inside _() would not reach the catalogue. */
      g_autofree char *lowest = g_strdup_printf ("%" G_GINT64_FORMAT, min);
      g_autofree char *highest = g_strdup_printf ("%" G_GINT64_FORMAT, max);

      g_set_error (error, DK_SIGNAL_POLICY_ERROR, DK_SIGNAL_POLICY_ERROR_INVALID,
                   _("[%s] %s must be a whole number from %s to %s."), group, key, lowest, highest);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

static gboolean
is_district (const char *text)
{
  return strlen (text) == 4 && text[0] >= '1' && text[0] <= '9' && g_ascii_isdigit (text[1]) &&
         g_ascii_isdigit (text[2]) && g_ascii_isdigit (text[3]);
}

static gboolean
load_policy (DkSignalPolicy  *policy,
             GKeyFile        *file,
             GError         **error)
{
  static const char * const matching_keys[] = { "period-days", "former-counsellor-months", "crisis-exempt", NULL };
  static const char * const partner_keys[] = { "min-amount-cents", "min-arrears-days", NULL };
  static const char * const district_keys[] = { "min-amount-cents", NULL };
  g_auto(GStrv) groups = g_key_file_get_groups (file, NULL);
  /* An amount above € 10 million is a typo, not a policy. */
  const gint64 max_cents = G_GINT64_CONSTANT (1000000000);

  for (guint g = 0; groups[g] != NULL; g++)
    {
      const char *group = groups[g];

      if (g_str_equal (group, "matching"))
        {
          gint64 period = policy->period_days;
          gint64 months = policy->former_months;

          if (!check_keys (file, group, matching_keys, error) ||
              !read_number (file, group, "period-days", 1, 366, &period, error) ||
              !read_number (file, group, "former-counsellor-months", 0, 120, &months, error))
            return FALSE;
          policy->period_days = (guint) period;
          policy->former_months = (guint) months;
          if (g_key_file_has_key (file, group, "crisis-exempt", NULL))
            {
              g_autoptr(GError) local_error = NULL;

              policy->crisis_exempt = g_key_file_get_boolean (file, group, "crisis-exempt", &local_error);
              if (local_error != NULL)
                {
                  g_set_error (error, DK_SIGNAL_POLICY_ERROR, DK_SIGNAL_POLICY_ERROR_INVALID,
                               _("[%s] %s must be true or false."), group, "crisis-exempt");
                  return FALSE;
                }
            }
        }
      else if (g_str_has_prefix (group, "partner "))
        {
          DkSignalPartner partner;
          gint64 cents = 0;
          gint64 days = 0;

          if (!dk_signal_partner_from_ddas (group + strlen ("partner "), &partner))
            {
              g_set_error (error, DK_SIGNAL_POLICY_ERROR, DK_SIGNAL_POLICY_ERROR_INVALID,
                           _("Group [%s] does not name a DDAS partner type (such as “Huur” or “Energie”)."), group);
              return FALSE;
            }
          if (!check_keys (file, group, partner_keys, error) ||
              !read_number (file, group, "min-amount-cents", 0, max_cents, &cents, error) ||
              !read_number (file, group, "min-arrears-days", 0, 3660, &days, error))
            return FALSE;
          policy->min_amount_cents[partner] = cents;
          policy->min_arrears_days[partner] = (guint) days;
        }
      else if (g_str_has_prefix (group, "district "))
        {
          const char *district = group + strlen ("district ");
          gint64 cents = 0;

          if (!is_district (district))
            {
              g_set_error (error, DK_SIGNAL_POLICY_ERROR, DK_SIGNAL_POLICY_ERROR_INVALID,
                           _("Group [%s] does not name a district by the four digits of its postcode."), group);
              return FALSE;
            }
          if (!check_keys (file, group, district_keys, error) ||
              !read_number (file, group, "min-amount-cents", 0, max_cents, &cents, error))
            return FALSE;
          g_hash_table_replace (policy->district_min_amount_cents, g_strdup (district), g_memdup2 (&cents, sizeof cents));
        }
      else
        {
          g_set_error (error, DK_SIGNAL_POLICY_ERROR, DK_SIGNAL_POLICY_ERROR_INVALID,
                       _("Unknown group [%s]: the policy knows [matching], [partner TYPE] and [district NNNN]."),
                       group);
          return FALSE;
        }
    }
  return TRUE;
}

DkSignalPolicy *
dk_signal_policy_load_data (const char  *data,
                            gsize        length,
                            GError     **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(DkSignalPolicy) policy = dk_signal_policy_new ();

  if (!g_key_file_load_from_data (file, data, length, G_KEY_FILE_NONE, error) ||
      !load_policy (policy, file, error))
    return NULL;
  return g_steal_pointer (&policy);
}

DkSignalPolicy *
dk_signal_policy_load_file (const char  *path,
                            GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  DkSignalPolicy *policy;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  policy = dk_signal_policy_load_data (contents, length, &local_error);
  if (policy == NULL)
    g_set_error (error, DK_SIGNAL_POLICY_ERROR, DK_SIGNAL_POLICY_ERROR_INVALID, _("Policy file %s: %s"), path,
                 local_error->message);
  return policy;
}

DkSignalSetAside
dk_signal_policy_check (const DkSignalPolicy *policy,
                        const DkSignal       *signal)
{
  guint partner = (guint) signal->partner_type;

  g_return_val_if_fail (partner < DK_SIGNAL_N_PARTNERS, DK_SIGNAL_SET_ASIDE_NONE);

  if (signal->crisis && policy->crisis_exempt)
    return DK_SIGNAL_SET_ASIDE_NONE;
  if (signal->has_amount && signal->amount_cents < policy->min_amount_cents[partner])
    return DK_SIGNAL_SET_ASIDE_AMOUNT;
  if (policy->min_arrears_days[partner] > 0 && g_date_valid (&signal->arose_on) &&
      (guint) g_date_days_between (&signal->arose_on, &signal->signal_date) < policy->min_arrears_days[partner])
    return DK_SIGNAL_SET_ASIDE_ARREARS_AGE;
  if (signal->has_amount && signal->postcode != NULL && strlen (signal->postcode) >= 4 &&
      g_hash_table_size (policy->district_min_amount_cents) > 0)
    {
      char district[5];
      const gint64 *min;

      memcpy (district, signal->postcode, 4);
      district[4] = '\0';
      min = g_hash_table_lookup (policy->district_min_amount_cents, district);
      if (min != NULL && signal->amount_cents < *min)
        return DK_SIGNAL_SET_ASIDE_DISTRICT;
    }
  return DK_SIGNAL_SET_ASIDE_NONE;
}

/* ---- households ---- */

static void
append_folded_alnum (GString    *out,
                     const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (out, g_ascii_tolower (*p));
}

char *
dk_signal_match_address_key (const char *postcode,
                             const char *house_number,
                             const char *addition)
{
  g_autoptr(GString) key = NULL;
  const char *p;

  if (postcode == NULL || house_number == NULL)
    return NULL;
  key = g_string_new ("address:");
  for (p = postcode; *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (key, g_ascii_toupper (*p));
  g_string_append_c (key, ':');
  p = house_number;
  while (*p == ' ' || *p == '0')
    p++;
  if (!g_ascii_isdigit (*p))
    return NULL;
  while (g_ascii_isdigit (*p))
    g_string_append_c (key, *p++);
  g_string_append_c (key, ':');
  /* "12a", "12 A" and "12-A" with addition NULL, and "12" with addition "a", are one address. */
  append_folded_alnum (key, p);
  append_folded_alnum (key, addition);
  return g_string_free (g_steal_pointer (&key), FALSE);
}

char *
dk_signal_match_household_key (const DkSignal *signal)
{
  if (signal->bsn != NULL)
    return g_strconcat ("bsn:", signal->bsn, NULL);
  return dk_signal_match_address_key (signal->postcode, signal->house_number, signal->house_number_addition);
}

/* ---- names ---- */

static const char * const case_kinds[DK_SIGNAL_CASE_KIND_COUNT] = {
  [DK_SIGNAL_CASE_NEW] = "new",
  [DK_SIGNAL_CASE_KNOWN] = "known",
  [DK_SIGNAL_CASE_CONTACT_FORMER_COUNSELLOR] = "contact_former_counsellor",
  [DK_SIGNAL_CASE_SET_ASIDE] = "set_aside",
};

const char *
dk_signal_case_kind_to_string (DkSignalCaseKind kind)
{
  return (guint) kind < DK_SIGNAL_CASE_KIND_COUNT ? case_kinds[kind] : NULL;
}

gboolean
dk_signal_case_kind_from_string (const char       *text,
                                 DkSignalCaseKind *out)
{
  for (guint i = 0; text != NULL && i < DK_SIGNAL_CASE_KIND_COUNT; i++)
    if (g_str_equal (text, case_kinds[i]))
      {
        *out = (DkSignalCaseKind) i;
        return TRUE;
      }
  return FALSE;
}

const char *
dk_signal_link_status_to_string (DkSignalLinkStatus status)
{
  switch (status)
    {
    case DK_SIGNAL_LINK_PICKED_UP: return "picked_up";
    case DK_SIGNAL_LINK_REPEAT: return "repeat";
    case DK_SIGNAL_LINK_SET_ASIDE: return "set_aside";
    default: return NULL;
    }
}

const char *
dk_signal_link_status_to_ddas (DkSignalLinkStatus status)
{
  /* Exactly as DDAS v0.9 EnumSignaalstatus spells them. */
  switch (status)
    {
    case DK_SIGNAL_LINK_PICKED_UP: return "Nog niet opgepakt";
    case DK_SIGNAL_LINK_REPEAT: return "Niet opgepakt: herhaalde melding";
    case DK_SIGNAL_LINK_SET_ASIDE: return "Niet opgepakt: onterecht signaal";
    default: return NULL;
    }
}

/* ---- dossiers and cases ---- */

DkSignalDossier *
dk_signal_dossier_new (const char  *dossier_id,
                       DkCasePhase  phase,
                       const char  *counsellor)
{
  DkSignalDossier *dossier = g_new0 (DkSignalDossier, 1);

  dossier->dossier_id = g_strdup (dossier_id);
  dossier->phase = phase;
  dossier->counsellor = g_strdup (counsellor);
  g_date_clear (&dossier->opened_on, 1);
  g_date_clear (&dossier->closed_on, 1);
  return dossier;
}

void
dk_signal_dossier_free (DkSignalDossier *dossier)
{
  if (dossier == NULL)
    return;
  g_free (dossier->dossier_id);
  g_free (dossier->counsellor);
  g_free (dossier);
}

static void
clear_partner (gpointer data)
{
  g_free (((DkSignalCasePartner *) data)->partner_name);
}

DkSignalCase *
dk_signal_case_new (const char       *case_id,
                    const char       *household_key,
                    DkSignalCaseKind  kind,
                    gboolean          open)
{
  DkSignalCase *c = g_new0 (DkSignalCase, 1);

  c->case_id = g_strdup (case_id);
  c->household_key = g_strdup (household_key);
  c->kind = kind;
  c->open = open;
  g_date_clear (&c->period_start, 1);
  g_date_clear (&c->period_end, 1);
  c->partners = g_array_new (FALSE, TRUE, sizeof (DkSignalCasePartner));
  g_array_set_clear_func (c->partners, clear_partner);
  c->signal_indexes = g_array_new (FALSE, FALSE, sizeof (guint));
  c->signal_status = g_array_new (FALSE, FALSE, sizeof (DkSignalLinkStatus));
  return c;
}

void
dk_signal_case_free (DkSignalCase *c)
{
  if (c == NULL)
    return;
  g_free (c->case_id);
  g_free (c->household_key);
  g_free (c->dossier_id);
  g_free (c->counsellor);
  g_array_unref (c->partners);
  g_array_unref (c->signal_indexes);
  g_array_unref (c->signal_status);
  g_free (c);
}

static gboolean
same_partner (const DkSignalCasePartner *p,
              DkSignalPartner            type,
              const char                *name)
{
  return p->partner_type == type && g_strcmp0 (p->partner_name, name) == 0;
}

static void
update_multiple (DkSignalCase *c)
{
  c->multiple = FALSE;
  for (guint i = 1; i < c->partners->len && !c->multiple; i++)
    {
      const DkSignalCasePartner *p = &g_array_index (c->partners, DkSignalCasePartner, i);
      const DkSignalCasePartner *first = &g_array_index (c->partners, DkSignalCasePartner, 0);

      c->multiple = !same_partner (first, p->partner_type, p->partner_name);
    }
}

void
dk_signal_case_add_partner (DkSignalCase    *c,
                            DkSignalPartner  partner_type,
                            const char      *partner_name,
                            gboolean         has_amount,
                            gint64           amount_cents)
{
  DkSignalCasePartner p = { partner_type, g_strdup (partner_name), has_amount, has_amount ? amount_cents : 0 };

  g_array_append_val (c->partners, p);
  update_multiple (c);
}

void
dk_signal_match_result_free (DkSignalMatchResult *result)
{
  if (result == NULL)
    return;
  g_ptr_array_unref (result->cases);
  g_free (result);
}

DkSignalCaseKind
dk_signal_match_check_dossiers (const DkSignalPolicy   *policy,
                                GPtrArray              *dossiers,
                                const GDate            *reference,
                                const DkSignalDossier **out_dossier)
{
  const DkSignalDossier *running = NULL;
  const DkSignalDossier *former = NULL;
  gboolean former_is_open = FALSE;
  GDate limit = *reference;

  if (policy->former_months > 0)
    g_date_subtract_months (&limit, policy->former_months);

  for (guint i = 0; dossiers != NULL && i < dossiers->len; i++)
    {
      const DkSignalDossier *d = dossiers->pdata[i];
      /* Aftercare or budget management still open weighs more than a past closing. */
      gboolean open_care = d->phase == DK_CASE_PHASE_AFTERCARE || d->budget_management_open;

      if (d->phase != DK_CASE_PHASE_CLOSED && d->phase != DK_CASE_PHASE_AFTERCARE)
        {
          /* Several running dossiers: the newest, then the lowest id, so reruns agree. */
          if (running == NULL ||
              (g_date_valid (&d->opened_on) &&
               (!g_date_valid (&running->opened_on) || g_date_compare (&d->opened_on, &running->opened_on) > 0)) ||
              (g_date_valid (&d->opened_on) == g_date_valid (&running->opened_on) &&
               (!g_date_valid (&d->opened_on) || g_date_compare (&d->opened_on, &running->opened_on) == 0) &&
               strcmp (d->dossier_id, running->dossier_id) < 0))
            running = d;
        }
      else if (open_care)
        {
          if (!former_is_open || strcmp (d->dossier_id, former->dossier_id) < 0)
            former = d;
          former_is_open = TRUE;
        }
      else if (!former_is_open && policy->former_months > 0 && g_date_valid (&d->closed_on) &&
               g_date_compare (&d->closed_on, &limit) >= 0)
        {
          if (former == NULL || g_date_compare (&d->closed_on, &former->closed_on) > 0 ||
              (g_date_compare (&d->closed_on, &former->closed_on) == 0 &&
               strcmp (d->dossier_id, former->dossier_id) < 0))
            former = d;
        }
    }

  if (running != NULL)
    {
      *out_dossier = running;
      return DK_SIGNAL_CASE_KNOWN;
    }
  *out_dossier = former;
  return former != NULL ? DK_SIGNAL_CASE_CONTACT_FORMER_COUNSELLOR : DK_SIGNAL_CASE_NEW;
}

/* ---- matching ---- */

typedef struct
{
  const char   *key;             /* owned by the households table */
  GArray       *indexes;         /* guint into the signals */
  DkSignalCase *open;            /* borrowed from all_cases */
  DkSignalCase *set_aside;       /* the latest set-aside case */
} Household;

static void
household_free (gpointer data)
{
  Household *h = data;

  g_array_unref (h->indexes);
  g_free (h);
}

typedef struct
{
  GPtrArray        *signals;
  DkSignalSetAside *rules;
} SortData;

static gint
compare_by_date (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  GPtrArray *signals = user_data;
  guint ia = *(const guint *) a;
  guint ib = *(const guint *) b;
  const DkSignal *sa = signals->pdata[ia];
  const DkSignal *sb = signals->pdata[ib];
  gint by_date = g_date_compare (&sa->signal_date, &sb->signal_date);

  if (by_date != 0)
    return by_date;
  return ia < ib ? -1 : ia > ib;
}

static gint
compare_work_order (gconstpointer a,
                    gconstpointer b)
{
  const DkSignalCase *ca = *(DkSignalCase * const *) a;
  const DkSignalCase *cb = *(DkSignalCase * const *) b;
  gint order;

  if (ca->crisis != cb->crisis)
    return ca->crisis ? -1 : 1;
  order = g_date_compare (&ca->period_start, &cb->period_start);
  if (order != 0)
    return order;
  order = strcmp (ca->household_key, cb->household_key);
  if (order != 0)
    return order;
  return g_strcmp0 (ca->case_id, cb->case_id);
}

static void
attach (DkSignalMatchResult *result,
        DkSignalCase        *c,
        const DkSignal      *signal,
        guint                index,
        DkSignalSetAside     rule)
{
  DkSignalLinkStatus status = DK_SIGNAL_LINK_PICKED_UP;

  if (rule != DK_SIGNAL_SET_ASIDE_NONE)
    {
      status = DK_SIGNAL_LINK_SET_ASIDE;
      if (c->first_set_aside_rule == DK_SIGNAL_SET_ASIDE_NONE)
        c->first_set_aside_rule = rule;
      result->n_set_aside++;
    }
  else
    {
      gboolean seen = FALSE;
      gboolean higher = signal->has_amount;

      for (guint p = 0; p < c->partners->len; p++)
        {
          const DkSignalCasePartner *partner = &g_array_index (c->partners, DkSignalCasePartner, p);

          if (!same_partner (partner, signal->partner_type, signal->partner_name))
            continue;
          seen = TRUE;
          /* An earlier unknown amount cannot be shown to be lower. */
          if (!partner->has_amount || (signal->has_amount && signal->amount_cents <= partner->amount_cents))
            higher = FALSE;
        }
      if (seen && !higher)
        {
          status = DK_SIGNAL_LINK_REPEAT;
          result->n_repeat++;
        }
      else
        {
          dk_signal_case_add_partner (c, signal->partner_type, signal->partner_name, signal->has_amount,
                                      signal->amount_cents);
          result->n_picked_up++;
        }
      /* A repeat that now says eviction or end of supply still makes the case urgent. */
      c->crisis = c->crisis || signal->crisis;
    }

  if (c->case_id != NULL && !c->changed)
    c->changed = TRUE;
  if (c->case_id != NULL)
    result->n_attached++;
  g_array_append_val (c->signal_indexes, index);
  g_array_append_val (c->signal_status, status);
}

static DkSignalCase *
make_case (const DkSignalPolicy *policy,
           const char           *key,
           GHashTable           *dossiers,
           const GDate          *start,
           const GDate          *reference,
           gboolean              set_aside)
{
  DkSignalCase *c;

  if (set_aside)
    c = dk_signal_case_new (NULL, key, DK_SIGNAL_CASE_SET_ASIDE, FALSE);
  else
    {
      const DkSignalDossier *dossier = NULL;
      GPtrArray *found = dossiers != NULL ? g_hash_table_lookup (dossiers, key) : NULL;
      DkSignalCaseKind kind = dk_signal_match_check_dossiers (policy, found, reference, &dossier);

      c = dk_signal_case_new (NULL, key, kind, TRUE);
      if (dossier != NULL)
        {
          c->dossier_id = g_strdup (dossier->dossier_id);
          c->counsellor = g_strdup (dossier->counsellor);
        }
    }
  c->period_start = *start;
  c->period_end = *start;
  g_date_add_days (&c->period_end, policy->period_days - 1);
  return c;
}

DkSignalMatchResult *
dk_signal_match (const DkSignalPolicy *policy,
                 GPtrArray            *signals,
                 GPtrArray            *existing,
                 GHashTable           *dossiers)
{
  g_autoptr(GHashTable) households = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, household_free);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  g_autoptr(GPtrArray) all_cases = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_signal_case_free);
  g_autofree DkSignalSetAside *rules = NULL;
  DkSignalMatchResult *result = g_new0 (DkSignalMatchResult, 1);

  g_return_val_if_fail (policy != NULL && signals != NULL, NULL);

  result->cases = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_signal_case_free);
  rules = g_new0 (DkSignalSetAside, MAX (signals->len, 1));

  for (guint i = 0; i < signals->len; i++)
    {
      const DkSignal *signal = signals->pdata[i];
      g_autofree char *key = dk_signal_match_household_key (signal);
      Household *h;

      if (key == NULL || !g_date_valid (&signal->signal_date))
        continue;
      result->n_signals++;
      rules[i] = dk_signal_policy_check (policy, signal);
      h = g_hash_table_lookup (households, key);
      if (h == NULL)
        {
          h = g_new0 (Household, 1);
          h->key = key;
          h->indexes = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (households, g_steal_pointer (&key), h);
          g_ptr_array_add (order, h);
        }
      g_array_append_val (h->indexes, i);
    }

  /* Existing cases: only those of households with new signals matter. */
  for (guint i = 0; existing != NULL && i < existing->len; i++)
    {
      DkSignalCase *c = g_steal_pointer (&existing->pdata[i]);
      Household *h = g_hash_table_lookup (households, c->household_key);

      if (h == NULL || (!c->open && c->kind != DK_SIGNAL_CASE_SET_ASIDE))
        {
          dk_signal_case_free (c);
          continue;
        }
      g_ptr_array_add (all_cases, c);
      if (c->open)
        {
          /* The store allows one open case per household; should there be more, the oldest wins. */
          if (h->open == NULL || g_date_compare (&c->period_start, &h->open->period_start) < 0)
            h->open = c;
        }
      else if (h->set_aside == NULL || g_date_compare (&c->period_end, &h->set_aside->period_end) > 0)
        h->set_aside = c;
    }
  if (existing != NULL)
    g_ptr_array_set_size (existing, 0);

  for (guint o = 0; o < order->len; o++)
    {
      Household *h = order->pdata[o];
      guint n = h->indexes->len;
      guint pos = 0;

      g_array_sort_with_data (h->indexes, compare_by_date, signals);
      while (pos < n)
        {
          const DkSignal *first = signals->pdata[g_array_index (h->indexes, guint, pos)];
          GDate end = first->signal_date;
          const GDate *reference = NULL;
          DkSignalCase *target;
          guint stop = pos;

          g_date_add_days (&end, policy->period_days - 1);
          for (; stop < n; stop++)
            {
              guint index = g_array_index (h->indexes, guint, stop);
              const DkSignal *signal = signals->pdata[index];

              if (h->open == NULL && g_date_compare (&signal->signal_date, &end) > 0)
                break;
              if (reference == NULL && rules[index] == DK_SIGNAL_SET_ASIDE_NONE)
                reference = &signal->signal_date;
            }

          if (h->open != NULL)
            target = h->open;
          else if (reference != NULL)
            {
              target = make_case (policy, h->key, dossiers, &first->signal_date, reference, FALSE);
              g_ptr_array_add (all_cases, target);
              h->open = target;
            }
          else if (h->set_aside != NULL && g_date_compare (&first->signal_date, &h->set_aside->period_end) <= 0)
            {
              /* Only the part of this period inside the earlier set-aside case joins it. */
              guint window_stop = stop;

              target = h->set_aside;
              for (stop = pos; stop < window_stop; stop++)
                {
                  const DkSignal *signal = signals->pdata[g_array_index (h->indexes, guint, stop)];

                  if (g_date_compare (&signal->signal_date, &target->period_end) > 0)
                    break;
                }
            }
          else
            {
              target = make_case (policy, h->key, dossiers, &first->signal_date, &first->signal_date, TRUE);
              g_ptr_array_add (all_cases, target);
              h->set_aside = target;
            }

          for (; pos < stop; pos++)
            {
              guint index = g_array_index (h->indexes, guint, pos);

              attach (result, target, signals->pdata[index], index, rules[index]);
            }
        }
    }

  for (guint i = 0; i < all_cases->len; i++)
    {
      DkSignalCase *c = all_cases->pdata[i];

      if (c->case_id != NULL && !c->changed)
        continue;
      if (c->case_id == NULL)
        result->n_cases_by_kind[c->kind]++;
      if (c->multiple)
        result->n_multiple++;
      g_ptr_array_add (result->cases, g_steal_pointer (&all_cases->pdata[i]));
    }
  g_ptr_array_sort (result->cases, compare_work_order);
  return result;
}
