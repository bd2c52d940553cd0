#include "config.h"

#include <inttypes.h>

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dk-sync-registry.h"
#include "dk-uuid.h"

G_DEFINE_QUARK (dk-sync-registry-error-quark, dk_sync_registry_error)

/* The fields in the words of dk-domain-schema.c: one macro per column convention. */
#define F(n, t, a, nul) .name = n, .column = n, .type = t, .access = a, .nullable = nul

#define ID_FIELD         { F ("id", DK_SYNC_TYPE_UUID, DK_SYNC_ACCESS_KEY, FALSE) }
#define DOSSIER_FIELD    { F ("dossier_id", DK_SYNC_TYPE_UUID, DK_SYNC_ACCESS_KEY, FALSE), .references = "dossier", .same_dossier = TRUE }
#define CREATED_FIELD    { F ("created_at", DK_SYNC_TYPE_TIMESTAMP, DK_SYNC_ACCESS_SERVER, FALSE) }
#define UPDATED_FIELD    { F ("updated_at", DK_SYNC_TYPE_TIMESTAMP, DK_SYNC_ACCESS_SERVER, FALSE) }
#define REMOVED_FIELD    { F ("removed_at", DK_SYNC_TYPE_TIMESTAMP, DK_SYNC_ACCESS_TOMBSTONE, TRUE) }

#define TEXT(n)          { F (n, DK_SYNC_TYPE_TEXT, DK_SYNC_ACCESS_CLIENT, FALSE) }
#define TEXT_NULL(n)     { F (n, DK_SYNC_TYPE_TEXT, DK_SYNC_ACCESS_CLIENT, TRUE) }
#define ENUM(n, v)       { F (n, DK_SYNC_TYPE_TEXT, DK_SYNC_ACCESS_CLIENT, FALSE), .values = v }
#define ENUM_NULL(n, v)  { F (n, DK_SYNC_TYPE_TEXT, DK_SYNC_ACCESS_CLIENT, TRUE), .values = v }
#define DATE(n)          { F (n, DK_SYNC_TYPE_DATE, DK_SYNC_ACCESS_CLIENT, FALSE) }
#define DATE_NULL(n)     { F (n, DK_SYNC_TYPE_DATE, DK_SYNC_ACCESS_CLIENT, TRUE) }
#define CENTS(n)         { F (n, DK_SYNC_TYPE_INTEGER, DK_SYNC_ACCESS_CLIENT, FALSE), .has_min = TRUE, .min = 0 }
#define CENTS_NULL(n)    { F (n, DK_SYNC_TYPE_INTEGER, DK_SYNC_ACCESS_CLIENT, TRUE), .has_min = TRUE, .min = 0 }
#define FLAG(n)          { F (n, DK_SYNC_TYPE_BOOLEAN, DK_SYNC_ACCESS_CLIENT, FALSE) }
#define UUID_VALUE(n)    { F (n, DK_SYNC_TYPE_UUID, DK_SYNC_ACCESS_CLIENT, FALSE) }
#define REF(n, t, same)  { F (n, DK_SYNC_TYPE_UUID, DK_SYNC_ACCESS_CLIENT, FALSE), .references = t, .same_dossier = same }
#define REF_NULL(n, t, same) \
                         { F (n, DK_SYNC_TYPE_UUID, DK_SYNC_ACCESS_CLIENT, TRUE), .references = t, .same_dossier = same }

#define TABLE(n, k, dossier_col, f) { n, k, dossier_col, f, G_N_ELEMENTS (f) }

/* The enums, as the schema's CHECKs list them. */
static const char * const dossier_phases[] = { "registration", "intake", "stabilisation", "settlement",
                                                "aftercare", "closed", NULL };
static const char * const note_kinds[] = { "note", "phone", "home_visit", "office_visit", "letter", "email",
                                           "message", NULL };
static const char * const person_roles[] = { "client", "partner", "child", "other", NULL };
static const char * const event_kinds[] = { "split", "move_in", "birth", "partner_moves_in", "marriage",
                                            "co_parenting", "divorce_requested", "divorce", "move_out",
                                            "death", NULL };
static const char * const union_kinds[] = { "marriage", "registered_partnership", NULL };
static const char * const regimes[] = { "full_community", "limited_community", "prenuptial", NULL };
static const char * const relation_kinds[] = { "none", "married", "divorced", "widowed", NULL };
static const char * const income_sources[] = { "employment", "self_employment", "benefit", "pension",
                                               "allowance", "child_benefit", "maintenance", "other", NULL };
static const char * const income_periods[] = { "month", "four_weeks", "week", "year", NULL };
static const char * const fixed_cost_kinds[] = { "rent", "mortgage", "health_premium", "childcare", "travel",
                                                 "maintenance", "energy", "water", "insurance", "other", NULL };
static const char * const debt_types[] = { "Zorg", "Publiek", "Nuts", "Overig", NULL };
static const char * const debt_ranks[] = { "concurrent", "preferential", NULL };
static const char * const contracting_parties[] = { "client", "partner", "joint", NULL };
static const char * const debt_statuses[] = { "registered", "confirmed", "in_settlement", "paid",
                                              "written_off", "transferred", NULL };
static const char * const link_kinds[] = { "split_from", "split_into", NULL };
static const char * const dossier_kinds[] = { "debt_help", "early_signal", NULL };
/* DDAS Uitwisselmodel v0.9, as migration 7 spells them. */
static const char * const ddas_partner_types[] = { "Energie", "Huur", "Hypotheek", "CAK Zorgverzekeringen", "Zorg",
                                                   "Water", "DUO", "Belastingdienst", "CAK Eigen bijdrage",
                                                   "Overige", "Dienst Toeslagen", NULL };
static const char * const ddas_contact_kinds[] = { "Mail", "Brief", "SMS/Whatsapp", "Telefoon", "Huisbezoek",
                                                   "Kaartje", "Overige", "Administratief", NULL };
static const char * const ddas_parts_of_day[] = { "Ochtend", "Middag", "Avond", NULL };
static const char * const ddas_end_results[] = {
  "Niet opgepakt: herhaalde melding", "Niet opgepakt: onterecht signaal", "Inwoner is overleden",
  "Persoon is geen inwoner (meer) in de gemeente", "Niet opgepakt: andere reden",
  "Inwoner al bekend bij schuldhulpverlening", "Inwoner heeft al een ander lopend traject",
  "Definitief geen contact kunnen krijgen", "Geen reactie na eerder contact",
  "Inwoner hoeft geen hulp vanuit vroegsignalering", "Inwoner heeft zelf al betaald/betalingsregeling getroffen",
  "(Budget)advies en/of quick fix", "Vervolghulp en/of verwijzing financieel", "Verwijzing zonder contact",
  "Vervolghulp en/of verwijzing niet financieel", NULL
};
static const char * const task_kinds[] = { "revisit", "follow_up", "signal_known", "contact_former_client", NULL };
static const char * const conflict_kinds[] = { "concurrent_edit", "delete_outdated", "edited_after_delete",
                                               NULL };

static const DkSyncField dossier_fields[] = {
  ID_FIELD,
  TEXT ("number"),
  DATE ("opened_on"),
  CREATED_FIELD,
  UPDATED_FIELD,
  REMOVED_FIELD,
  { F ("phase", DK_SYNC_TYPE_TEXT, DK_SYNC_ACCESS_CLIENT, FALSE), .values = dossier_phases, .default_json = "\"registration\"" },
  DATE_NULL ("registered_on"),
  { F ("crisis", DK_SYNC_TYPE_BOOLEAN, DK_SYNC_ACCESS_CLIENT, FALSE), .default_json = "false" },
  DATE_NULL ("first_conversation_on"),
  TEXT_NULL ("counsellor"),
  { F ("kind", DK_SYNC_TYPE_TEXT, DK_SYNC_ACCESS_CLIENT, FALSE), .values = dossier_kinds, .default_json = "\"debt_help\"" },
};

static const DkSyncField contact_fields[] = {
  ID_FIELD,
  DOSSIER_FIELD,
  REF ("person_id", "person", TRUE),
  TEXT_NULL ("street"),
  TEXT_NULL ("house_number"),
  TEXT_NULL ("postcode"),
  TEXT_NULL ("city"),
  TEXT_NULL ("phone"),
  TEXT_NULL ("email"),
  CREATED_FIELD,
  UPDATED_FIELD,
  REMOVED_FIELD,
};

static const DkSyncField dossier_note_fields[] = {
  ID_FIELD,
  DOSSIER_FIELD,
  ENUM ("kind", note_kinds),
  DATE ("note_date"),
  { F ("reached", DK_SYNC_TYPE_BOOLEAN, DK_SYNC_ACCESS_CLIENT, TRUE) },
  TEXT ("body"),
  TEXT_NULL ("author"),
  CREATED_FIELD,
  UPDATED_FIELD,
  REMOVED_FIELD,
};

static const DkSyncField person_fields[] = {
  ID_FIELD,
  DOSSIER_FIELD,
  ENUM ("role", person_roles),
  TEXT_NULL ("bsn"),
  TEXT ("given_names"),
  TEXT_NULL ("family_name_prefix"),
  TEXT ("family_name"),
  DATE_NULL ("birth_date"),
  /* A split dossier's person points at the person in the dossier it was split from. */
  REF_NULL ("source_person_id", "person", FALSE),
  CREATED_FIELD,
  UPDATED_FIELD,
  REMOVED_FIELD,
};

static const DkSyncField household_event_fields[] = {
  ID_FIELD,
  DOSSIER_FIELD,
  ENUM ("kind", event_kinds),
  DATE ("event_date"),
  REF ("person_id", "person", TRUE),
  REF_NULL ("other_person_id", "person", TRUE),
  ENUM_NULL ("union_kind", union_kinds),
  ENUM_NULL ("regime", regimes),
  ENUM_NULL ("relation_kind", relation_kinds),
  DATE_NULL ("union_date"),
  DATE_NULL ("dissolution_date"),
  DATE_NULL ("end_date"),
  REF_NULL ("source_dossier_id", "dossier", FALSE),
  CREATED_FIELD,
  UPDATED_FIELD,
  REMOVED_FIELD,
};

static const DkSyncField income_fields[] = {
  ID_FIELD,
  DOSSIER_FIELD,
  REF ("person_id", "person", TRUE),
  ENUM ("source", income_sources),
  TEXT_NULL ("description"),
  CENTS ("net_cents"),
  CENTS_NULL ("gross_cents"),
  ENUM ("period", income_periods),
  FLAG ("holiday_allowance_included"),
  DATE ("valid_from"),
  DATE_NULL ("valid_to"),
  CREATED_FIELD,
  UPDATED_FIELD,
  REMOVED_FIELD,
};

static const DkSyncField fixed_cost_fields[] = {
  ID_FIELD,
  DOSSIER_FIELD,
  REF_NULL ("person_id", "person", TRUE),
  ENUM ("kind", fixed_cost_kinds),
  TEXT_NULL ("description"),
  CENTS ("monthly_cents"),
  CENTS_NULL ("rent_basic_cents"),
  CENTS_NULL ("rent_service_cents"),
  CENTS_NULL ("mortgage_interest_cents"),
  CENTS_NULL ("mortgage_repayment_cents"),
  DATE ("valid_from"),
  DATE_NULL ("valid_to"),
  CREATED_FIELD,
  UPDATED_FIELD,
  REMOVED_FIELD,
};

static const DkSyncField debt_fields[] = {
  ID_FIELD,
  DOSSIER_FIELD,
  /* Shared by the rows of one debt kept in several dossiers; no row of its own to point at. */
  UUID_VALUE ("debt_group_id"),
  REF_NULL ("source_debt_id", "debt", FALSE),
  TEXT ("creditor_name"),
  TEXT_NULL ("creditor_kvk"),
  TEXT_NULL ("reference"),
  CENTS ("original_cents"),
  CENTS ("current_cents"),
  DATE_NULL ("origin_date"),
  ENUM ("debt_type", debt_types),
  ENUM ("debt_rank", debt_ranks),
  FLAG ("business_debt"),
  ENUM ("contracting_party", contracting_parties),
  FLAG ("household_debt"),
  FLAG ("excluded"),
  { F ("share_ppm", DK_SYNC_TYPE_INTEGER, DK_SYNC_ACCESS_CLIENT, FALSE),
    .has_min = TRUE, .min = 0, .has_max = TRUE, .max = 1000000 },
  CREATED_FIELD,
  UPDATED_FIELD,
  REMOVED_FIELD,
};

static const DkSyncField debt_status_fields[] = {
  ID_FIELD,
  DOSSIER_FIELD,
  REF ("debt_id", "debt", TRUE),
  ENUM ("status", debt_statuses),
  DATE ("status_date"),
  TEXT_NULL ("note"),
  CREATED_FIELD,
  UPDATED_FIELD,
};

static const DkSyncField dossier_link_fields[] = {
  ID_FIELD,
  DOSSIER_FIELD,
  REF ("linked_dossier_id", "dossier", FALSE),
  ENUM ("kind", link_kinds),
  DATE ("link_date"),
  CREATED_FIELD,
  UPDATED_FIELD,
  REMOVED_FIELD,
};

static const DkSyncField calculation_fields[] = {
  ID_FIELD,
  DOSSIER_FIELD,
  DATE ("calc_date"),
  TEXT ("norm_table_id"),
  TEXT ("inputs_json"),
  TEXT ("result_json"),
  CREATED_FIELD,
  UPDATED_FIELD,
};

/* A field worker works the case (checked_on, the outcome); what the signals said is the server's. */
static const DkSyncField signal_case_fields[] = {
  ID_FIELD,
  DOSSIER_FIELD,
  { F ("opened_on", DK_SYNC_TYPE_DATE, DK_SYNC_ACCESS_SERVER, FALSE) },
  { F ("multiple", DK_SYNC_TYPE_BOOLEAN, DK_SYNC_ACCESS_SERVER, FALSE) },
  { F ("crisis", DK_SYNC_TYPE_BOOLEAN, DK_SYNC_ACCESS_SERVER, FALSE) },
  DATE_NULL ("checked_on"),
  ENUM_NULL ("outcome_code", ddas_end_results),
  DATE_NULL ("outcome_on"),
  CREATED_FIELD,
  UPDATED_FIELD,
  REMOVED_FIELD,
};

/* Written by the server when it publishes a case; a device only reads it. */
static const DkSyncField signal_item_fields[] = {
  ID_FIELD,
  DOSSIER_FIELD,
  { F ("partner_type", DK_SYNC_TYPE_TEXT, DK_SYNC_ACCESS_SERVER, FALSE), .values = ddas_partner_types },
  { F ("partner_name", DK_SYNC_TYPE_TEXT, DK_SYNC_ACCESS_SERVER, TRUE) },
  { F ("amount_cents", DK_SYNC_TYPE_INTEGER, DK_SYNC_ACCESS_SERVER, TRUE), .has_min = TRUE, .min = 0 },
  { F ("arose_on", DK_SYNC_TYPE_DATE, DK_SYNC_ACCESS_SERVER, TRUE) },
  { F ("signal_date", DK_SYNC_TYPE_DATE, DK_SYNC_ACCESS_SERVER, FALSE) },
  { F ("crisis", DK_SYNC_TYPE_BOOLEAN, DK_SYNC_ACCESS_SERVER, FALSE) },
  { F ("warm_handover", DK_SYNC_TYPE_BOOLEAN, DK_SYNC_ACCESS_SERVER, FALSE) },
  { F ("repeat", DK_SYNC_TYPE_BOOLEAN, DK_SYNC_ACCESS_SERVER, FALSE) },
  CREATED_FIELD,
  UPDATED_FIELD,
};

static const DkSyncField signal_attempt_fields[] = {
  ID_FIELD,
  DOSSIER_FIELD,
  ENUM ("kind", ddas_contact_kinds),
  FLAG ("reached"),
  DATE ("attempt_date"),
  ENUM_NULL ("part_of_day", ddas_parts_of_day),
  CREATED_FIELD,
  UPDATED_FIELD,
};

static const DkSyncField task_fields[] = {
  ID_FIELD,
  DOSSIER_FIELD,
  ENUM ("kind", task_kinds),
  DATE ("due_on"),
  DATE_NULL ("done_on"),
  TEXT_NULL ("note"),
  CREATED_FIELD,
  UPDATED_FIELD,
  REMOVED_FIELD,
};

/* The server's conflict table (sync-server/dk-server-schema.c). "table", "current" and "other" are
 * SQL keywords, so their columns are named apart from their JSON names. */
static const DkSyncField conflict_fields[] = {
  ID_FIELD,
  DOSSIER_FIELD,
  { .name = "table", .column = "record_table", .type = DK_SYNC_TYPE_TEXT, .access = DK_SYNC_ACCESS_SERVER },
  { F ("record_id", DK_SYNC_TYPE_UUID, DK_SYNC_ACCESS_SERVER, FALSE) },
  { F ("field", DK_SYNC_TYPE_TEXT, DK_SYNC_ACCESS_SERVER, FALSE) },
  { F ("kind", DK_SYNC_TYPE_TEXT, DK_SYNC_ACCESS_SERVER, FALSE), .values = conflict_kinds },
  { .name = "current", .column = "current_json", .type = DK_SYNC_TYPE_JSON, .access = DK_SYNC_ACCESS_SERVER },
  { .name = "other", .column = "other_json", .type = DK_SYNC_TYPE_JSON, .access = DK_SYNC_ACCESS_SERVER },
  { F ("current_seq", DK_SYNC_TYPE_INTEGER, DK_SYNC_ACCESS_SERVER, FALSE), .has_min = TRUE, .min = 0 },
  { F ("other_change_id", DK_SYNC_TYPE_UUID, DK_SYNC_ACCESS_SERVER, FALSE) },
  CREATED_FIELD,
  { F ("resolved_at", DK_SYNC_TYPE_TIMESTAMP, DK_SYNC_ACCESS_SERVER, TRUE) },
  { F ("resolved_by_change", DK_SYNC_TYPE_UUID, DK_SYNC_ACCESS_CLIENT, TRUE) },
};

static const DkSyncTable tables[] = {
  TABLE ("dossier", DK_SYNC_TABLE_MUTABLE, "id", dossier_fields),
  TABLE ("person", DK_SYNC_TABLE_MUTABLE, "dossier_id", person_fields),
  TABLE ("contact", DK_SYNC_TABLE_MUTABLE, "dossier_id", contact_fields),
  TABLE ("debt", DK_SYNC_TABLE_MUTABLE, "dossier_id", debt_fields),
  TABLE ("household_event", DK_SYNC_TABLE_MUTABLE, "dossier_id", household_event_fields),
  TABLE ("income", DK_SYNC_TABLE_MUTABLE, "dossier_id", income_fields),
  TABLE ("fixed_cost", DK_SYNC_TABLE_MUTABLE, "dossier_id", fixed_cost_fields),
  TABLE ("debt_status", DK_SYNC_TABLE_APPEND_ONLY, "dossier_id", debt_status_fields),
  TABLE ("dossier_link", DK_SYNC_TABLE_MUTABLE, "dossier_id", dossier_link_fields),
  TABLE ("calculation", DK_SYNC_TABLE_APPEND_ONLY, "dossier_id", calculation_fields),
  TABLE ("dossier_note", DK_SYNC_TABLE_MUTABLE, "dossier_id", dossier_note_fields),
  TABLE ("signal_case", DK_SYNC_TABLE_MUTABLE, "dossier_id", signal_case_fields),
  TABLE ("signal_item", DK_SYNC_TABLE_APPEND_ONLY, "dossier_id", signal_item_fields),
  TABLE ("signal_attempt", DK_SYNC_TABLE_APPEND_ONLY, "dossier_id", signal_attempt_fields),
  TABLE ("task", DK_SYNC_TABLE_MUTABLE, "dossier_id", task_fields),
  TABLE ("conflict", DK_SYNC_TABLE_CONFLICT, "dossier_id", conflict_fields),
};

const DkSyncTable *
dk_sync_registry_tables (gsize *n_tables)
{
  g_return_val_if_fail (n_tables != NULL, NULL);

  *n_tables = G_N_ELEMENTS (tables);
  return tables;
}

const DkSyncTable *
dk_sync_registry_lookup (const char *name)
{
  if (name == NULL)
    return NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (tables); i++)
    if (strcmp (tables[i].name, name) == 0)
      return &tables[i];

  return NULL;
}

const DkSyncField *
dk_sync_table_lookup_field (const DkSyncTable *table,
                            const char        *name)
{
  g_return_val_if_fail (table != NULL, NULL);

  if (name == NULL)
    return NULL;

  for (gsize i = 0; i < table->n_fields; i++)
    if (strcmp (table->fields[i].name, name) == 0)
      return &table->fields[i];

  return NULL;
}

gboolean
dk_sync_table_is_versioned (const DkSyncTable *table)
{
  g_return_val_if_fail (table != NULL, FALSE);

  return table->kind == DK_SYNC_TABLE_MUTABLE;
}

const char *
dk_sync_registry_error_reason (const GError *error)
{
  if (error == NULL || error->domain != DK_SYNC_REGISTRY_ERROR)
    return "invalid";

  switch ((DkSyncRegistryError) error->code)
    {
    case DK_SYNC_REGISTRY_ERROR_UNKNOWN_TABLE:
      return "unknown-table";
    case DK_SYNC_REGISTRY_ERROR_UNKNOWN_FIELD:
      return "unknown-field";
    case DK_SYNC_REGISTRY_ERROR_READ_ONLY_FIELD:
      return "read-only-field";
    case DK_SYNC_REGISTRY_ERROR_MISSING_FIELD:
      return "missing-field";
    case DK_SYNC_REGISTRY_ERROR_WRONG_TYPE:
      return "wrong-type";
    case DK_SYNC_REGISTRY_ERROR_INVALID_VALUE:
      return "invalid-value";
    default:
      return "invalid";
    }
}

static gboolean
all_digits (const char *text,
            gsize       n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

/* 'YYYY-MM-DD' naming a real day; the schema's DATE_CHECK demands the same. */
static gboolean
is_date (const char *text)
{
  guint year, month, day;

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-' ||
      !all_digits (text, 4) || !all_digits (text + 5, 2) || !all_digits (text + 8, 2))
    return FALSE;

  year = (guint) g_ascii_strtoull (text, NULL, 10);
  month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (text + 8, NULL, 10);

  return year >= 1 && month >= 1 && month <= 12 && day >= 1 &&
         g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

/* 'YYYY-MM-DDTHH:MM:SS.mmmZ', the schema's TIME_CHECK plus a real date and time of day. */
static gboolean
is_timestamp (const char *text)
{
  g_autofree char *date = NULL;

  if (strlen (text) != 24 || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != '.' ||
      text[23] != 'Z' || !all_digits (text + 11, 2) || !all_digits (text + 14, 2) ||
      !all_digits (text + 17, 2) || !all_digits (text + 20, 3))
    return FALSE;

  date = g_strndup (text, 10);
  return is_date (date) && g_ascii_strtoull (text + 11, NULL, 10) < 24 &&
         g_ascii_strtoull (text + 14, NULL, 10) < 60 && g_ascii_strtoull (text + 17, NULL, 10) < 60;
}

static gboolean
holds_type (JsonNode *value,
            GType     type)
{
  return JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == type;
}

static void
set_wrong_type (const DkSyncTable  *table,
                const DkSyncField  *field,
                GError            **error)
{
  const char *expected;

  switch (field->type)
    {
    case DK_SYNC_TYPE_INTEGER:
      expected = _("a whole number");
      break;
    case DK_SYNC_TYPE_BOOLEAN:
      expected = _("true or false");
      break;
    case DK_SYNC_TYPE_UUID:
      expected = _("an id in lowercase UUID form");
      break;
    case DK_SYNC_TYPE_DATE:
      expected = _("a date written YYYY-MM-DD");
      break;
    case DK_SYNC_TYPE_TIMESTAMP:
      expected = _("a UTC time written YYYY-MM-DDTHH:MM:SS.mmmZ");
      break;
    case DK_SYNC_TYPE_TEXT:
    case DK_SYNC_TYPE_JSON:
    default:
      expected = _("text");
      break;
    }

  /* TRANSLATORS: "The field “net_cents” of income must be a whole number." */
  g_set_error (error, DK_SYNC_REGISTRY_ERROR, DK_SYNC_REGISTRY_ERROR_WRONG_TYPE,
               _("The field “%s” of %s must be %s."), field->name, table->name, expected);
}

static gboolean
validate_integer (const DkSyncTable  *table,
                  const DkSyncField  *field,
                  gint64              v,
                  GError            **error)
{
  if (field->has_min && field->has_max && (v < field->min || v > field->max))
    {
      g_set_error (error, DK_SYNC_REGISTRY_ERROR, DK_SYNC_REGISTRY_ERROR_INVALID_VALUE,
                   _("The field “%s” of %s must be a whole number from %" PRId64 " to %" PRId64 "."),
                   field->name, table->name, (int64_t) field->min, (int64_t) field->max);
      return FALSE;
    }
  if (field->has_min && v < field->min)
    {
      g_set_error (error, DK_SYNC_REGISTRY_ERROR, DK_SYNC_REGISTRY_ERROR_INVALID_VALUE,
                   _("The field “%s” of %s must be at least %" PRId64 "."),
                   field->name, table->name, (int64_t) field->min);
      return FALSE;
    }
  if (field->has_max && v > field->max)
    {
      g_set_error (error, DK_SYNC_REGISTRY_ERROR, DK_SYNC_REGISTRY_ERROR_INVALID_VALUE,
                   _("The field “%s” of %s must be at most %" PRId64 "."),
                   field->name, table->name, (int64_t) field->max);
      return FALSE;
    }

  return TRUE;
}

gboolean
dk_sync_field_validate (const DkSyncTable  *table,
                        const DkSyncField  *field,
                        JsonNode           *value,
                        GError            **error)
{
  const char *text;

  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    {
      if (field->nullable || field->type == DK_SYNC_TYPE_JSON)
        return TRUE;

      g_set_error (error, DK_SYNC_REGISTRY_ERROR, DK_SYNC_REGISTRY_ERROR_INVALID_VALUE,
                   _("The field “%s” of %s cannot be empty."), field->name, table->name);
      return FALSE;
    }

  switch (field->type)
    {
    case DK_SYNC_TYPE_JSON:
      return TRUE;

    case DK_SYNC_TYPE_INTEGER:
      if (!holds_type (value, G_TYPE_INT64))
        {
          set_wrong_type (table, field, error);
          return FALSE;
        }
      return validate_integer (table, field, json_node_get_int (value), error);

    case DK_SYNC_TYPE_BOOLEAN:
      if (!holds_type (value, G_TYPE_BOOLEAN))
        {
          set_wrong_type (table, field, error);
          return FALSE;
        }
      return TRUE;

    case DK_SYNC_TYPE_TEXT:
    case DK_SYNC_TYPE_UUID:
    case DK_SYNC_TYPE_DATE:
    case DK_SYNC_TYPE_TIMESTAMP:
    default:
      break;
    }

  if (!holds_type (value, G_TYPE_STRING))
    {
      set_wrong_type (table, field, error);
      return FALSE;
    }

  text = json_node_get_string (value);
  if ((field->type == DK_SYNC_TYPE_UUID && !dk_uuid_is_valid (text)) ||
      (field->type == DK_SYNC_TYPE_DATE && !is_date (text)) ||
      (field->type == DK_SYNC_TYPE_TIMESTAMP && !is_timestamp (text)))
    {
      set_wrong_type (table, field, error);
      return FALSE;
    }

  if (field->values != NULL && !g_strv_contains (field->values, text))
    {
      g_autofree char *allowed = g_strjoinv (", ", (char **) field->values);

      g_set_error (error, DK_SYNC_REGISTRY_ERROR, DK_SYNC_REGISTRY_ERROR_INVALID_VALUE,
                   _("The field “%s” of %s must be one of: %s."), field->name, table->name, allowed);
      return FALSE;
    }

  return TRUE;
}

gboolean
dk_sync_fields_validate (const DkSyncTable  *table,
                         gboolean            is_insert,
                         JsonObject         *fields,
                         const char        **out_field,
                         GError            **error)
{
  g_autoptr(GList) members = NULL;

  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_field != NULL)
    *out_field = NULL;

  members = json_object_get_members (fields);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      const DkSyncField *field = dk_sync_table_lookup_field (table, name);

      if (out_field != NULL)
        *out_field = name;

      if (field == NULL)
        {
          g_set_error (error, DK_SYNC_REGISTRY_ERROR, DK_SYNC_REGISTRY_ERROR_UNKNOWN_FIELD,
                       _("The table %s has no field “%s”."), table->name, name);
          return FALSE;
        }
      if (field->access != DK_SYNC_ACCESS_CLIENT)
        {
          g_set_error (error, DK_SYNC_REGISTRY_ERROR, DK_SYNC_REGISTRY_ERROR_READ_ONLY_FIELD,
                       _("The field “%s” of %s is set by the server, not by a change."), name, table->name);
          return FALSE;
        }
      if (!dk_sync_field_validate (table, field, json_object_get_member (fields, name), error))
        return FALSE;
    }

  if (is_insert)
    for (gsize i = 0; i < table->n_fields; i++)
      {
        const DkSyncField *field = &table->fields[i];

        if (field->access != DK_SYNC_ACCESS_CLIENT || field->nullable || field->default_json != NULL ||
            json_object_has_member (fields, field->name))
          continue;

        if (out_field != NULL)
          *out_field = field->name;
        g_set_error (error, DK_SYNC_REGISTRY_ERROR, DK_SYNC_REGISTRY_ERROR_MISSING_FIELD,
                     _("A new row of %s needs the field “%s”."), table->name, field->name);
        return FALSE;
      }

  if (out_field != NULL)
    *out_field = NULL;
  return TRUE;
}

void
dk_sync_field_bind (const DkSyncField *field,
                    sqlite3_stmt      *stmt,
                    int                index,
                    JsonNode          *value)
{
  g_return_if_fail (field != NULL);
  g_return_if_fail (stmt != NULL);

  if (field->type == DK_SYNC_TYPE_JSON)
    {
      g_autofree char *text = NULL;

      if (value == NULL)
        {
          sqlite3_bind_text (stmt, index, "null", -1, SQLITE_STATIC);
          return;
        }
      text = json_to_string (value, FALSE);
      sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
      return;
    }

  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    {
      sqlite3_bind_null (stmt, index);
      return;
    }

  switch (field->type)
    {
    case DK_SYNC_TYPE_INTEGER:
      sqlite3_bind_int64 (stmt, index, json_node_get_int (value));
      break;

    case DK_SYNC_TYPE_BOOLEAN:
      sqlite3_bind_int (stmt, index, json_node_get_boolean (value) ? 1 : 0);
      break;

    case DK_SYNC_TYPE_TEXT:
    case DK_SYNC_TYPE_UUID:
    case DK_SYNC_TYPE_DATE:
    case DK_SYNC_TYPE_TIMESTAMP:
    case DK_SYNC_TYPE_JSON:
    default:
      sqlite3_bind_text (stmt, index, json_node_get_string (value), -1, SQLITE_TRANSIENT);
      break;
    }
}

JsonNode *
dk_sync_field_read (const DkSyncField *field,
                    sqlite3_stmt      *stmt,
                    int                column)
{
  JsonNode *node;

  g_return_val_if_fail (field != NULL, NULL);
  g_return_val_if_fail (stmt != NULL, NULL);

  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return json_node_new (JSON_NODE_NULL);

  switch (field->type)
    {
    case DK_SYNC_TYPE_INTEGER:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_int (node, sqlite3_column_int64 (stmt, column));
      return node;

    case DK_SYNC_TYPE_BOOLEAN:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_boolean (node, sqlite3_column_int64 (stmt, column) != 0);
      return node;

    case DK_SYNC_TYPE_JSON:
      {
        JsonNode *parsed = json_from_string ((const char *) sqlite3_column_text (stmt, column), NULL);

        return parsed != NULL ? parsed : json_node_new (JSON_NODE_NULL);
      }

    case DK_SYNC_TYPE_TEXT:
    case DK_SYNC_TYPE_UUID:
    case DK_SYNC_TYPE_DATE:
    case DK_SYNC_TYPE_TIMESTAMP:
    default:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (node, (const char *) sqlite3_column_text (stmt, column));
      return node;
    }
}
