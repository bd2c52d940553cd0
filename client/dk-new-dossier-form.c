#include "config.h"

#include <glib/gi18n.h>

#include "dk-dossier-repo.h"
#include "dk-form.h"
#include "dk-new-dossier-form.h"
#include "dk-uuid.h"
#include "dk-validate.h"

/* Unambiguous when read aloud or copied by hand: no 0/O and no 1/I. 32 symbols, 5 bits each. */
static const char number_alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

#define NUMBER_LENGTH 6
/* A dossier number made again when this store has it already; more tries than this means something
 * else is wrong (the random source), not bad luck. */
#define NUMBER_TRIES 8

char *
dk_new_dossier_child_key (guint        index,
                          const char  *field)
{
  return g_strdup_printf ("child.%u.%s", index, field);
}

void
dk_new_dossier_records_free (DkNewDossierRecords *records)
{
  if (records == NULL)
    return;

  g_clear_pointer (&records->persons, g_ptr_array_unref);
  g_clear_pointer (&records->events, g_ptr_array_unref);
  g_clear_pointer (&records->case_fields, dk_case_free);
  g_clear_pointer (&records->contact, dk_contact_free);
  g_free (records->crisis_note);
  g_free (records);
}

char *
dk_new_dossier_make_number (const char  *uuid,
                            const GDate *date)
{
  guint64 random_bits;
  char code[NUMBER_LENGTH + 1];

  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  if (!dk_uuid_is_valid (uuid))
    return NULL;

  /* The last group: 48 bits of rand_b, all random in a UUIDv7 (the version, the variant and the
   * rand_a counter sit before it). The low 30 of them make the six symbols. */
  random_bits = g_ascii_strtoull (uuid + 24, NULL, 16);
  for (guint i = 0; i < NUMBER_LENGTH; i++)
    code[i] = number_alphabet[(random_bits >> (5 * (NUMBER_LENGTH - 1 - i))) & 0x1f];
  code[NUMBER_LENGTH] = '\0';

  return g_strdup_printf ("%04u-%s", (guint) g_date_get_year (date), code);
}

/* Reading the form */

typedef struct
{
  const GDate *today;
  GHashTable  *errors;
} Check;

static void
report (Check      *check,
        const char *key,
        GError     *error)
{
  /* The first message per field: it is the one the person can act on. */
  if (!g_hash_table_contains (check->errors, key))
    g_hash_table_insert (check->errors, g_strdup (key), g_strdup (error->message));
}

static void
report_text (Check      *check,
             const char *key,
             const char *message)
{
  if (!g_hash_table_contains (check->errors, key))
    g_hash_table_insert (check->errors, g_strdup (key), g_strdup (message));
}

static char *
read_text (Check      *check,
           const char *key,
           const char *text,
           gboolean    optional,
           const char *label)
{
  g_autoptr(GError) error = NULL;
  char *value = NULL;

  if (!dk_form_read_text (text, optional, label, &value, &error))
    report (check, key, error);
  return value;
}

static void
read_date (Check      *check,
           const char *key,
           const char *text,
           gboolean    optional,
           const char *label,
           GDate      *out)
{
  g_autoptr(GError) error = NULL;

  if (!dk_form_read_date (text, optional, label, check->today, out, &error))
    report (check, key, error);
}

/* Postcode, phone and e-mail: optional, and when given, valid. Said about the field as dk-form.h does. */
static void
check_identifier (Check       *check,
                  const char  *key,
                  const char  *text,
                  const char  *label,
                  gboolean   (*validate) (const char *, GError **))
{
  g_autofree char *value = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autoptr(GError) cause = NULL;

  if (value[0] == '\0' || validate (value, &cause))
    return;

  {
    /* Translators: "Postcode: <what is wrong>", as in the other form messages */
    g_autofree char *message = g_strdup_printf (_("%s: %s"), label, cause->message);

    report_text (check, key, message);
  }
}

static char *
person_key (const char *who,
            const char *field)
{
  return g_strdup_printf ("%s.%s", who, field);
}

/* Reads one person; NULL when any field of theirs is wrong (the messages are in @check). */
static DkPerson *
read_person (Check                        *check,
             const char                   *who,
             const DkNewDossierPersonText *text,
             DkPersonRole                  role,
             gboolean                      with_bsn,
             gboolean                      birth_date_optional)
{
  g_autofree char *k_given = person_key (who, DK_NEW_DOSSIER_FIELD_GIVEN_NAMES);
  g_autofree char *k_prefix = person_key (who, DK_NEW_DOSSIER_FIELD_PREFIX);
  g_autofree char *k_family = person_key (who, DK_NEW_DOSSIER_FIELD_FAMILY_NAME);
  g_autofree char *k_bsn = person_key (who, DK_NEW_DOSSIER_FIELD_BSN);
  g_autofree char *k_birth = person_key (who, DK_NEW_DOSSIER_FIELD_BIRTH_DATE);
  guint errors_before = g_hash_table_size (check->errors);
  /* Given names may be empty: some people have none (dk-dossier-repo.h). */
  g_autofree char *given = read_text (check, k_given, text->given_names, TRUE, _("Given names"));
  g_autofree char *prefix = read_text (check, k_prefix, text->family_name_prefix, TRUE, _("Tussenvoegsel"));
  g_autofree char *family = read_text (check, k_family, text->family_name, FALSE, _("Family name"));
  g_autofree char *bsn = NULL;
  DkPerson *person;
  GDate birth;

  if (with_bsn)
    {
      g_autoptr(GError) error = NULL;

      if (!dk_form_read_bsn (text->bsn, TRUE, &bsn, &error))
        report (check, k_bsn, error);
    }

  read_date (check, k_birth, text->birth_date, birth_date_optional, _("Date of birth"), &birth);

  if (g_hash_table_size (check->errors) != errors_before)
    return NULL;

  person = dk_person_new (role, given != NULL ? given : "", prefix, family, &birth);
  person->id = dk_uuid_new ();
  person->bsn = g_steal_pointer (&bsn);
  return person;
}

static gboolean
is_blank (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));

  return copy[0] == '\0';
}

DkNewDossierRecords *
dk_new_dossier_build (const DkNewDossierForm  *form,
                      const GDate             *today,
                      GHashTable             **out_errors)
{
  g_autoptr(GHashTable) errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(DkNewDossierRecords) records = g_new0 (DkNewDossierRecords, 1);
  g_autoptr(DkPerson) client = NULL;
  g_autoptr(DkPerson) partner = NULL;
  g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_person_free);
  g_autoptr(DkCase) case_fields = g_new0 (DkCase, 1);
  g_autofree char *crisis_reason = NULL;
  Check check = { today, errors };
  GDate union_date, client_birth, partner_birth;

  g_return_val_if_fail (form != NULL, NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  g_date_clear (&union_date, 1);
  /* The checks between persons use the dates on their own, so that a wrong BSN does not hide a child
   * born before the client. */
  dk_form_read_date (form->client.birth_date, TRUE, "", today, &client_birth, NULL);
  dk_form_read_date (form->partner.birth_date, TRUE, "", today, &partner_birth, NULL);

  client = read_person (&check, "client", &form->client, DK_PERSON_ROLE_CLIENT, TRUE, FALSE);

  if (form->has_partner)
    {
      partner = read_person (&check, "partner", &form->partner, DK_PERSON_ROLE_PARTNER, TRUE, TRUE);

      if (client != NULL && partner != NULL && client->bsn != NULL && g_strcmp0 (client->bsn, partner->bsn) == 0)
        {
          report_text (&check, "partner." DK_NEW_DOSSIER_FIELD_BSN,
                       _("The partner cannot have the same BSN as the client."));
          g_clear_pointer (&partner, dk_person_free);
        }

      if (form->living_together != DK_NEW_DOSSIER_COHABITING)
        {
          read_date (&check, DK_NEW_DOSSIER_KEY_UNION_DATE, form->union_date, FALSE,
                     _("Date of marriage or partnership"), &union_date);

          if (g_date_valid (&union_date))
            {
              if ((g_date_valid (&client_birth) && g_date_compare (&union_date, &client_birth) < 0)
                  || (g_date_valid (&partner_birth) && g_date_compare (&union_date, &partner_birth) < 0))
                report_text (&check, DK_NEW_DOSSIER_KEY_UNION_DATE,
                             _("The marriage or partnership cannot be before the client or the partner was born."));
              /* The statutory community depends on the date (BW1 art. 1:94 old and new); only a prenuptial
               * agreement sets it aside. */
              else if (form->regime != DK_MARITAL_REGIME_PRENUPTIAL
                       && form->regime != dk_marital_statutory_regime (&union_date))
                report_text (&check, DK_NEW_DOSSIER_KEY_REGIME,
                             form->regime == DK_MARITAL_REGIME_FULL_COMMUNITY
                             ? _("A full community of property only arises for marriages before 1 January 2018; "
                                 "choose limited community or prenuptial agreement.")
                             : _("A limited community of property only arises for marriages from 1 January 2018; "
                                 "choose full community or prenuptial agreement."));
            }
        }
    }

  for (guint i = 0; i < form->n_children; i++)
    {
      g_autofree char *who = g_strdup_printf ("child.%u", i);
      DkPerson *child = read_person (&check, who, &form->children[i], DK_PERSON_ROLE_CHILD, FALSE, FALSE);

      if (child == NULL)
        continue;

      if (g_date_valid (&client_birth) && g_date_compare (&child->birth_date, &client_birth) <= 0)
        {
          g_autofree char *key = dk_new_dossier_child_key (i, DK_NEW_DOSSIER_FIELD_BIRTH_DATE);

          report_text (&check, key, _("A child cannot be born on or before the birthday of the client."));
          dk_person_free (child);
          continue;
        }
      g_ptr_array_add (children, child);
    }

  check_identifier (&check, DK_NEW_DOSSIER_KEY_POSTCODE, form->postcode, _("Postcode"), dk_validate_postcode);
  check_identifier (&check, DK_NEW_DOSSIER_KEY_PHONE, form->phone, _("Phone"), dk_validate_phone);
  check_identifier (&check, DK_NEW_DOSSIER_KEY_EMAIL, form->email, _("E-mail"), dk_validate_email);

  read_date (&check, DK_NEW_DOSSIER_KEY_REGISTERED_ON, form->registered_on, FALSE,
             _("Date of the request for help"), &case_fields->registered_on);
  if (form->crisis)
    crisis_reason = read_text (&check, DK_NEW_DOSSIER_KEY_CRISIS_REASON, form->crisis_reason, FALSE,
                               _("Explanation of the crisis"));

  if (out_errors != NULL)
    *out_errors = g_hash_table_ref (errors);
  if (g_hash_table_size (errors) > 0)
    return NULL;

  /* Everything read: make the records. */
  records->opened_on = *today;
  records->persons = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_person_free);
  records->events = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_household_event_free);

  g_ptr_array_add (records->events, dk_household_event_new (DK_HOUSEHOLD_EVENT_MOVE_IN, today, client->id));
  if (partner != NULL)
    {
      g_ptr_array_add (records->events,
                       dk_household_event_new (DK_HOUSEHOLD_EVENT_PARTNER_MOVES_IN, today, partner->id));
      if (form->living_together != DK_NEW_DOSSIER_COHABITING)
        g_ptr_array_add (records->events,
                         dk_household_event_new_marriage (&union_date, partner->id,
                                                          form->living_together == DK_NEW_DOSSIER_MARRIED
                                                          ? DK_UNION_MARRIAGE : DK_UNION_REGISTERED_PARTNERSHIP,
                                                          form->regime));
    }
  for (guint i = 0; i < children->len; i++)
    {
      const DkPerson *child = g_ptr_array_index (children, i);

      /* A child already born when the dossier opens joins the household with it, like everyone else;
       * a birth event is for a child born into a household the dossier already follows. */
      g_ptr_array_add (records->events, dk_household_event_new (DK_HOUSEHOLD_EVENT_MOVE_IN, today, child->id));
    }

  g_ptr_array_add (records->persons, g_steal_pointer (&client));
  if (partner != NULL)
    g_ptr_array_add (records->persons, g_steal_pointer (&partner));
  for (guint i = 0; i < children->len; i++)
    g_ptr_array_add (records->persons, g_steal_pointer (&children->pdata[i]));

  case_fields->opened_on = *today;
  case_fields->phase = DK_CASE_PHASE_REGISTRATION;
  case_fields->crisis = form->crisis;
  g_date_clear (&case_fields->first_conversation_on, 1);
  case_fields->counsellor = is_blank (form->counsellor) ? NULL : g_strstrip (g_strdup (form->counsellor));
  records->case_fields = g_steal_pointer (&case_fields);

  if (!is_blank (form->street) || !is_blank (form->house_number) || !is_blank (form->postcode)
      || !is_blank (form->city) || !is_blank (form->phone) || !is_blank (form->email))
    {
      records->contact = g_new0 (DkContact, 1);
      records->contact->street = g_strdup (form->street);
      records->contact->house_number = g_strdup (form->house_number);
      records->contact->postcode = g_strdup (form->postcode);
      records->contact->city = g_strdup (form->city);
      records->contact->phone = g_strdup (form->phone);
      records->contact->email = g_strdup (form->email);
    }

  records->crisis_note = g_steal_pointer (&crisis_reason);

  return g_steal_pointer (&records);
}

/* Saving */

typedef struct
{
  DkNewDossierRecords *records;
  char                *dossier_id;
  char                *number;
} SaveData;

static gboolean
number_taken (DkStore     *store,
              const char  *number,
              gboolean    *taken,
              GError     **error)
{
  /* Removed dossiers count too: the column is UNIQUE whatever removed_at says. */
  sqlite3_stmt *stmt = dk_store_prepare (store, "SELECT 1 FROM dossier WHERE number = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, number, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_row (store, stmt, taken, error))
    return FALSE;
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
save_in_transaction (DkStore   *store,
                     gpointer   user_data,
                     GError   **error)
{
  SaveData *data = user_data;
  DkNewDossierRecords *records = data->records;
  const DkPerson *client = g_ptr_array_index (records->persons, 0);
  g_autofree char *number = NULL;
  g_autofree char *dossier_id = NULL;

  for (guint i = 0; number == NULL && i < NUMBER_TRIES; i++)
    {
      g_autofree char *uuid = dk_uuid_new ();
      g_autofree char *candidate = dk_new_dossier_make_number (uuid, &records->opened_on);
      gboolean taken = FALSE;

      if (!number_taken (store, candidate, &taken, error))
        return FALSE;
      if (!taken)
        number = g_steal_pointer (&candidate);
    }
  if (number == NULL)
    {
      g_set_error_literal (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_INVALID,
                           _("No free dossier number could be made. Try again."));
      return FALSE;
    }

  if (!dk_dossier_repo_create (store, number, &records->opened_on, records->persons, records->events,
                               &dossier_id, error))
    return FALSE;

  g_free (records->case_fields->dossier_id);
  records->case_fields->dossier_id = g_strdup (dossier_id);
  if (!dk_case_repo_save (store, records->case_fields, error))
    return FALSE;

  if (records->contact != NULL)
    {
      g_free (records->contact->dossier_id);
      records->contact->dossier_id = g_strdup (dossier_id);
      g_free (records->contact->person_id);
      records->contact->person_id = g_strdup (client->id);
      if (!dk_case_repo_save_contact (store, records->contact, &records->contact->id, error))
        return FALSE;
    }

  if (records->crisis_note != NULL)
    {
      g_autofree char *body = NULL;
      DkNote note = { 0 };

      /* Translators: the start of the note that keeps why a new dossier is urgent; %s is what the
       * counsellor typed */
      body = g_strdup_printf (_("Crisis situation (Wgs art. 4 lid 2): %s"), records->crisis_note);
      note.dossier_id = dossier_id;
      note.kind = DK_NOTE_NOTE;
      note.date = records->opened_on;
      note.body = body;
      note.author = records->case_fields->counsellor;
      if (!dk_case_repo_save_note (store, &note, NULL, error))
        return FALSE;
    }

  data->dossier_id = g_steal_pointer (&dossier_id);
  data->number = g_steal_pointer (&number);
  return TRUE;
}

gboolean
dk_new_dossier_save (DkStore              *store,
                     DkNewDossierRecords  *records,
                     char                **out_dossier_id,
                     char                **out_number,
                     GError              **error)
{
  SaveData data = { records, NULL, NULL };

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (records != NULL && records->persons != NULL && records->persons->len > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!dk_store_transaction (store, save_in_transaction, &data, error))
    {
      g_free (data.dossier_id);
      g_free (data.number);
      return FALSE;
    }

  if (out_dossier_id != NULL)
    *out_dossier_id = g_steal_pointer (&data.dossier_id);
  if (out_number != NULL)
    *out_number = g_steal_pointer (&data.number);
  g_free (data.dossier_id);
  g_free (data.number);
  return TRUE;
}
