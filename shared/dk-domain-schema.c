#include "config.h"

#include "dk-domain-schema.h"
#include "dk-schema-sql.h"

#define UUID_CHECK DK_SQL_UUID_CHECK
#define DATE_CHECK DK_SQL_DATE_CHECK
#define TIME_CHECK DK_SQL_TIME_CHECK
#define FLAG_CHECK DK_SQL_FLAG_CHECK
#define ID_COLUMN DK_SQL_ID_COLUMN
#define DOSSIER_COLUMN \
  "  dossier_id TEXT NOT NULL REFERENCES dossier (id) ON DELETE RESTRICT,"
#define CREATED_UPDATED_COLUMNS DK_SQL_CREATED_UPDATED_COLUMNS
#define STAMP_COLUMNS \
  CREATED_UPDATED_COLUMNS "," \
  "  removed_at TEXT " TIME_CHECK ("removed_at") ","

#define APPEND_ONLY(table) \
  "CREATE TRIGGER " table "_append_only_update BEFORE UPDATE ON " table \
  "  BEGIN SELECT RAISE (ABORT, '" table " is append-only: add a new row instead'); END;" \
  "CREATE TRIGGER " table "_append_only_delete BEFORE DELETE ON " table \
  "  BEGIN SELECT RAISE (ABORT, '" table " is append-only: rows are never deleted'); END;"

/* DDAS Uitwisselmodel v0.9 enums, spelled exactly as its schema (../shared/reference/ddas-vroegsignalering).
 * Migrations 3 and 6 spell them out; they have shipped and stay as they are. */
#define DDAS_PARTNER_TYPES \
  "'Energie', 'Huur', 'Hypotheek', 'CAK Zorgverzekeringen', 'Zorg', 'Water', 'DUO', 'Belastingdienst'," \
  " 'CAK Eigen bijdrage', 'Overige', 'Dienst Toeslagen'"
#define DDAS_CONTACT_KINDS \
  "'Mail', 'Brief', 'SMS/Whatsapp', 'Telefoon', 'Huisbezoek', 'Kaartje', 'Overige', 'Administratief'"
#define DDAS_END_RESULTS \
  "'Niet opgepakt: herhaalde melding', 'Niet opgepakt: onterecht signaal', 'Inwoner is overleden'," \
  " 'Persoon is geen inwoner (meer) in de gemeente', 'Niet opgepakt: andere reden'," \
  " 'Inwoner al bekend bij schuldhulpverlening', 'Inwoner heeft al een ander lopend traject'," \
  " 'Definitief geen contact kunnen krijgen', 'Geen reactie na eerder contact'," \
  " 'Inwoner hoeft geen hulp vanuit vroegsignalering', 'Inwoner heeft zelf al betaald/betalingsregeling getroffen'," \
  " '(Budget)advies en/of quick fix', 'Vervolghulp en/of verwijzing financieel', 'Verwijzing zonder contact'," \
  " 'Vervolghulp en/of verwijzing niet financieel'"

/* Never edit a migration that has shipped; add a new one. */
static const DkMigration domain_migrations[] = {
  { 1, "domain model: dossiers, household, money, debts, calculations",
    "CREATE TABLE dossier ("
    ID_COLUMN
    "  number TEXT NOT NULL UNIQUE CHECK (length (trim (number)) > 0),"
    "  opened_on TEXT NOT NULL DEFAULT (date ('now')) " DATE_CHECK ("opened_on") ","
    STAMP_COLUMNS
    "  CHECK (removed_at IS NULL OR removed_at >= created_at)"
    ") STRICT;"

    "CREATE TABLE person ("
    ID_COLUMN
    DOSSIER_COLUMN
    "  role TEXT NOT NULL CHECK (role IN ('client', 'partner', 'child', 'other')),"
    "  bsn TEXT CHECK (length (bsn) = 9 AND bsn NOT GLOB '*[^0-9]*'),"
    "  given_names TEXT NOT NULL,"
    "  family_name_prefix TEXT,"
    "  family_name TEXT NOT NULL,"
    "  birth_date TEXT " DATE_CHECK ("birth_date") ","
    "  source_person_id TEXT REFERENCES person (id) ON DELETE RESTRICT,"
    STAMP_COLUMNS
    "  UNIQUE (id, dossier_id),"
    "  CHECK (role <> 'child' OR birth_date IS NOT NULL),"
    "  CHECK (source_person_id IS NULL OR source_person_id <> id)"
    ") STRICT;"
    "CREATE INDEX person_dossier ON person (dossier_id);"
    "CREATE INDEX person_source ON person (source_person_id);"
    "CREATE UNIQUE INDEX person_one_client ON person (dossier_id) WHERE role = 'client' AND removed_at IS NULL;"
    "CREATE UNIQUE INDEX person_bsn ON person (dossier_id, bsn) WHERE bsn IS NOT NULL AND removed_at IS NULL;"

    /* other_person_id: the parent for a birth, the former partner for a split. A split carries the
     * relation of the old dossier (relation_kind … end_date); a marriage its union_kind and regime. */
    "CREATE TABLE household_event ("
    ID_COLUMN
    DOSSIER_COLUMN
    "  kind TEXT NOT NULL CHECK (kind IN ('split', 'move_in', 'birth', 'partner_moves_in', 'marriage',"
    "    'co_parenting', 'divorce_requested', 'divorce', 'move_out', 'death')),"
    "  event_date TEXT NOT NULL " DATE_CHECK ("event_date") ","
    "  person_id TEXT NOT NULL,"
    "  other_person_id TEXT,"
    "  union_kind TEXT CHECK (union_kind IN ('marriage', 'registered_partnership')),"
    "  regime TEXT CHECK (regime IN ('full_community', 'limited_community', 'prenuptial')),"
    "  relation_kind TEXT CHECK (relation_kind IN ('none', 'married', 'divorced', 'widowed')),"
    "  union_date TEXT " DATE_CHECK ("union_date") ","
    "  dissolution_date TEXT " DATE_CHECK ("dissolution_date") ","
    "  end_date TEXT " DATE_CHECK ("end_date") ","
    "  source_dossier_id TEXT REFERENCES dossier (id) ON DELETE RESTRICT,"
    STAMP_COLUMNS
    "  FOREIGN KEY (person_id, dossier_id) REFERENCES person (id, dossier_id) ON DELETE RESTRICT,"
    "  FOREIGN KEY (other_person_id, dossier_id) REFERENCES person (id, dossier_id) ON DELETE RESTRICT,"
    "  CHECK (other_person_id IS NULL OR other_person_id <> person_id),"
    "  CHECK (source_dossier_id IS NULL OR source_dossier_id <> dossier_id),"
    "  CHECK (CASE kind"
    "    WHEN 'birth' THEN other_person_id IS NOT NULL"
    "    WHEN 'split' THEN (other_person_id IS NULL) = (relation_kind = 'none')"
    "    ELSE other_person_id IS NULL END),"
    "  CHECK (CASE kind"
    "    WHEN 'marriage' THEN union_kind IS NOT NULL AND regime IS NOT NULL AND relation_kind IS NULL"
    "      AND union_date IS NULL AND dissolution_date IS NULL AND end_date IS NULL AND source_dossier_id IS NULL"
    "    WHEN 'split' THEN source_dossier_id IS NOT NULL AND relation_kind IS NOT NULL"
    "      AND CASE relation_kind"
    "        WHEN 'none' THEN union_kind IS NULL AND regime IS NULL AND union_date IS NULL"
    "          AND dissolution_date IS NULL AND end_date IS NULL"
    "        ELSE union_kind IS NOT NULL AND regime IS NOT NULL AND union_date IS NOT NULL"
    "          AND (dissolution_date IS NULL OR dissolution_date >= union_date)"
    "          AND (end_date IS NULL OR end_date >= union_date)"
    "          AND (relation_kind = 'married' OR dissolution_date IS NOT NULL) END"
    "    ELSE union_kind IS NULL AND regime IS NULL AND relation_kind IS NULL AND union_date IS NULL"
    "      AND dissolution_date IS NULL AND end_date IS NULL AND source_dossier_id IS NULL END)"
    ") STRICT;"
    "CREATE INDEX household_event_dossier ON household_event (dossier_id, event_date);"
    "CREATE INDEX household_event_person ON household_event (person_id, dossier_id);"
    "CREATE INDEX household_event_other_person ON household_event (other_person_id, dossier_id);"
    "CREATE INDEX household_event_source ON household_event (source_dossier_id);"

    /* Amounts per period as entered; see dk_income_period_to_monthly() for the monthly figure. */
    "CREATE TABLE income ("
    ID_COLUMN
    DOSSIER_COLUMN
    "  person_id TEXT NOT NULL,"
    "  source TEXT NOT NULL CHECK (source IN ('employment', 'self_employment', 'benefit', 'pension',"
    "    'allowance', 'child_benefit', 'maintenance', 'other')),"
    "  description TEXT,"
    "  net_cents INTEGER NOT NULL CHECK (net_cents >= 0),"
    "  gross_cents INTEGER CHECK (gross_cents >= 0),"
    "  period TEXT NOT NULL CHECK (period IN ('month', 'four_weeks', 'week', 'year')),"
    "  holiday_allowance_included INTEGER NOT NULL " FLAG_CHECK ("holiday_allowance_included") ","
    "  valid_from TEXT NOT NULL " DATE_CHECK ("valid_from") ","
    "  valid_to TEXT " DATE_CHECK ("valid_to") ","
    STAMP_COLUMNS
    "  FOREIGN KEY (person_id, dossier_id) REFERENCES person (id, dossier_id) ON DELETE RESTRICT,"
    "  CHECK (valid_to IS NULL OR valid_to >= valid_from)"
    ") STRICT;"
    "CREATE INDEX income_dossier ON income (dossier_id, valid_from);"
    "CREATE INDEX income_person ON income (person_id, dossier_id);"

    /* Monthly amounts. Rent may split into basic rent and service costs, a mortgage into interest and
     * repayment; the parts never exceed the whole. person_id NULL: a cost of the whole household. */
    "CREATE TABLE fixed_cost ("
    ID_COLUMN
    DOSSIER_COLUMN
    "  person_id TEXT,"
    "  kind TEXT NOT NULL CHECK (kind IN ('rent', 'mortgage', 'health_premium', 'childcare', 'travel',"
    "    'maintenance', 'energy', 'water', 'insurance', 'other')),"
    "  description TEXT,"
    "  monthly_cents INTEGER NOT NULL CHECK (monthly_cents >= 0),"
    "  rent_basic_cents INTEGER CHECK (rent_basic_cents >= 0),"
    "  rent_service_cents INTEGER CHECK (rent_service_cents >= 0),"
    "  mortgage_interest_cents INTEGER CHECK (mortgage_interest_cents >= 0),"
    "  mortgage_repayment_cents INTEGER CHECK (mortgage_repayment_cents >= 0),"
    "  valid_from TEXT NOT NULL " DATE_CHECK ("valid_from") ","
    "  valid_to TEXT " DATE_CHECK ("valid_to") ","
    STAMP_COLUMNS
    "  FOREIGN KEY (person_id, dossier_id) REFERENCES person (id, dossier_id) ON DELETE RESTRICT,"
    "  CHECK ((rent_basic_cents IS NULL) = (rent_service_cents IS NULL)),"
    "  CHECK ((mortgage_interest_cents IS NULL) = (mortgage_repayment_cents IS NULL)),"
    "  CHECK (kind = 'rent' OR rent_basic_cents IS NULL),"
    "  CHECK (kind = 'mortgage' OR mortgage_interest_cents IS NULL),"
    "  CHECK (rent_basic_cents IS NULL OR rent_basic_cents + rent_service_cents <= monthly_cents),"
    "  CHECK (mortgage_interest_cents IS NULL"
    "    OR mortgage_interest_cents + mortgage_repayment_cents <= monthly_cents),"
    "  CHECK (valid_to IS NULL OR valid_to >= valid_from)"
    ") STRICT;"
    "CREATE INDEX fixed_cost_dossier ON fixed_cost (dossier_id, valid_from);"
    "CREATE INDEX fixed_cost_person ON fixed_cost (person_id, dossier_id);"

    /* debt_type: DDAS v1.0 EnumSchuldensoort. Amounts are the creditor's whole claim; share_ppm the
     * part this dossier bears. The rows of one debt kept in several dossiers share debt_group_id. */
    "CREATE TABLE debt ("
    ID_COLUMN
    DOSSIER_COLUMN
    "  debt_group_id TEXT NOT NULL " UUID_CHECK ("debt_group_id") ","
    "  source_debt_id TEXT REFERENCES debt (id) ON DELETE RESTRICT,"
    "  creditor_name TEXT NOT NULL CHECK (length (trim (creditor_name)) > 0),"
    "  creditor_kvk TEXT CHECK (length (creditor_kvk) BETWEEN 1 AND 20),"
    "  reference TEXT,"
    "  original_cents INTEGER NOT NULL CHECK (original_cents >= 0),"
    "  current_cents INTEGER NOT NULL CHECK (current_cents >= 0),"
    "  origin_date TEXT " DATE_CHECK ("origin_date") ","
    "  debt_type TEXT NOT NULL CHECK (debt_type IN ('Zorg', 'Publiek', 'Nuts', 'Overig')),"
    "  debt_rank TEXT NOT NULL CHECK (debt_rank IN ('concurrent', 'preferential')),"
    "  business_debt INTEGER NOT NULL " FLAG_CHECK ("business_debt") ","
    "  contracting_party TEXT NOT NULL CHECK (contracting_party IN ('client', 'partner', 'joint')),"
    "  household_debt INTEGER NOT NULL " FLAG_CHECK ("household_debt") ","
    "  excluded INTEGER NOT NULL " FLAG_CHECK ("excluded") ","
    "  share_ppm INTEGER NOT NULL CHECK (share_ppm BETWEEN 0 AND 1000000),"
    STAMP_COLUMNS
    "  UNIQUE (id, dossier_id),"
    "  CHECK (source_debt_id IS NULL OR source_debt_id <> id)"
    ") STRICT;"
    "CREATE INDEX debt_dossier ON debt (dossier_id);"
    "CREATE INDEX debt_group ON debt (debt_group_id);"
    "CREATE INDEX debt_source ON debt (source_debt_id);"

    "CREATE TABLE debt_status ("
    ID_COLUMN
    DOSSIER_COLUMN
    "  debt_id TEXT NOT NULL,"
    "  status TEXT NOT NULL CHECK (status IN ('registered', 'confirmed', 'in_settlement', 'paid',"
    "    'written_off', 'transferred')),"
    "  status_date TEXT NOT NULL " DATE_CHECK ("status_date") ","
    "  note TEXT,"
    CREATED_UPDATED_COLUMNS ","
    "  FOREIGN KEY (debt_id, dossier_id) REFERENCES debt (id, dossier_id) ON DELETE RESTRICT"
    ") STRICT;"
    "CREATE INDEX debt_status_debt ON debt_status (debt_id, dossier_id, status_date);"
    "CREATE INDEX debt_status_dossier ON debt_status (dossier_id);"
    APPEND_ONLY ("debt_status")

    "CREATE TABLE dossier_link ("
    ID_COLUMN
    DOSSIER_COLUMN
    "  linked_dossier_id TEXT NOT NULL REFERENCES dossier (id) ON DELETE RESTRICT,"
    "  kind TEXT NOT NULL CHECK (kind IN ('split_from', 'split_into')),"
    "  link_date TEXT NOT NULL " DATE_CHECK ("link_date") ","
    STAMP_COLUMNS
    "  UNIQUE (dossier_id, linked_dossier_id, kind),"
    "  CHECK (linked_dossier_id <> dossier_id)"
    ") STRICT;"
    "CREATE INDEX dossier_link_linked ON dossier_link (linked_dossier_id);"

    /* inputs_json / result_json are parsed as JSON before they are written (dk-calculation-repo.c):
     * the store runs with trusted_schema=OFF, which does not allow json_valid() in a CHECK. */
    "CREATE TABLE calculation ("
    ID_COLUMN
    DOSSIER_COLUMN
    "  calc_date TEXT NOT NULL " DATE_CHECK ("calc_date") ","
    "  norm_table_id TEXT NOT NULL CHECK (length (norm_table_id) > 0),"
    "  inputs_json TEXT NOT NULL CHECK (length (inputs_json) > 0),"
    "  result_json TEXT NOT NULL CHECK (length (result_json) > 0),"
    CREATED_UPDATED_COLUMNS
    ") STRICT;"
    "CREATE INDEX calculation_dossier ON calculation (dossier_id, created_at);"
    APPEND_ONLY ("calculation") },

  /* The case itself: where it stands (the DDAS phases of debt help), when the resident asked for help
   * and whether it is a crisis (both set the Wgs art. 4 deadline of the first conversation), and who
   * counsels it. counsellor is the name shown on the case, not an access right: who may see a dossier
   * stays the server's assignments. Contact details per person and the notes and contact log. */
  { 2, "case data: phase, Wgs dates, counsellor, contact details, notes and contact log",
    "ALTER TABLE dossier ADD COLUMN phase TEXT NOT NULL DEFAULT 'registration'"
    "  CHECK (phase IN ('registration', 'intake', 'stabilisation', 'settlement', 'aftercare', 'closed'));"
    "ALTER TABLE dossier ADD COLUMN registered_on TEXT " DATE_CHECK ("registered_on") ";"
    "ALTER TABLE dossier ADD COLUMN crisis INTEGER NOT NULL DEFAULT 0 " FLAG_CHECK ("crisis") ";"
    "ALTER TABLE dossier ADD COLUMN first_conversation_on TEXT " DATE_CHECK ("first_conversation_on") ";"
    "ALTER TABLE dossier ADD COLUMN counsellor TEXT;"

    "CREATE TABLE contact ("
    ID_COLUMN
    DOSSIER_COLUMN
    "  person_id TEXT NOT NULL,"
    "  street TEXT,"
    "  house_number TEXT,"
    "  postcode TEXT CHECK (postcode GLOB '[1-9][0-9][0-9][0-9] [A-Z][A-Z]'),"
    "  city TEXT,"
    "  phone TEXT,"
    "  email TEXT,"
    STAMP_COLUMNS
    "  FOREIGN KEY (person_id, dossier_id) REFERENCES person (id, dossier_id) ON DELETE RESTRICT"
    ") STRICT;"
    "CREATE INDEX contact_dossier ON contact (dossier_id);"
    "CREATE INDEX contact_person ON contact (person_id, dossier_id);"

    /* A note, or an entry of the contact log: how the resident was contacted and whether that worked
     * (reached is NULL for a plain note). */
    "CREATE TABLE dossier_note ("
    ID_COLUMN
    DOSSIER_COLUMN
    "  kind TEXT NOT NULL CHECK (kind IN ('note', 'phone', 'home_visit', 'office_visit', 'letter', 'email',"
    "    'message')),"
    "  note_date TEXT NOT NULL " DATE_CHECK ("note_date") ","
    "  reached INTEGER " FLAG_CHECK ("reached") ","
    "  body TEXT NOT NULL CHECK (length (trim (body)) > 0),"
    "  author TEXT,"
    STAMP_COLUMNS
    "  CHECK ((kind = 'note') = (reached IS NULL))"
    ") STRICT;"
    "CREATE INDEX dossier_note_dossier ON dossier_note (dossier_id, note_date);" },

  /* Early signals (DDAS Vroegsignaal) as imported, before any matching. Server-only: it is not in
   * the sync registry (dk_domain_table_is_server_only()), so a replica has the table but it stays
   * empty. identity_key (dk_signal_identity_key()) makes importing the same signal twice a no-op.
   * partner_type holds the DDAS code itself, as debt.type does. */
  { 3, "early signals: imported signals of payment arrears, server-only",
    "CREATE TABLE early_signal ("
    ID_COLUMN
    "  identity_key TEXT NOT NULL UNIQUE CHECK (length (identity_key) = 64"
    "    AND identity_key NOT GLOB '*[^0-9a-f]*'),"
    "  partner_type TEXT NOT NULL CHECK (partner_type IN ('Energie', 'Huur', 'Hypotheek', 'CAK Zorgverzekeringen',"
    "    'Zorg', 'Water', 'DUO', 'Belastingdienst', 'CAK Eigen bijdrage', 'Overige', 'Dienst Toeslagen')),"
    "  partner_name TEXT,"
    "  partner_reference TEXT,"
    "  amount_cents INTEGER CHECK (amount_cents >= 0),"
    "  arose_on TEXT " DATE_CHECK ("arose_on") ","
    "  signal_date TEXT NOT NULL " DATE_CHECK ("signal_date") ","
    "  crisis INTEGER NOT NULL " FLAG_CHECK ("crisis") ","
    "  warm_handover INTEGER NOT NULL " FLAG_CHECK ("warm_handover") ","
    "  bsn TEXT CHECK (length (bsn) = 9 AND bsn NOT GLOB '*[^0-9]*'),"
    "  given_names TEXT,"
    "  name_prefix TEXT,"
    "  family_name TEXT,"
    "  birth_date TEXT " DATE_CHECK ("birth_date") ","
    "  street TEXT,"
    "  house_number TEXT CHECK (house_number GLOB '[1-9]*' AND house_number NOT GLOB '*[^0-9]*'),"
    "  house_number_addition TEXT,"
    "  postcode TEXT CHECK (postcode GLOB '[1-9][0-9][0-9][0-9] [A-Z][A-Z]'),"
    "  city TEXT,"
    "  phone TEXT,"
    "  email TEXT,"
    "  import_id TEXT NOT NULL " UUID_CHECK ("import_id") ","
    "  source_name TEXT NOT NULL,"
    "  imported_at TEXT NOT NULL " TIME_CHECK ("imported_at") ","
    "  CHECK (arose_on IS NULL OR arose_on <= signal_date),"
    "  CHECK (bsn IS NOT NULL OR (postcode IS NOT NULL AND house_number IS NOT NULL))"
    ") STRICT;"
    "CREATE INDEX early_signal_signal_date ON early_signal (signal_date);"
    "CREATE INDEX early_signal_import ON early_signal (import_id);" },

  /* Matching of early signals (dk-signal-match.h): a case per household (DDAS Vroegsignaalzaak) with
   * the period it was matched over, and each signal's link to its case. Server-only, as early_signal.
   * dossier_id has no foreign key on purpose: compaction may delete a removed dossier, and a case
   * keeps the id of the dossier it was routed to. One open case per household. */
  { 4, "early signals: cases per household and the link of each signal to its case, server-only",
    "CREATE TABLE early_signal_case ("
    ID_COLUMN
    "  household_key TEXT NOT NULL CHECK (household_key GLOB 'bsn:*' OR household_key GLOB 'address:*'),"
    "  kind TEXT NOT NULL CHECK (kind IN ('new', 'known', 'contact_former_counsellor', 'set_aside')),"
    "  status TEXT NOT NULL CHECK (status IN ('open', 'closed')),"
    "  multiple INTEGER NOT NULL " FLAG_CHECK ("multiple") ","
    "  crisis INTEGER NOT NULL " FLAG_CHECK ("crisis") ","
    "  period_start TEXT NOT NULL " DATE_CHECK ("period_start") ","
    "  period_end TEXT NOT NULL " DATE_CHECK ("period_end") ","
    "  matched_on TEXT NOT NULL " DATE_CHECK ("matched_on") ","
    "  dossier_id TEXT " UUID_CHECK ("dossier_id") ","
    "  counsellor TEXT,"
    CREATED_UPDATED_COLUMNS ","
    "  CHECK (period_end >= period_start),"
    "  CHECK ((kind IN ('known', 'contact_former_counsellor')) = (dossier_id IS NOT NULL)),"
    "  CHECK (kind <> 'set_aside' OR status = 'closed')"
    ") STRICT;"
    "CREATE UNIQUE INDEX early_signal_case_one_open ON early_signal_case (household_key) WHERE status = 'open';"
    "CREATE INDEX early_signal_case_household ON early_signal_case (household_key, period_end);"
    "CREATE TABLE early_signal_link ("
    "  signal_id TEXT PRIMARY KEY NOT NULL REFERENCES early_signal (id) ON DELETE RESTRICT,"
    "  case_id TEXT NOT NULL REFERENCES early_signal_case (id) ON DELETE RESTRICT,"
    "  status TEXT NOT NULL CHECK (status IN ('picked_up', 'repeat', 'set_aside')),"
    "  reason TEXT CHECK (reason IN ('policy')),"
    "  matched_at TEXT NOT NULL " TIME_CHECK ("matched_at") ","
    "  CHECK ((status = 'set_aside') = (reason IS NOT NULL))"
    ") STRICT;"
    "CREATE INDEX early_signal_link_case ON early_signal_link (case_id);" },

  /* The population register (BRP) check of early signals (dk-brp-match.h): one row per checked signal;
   * a signal without one is still to be checked. ddas_code is the DDAS EnumEindresultaat the outcome
   * ends the signal with, NULL when the BRP alone does not end it. An uncertain match waits for a
   * person (review 'pending'); 'resolved' is for when one has decided. reason is a machine word, never
   * personal data. Server-only, as early_signal. */
  { 5, "early signals: outcome of the population register (BRP) check, server-only",
    "CREATE TABLE early_signal_brp ("
    "  signal_id TEXT PRIMARY KEY NOT NULL REFERENCES early_signal (id) ON DELETE RESTRICT,"
    "  checked_at TEXT NOT NULL " TIME_CHECK ("checked_at") ","
    "  query TEXT NOT NULL CHECK (query IN ('bsn', 'address')),"
    "  outcome TEXT NOT NULL CHECK (outcome IN ('at_address', 'moved_within', 'moved_away', 'deceased',"
    "    'address_unknown', 'not_found', 'uncertain')),"
    "  ddas_code TEXT CHECK (ddas_code IN ('Inwoner is overleden', 'Persoon is geen inwoner (meer) in de gemeente',"
    "    'Niet opgepakt: andere reden')),"
    "  review TEXT NOT NULL CHECK (review IN ('none', 'pending', 'resolved')),"
    "  reason TEXT NOT NULL CHECK (length (reason) > 0 AND reason NOT GLOB '*[^a-z_]*'),"
    "  CHECK (outcome <> 'uncertain' OR (review = 'pending' AND ddas_code IS NULL))"
    ") STRICT;"
    "CREATE INDEX early_signal_brp_review ON early_signal_brp (review) WHERE review = 'pending';" },

  /* What the DDAS Uitwisselmodel (v0.9) reports per Vroegsignaalzaak and the tables lacked
   * (dk-signal-outcome.h): the end result (EnumEindresultaat, spelled exactly as the schema) with its
   * date, the date the case was picked up (datum_opgepakt) and of the first contact that reached the
   * resident, and the contact attempts (Contactpoging: EnumContactsoort, bereikt, datum, EnumDagdeel).
   * Server-only, as early_signal_case. */
  { 6, "early signals: outcome of a case and its contact attempts (DDAS), server-only",
    "ALTER TABLE early_signal_case ADD COLUMN outcome_code TEXT CHECK (outcome_code IN ("
    "  'Niet opgepakt: herhaalde melding', 'Niet opgepakt: onterecht signaal', 'Inwoner is overleden',"
    "  'Persoon is geen inwoner (meer) in de gemeente', 'Niet opgepakt: andere reden',"
    "  'Inwoner al bekend bij schuldhulpverlening', 'Inwoner heeft al een ander lopend traject',"
    "  'Definitief geen contact kunnen krijgen', 'Geen reactie na eerder contact',"
    "  'Inwoner hoeft geen hulp vanuit vroegsignalering', 'Inwoner heeft zelf al betaald/betalingsregeling getroffen',"
    "  '(Budget)advies en/of quick fix', 'Vervolghulp en/of verwijzing financieel', 'Verwijzing zonder contact',"
    "  'Vervolghulp en/of verwijzing niet financieel'));"
    "ALTER TABLE early_signal_case ADD COLUMN outcome_on TEXT " DATE_CHECK ("outcome_on")
    "  CHECK ((outcome_on IS NULL) = (outcome_code IS NULL));"
    "ALTER TABLE early_signal_case ADD COLUMN picked_up_on TEXT " DATE_CHECK ("picked_up_on") ";"
    "ALTER TABLE early_signal_case ADD COLUMN first_contact_on TEXT " DATE_CHECK ("first_contact_on") ";"
    "CREATE TABLE early_signal_contact ("
    ID_COLUMN
    "  case_id TEXT NOT NULL REFERENCES early_signal_case (id) ON DELETE RESTRICT,"
    "  kind TEXT NOT NULL CHECK (kind IN ('Mail', 'Brief', 'SMS/Whatsapp', 'Telefoon', 'Huisbezoek', 'Kaartje',"
    "    'Overige', 'Administratief')),"
    "  reached INTEGER NOT NULL " FLAG_CHECK ("reached") ","
    "  contact_date TEXT NOT NULL " DATE_CHECK ("contact_date") ","
    "  part_of_day TEXT CHECK (part_of_day IN ('Ochtend', 'Middag', 'Avond')),"
    "  recorded_at TEXT NOT NULL " TIME_CHECK ("recorded_at")
    ") STRICT;"
    "CREATE INDEX early_signal_contact_case ON early_signal_contact (case_id, contact_date);" },

  /* The work on an early-signal case, on the field worker's device (dk-signal-work.h). The unit of
   * sync is the dossier, so a case is worked in a dossier of its own (kind 'early_signal') that the
   * server makes when it publishes the case (sync-server/dk-signal-publish.h) and records in
   * early_signal_case.work_dossier_id; the resident's person and contact rows are the signal's data,
   * so accepting help turns the same dossier into a debt-help dossier without retyping anything.
   * signal_item is the signal as a field worker may see it (no BSN of other household members, no
   * import data), written by the server only. signal_attempt is the DDAS Contactpoging and is
   * append-only. task: a dated thing to do on a dossier (a revisit after a card was left, a follow-up
   * after six months, a signal for a dossier that is already running). The end-result codes are the
   * DDAS EnumEindresultaat as in migration 6. */
  { 7, "early signals: a dossier kind, and the case, its signals, contact attempts and tasks, synced",
    "ALTER TABLE dossier ADD COLUMN kind TEXT NOT NULL DEFAULT 'debt_help'"
    "  CHECK (kind IN ('debt_help', 'early_signal'));"
    "ALTER TABLE early_signal_case ADD COLUMN work_dossier_id TEXT " UUID_CHECK ("work_dossier_id") ";"
    "CREATE UNIQUE INDEX early_signal_case_work_dossier ON early_signal_case (work_dossier_id)"
    "  WHERE work_dossier_id IS NOT NULL;"
    "CREATE TABLE signal_case ("
    ID_COLUMN
    DOSSIER_COLUMN
    "  opened_on TEXT NOT NULL " DATE_CHECK ("opened_on") ","
    "  multiple INTEGER NOT NULL " FLAG_CHECK ("multiple") ","
    "  crisis INTEGER NOT NULL " FLAG_CHECK ("crisis") ","
    "  checked_on TEXT " DATE_CHECK ("checked_on") ","
    "  outcome_code TEXT CHECK (outcome_code IN (" DDAS_END_RESULTS ")),"
    "  outcome_on TEXT " DATE_CHECK ("outcome_on") ","
    STAMP_COLUMNS
    "  CHECK ((outcome_on IS NULL) = (outcome_code IS NULL))"
    ") STRICT;"
    "CREATE UNIQUE INDEX signal_case_dossier ON signal_case (dossier_id) WHERE removed_at IS NULL;"
    "CREATE TABLE signal_item ("
    ID_COLUMN
    DOSSIER_COLUMN
    "  partner_type TEXT NOT NULL CHECK (partner_type IN (" DDAS_PARTNER_TYPES ")),"
    "  partner_name TEXT,"
    "  amount_cents INTEGER CHECK (amount_cents >= 0),"
    "  arose_on TEXT " DATE_CHECK ("arose_on") ","
    "  signal_date TEXT NOT NULL " DATE_CHECK ("signal_date") ","
    "  crisis INTEGER NOT NULL " FLAG_CHECK ("crisis") ","
    "  warm_handover INTEGER NOT NULL " FLAG_CHECK ("warm_handover") ","
    "  repeat INTEGER NOT NULL " FLAG_CHECK ("repeat") ","
    CREATED_UPDATED_COLUMNS
    ") STRICT;"
    "CREATE INDEX signal_item_dossier ON signal_item (dossier_id);"
    APPEND_ONLY ("signal_item")
    "CREATE TABLE signal_attempt ("
    ID_COLUMN
    DOSSIER_COLUMN
    "  kind TEXT NOT NULL CHECK (kind IN (" DDAS_CONTACT_KINDS ")),"
    "  reached INTEGER NOT NULL " FLAG_CHECK ("reached") ","
    "  attempt_date TEXT NOT NULL " DATE_CHECK ("attempt_date") ","
    "  part_of_day TEXT CHECK (part_of_day IN ('Ochtend', 'Middag', 'Avond')),"
    CREATED_UPDATED_COLUMNS
    ") STRICT;"
    "CREATE INDEX signal_attempt_dossier ON signal_attempt (dossier_id, attempt_date);"
    APPEND_ONLY ("signal_attempt")
    "CREATE TABLE task ("
    ID_COLUMN
    DOSSIER_COLUMN
    "  kind TEXT NOT NULL CHECK (kind IN ('revisit', 'follow_up', 'signal_known', 'contact_former_client')),"
    "  due_on TEXT NOT NULL " DATE_CHECK ("due_on") ","
    "  done_on TEXT " DATE_CHECK ("done_on") ","
    "  note TEXT,"
    STAMP_COLUMNS
    "  CHECK (removed_at IS NULL OR removed_at >= created_at)"
    ") STRICT;"
    "CREATE INDEX task_dossier ON task (dossier_id);"
    "CREATE INDEX task_open ON task (due_on) WHERE done_on IS NULL AND removed_at IS NULL;" },
};

/* Domain tables that never sync: they live in the central store only (see migrations 3 to 6). */
static const char * const server_only_tables[] = { "early_signal", "early_signal_case", "early_signal_link",
                                                   "early_signal_brp", "early_signal_contact", NULL };

const DkMigration *
dk_domain_migrations (gsize *n_migrations)
{
  g_return_val_if_fail (n_migrations != NULL, NULL);

  *n_migrations = G_N_ELEMENTS (domain_migrations);
  return domain_migrations;
}

DkStore *
dk_domain_store_open (const char  *path,
                      GError     **error)
{
  return dk_store_open (path, domain_migrations, G_N_ELEMENTS (domain_migrations), error);
}

gboolean
dk_domain_table_is_server_only (const char *table)
{
  return table != NULL && g_strv_contains (server_only_tables, table);
}

char *
dk_domain_timestamp_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *seconds = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", seconds, g_date_time_get_microsecond (now) / 1000);
}
