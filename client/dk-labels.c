#include "config.h"

#include <glib/gi18n.h>

#include "dk-breakdown.h"
#include "dk-labels.h"

const char *
dk_person_role_label (DkPersonRole role)
{
  switch (role)
    {
    case DK_PERSON_ROLE_CLIENT: return _("Client");
    case DK_PERSON_ROLE_PARTNER: return _("Partner");
    case DK_PERSON_ROLE_CHILD: return _("Child");
    case DK_PERSON_ROLE_OTHER: return _("Housemate");
    default: g_return_val_if_reached (NULL);
    }
}

const char *
dk_income_source_label (DkIncomeSource source)
{
  switch (source)
    {
    case DK_INCOME_SOURCE_EMPLOYMENT: return _("Wages");
    case DK_INCOME_SOURCE_SELF_EMPLOYMENT: return _("Own business");
    case DK_INCOME_SOURCE_BENEFIT: return _("Benefit");
    case DK_INCOME_SOURCE_PENSION: return _("Pension");
    case DK_INCOME_SOURCE_ALLOWANCE: return _("Allowance (toeslag)");
    case DK_INCOME_SOURCE_CHILD_BENEFIT: return _("Child benefit");
    case DK_INCOME_SOURCE_MAINTENANCE: return _("Maintenance received");
    case DK_INCOME_SOURCE_OTHER: return _("Other income");
    default: g_return_val_if_reached (NULL);
    }
}

const char *
dk_income_period_label (DkIncomePeriod period)
{
  switch (period)
    {
    case DK_INCOME_PERIOD_MONTH: return _("Per month");
    case DK_INCOME_PERIOD_FOUR_WEEKS: return _("Per four weeks");
    case DK_INCOME_PERIOD_WEEK: return _("Per week");
    case DK_INCOME_PERIOD_YEAR: return _("Per year");
    default: g_return_val_if_reached (NULL);
    }
}

const char *
dk_income_period_after_amount (DkIncomePeriod period)
{
  switch (period)
    {
    case DK_INCOME_PERIOD_MONTH: return _("per month");
    case DK_INCOME_PERIOD_FOUR_WEEKS: return _("per four weeks");
    case DK_INCOME_PERIOD_WEEK: return _("per week");
    case DK_INCOME_PERIOD_YEAR: return _("per year");
    default: g_return_val_if_reached (NULL);
    }
}

const char *
dk_fixed_cost_kind_label (DkFixedCostKind kind)
{
  switch (kind)
    {
    case DK_FIXED_COST_RENT: return _("Rent");
    case DK_FIXED_COST_MORTGAGE: return _("Mortgage");
    case DK_FIXED_COST_HEALTH_PREMIUM: return _("Health insurance premium");
    case DK_FIXED_COST_CHILDCARE: return _("Childcare");
    case DK_FIXED_COST_TRAVEL: return _("Travel");
    case DK_FIXED_COST_MAINTENANCE: return _("Maintenance paid");
    case DK_FIXED_COST_ENERGY: return _("Energy");
    case DK_FIXED_COST_WATER: return _("Water");
    case DK_FIXED_COST_INSURANCE: return _("Insurance");
    case DK_FIXED_COST_OTHER: return _("Other cost");
    default: g_return_val_if_reached (NULL);
    }
}

const char *
dk_debt_type_label (DkDebtType type)
{
  switch (type)
    {
    case DK_DEBT_TYPE_HEALTH_CARE: return _("Health care");
    case DK_DEBT_TYPE_PUBLIC: return _("Public body");
    case DK_DEBT_TYPE_UTILITY: return _("Utility");
    case DK_DEBT_TYPE_OTHER: return _("Other");
    default: g_return_val_if_reached (NULL);
    }
}

const char *
dk_debt_status_label (DkDebtStatus status)
{
  switch (status)
    {
    case DK_DEBT_STATUS_REGISTERED: return _("Registered");
    case DK_DEBT_STATUS_CONFIRMED: return _("Confirmed by the creditor");
    case DK_DEBT_STATUS_IN_SETTLEMENT: return _("In a settlement");
    case DK_DEBT_STATUS_PAID: return _("Paid");
    case DK_DEBT_STATUS_WRITTEN_OFF: return _("Written off");
    case DK_DEBT_STATUS_TRANSFERRED: return _("Moved to another dossier");
    default: g_return_val_if_reached (NULL);
    }
}

const char *
dk_contracting_party_label (DkContractingParty party)
{
  switch (party)
    {
    case DK_CONTRACTING_PARTY_CLIENT: return _("The client");
    case DK_CONTRACTING_PARTY_PARTNER: return _("The partner");
    case DK_CONTRACTING_PARTY_JOINT: return _("Both (jointly signed)");
    default: g_return_val_if_reached (NULL);
    }
}

const char *
dk_contracting_party_group_title (DkContractingParty party)
{
  switch (party)
    {
    case DK_CONTRACTING_PARTY_CLIENT: return _("Debts of the Client");
    case DK_CONTRACTING_PARTY_PARTNER: return _("Debts of the Partner");
    case DK_CONTRACTING_PARTY_JOINT: return _("Joint Debts");
    default: g_return_val_if_reached (NULL);
    }
}

const char *
dk_marital_regime_label (DkMaritalRegime regime)
{
  switch (regime)
    {
    case DK_MARITAL_REGIME_FULL_COMMUNITY: return _("Full community of property");
    case DK_MARITAL_REGIME_LIMITED_COMMUNITY: return _("Limited community of property");
    case DK_MARITAL_REGIME_PRENUPTIAL: return _("Prenuptial agreement");
    default: g_return_val_if_reached (NULL);
    }
}

const char *
dk_union_kind_label (DkUnionKind kind)
{
  switch (kind)
    {
    case DK_UNION_MARRIAGE: return _("Marriage");
    case DK_UNION_REGISTERED_PARTNERSHIP: return _("Registered partnership");
    default: g_return_val_if_reached (NULL);
    }
}

const char *
dk_household_event_kind_label (DkHouseholdEventKind kind)
{
  switch (kind)
    {
    case DK_HOUSEHOLD_EVENT_SPLIT: return _("Split off another dossier");
    case DK_HOUSEHOLD_EVENT_MOVE_IN: return _("Moves in");
    case DK_HOUSEHOLD_EVENT_BIRTH: return _("Birth");
    case DK_HOUSEHOLD_EVENT_PARTNER_MOVES_IN: return _("Partner moves in");
    case DK_HOUSEHOLD_EVENT_MARRIAGE: return _("Marriage or registered partnership");
    case DK_HOUSEHOLD_EVENT_CO_PARENTING: return _("Co-parenting arrangement");
    case DK_HOUSEHOLD_EVENT_DIVORCE_REQUESTED: return _("Divorce request filed");
    case DK_HOUSEHOLD_EVENT_DIVORCE: return _("Divorce");
    case DK_HOUSEHOLD_EVENT_MOVE_OUT: return _("Moves out");
    case DK_HOUSEHOLD_EVENT_DEATH: return _("Death");
    default: g_return_val_if_reached (NULL);
    }
}

const char *
dk_note_kind_icon_name (DkNoteKind kind)
{
  switch (kind)
    {
    case DK_NOTE_NOTE: return "text-x-generic-symbolic";
    case DK_NOTE_PHONE: return "call-start-symbolic";
    case DK_NOTE_HOME_VISIT: return "user-home-symbolic";
    case DK_NOTE_OFFICE_VISIT: return "system-users-symbolic";
    case DK_NOTE_LETTER: return "mail-read-symbolic";
    case DK_NOTE_EMAIL: return "mail-unread-symbolic";
    case DK_NOTE_MESSAGE: return "chat-message-new-symbolic";
    default: g_return_val_if_reached ("text-x-generic-symbolic");
    }
}

static void
append_part (GString    *out,
             const char *part)
{
  g_autofree char *stripped = NULL;

  if (part == NULL)
    return;
  stripped = g_strstrip (g_strdup (part));
  if (stripped[0] == '\0')
    return;
  if (out->len > 0)
    g_string_append_c (out, ' ');
  g_string_append (out, stripped);
}

char *
dk_person_display_name (const DkPerson *person)
{
  GString *out;

  g_return_val_if_fail (person != NULL, NULL);

  out = g_string_new (NULL);
  append_part (out, person->given_names);
  append_part (out, person->family_name_prefix);
  append_part (out, person->family_name);
  if (out->len == 0)
    g_string_append (out, _("Unnamed person"));
  return g_string_free (out, FALSE);
}

char *
dk_bsn_mask (const char *bsn)
{
  GString *out;
  gsize n_digits = 0;
  gsize seen = 0;

  if (bsn == NULL || bsn[0] == '\0')
    return NULL;

  for (const char *p = bsn; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      n_digits++;

  out = g_string_new (NULL);
  for (const char *p = bsn; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        continue;
      if (seen + 3 < n_digits)
        g_string_append (out, "•");
      else
        g_string_append_c (out, *p);
      seen++;
    }
  return g_string_free (out, FALSE);
}

static char *
person_name (const DkHouseholdTimeline *timeline,
             const char                *person_id)
{
  const DkPerson *person = NULL;

  if (person_id != NULL && timeline != NULL)
    person = dk_household_timeline_get_person (timeline, person_id);
  if (person == NULL)
    return g_strdup (_("someone"));
  return dk_person_display_name (person);
}

char *
dk_household_event_describe_full (const DkHouseholdEvent    *event,
                                  const DkHouseholdTimeline *timeline)
{
  g_autofree char *who = NULL;
  g_autofree char *other = NULL;

  g_return_val_if_fail (event != NULL, NULL);

  who = person_name (timeline, event->person_id);

  switch (event->kind)
    {
    case DK_HOUSEHOLD_EVENT_SPLIT:
      return g_strdup (_("This dossier was split off another dossier"));
    case DK_HOUSEHOLD_EVENT_MOVE_IN:
      /* Translators: %s is a person's name */
      return g_strdup_printf (_("%s moves in"), who);
    case DK_HOUSEHOLD_EVENT_BIRTH:
      if (event->other_person_id == NULL)
        /* Translators: %s is a child's name */
        return g_strdup_printf (_("Birth of %s"), who);
      other = person_name (timeline, event->other_person_id);
      /* Translators: the first %s is a child's name, the second the name of its parent */
      return g_strdup_printf (_("Birth of %s (parent: %s)"), who, other);
    case DK_HOUSEHOLD_EVENT_PARTNER_MOVES_IN:
      /* Translators: %s is a person's name */
      return g_strdup_printf (_("%s moves in as partner"), who);
    case DK_HOUSEHOLD_EVENT_MARRIAGE:
      if (event->union_kind == DK_UNION_REGISTERED_PARTNERSHIP)
        /* Translators: %s is a person's name, then the property regime, "limited community of property" */
        return g_strdup_printf (_("Registered partnership with %s · %s"), who,
                                dk_marital_regime_label (event->regime));
      /* Translators: %s is a person's name, then the property regime, "limited community of property" */
      return g_strdup_printf (_("Marriage with %s · %s"), who, dk_marital_regime_label (event->regime));
    case DK_HOUSEHOLD_EVENT_CO_PARENTING:
      /* Translators: %s is a child's name */
      return g_strdup_printf (_("Co-parenting arrangement for %s"), who);
    case DK_HOUSEHOLD_EVENT_DIVORCE_REQUESTED:
      /* Translators: %s is the name of the spouse */
      return g_strdup_printf (_("Divorce from %s requested"), who);
    case DK_HOUSEHOLD_EVENT_DIVORCE:
      /* Translators: %s is the name of the former spouse */
      return g_strdup_printf (_("Divorce from %s"), who);
    case DK_HOUSEHOLD_EVENT_MOVE_OUT:
      /* Translators: %s is a person's name */
      return g_strdup_printf (_("%s moves out"), who);
    case DK_HOUSEHOLD_EVENT_DEATH:
      /* Translators: %s is a person's name */
      return g_strdup_printf (_("Death of %s"), who);
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
dk_debt_classification_label (const DkMaritalClassification *classification,
                              DkContractingParty             party)
{
  g_return_val_if_fail (classification != NULL, NULL);

  if (classification->in_community)
    return classification->community_dissolved ? _("Community debt (community dissolved)") : _("Community debt");

  switch (party)
    {
    case DK_CONTRACTING_PARTY_CLIENT: return _("Own debt of the client");
    case DK_CONTRACTING_PARTY_PARTNER: return _("Own debt of the partner");
    case DK_CONTRACTING_PARTY_JOINT: return _("Joint debt");
    default: g_return_val_if_reached (NULL);
    }
}

char *
dk_debt_shares_text (const DkMaritalClassification *classification)
{
  g_autofree char *client = NULL;
  g_autofree char *partner = NULL;

  g_return_val_if_fail (classification != NULL, NULL);

  client = dk_format_rate (classification->share_client_ppm);
  partner = dk_format_rate (classification->share_partner_ppm);
  if (classification->share_partner_ppm == 0)
    /* Translators: %s is a percentage, "100%" */
    return g_strdup_printf (_("Client bears %s"), client);
  if (classification->share_client_ppm == 0)
    /* Translators: %s is a percentage, "100%" */
    return g_strdup_printf (_("Partner bears %s"), partner);
  /* Translators: both %s are percentages, "50%" */
  return g_strdup_printf (_("Client bears %s, partner %s"), client, partner);
}

typedef struct
{
  const char *name;
  const char *label;
} NameLabel;

static const NameLabel table_labels[] = {
  { "dossier", N_("Case") },
  { "person", N_("Person") },
  { "contact", N_("Contact details") },
  { "debt", N_("Debt") },
  { "debt_status", N_("Debt status") },
  { "household_event", N_("Household event") },
  { "income", N_("Income") },
  { "fixed_cost", N_("Fixed cost") },
  { "dossier_link", N_("Link between dossiers") },
  { "calculation", N_("Calculation") },
  { "dossier_note", N_("Note") },
};

/* Field names are unique enough across tables to need no table of their own each. */
static const NameLabel field_labels[] = {
  { "number", N_("dossier number") },
  { "opened_on", N_("opening date") },
  { "phase", N_("phase") },
  { "registered_on", N_("date of the request for help") },
  { "crisis", N_("crisis situation") },
  { "first_conversation_on", N_("date of the first conversation") },
  { "counsellor", N_("counsellor") },
  { "street", N_("street") },
  { "house_number", N_("house number") },
  { "postcode", N_("postcode") },
  { "city", N_("city") },
  { "phone", N_("phone") },
  { "email", N_("e-mail") },
  { "note_date", N_("date") },
  { "reached", N_("reached") },
  { "body", N_("text") },
  { "author", N_("author") },
  { "role", N_("role") },
  { "bsn", N_("BSN") },
  { "given_names", N_("given names") },
  { "family_name_prefix", N_("tussenvoegsel") },
  { "family_name", N_("family name") },
  { "birth_date", N_("date of birth") },
  { "event_date", N_("date") },
  { "union_kind", N_("kind of union") },
  { "regime", N_("property regime") },
  { "relation_kind", N_("relation") },
  { "union_date", N_("date of the union") },
  { "dissolution_date", N_("date of dissolution") },
  { "end_date", N_("end date") },
  { "source", N_("source") },
  { "description", N_("description") },
  { "net_cents", N_("net amount") },
  { "gross_cents", N_("gross amount") },
  { "period", N_("period") },
  { "holiday_allowance_included", N_("holiday allowance included") },
  { "valid_from", N_("from") },
  { "valid_to", N_("until") },
  { "monthly_cents", N_("amount per month") },
  { "rent_basic_cents", N_("basic rent") },
  { "rent_service_cents", N_("service costs") },
  { "mortgage_interest_cents", N_("mortgage interest") },
  { "mortgage_repayment_cents", N_("mortgage repayment") },
  { "creditor_name", N_("creditor") },
  { "creditor_kvk", N_("creditor's KvK number") },
  { "reference", N_("reference") },
  { "original_cents", N_("original amount") },
  { "current_cents", N_("current amount") },
  { "origin_date", N_("date of origin") },
  { "debt_type", N_("type of debt") },
  { "debt_rank", N_("rank") },
  { "business_debt", N_("business debt") },
  { "contracting_party", N_("contracting party") },
  { "household_debt", N_("household debt") },
  { "excluded", N_("excluded") },
  { "share_ppm", N_("share") },
  { "removed_at", N_("removal") },
};

static const char *
lookup (const NameLabel *labels,
        gsize            n_labels,
        const char      *name)
{
  for (gsize i = 0; i < n_labels; i++)
    if (g_strcmp0 (labels[i].name, name) == 0)
      return _(labels[i].label);
  return name;
}

char *
dk_synced_field_label (const char *table,
                       const char *field)
{
  const char *table_label = lookup (table_labels, G_N_ELEMENTS (table_labels), table);

  if (field == NULL)
    return g_strdup (table_label);

  /* Translators: a record and one of its fields, as in "Income: net amount" */
  return g_strdup_printf (_("%s: %s"), table_label, lookup (field_labels, G_N_ELEMENTS (field_labels), field));
}
