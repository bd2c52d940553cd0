#include "config.h"

#include <glib/gi18n-lib.h>

#include "dk-bvv.h"
#include "dk-calculation.h"
#include "dk-capacity.h"
#include "dk-date.h"
#include "dk-json-input.h"
#include "dk-money.h"
#include "dk-vtlb.h"

typedef struct
{
  char     *id;
  gboolean  partner;
  gboolean  pension_age;
} Person;

typedef struct
{
  char   *person;
  char   *kind;
  gint64  net_monthly;
} Income;

typedef struct
{
  char   *person;
  char   *kind;
  gint64  monthly;
} Cost;

typedef struct
{
  char   *id;
  char   *label;
  gint64  amount;
  char   *reason;
} Addition;

typedef struct
{
  char     *id;
  char     *creditor;
  gint64    amount;
  gboolean  preferential;
} Debt;

struct _DkCalculationInput
{
  GDate        date;
  DkSituation  situation;

  GArray      *persons;
  GArray      *incomes;
  GArray      *costs;

  /* Statutory BVV inputs that cannot be derived from the lists (Rv 475d, 475db, 475dc). */
  gint64       taxable_income_year;
  gboolean     has_taxable_income;
  gboolean     benefit_payer;
  gint64       pw32_other_income;
  gint64       spouse_unseized_income;
  gint64       own_unseized_income;
  gint64       company_car_tax;
  gboolean     high_housing_raise;
  gboolean     no_home_address;

  gboolean     individual_costs_compared;
  gint64       individual_costs_correction;
  gint64       travel_costs;
  GArray      *additions;

  GArray      *debts;
  guint        term_months;
  GDate        start;
  GArray      *changes;          /* DkCapacityChange */
};

static const char * const income_kinds[] = {
  "wage", "benefit", "pension", "allowance", "maintenance", "self_employment", "other", NULL
};
static const char * const cost_kinds[] = {
  "rent", "mortgage", "health_premium", "childcare", "travel", "maintenance", "energy", "water",
  "insurance", "other", NULL
};

static void person_clear (Person *p) { g_free (p->id); }
static void income_clear (Income *i) { g_free (i->person); g_free (i->kind); }
static void cost_clear (Cost *c) { g_free (c->person); g_free (c->kind); }
static void addition_clear (Addition *a) { g_free (a->id); g_free (a->label); g_free (a->reason); }
static void debt_clear (Debt *d) { g_free (d->id); g_free (d->creditor); }

static GArray *
new_array (gsize          element_size,
           GDestroyNotify clear)
{
  GArray *a = g_array_new (FALSE, TRUE, element_size);

  if (clear != NULL)
    g_array_set_clear_func (a, clear);
  return a;
}

void
dk_calculation_input_free (DkCalculationInput *input)
{
  if (input == NULL)
    return;

  g_array_unref (input->persons);
  g_array_unref (input->incomes);
  g_array_unref (input->costs);
  g_array_unref (input->additions);
  g_array_unref (input->debts);
  g_array_unref (input->changes);
  g_free (input);
}

const GDate *
dk_calculation_input_get_date (const DkCalculationInput *input)
{
  return &input->date;
}

static const Person *
find_person (const DkCalculationInput *input,
             const char               *id)
{
  for (guint i = 0; i < input->persons->len; i++)
    {
      const Person *p = &g_array_index (input->persons, Person, i);

      if (g_strcmp0 (p->id, id) == 0)
        return p;
    }

  return NULL;
}

static gboolean
read_kind (JsonObject          *object,
           const char          *where,
           const char * const  *kinds,
           char               **out,
           GError             **error)
{
  const char *kind = NULL;

  if (!dk_json_get_string (object, where, "kind", TRUE, &kind, error))
    return FALSE;

  if (!g_strv_contains (kinds, kind))
    {
      g_autofree char *path = dk_json_where (where, "kind", -1);
      g_autofree char *list = g_strjoinv (", ", (char **) kinds);

      g_set_error (error, DK_JSON_INPUT_ERROR, DK_JSON_INPUT_ERROR_INVALID_VALUE,
                   _("“%s” is not a known kind for %s; use one of: %s"), kind, path, list);
      return FALSE;
    }

  *out = g_strdup (kind);
  return TRUE;
}

static gboolean
read_person_ref (DkCalculationInput  *input,
                 JsonObject          *object,
                 const char          *where,
                 char               **out,
                 GError             **error)
{
  const char *person = NULL;

  if (!dk_json_get_string (object, where, "person", FALSE, &person, error))
    return FALSE;

  /* Without a person the line belongs to the client. */
  if (person == NULL)
    for (guint i = 0; i < input->persons->len && person == NULL; i++)
      if (!g_array_index (input->persons, Person, i).partner)
        person = g_array_index (input->persons, Person, i).id;

  if (find_person (input, person) == NULL)
    {
      g_autofree char *path = dk_json_where (where, "person", -1);

      g_set_error (error, DK_JSON_INPUT_ERROR, DK_JSON_INPUT_ERROR_INVALID_VALUE,
                   _("%s names “%s”, which is not in the list of persons"), path, person);
      return FALSE;
    }

  *out = g_strdup (person);
  return TRUE;
}

static gboolean
read_persons (DkCalculationInput  *input,
              JsonObject          *root,
              GError             **error)
{
  static const char * const allowed[] = { "id", "role", "pension_age", NULL };
  JsonArray *array = NULL;
  guint n_clients = 0, n_partners = 0;

  if ((array = dk_json_get_array (root, "", "persons", error)) == NULL)
    {
      Person client = { g_strdup ("client"), FALSE, FALSE };

      if (error != NULL && *error != NULL)
        return FALSE;
      /* Without a list there is one person, the client. */
      g_array_append_val (input->persons, client);
      return TRUE;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = dk_json_where ("persons", NULL, i);
      JsonNode *node = json_array_get_element (array, i);
      const char *id = NULL, *role = NULL;
      Person p = { 0 };
      JsonObject *o;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, DK_JSON_INPUT_ERROR, DK_JSON_INPUT_ERROR_WRONG_TYPE,
                       _("The field “%s” must be %s"), where, _("an object"));
          return FALSE;
        }
      o = json_node_get_object (node);
      if (!dk_json_check_members (o, where, allowed, error) ||
          !dk_json_get_string (o, where, "id", TRUE, &id, error) ||
          !dk_json_get_string (o, where, "role", TRUE, &role, error) ||
          !dk_json_get_bool (o, where, "pension_age", &p.pension_age, error))
        return FALSE;

      if (find_person (input, id) != NULL)
        {
          g_set_error (error, DK_JSON_INPUT_ERROR, DK_JSON_INPUT_ERROR_INVALID_VALUE,
                       _("The person id “%s” appears twice"), id);
          return FALSE;
        }
      if (g_str_equal (role, "client"))
        n_clients++;
      else if (g_str_equal (role, "partner"))
        {
          n_partners++;
          p.partner = TRUE;
        }
      else
        {
          g_set_error (error, DK_JSON_INPUT_ERROR, DK_JSON_INPUT_ERROR_INVALID_VALUE,
                       _("%s.role must be “client” or “partner”"), where);
          return FALSE;
        }

      p.id = g_strdup (id);
      g_array_append_val (input->persons, p);
    }

  if (n_clients != 1 || n_partners > 1)
    {
      g_set_error (error, DK_JSON_INPUT_ERROR, DK_JSON_INPUT_ERROR_INVALID_VALUE,
                   _("The list of persons must have exactly one client and at most one partner"));
      return FALSE;
    }
  if (n_partners == 1 && !DK_SITUATION_IS_COUPLE (input->situation))
    {
      g_set_error (error, DK_JSON_INPUT_ERROR, DK_JSON_INPUT_ERROR_INVALID_VALUE,
                   _("A partner is listed, but the situation is not a couple"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_incomes (DkCalculationInput  *input,
              JsonObject          *root,
              GError             **error)
{
  static const char * const allowed[] = { "person", "kind", "net_monthly_cents", NULL };
  JsonArray *array = dk_json_get_array (root, "", "incomes", error);

  if (array == NULL)
    return error == NULL || *error == NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = dk_json_where ("incomes", NULL, i);
      JsonObject *o = json_array_get_object_element (array, i);
      Income income = { 0 };

      if (o == NULL)
        {
          g_set_error (error, DK_JSON_INPUT_ERROR, DK_JSON_INPUT_ERROR_WRONG_TYPE,
                       _("The field “%s” must be %s"), where, _("an object"));
          return FALSE;
        }
      income.net_monthly = -1;
      if (!dk_json_check_members (o, where, allowed, error) ||
          !read_person_ref (input, o, where, &income.person, error) ||
          !read_kind (o, where, income_kinds, &income.kind, error) ||
          !dk_json_get_cents (o, where, "net_monthly_cents", FALSE, &income.net_monthly, error))
        {
          income_clear (&income);
          return FALSE;
        }
      if (income.net_monthly < 0)
        {
          income_clear (&income);
          g_set_error (error, DK_JSON_INPUT_ERROR, DK_JSON_INPUT_ERROR_MISSING_FIELD,
                       _("The field “%s” is required"), "net_monthly_cents");
          return FALSE;
        }
      g_array_append_val (input->incomes, income);
    }

  return TRUE;
}

static gboolean
read_costs (DkCalculationInput  *input,
            JsonObject          *root,
            GError             **error)
{
  static const char * const allowed[] = { "person", "kind", "monthly_cents", NULL };
  JsonArray *array = dk_json_get_array (root, "", "costs", error);

  if (array == NULL)
    return error == NULL || *error == NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = dk_json_where ("costs", NULL, i);
      JsonObject *o = json_array_get_object_element (array, i);
      Cost cost = { 0 };

      if (o == NULL)
        {
          g_set_error (error, DK_JSON_INPUT_ERROR, DK_JSON_INPUT_ERROR_WRONG_TYPE,
                       _("The field “%s” must be %s"), where, _("an object"));
          return FALSE;
        }
      if (!dk_json_check_members (o, where, allowed, error) ||
          !read_person_ref (input, o, where, &cost.person, error) ||
          !read_kind (o, where, cost_kinds, &cost.kind, error) ||
          !dk_json_get_cents (o, where, "monthly_cents", FALSE, &cost.monthly, error))
        {
          cost_clear (&cost);
          return FALSE;
        }
      g_array_append_val (input->costs, cost);
    }

  return TRUE;
}

static gboolean
read_bvv (DkCalculationInput  *input,
          JsonObject          *root,
          GError             **error)
{
  static const char * const allowed[] = {
    "taxable_income_year_cents", "benefit_payer", "pw32_other_income_cents",
    "spouse_unseized_income_cents", "own_unseized_income_cents", "company_car_tax_cents",
    "high_housing_raise", "no_home_address", NULL
  };
  JsonObject *o = dk_json_get_object (root, "", "bvv", FALSE, error);

  if (o == NULL)
    return error == NULL || *error == NULL;

  input->taxable_income_year = -1;
  if (!dk_json_check_members (o, "bvv", allowed, error) ||
      !dk_json_get_cents (o, "bvv", "taxable_income_year_cents", FALSE, &input->taxable_income_year, error) ||
      !dk_json_get_bool (o, "bvv", "benefit_payer", &input->benefit_payer, error) ||
      !dk_json_get_cents (o, "bvv", "pw32_other_income_cents", FALSE, &input->pw32_other_income, error) ||
      !dk_json_get_cents (o, "bvv", "spouse_unseized_income_cents", FALSE, &input->spouse_unseized_income, error) ||
      !dk_json_get_cents (o, "bvv", "own_unseized_income_cents", FALSE, &input->own_unseized_income, error) ||
      !dk_json_get_cents (o, "bvv", "company_car_tax_cents", FALSE, &input->company_car_tax, error) ||
      !dk_json_get_bool (o, "bvv", "high_housing_raise", &input->high_housing_raise, error) ||
      !dk_json_get_bool (o, "bvv", "no_home_address", &input->no_home_address, error))
    return FALSE;

  input->has_taxable_income = input->taxable_income_year >= 0;
  if (!input->has_taxable_income)
    input->taxable_income_year = 0;

  return TRUE;
}

static gboolean
read_vtlb (DkCalculationInput  *input,
           JsonObject          *root,
           GError             **error)
{
  static const char * const allowed[] = {
    "individual_costs_compared", "individual_costs_correction_cents", "travel_costs_cents", "additions", NULL
  };
  static const char * const addition_allowed[] = { "id", "label", "amount_cents", "reason", NULL };
  JsonObject *o = dk_json_get_object (root, "", "vtlb", FALSE, error);
  JsonArray *array;

  if (o == NULL)
    return error == NULL || *error == NULL;

  if (!dk_json_check_members (o, "vtlb", allowed, error) ||
      !dk_json_get_bool (o, "vtlb", "individual_costs_compared", &input->individual_costs_compared, error) ||
      !dk_json_get_cents (o, "vtlb", "individual_costs_correction_cents", TRUE, &input->individual_costs_correction, error) ||
      !dk_json_get_cents (o, "vtlb", "travel_costs_cents", FALSE, &input->travel_costs, error))
    return FALSE;

  array = dk_json_get_array (o, "vtlb", "additions", error);
  if (array == NULL)
    return error == NULL || *error == NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = dk_json_where ("vtlb.additions", NULL, i);
      JsonObject *a = json_array_get_object_element (array, i);
      const char *id = NULL, *label = NULL, *reason = NULL;
      Addition addition = { 0 };

      if (a == NULL)
        {
          g_set_error (error, DK_JSON_INPUT_ERROR, DK_JSON_INPUT_ERROR_WRONG_TYPE,
                       _("The field “%s” must be %s"), where, _("an object"));
          return FALSE;
        }
      addition.amount = -1;
      if (!dk_json_check_members (a, where, addition_allowed, error) ||
          !dk_json_get_string (a, where, "id", TRUE, &id, error) ||
          !dk_json_get_string (a, where, "label", TRUE, &label, error) ||
          !dk_json_get_string (a, where, "reason", TRUE, &reason, error) ||
          !dk_json_get_cents (a, where, "amount_cents", FALSE, &addition.amount, error))
        return FALSE;
      if (addition.amount < 0)
        {
          g_set_error (error, DK_JSON_INPUT_ERROR, DK_JSON_INPUT_ERROR_MISSING_FIELD,
                       _("The field “%s” is required"), "amount_cents");
          return FALSE;
        }

      addition.id = g_strdup (id);
      addition.label = g_strdup (label);
      addition.reason = g_strdup (reason);
      g_array_append_val (input->additions, addition);
    }

  return TRUE;
}

static gboolean
read_debts (DkCalculationInput  *input,
            JsonObject          *root,
            GError             **error)
{
  static const char * const allowed[] = { "id", "creditor", "amount_cents", "preferential", NULL };
  JsonArray *array = dk_json_get_array (root, "", "debts", error);

  if (array == NULL)
    return error == NULL || *error == NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = dk_json_where ("debts", NULL, i);
      JsonObject *o = json_array_get_object_element (array, i);
      const char *id = NULL, *creditor = NULL;
      Debt debt = { 0 };

      if (o == NULL)
        {
          g_set_error (error, DK_JSON_INPUT_ERROR, DK_JSON_INPUT_ERROR_WRONG_TYPE,
                       _("The field “%s” must be %s"), where, _("an object"));
          return FALSE;
        }
      debt.amount = -1;
      if (!dk_json_check_members (o, where, allowed, error) ||
          !dk_json_get_string (o, where, "creditor", TRUE, &creditor, error) ||
          !dk_json_get_string (o, where, "id", FALSE, &id, error) ||
          !dk_json_get_cents (o, where, "amount_cents", FALSE, &debt.amount, error) ||
          !dk_json_get_bool (o, where, "preferential", &debt.preferential, error))
        return FALSE;
      if (debt.amount <= 0)
        {
          g_set_error (error, DK_JSON_INPUT_ERROR, DK_JSON_INPUT_ERROR_INVALID_VALUE,
                       _("%s.amount_cents must be more than 0"), where);
          return FALSE;
        }

      debt.id = id != NULL ? g_strdup (id) : g_strdup_printf ("debt-%u", i + 1);
      debt.creditor = g_strdup (creditor);
      g_array_append_val (input->debts, debt);
    }

  return TRUE;
}

static gboolean
read_proposal (DkCalculationInput  *input,
               JsonObject          *root,
               GError             **error)
{
  static const char * const allowed[] = { "term_months", "start_date", "capacity_changes", NULL };
  static const char * const change_allowed[] = { "from_month", "capacity_cents", NULL };
  JsonObject *o = dk_json_get_object (root, "", "proposal", FALSE, error);
  JsonArray *array;

  if (o == NULL)
    return error == NULL || *error == NULL;

  if (!dk_json_check_members (o, "proposal", allowed, error) ||
      !dk_json_get_uint (o, "proposal", "term_months", 1, DK_PROPOSAL_MAX_TERM_MONTHS, &input->term_months, error) ||
      !dk_json_get_date (o, "proposal", "start_date", FALSE, &input->start, error))
    return FALSE;

  array = dk_json_get_array (o, "proposal", "capacity_changes", error);
  if (array == NULL)
    return error == NULL || *error == NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = dk_json_where ("proposal.capacity_changes", NULL, i);
      JsonObject *c = json_array_get_object_element (array, i);
      DkCapacityChange change = { 0, -1 };

      if (c == NULL ||
          !dk_json_check_members (c, where, change_allowed, error) ||
          !dk_json_get_uint (c, where, "from_month", 1, DK_PROPOSAL_MAX_TERM_MONTHS, &change.from_month, error) ||
          !dk_json_get_cents (c, where, "capacity_cents", FALSE, &change.capacity, error))
        {
          if (c == NULL)
            g_set_error (error, DK_JSON_INPUT_ERROR, DK_JSON_INPUT_ERROR_WRONG_TYPE,
                         _("The field “%s” must be %s"), where, _("an object"));
          return FALSE;
        }
      if (change.from_month == 0 || change.capacity < 0)
        {
          g_set_error (error, DK_JSON_INPUT_ERROR, DK_JSON_INPUT_ERROR_MISSING_FIELD,
                       _("%s needs both from_month and capacity_cents"), where);
          return FALSE;
        }
      g_array_append_val (input->changes, change);
    }

  return TRUE;
}

DkCalculationInput *
dk_calculation_input_from_json (JsonNode  *root_node,
                                GError   **error)
{
  static const char * const allowed[] = {
    "calculation_date", "situation", "persons", "incomes", "costs", "bvv", "vtlb", "debts", "proposal", NULL
  };
  g_autoptr(DkCalculationInput) input = g_new0 (DkCalculationInput, 1);
  const char *situation = NULL;
  JsonObject *root;

  input->persons = new_array (sizeof (Person), (GDestroyNotify) person_clear);
  input->incomes = new_array (sizeof (Income), (GDestroyNotify) income_clear);
  input->costs = new_array (sizeof (Cost), (GDestroyNotify) cost_clear);
  input->additions = new_array (sizeof (Addition), (GDestroyNotify) addition_clear);
  input->debts = new_array (sizeof (Debt), (GDestroyNotify) debt_clear);
  input->changes = new_array (sizeof (DkCapacityChange), NULL);
  input->term_months = DK_PROPOSAL_DEFAULT_TERM_MONTHS;
  input->taxable_income_year = 0;

  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node))
    {
      g_set_error (error, DK_JSON_INPUT_ERROR, DK_JSON_INPUT_ERROR_WRONG_TYPE,
                   _("The input must be one JSON object"));
      return NULL;
    }
  root = json_node_get_object (root_node);

  if (!dk_json_check_members (root, "", allowed, error) ||
      !dk_json_get_date (root, "", "calculation_date", TRUE, &input->date, error) ||
      !dk_json_get_string (root, "", "situation", TRUE, &situation, error))
    return NULL;

  if (!dk_situation_from_string (situation, &input->situation))
    {
      g_set_error (error, DK_JSON_INPUT_ERROR, DK_JSON_INPUT_ERROR_INVALID_VALUE,
                   _("“%s” is not a known situation; use single, single_parent, couple or couple_with_children"),
                   situation);
      return NULL;
    }

  if (!read_persons (input, root, error) ||
      !read_incomes (input, root, error) ||
      !read_costs (input, root, error) ||
      !read_bvv (input, root, error) ||
      !read_vtlb (input, root, error) ||
      !read_debts (input, root, error) ||
      !read_proposal (input, root, error))
    return NULL;

  if (!input->has_taxable_income && !input->benefit_payer && !input->no_home_address)
    {
      g_set_error (error, DK_JSON_INPUT_ERROR, DK_JSON_INPUT_ERROR_MISSING_FIELD,
                   _("bvv.taxable_income_year_cents is required unless bvv.benefit_payer is true: "
                     "the BVV formula starts from the yearly taxable income (Rv art. 475d)"));
      return NULL;
    }

  return g_steal_pointer (&input);
}

DkCalculationInput *
dk_calculation_input_from_data (const char  *data,
                                gssize       length,
                                GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, DK_JSON_INPUT_ERROR, DK_JSON_INPUT_ERROR_SYNTAX,
                   _("The input is not valid JSON: %s"), local_error->message);
      return NULL;
    }

  return dk_calculation_input_from_json (json_parser_get_root (parser), error);
}

static gint64
sum_incomes (const DkCalculationInput *input,
             const char               *person)
{
  gint64 total = 0;

  for (guint i = 0; i < input->incomes->len; i++)
    {
      const Income *income = &g_array_index (input->incomes, Income, i);

      if (person == NULL || g_str_equal (income->person, person))
        total += income->net_monthly;
    }

  return total;
}

static gint64
housing_costs (const DkCalculationInput *input)
{
  gint64 total = 0;

  for (guint i = 0; i < input->costs->len; i++)
    {
      const Cost *cost = &g_array_index (input->costs, Cost, i);

      if (g_str_equal (cost->kind, "rent") || g_str_equal (cost->kind, "mortgage"))
        total += cost->monthly;
    }

  return total;
}

static gboolean
run_proposal (const DkCalculationInput  *input,
              DkCalculationResult       *result,
              GError                   **error)
{
  g_autofree DkCreditor *creditors = g_new0 (DkCreditor, input->debts->len);
  DkProposalInput proposal;

  for (guint i = 0; i < input->debts->len; i++)
    {
      const Debt *debt = &g_array_index (input->debts, Debt, i);

      creditors[i].id = debt->id;
      creditors[i].name = debt->creditor;
      creditors[i].owed = debt->amount;
      creditors[i].preferential = debt->preferential;
    }

  dk_proposal_input_init (&proposal);
  proposal.monthly_capacity = result->capacity;
  proposal.term_months = input->term_months;
  proposal.start = g_date_valid (&input->start) ? &input->start : NULL;
  proposal.creditors = creditors;
  proposal.n_creditors = input->debts->len;
  proposal.changes = (const DkCapacityChange *) (gpointer) input->changes->data;
  proposal.n_changes = input->changes->len;

  if (!dk_proposal_calculate (&proposal, &result->proposal, error))
    return FALSE;

  result->has_proposal = TRUE;
  return TRUE;
}

static void
capacity_share_clear (DkCapacityShare *share)
{
  g_free (share->person);
}

static gboolean
split_capacity (const DkCalculationInput  *input,
                DkCalculationResult       *result,
                DkBreakdown               *root,
                GError                   **error)
{
  g_auto(DkCapacitySplit) split = { 0 };
  const Person *client = NULL, *partner = NULL;
  DkCapacityShare share;

  for (guint i = 0; i < input->persons->len; i++)
    {
      const Person *p = &g_array_index (input->persons, Person, i);

      if (p->partner)
        partner = p;
      else
        client = p;
    }

  if (partner == NULL || result->capacity == 0)
    return TRUE;

  if (!dk_capacity_split (result->capacity, sum_incomes (input, client->id), sum_incomes (input, partner->id),
                          &split, error))
    return FALSE;

  share.person = g_strdup (client->id);
  share.capacity = split.share_a;
  g_array_append_val (result->capacity_shares, share);
  share.person = g_strdup (partner->id);
  share.capacity = split.share_b;
  g_array_append_val (result->capacity_shares, share);
  dk_breakdown_append (root, dk_breakdown_ref (split.breakdown));

  return TRUE;
}

gboolean
dk_calculation_run (DkNormSet                 *norms,
                    const DkCalculationInput  *input,
                    DkCalculationResult       *result,
                    GError                   **error)
{
  g_auto(DkBvvResult) bvv = { 0 };
  g_auto(DkVtlbResult) vtlb = { 0 };
  g_auto(DkCapacityResult) capacity = { 0 };
  g_autofree DkVtlbAddition *additions = NULL;
  g_autoptr(DkBreakdown) root = NULL;
  g_autofree char *date_text = NULL;
  g_autofree char *norms_text = NULL;
  const DkNormTable *table;
  DkCalculationResult out = { 0 };
  DkBvvInput bvv_input = { 0 };
  DkVtlbInput vtlb_input = { 0 };
  guint n_pension_age = 0;
  gboolean client_pension_age = FALSE;

  g_return_val_if_fail (norms != NULL, FALSE);
  g_return_val_if_fail (input != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  table = dk_norm_set_lookup (norms, &input->date, error);
  if (table == NULL)
    return FALSE;

  for (guint i = 0; i < input->persons->len; i++)
    {
      const Person *p = &g_array_index (input->persons, Person, i);

      n_pension_age += p->pension_age ? 1 : 0;
      if (!p->partner)
        client_pension_age = p->pension_age;
    }

  bvv_input.situation = input->situation;
  bvv_input.taxable_income_year = input->taxable_income_year;
  bvv_input.monthly_income = sum_incomes (input, NULL);
  bvv_input.spouse_unseized_income = input->spouse_unseized_income;
  bvv_input.own_unseized_income = input->own_unseized_income;
  bvv_input.company_car_tax = input->company_car_tax;
  bvv_input.benefit_payer = input->benefit_payer;
  bvv_input.pw32_other_income = input->pw32_other_income;
  bvv_input.high_housing_raise = input->high_housing_raise;
  bvv_input.housing_costs = housing_costs (input);
  bvv_input.no_home_address = input->no_home_address;
  bvv_input.pension_age = client_pension_age;
  if (!dk_bvv_calculate (table, &bvv_input, &bvv, error))
    return FALSE;

  additions = g_new0 (DkVtlbAddition, MAX (1, input->additions->len));
  for (guint i = 0; i < input->additions->len; i++)
    {
      const Addition *a = &g_array_index (input->additions, Addition, i);

      additions[i] = (DkVtlbAddition) { a->id, a->label, a->amount, a->reason };
    }
  vtlb_input.bvv = bvv.bvv;
  vtlb_input.bvv_breakdown = bvv.breakdown;
  vtlb_input.situation = input->situation;
  vtlb_input.n_pension_age = n_pension_age;
  vtlb_input.individual_costs_compared = input->individual_costs_compared;
  vtlb_input.individual_costs_correction = input->individual_costs_correction;
  vtlb_input.travel_costs = input->travel_costs;
  vtlb_input.additions = additions;
  vtlb_input.n_additions = input->additions->len;
  if (!dk_vtlb_calculate (table, &vtlb_input, &vtlb, error))
    return FALSE;

  if (!dk_capacity_calculate (bvv_input.monthly_income, vtlb.vtlb, vtlb.breakdown, &input->date, &capacity, error))
    return FALSE;

  date_text = dk_date_format_dutch (&input->date);
  norms_text = g_strdup_printf (_("Norm table in force from %s"), dk_norm_table_get_id (table));
  root = dk_breakdown_new_static (DK_BREAKDOWN_MONEY, "calculation", N_("Repayment capacity per month"),
                                  capacity.capacity, NULL);
  dk_breakdown_add (root, DK_BREAKDOWN_TEXT, "calculation.date", date_text, 0, _("calculation date"));
  dk_breakdown_add (root, DK_BREAKDOWN_TEXT, "calculation.situation", dk_situation_describe (input->situation), 0,
                    "Rv art. 475da lid 1");
  dk_breakdown_add (root, DK_BREAKDOWN_TEXT, "calculation.norms", norms_text, 0, NULL);
  dk_breakdown_append (root, dk_breakdown_ref (capacity.breakdown));

  out.date = input->date;
  out.situation = input->situation;
  out.norm_table_id = g_strdup (dk_norm_table_get_id (table));
  out.norm_table_title = g_strdup (dk_norm_table_get_title (table));
  out.income = bvv_input.monthly_income;
  out.bvv = bvv.bvv;
  out.vtlb = vtlb.vtlb;
  out.capacity = capacity.capacity;
  out.zero_offer = capacity.zero_offer;
  out.capacity_shares = new_array (sizeof (DkCapacityShare), (GDestroyNotify) capacity_share_clear);

  if (!split_capacity (input, &out, root, error) ||
      (input->debts->len > 0 && !run_proposal (input, &out, error)))
    {
      dk_calculation_result_clear (&out);
      return FALSE;
    }
  if (out.has_proposal)
    dk_breakdown_append (root, dk_breakdown_ref (out.proposal.breakdown));

  out.breakdown = g_steal_pointer (&root);
  *result = out;
  return TRUE;
}

void
dk_calculation_result_clear (DkCalculationResult *result)
{
  g_clear_pointer (&result->norm_table_id, g_free);
  g_clear_pointer (&result->norm_table_title, g_free);
  g_clear_pointer (&result->capacity_shares, g_array_unref);
  g_clear_pointer (&result->breakdown, dk_breakdown_unref);
  if (result->has_proposal)
    dk_proposal_result_clear (&result->proposal);
  result->has_proposal = FALSE;
}

static void
add_money (JsonBuilder *builder,
           const char  *name,
           gint64       cents)
{
  g_autofree char *member = g_strconcat (name, "_cents", NULL);

  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, cents);
}

static void
add_date (JsonBuilder *builder,
          const char  *name,
          const GDate *date)
{
  g_autofree char *text = NULL;

  if (!g_date_valid (date))
    return;

  text = dk_date_format_iso (date);
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, text);
}

static void
proposal_to_json (const DkProposalResult *p,
                  JsonBuilder            *builder)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "term_months");
  json_builder_add_int_value (builder, p->term_months);
  add_date (builder, "start_date", &p->start);
  add_date (builder, "end_date", &p->end);
  add_money (builder, "total", p->total);
  add_money (builder, "paid", p->paid);
  add_money (builder, "surplus", p->surplus);
  add_money (builder, "total_debt", p->total_debt);
  json_builder_set_member_name (builder, "concurrent_percentage_ppm");
  json_builder_add_int_value (builder, p->concurrent_ppm);
  json_builder_set_member_name (builder, "preferential_percentage_ppm");
  json_builder_add_int_value (builder, p->preferential_ppm);
  json_builder_set_member_name (builder, "zero_offer");
  json_builder_add_boolean_value (builder, p->zero_offer);
  json_builder_set_member_name (builder, "creditors");
  json_builder_begin_array (builder);
  for (gsize i = 0; i < p->n_shares; i++)
    {
      const DkProposalShare *s = &p->shares[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, s->id);
      json_builder_set_member_name (builder, "creditor");
      json_builder_add_string_value (builder, s->name);
      json_builder_set_member_name (builder, "preferential");
      json_builder_add_boolean_value (builder, s->preferential);
      add_money (builder, "owed", s->owed);
      add_money (builder, "amount", s->amount);
      json_builder_set_member_name (builder, "percentage_ppm");
      json_builder_add_int_value (builder, s->percentage_ppm);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* The output format of draagkracht-calc (README). Money in cents, rates in parts per million. */
JsonNode *
dk_calculation_result_to_json (const DkCalculationResult *result)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  add_date (builder, "calculation_date", &result->date);
  json_builder_set_member_name (builder, "situation");
  json_builder_add_string_value (builder, dk_situation_to_string (result->situation));
  json_builder_set_member_name (builder, "norm_table");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, result->norm_table_id);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, result->norm_table_title);
  json_builder_end_object (builder);
  add_money (builder, "income", result->income);
  add_money (builder, "bvv", result->bvv);
  add_money (builder, "vtlb", result->vtlb);
  add_money (builder, "capacity", result->capacity);
  json_builder_set_member_name (builder, "zero_offer");
  json_builder_add_boolean_value (builder, result->zero_offer);

  if (result->capacity_shares->len > 0)
    {
      json_builder_set_member_name (builder, "capacity_shares");
      json_builder_begin_array (builder);
      for (guint i = 0; i < result->capacity_shares->len; i++)
        {
          const DkCapacityShare *s = &g_array_index (result->capacity_shares, DkCapacityShare, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "person");
          json_builder_add_string_value (builder, s->person);
          add_money (builder, "capacity", s->capacity);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }

  if (result->has_proposal)
    {
      json_builder_set_member_name (builder, "proposal");
      proposal_to_json (&result->proposal, builder);
    }

  json_builder_set_member_name (builder, "breakdown");
  dk_breakdown_to_json (result->breakdown, builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* The explanation a worker reads out: the headline figures, then every line with its rule. */
char *
dk_calculation_result_to_text (const DkCalculationResult *result)
{
  g_autofree char *bvv = dk_money_format (result->bvv);
  g_autofree char *vtlb = dk_money_format (result->vtlb);
  g_autofree char *income = dk_money_format (result->income);
  g_autofree char *capacity = dk_money_format (result->capacity);
  g_autofree char *tree = dk_breakdown_to_text (result->breakdown);
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "%s: %s\n", _("Income per month"), income);
  g_string_append_printf (out, "%s: %s\n", _("Garnishment-free amount (BVV)"), bvv);
  g_string_append_printf (out, "%s: %s\n", _("Amount to live on (VTLB)"), vtlb);
  g_string_append_printf (out, "%s: %s\n", _("Repayment capacity per month"), capacity);
  if (result->zero_offer)
    g_string_append_printf (out, "%s\n", _("There is no repayment capacity: creditors get a zero offer."));
  if (result->has_proposal)
    {
      g_autofree char *total = dk_money_format (result->proposal.total);
      g_autofree char *conc = dk_format_rate (result->proposal.concurrent_ppm);
      g_autofree char *pref = dk_format_rate (result->proposal.preferential_ppm);

      g_string_append_printf (out, _("Payment proposal: %s over %u months; concurrent creditors get %s, "
                                     "preferential creditors %s of what they are owed.\n"),
                              total, result->proposal.term_months, conc, pref);
    }
  g_string_append_c (out, '\n');
  g_string_append (out, tree);

  return g_string_free (out, FALSE);
}
