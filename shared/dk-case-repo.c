#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dk-case-repo.h"
#include "dk-domain-schema.h"
#include "dk-dossier-repo.h"
#include "dk-sql-util.h"
#include "dk-uuid.h"
#include "dk-validate.h"

static gboolean
is_future (const GDate *date)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now), (GDateYear) g_date_time_get_year (now));
  return g_date_compare (date, &today) > 0;
}

/* Empty or blank text is "not given". */
static char *
trimmed_or_null (const char *text)
{
  g_autofree char *copy = NULL;

  if (text == NULL)
    return NULL;
  copy = g_strstrip (g_strdup (text));
  return copy[0] != '\0' ? g_steal_pointer (&copy) : NULL;
}

/* ---- the case ---- */

void
dk_case_free (DkCase *c)
{
  if (c == NULL)
    return;

  g_free (c->dossier_id);
  g_free (c->number);
  g_free (c->counsellor);
  g_free (c);
}

DkCase *
dk_case_copy (const DkCase *c)
{
  DkCase *copy = g_new (DkCase, 1);

  *copy = *c;
  copy->dossier_id = g_strdup (c->dossier_id);
  copy->number = g_strdup (c->number);
  copy->counsellor = g_strdup (c->counsellor);
  return copy;
}

static gboolean
dates_differ (const GDate *a,
              const GDate *b)
{
  if (g_date_valid (a) != g_date_valid (b))
    return TRUE;
  return g_date_valid (a) && g_date_compare (a, b) != 0;
}

void
dk_case_apply_edit (DkCase       *current,
                    const DkCase *original,
                    const DkCase *edited)
{
  g_return_if_fail (current != NULL && original != NULL && edited != NULL);

  if (edited->phase != original->phase)
    current->phase = edited->phase;
  if (dates_differ (&edited->registered_on, &original->registered_on))
    current->registered_on = edited->registered_on;
  if (edited->crisis != original->crisis)
    current->crisis = edited->crisis;
  if (dates_differ (&edited->first_conversation_on, &original->first_conversation_on))
    current->first_conversation_on = edited->first_conversation_on;
  if (g_strcmp0 (edited->counsellor, original->counsellor) != 0)
    {
      g_free (current->counsellor);
      current->counsellor = g_strdup (edited->counsellor);
    }
}

DkCase *
dk_case_repo_load (DkStore     *store,
                   const char  *dossier_id,
                   GError     **error)
{
  g_autoptr(DkCase) c = g_new0 (DkCase, 1);
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;

  g_return_val_if_fail (DK_IS_STORE (store), NULL);
  g_return_val_if_fail (dossier_id != NULL, NULL);

  stmt = dk_store_prepare (store,
                           "SELECT id, number, opened_on, phase, registered_on, crisis, first_conversation_on,"
                           " counsellor FROM dossier WHERE id = ?1 AND removed_at IS NULL",
                           error);
  if (stmt == NULL)
    return NULL;
  dk_sql_bind_text (stmt, 1, dossier_id);
  if (!dk_store_step_row (store, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      dk_dossier_repo_not_found (error, _("This dossier does not exist (any more)."));
      return NULL;
    }

  c->dossier_id = dk_sql_column_dup (stmt, 0);
  c->number = dk_sql_column_dup (stmt, 1);
  c->crisis = sqlite3_column_int (stmt, 5) != 0;
  c->counsellor = dk_sql_column_dup (stmt, 7);
  if (!dk_sql_column_date (stmt, 2, &c->opened_on) ||
      !dk_case_phase_from_string ((const char *) sqlite3_column_text (stmt, 3), &c->phase) ||
      !dk_sql_column_date (stmt, 4, &c->registered_on) ||
      !dk_sql_column_date (stmt, 6, &c->first_conversation_on))
    {
      sqlite3_reset (stmt);
      dk_dossier_repo_bad_row (error, "dossier");
      return NULL;
    }
  sqlite3_reset (stmt);

  return g_steal_pointer (&c);
}

gboolean
dk_case_repo_save (DkStore       *store,
                   const DkCase  *c,
                   GError       **error)
{
  g_autofree char *now = dk_domain_timestamp_now ();
  g_autofree char *counsellor = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (c != NULL && c->dossier_id != NULL, FALSE);

  if (g_date_valid (&c->first_conversation_on))
    {
      if (is_future (&c->first_conversation_on))
        return dk_dossier_repo_invalid (error, _("The first conversation cannot be in the future."));
      if (g_date_valid (&c->registered_on) && g_date_compare (&c->first_conversation_on, &c->registered_on) < 0)
        return dk_dossier_repo_invalid (error, _("The first conversation cannot be before the request for help."));
    }
  if (g_date_valid (&c->registered_on) && is_future (&c->registered_on))
    return dk_dossier_repo_invalid (error, _("The request for help cannot be in the future."));

  counsellor = trimmed_or_null (c->counsellor);
  stmt = dk_store_prepare (store,
                           "UPDATE dossier SET phase = ?2, registered_on = ?3, crisis = ?4,"
                           " first_conversation_on = ?5, counsellor = ?6, updated_at = ?7"
                           " WHERE id = ?1 AND removed_at IS NULL",
                           error);
  if (stmt == NULL)
    return FALSE;
  dk_sql_bind_text (stmt, 1, c->dossier_id);
  dk_sql_bind_text (stmt, 2, dk_case_phase_to_string (c->phase));
  dk_sql_bind_date (stmt, 3, &c->registered_on);
  sqlite3_bind_int (stmt, 4, c->crisis ? 1 : 0);
  dk_sql_bind_date (stmt, 5, &c->first_conversation_on);
  dk_sql_bind_text (stmt, 6, counsellor);
  dk_sql_bind_text (stmt, 7, now);
  if (!dk_store_step_done (store, stmt, error))
    return FALSE;

  if (sqlite3_changes (dk_store_get_db (store)) == 0)
    return dk_dossier_repo_not_found (error, _("This dossier does not exist (any more)."));
  return TRUE;
}

/* ---- contact details ---- */

static void
apply_text (char       **current,
            const char  *original,
            const char  *edited)
{
  /* Empty and absent are the same to the store. */
  if (g_strcmp0 (original != NULL ? original : "", edited != NULL ? edited : "") == 0)
    return;
  g_free (*current);
  *current = g_strdup (edited);
}

void
dk_contact_apply_edit (DkContact       *current,
                       const DkContact *original,
                       const DkContact *edited)
{
  g_return_if_fail (current != NULL && original != NULL && edited != NULL);

  apply_text (&current->street, original->street, edited->street);
  apply_text (&current->house_number, original->house_number, edited->house_number);
  apply_text (&current->postcode, original->postcode, edited->postcode);
  apply_text (&current->city, original->city, edited->city);
  apply_text (&current->phone, original->phone, edited->phone);
  apply_text (&current->email, original->email, edited->email);
}

void
dk_contact_free (DkContact *contact)
{
  if (contact == NULL)
    return;

  g_free (contact->id);
  g_free (contact->dossier_id);
  g_free (contact->person_id);
  g_free (contact->street);
  g_free (contact->house_number);
  g_free (contact->postcode);
  g_free (contact->city);
  g_free (contact->phone);
  g_free (contact->email);
  g_free (contact);
}

typedef struct
{
  const DkContact *contact;
  char            *id;
  char            *postcode;
  char            *phone;
  char            *email;
} ContactData;

static gboolean
save_contact_in_transaction (DkStore   *store,
                             gpointer   user_data,
                             GError   **error)
{
  ContactData *data = user_data;
  const DkContact *contact = data->contact;
  g_autofree char *now = dk_domain_timestamp_now ();
  g_autofree char *street = trimmed_or_null (contact->street);
  g_autofree char *house_number = trimmed_or_null (contact->house_number);
  g_autofree char *city = trimmed_or_null (contact->city);
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;

  stmt = dk_store_prepare (store,
                           "SELECT 1 FROM person WHERE id = ?1 AND dossier_id = ?2 AND removed_at IS NULL",
                           error);
  if (stmt == NULL)
    return FALSE;
  dk_sql_bind_text (stmt, 1, contact->person_id);
  dk_sql_bind_text (stmt, 2, contact->dossier_id);
  if (!dk_store_step_row (store, stmt, &has_row, error))
    return FALSE;
  sqlite3_reset (stmt);
  if (!has_row)
    return dk_dossier_repo_not_found (error, _("This person is not (any more) in the dossier."));

  if (contact->id == NULL)
    {
      data->id = dk_uuid_new ();
      stmt = dk_store_prepare (store,
                               "INSERT INTO contact (id, dossier_id, person_id, street, house_number, postcode,"
                               " city, phone, email, created_at, updated_at)"
                               " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
                               error);
    }
  else
    {
      data->id = g_strdup (contact->id);
      stmt = dk_store_prepare (store,
                               "UPDATE contact SET street = ?4, house_number = ?5, postcode = ?6, city = ?7,"
                               " phone = ?8, email = ?9, updated_at = ?10"
                               " WHERE id = ?1 AND dossier_id = ?2 AND person_id = ?3 AND removed_at IS NULL",
                               error);
    }
  if (stmt == NULL)
    return FALSE;

  dk_sql_bind_text (stmt, 1, data->id);
  dk_sql_bind_text (stmt, 2, contact->dossier_id);
  dk_sql_bind_text (stmt, 3, contact->person_id);
  dk_sql_bind_text (stmt, 4, street);
  dk_sql_bind_text (stmt, 5, house_number);
  dk_sql_bind_text (stmt, 6, data->postcode);
  dk_sql_bind_text (stmt, 7, city);
  dk_sql_bind_text (stmt, 8, data->phone);
  dk_sql_bind_text (stmt, 9, data->email);
  dk_sql_bind_text (stmt, 10, now);
  if (!dk_store_step_done (store, stmt, error))
    return FALSE;

  if (sqlite3_changes (dk_store_get_db (store)) == 0)
    return dk_dossier_repo_not_found (error, _("These contact details do not exist (any more)."));
  return TRUE;
}

gboolean
dk_case_repo_save_contact (DkStore          *store,
                           const DkContact  *contact,
                           char            **out_id,
                           GError          **error)
{
  ContactData data = { contact, NULL, NULL, NULL, NULL };
  g_autofree char *postcode = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *email = NULL;
  gboolean ok;

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (contact != NULL && contact->dossier_id != NULL && contact->person_id != NULL, FALSE);

  postcode = trimmed_or_null (contact->postcode);
  phone = trimmed_or_null (contact->phone);
  email = trimmed_or_null (contact->email);
  if ((postcode != NULL && !dk_validate_postcode (postcode, error)) ||
      (phone != NULL && !dk_validate_phone (phone, error)) ||
      (email != NULL && !dk_validate_email (email, error)))
    return FALSE;

  data.postcode = postcode != NULL ? dk_postcode_normalize (postcode) : NULL;
  data.phone = phone != NULL ? dk_phone_normalize (phone) : NULL;
  data.email = g_steal_pointer (&email);

  ok = dk_store_transaction (store, save_contact_in_transaction, &data, error);
  if (ok && out_id != NULL)
    *out_id = g_steal_pointer (&data.id);

  g_free (data.id);
  g_free (data.postcode);
  g_free (data.phone);
  g_free (data.email);
  return ok;
}

GPtrArray *
dk_case_repo_load_contacts (DkStore     *store,
                            const char  *dossier_id,
                            GError     **error)
{
  g_autoptr(GPtrArray) contacts = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_contact_free);
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok;

  g_return_val_if_fail (DK_IS_STORE (store), NULL);

  stmt = dk_store_prepare (store,
                           "SELECT id, dossier_id, person_id, street, house_number, postcode, city, phone, email"
                           " FROM contact WHERE dossier_id = ?1 AND removed_at IS NULL ORDER BY created_at, id",
                           error);
  if (stmt == NULL)
    return NULL;
  dk_sql_bind_text (stmt, 1, dossier_id);

  while ((ok = dk_store_step_row (store, stmt, &has_row, error)) && has_row)
    {
      DkContact *contact = g_new0 (DkContact, 1);

      contact->id = dk_sql_column_dup (stmt, 0);
      contact->dossier_id = dk_sql_column_dup (stmt, 1);
      contact->person_id = dk_sql_column_dup (stmt, 2);
      contact->street = dk_sql_column_dup (stmt, 3);
      contact->house_number = dk_sql_column_dup (stmt, 4);
      contact->postcode = dk_sql_column_dup (stmt, 5);
      contact->city = dk_sql_column_dup (stmt, 6);
      contact->phone = dk_sql_column_dup (stmt, 7);
      contact->email = dk_sql_column_dup (stmt, 8);
      g_ptr_array_add (contacts, contact);
    }
  if (!ok)
    return NULL;

  return g_steal_pointer (&contacts);
}

/* ---- notes and contact log ---- */

static const char * const note_kind_names[] = {
  [DK_NOTE_NOTE] = "note",
  [DK_NOTE_PHONE] = "phone",
  [DK_NOTE_HOME_VISIT] = "home_visit",
  [DK_NOTE_OFFICE_VISIT] = "office_visit",
  [DK_NOTE_LETTER] = "letter",
  [DK_NOTE_EMAIL] = "email",
  [DK_NOTE_MESSAGE] = "message",
};

const char *
dk_note_kind_to_string (DkNoteKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (note_kind_names), NULL);
  return note_kind_names[kind];
}

gboolean
dk_note_kind_from_string (const char *text,
                          DkNoteKind *out)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (note_kind_names); i++)
    if (strcmp (text, note_kind_names[i]) == 0)
      {
        *out = (DkNoteKind) i;
        return TRUE;
      }
  return FALSE;
}

const char *
dk_note_kind_label (DkNoteKind kind)
{
  switch (kind)
    {
    case DK_NOTE_NOTE:
      return _("Note");
    case DK_NOTE_PHONE:
      return _("Phone call");
    case DK_NOTE_HOME_VISIT:
      return _("Home visit");
    case DK_NOTE_OFFICE_VISIT:
      return _("Visit at the office");
    case DK_NOTE_LETTER:
      return _("Letter");
    case DK_NOTE_EMAIL:
      return _("E-mail");
    case DK_NOTE_MESSAGE:
      return _("Text or WhatsApp message");
    default:
      g_return_val_if_reached (NULL);
    }
}

void
dk_note_free (DkNote *note)
{
  if (note == NULL)
    return;

  g_free (note->id);
  g_free (note->dossier_id);
  g_free (note->body);
  g_free (note->author);
  g_free (note->created_at);
  g_free (note);
}

gboolean
dk_case_repo_save_note (DkStore       *store,
                        const DkNote  *note,
                        char         **out_id,
                        GError       **error)
{
  g_autofree char *now = dk_domain_timestamp_now ();
  g_autofree char *body = NULL;
  g_autofree char *author = NULL;
  g_autofree char *id = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (note != NULL && note->dossier_id != NULL, FALSE);

  body = trimmed_or_null (note->body);
  if (body == NULL)
    return dk_dossier_repo_invalid (error, _("Write what the note is about."));
  if (!g_date_valid (&note->date))
    return dk_dossier_repo_invalid (error, _("A note needs a date."));
  if (is_future (&note->date))
    return dk_dossier_repo_invalid (error, _("A note cannot be dated in the future."));
  author = trimmed_or_null (note->author);

  id = note->id != NULL ? g_strdup (note->id) : dk_uuid_new ();
  if (note->id == NULL)
    stmt = dk_store_prepare (store,
                             "INSERT INTO dossier_note (id, dossier_id, kind, note_date, reached, body, author,"
                             " created_at, updated_at)"
                             " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8"
                             " WHERE EXISTS (SELECT 1 FROM dossier WHERE id = ?2 AND removed_at IS NULL)",
                             error);
  else
    stmt = dk_store_prepare (store,
                             "UPDATE dossier_note SET kind = ?3, note_date = ?4, reached = ?5, body = ?6,"
                             " author = ?7, updated_at = ?8"
                             " WHERE id = ?1 AND dossier_id = ?2 AND removed_at IS NULL",
                             error);
  if (stmt == NULL)
    return FALSE;

  dk_sql_bind_text (stmt, 1, id);
  dk_sql_bind_text (stmt, 2, note->dossier_id);
  dk_sql_bind_text (stmt, 3, dk_note_kind_to_string (note->kind));
  dk_sql_bind_date (stmt, 4, &note->date);
  if (note->kind == DK_NOTE_NOTE)
    sqlite3_bind_null (stmt, 5);
  else
    sqlite3_bind_int (stmt, 5, note->reached ? 1 : 0);
  dk_sql_bind_text (stmt, 6, body);
  dk_sql_bind_text (stmt, 7, author);
  dk_sql_bind_text (stmt, 8, now);
  if (!dk_store_step_done (store, stmt, error))
    return FALSE;

  if (sqlite3_changes (dk_store_get_db (store)) == 0)
    return dk_dossier_repo_not_found (error, note->id == NULL ? _("This dossier does not exist (any more).")
                                              : _("This note does not exist (any more)."));

  if (out_id != NULL)
    *out_id = g_steal_pointer (&id);
  return TRUE;
}

gboolean
dk_case_repo_remove_note (DkStore     *store,
                          const char  *note_id,
                          GError     **error)
{
  g_autofree char *now = dk_domain_timestamp_now ();
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);

  stmt = dk_store_prepare (store,
                           "UPDATE dossier_note SET removed_at = ?2, updated_at = ?2 WHERE id = ?1 AND removed_at IS NULL",
                           error);
  if (stmt == NULL)
    return FALSE;
  dk_sql_bind_text (stmt, 1, note_id);
  dk_sql_bind_text (stmt, 2, now);
  if (!dk_store_step_done (store, stmt, error))
    return FALSE;

  if (sqlite3_changes (dk_store_get_db (store)) == 0)
    return dk_dossier_repo_not_found (error, _("This note does not exist (any more)."));
  return TRUE;
}

GPtrArray *
dk_case_repo_load_notes (DkStore     *store,
                         const char  *dossier_id,
                         GError     **error)
{
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_note_free);
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok;

  g_return_val_if_fail (DK_IS_STORE (store), NULL);

  stmt = dk_store_prepare (store,
                           "SELECT id, dossier_id, kind, note_date, reached, body, author, created_at"
                           " FROM dossier_note WHERE dossier_id = ?1 AND removed_at IS NULL"
                           " ORDER BY note_date DESC, created_at DESC, id DESC",
                           error);
  if (stmt == NULL)
    return NULL;
  dk_sql_bind_text (stmt, 1, dossier_id);

  while ((ok = dk_store_step_row (store, stmt, &has_row, error)) && has_row)
    {
      g_autoptr(DkNote) note = g_new0 (DkNote, 1);

      note->id = dk_sql_column_dup (stmt, 0);
      note->dossier_id = dk_sql_column_dup (stmt, 1);
      note->reached = sqlite3_column_int (stmt, 4) != 0;
      note->body = dk_sql_column_dup (stmt, 5);
      note->author = dk_sql_column_dup (stmt, 6);
      note->created_at = dk_sql_column_dup (stmt, 7);
      if (!dk_note_kind_from_string ((const char *) sqlite3_column_text (stmt, 2), &note->kind) ||
          !dk_sql_column_date (stmt, 3, &note->date))
        {
          sqlite3_reset (stmt);
          dk_dossier_repo_bad_row (error, "dossier_note");
          return NULL;
        }
      g_ptr_array_add (notes, g_steal_pointer (&note));
    }
  if (!ok)
    return NULL;

  return g_steal_pointer (&notes);
}
