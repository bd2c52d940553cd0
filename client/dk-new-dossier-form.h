#pragma once

#include <glib.h>

#include "dk-case-repo.h"
#include "dk-household.h"
#include "dk-store.h"

G_BEGIN_DECLS

/*
 * The "New dossier" form without its widgets: what was typed (plain strings), turned into the records
 * the repositories store, with a message per field when something is not right, and the one
 * transaction that saves them. The dialog (dk-new-dossier-dialog.h) only moves text in and messages out.
 *
 * Fields are named by keys: "client.<field>", "partner.<field>" and "child.<n>.<field>" with <field>
 * one of the DK_NEW_DOSSIER_FIELD_* names below (n counts from 0 in the order of form->children),
 * and the single fields DK_NEW_DOSSIER_KEY_*.
 */

#define DK_NEW_DOSSIER_FIELD_GIVEN_NAMES "given_names"
#define DK_NEW_DOSSIER_FIELD_PREFIX      "family_name_prefix"
#define DK_NEW_DOSSIER_FIELD_FAMILY_NAME "family_name"
#define DK_NEW_DOSSIER_FIELD_BSN         "bsn"
#define DK_NEW_DOSSIER_FIELD_BIRTH_DATE  "birth_date"

#define DK_NEW_DOSSIER_KEY_UNION_DATE    "union_date"
#define DK_NEW_DOSSIER_KEY_REGIME        "regime"
#define DK_NEW_DOSSIER_KEY_STREET        "street"
#define DK_NEW_DOSSIER_KEY_HOUSE_NUMBER  "house_number"
#define DK_NEW_DOSSIER_KEY_POSTCODE      "postcode"
#define DK_NEW_DOSSIER_KEY_CITY          "city"
#define DK_NEW_DOSSIER_KEY_PHONE         "phone"
#define DK_NEW_DOSSIER_KEY_EMAIL         "email"
#define DK_NEW_DOSSIER_KEY_REGISTERED_ON "registered_on"
#define DK_NEW_DOSSIER_KEY_CRISIS_REASON "crisis_reason"
#define DK_NEW_DOSSIER_KEY_COUNSELLOR    "counsellor"

/* "child.2.birth_date". Free with g_free(). */
char *dk_new_dossier_child_key (guint        index,
                                const char  *field);

/* One person as typed. Text may be NULL (same as empty). Children have no BSN (it is ignored). */
typedef struct
{
  const char *given_names;
  const char *family_name_prefix;
  const char *family_name;
  const char *bsn;
  const char *birth_date;
} DkNewDossierPersonText;

typedef enum
{
  DK_NEW_DOSSIER_COHABITING,             /* living together, not married */
  DK_NEW_DOSSIER_MARRIED,
  DK_NEW_DOSSIER_REGISTERED_PARTNERSHIP,
} DkNewDossierUnion;

typedef struct
{
  DkNewDossierPersonText        client;

  gboolean                      has_partner;
  DkNewDossierPersonText        partner;
  DkNewDossierUnion             living_together;
  const char                   *union_date;    /* married or registered partners only */
  DkMaritalRegime               regime;        /* idem */

  const DkNewDossierPersonText *children;
  guint                         n_children;

  /* The client's address and contact details; each may be empty. */
  const char                   *street;
  const char                   *house_number;
  const char                   *postcode;
  const char                   *city;
  const char                   *phone;
  const char                   *email;

  const char                   *registered_on; /* the request for help */
  gboolean                      crisis;        /* Wgs art. 4 lid 2 */
  const char                   *crisis_reason; /* required when @crisis */
  const char                   *counsellor;    /* may be empty */
} DkNewDossierForm;

/*
 * What a valid form becomes. @persons (DkPerson *, ids set): the client first, then the partner, then
 * the children. @events (DkHouseholdEvent *): the opening history on @opened_on — the client and the
 * children "move in", the partner "partner moves in" — plus the marriage or registered partnership on
 * its own date. @case_fields has no dossier id yet; @contact (NULL when nothing was given) no dossier
 * or person id. @crisis_note: the explanation of a crisis, kept as a note (NULL without crisis).
 */
typedef struct
{
  GDate       opened_on;
  GPtrArray  *persons;
  GPtrArray  *events;
  DkCase     *case_fields;
  DkContact  *contact;
  char       *crisis_note;
} DkNewDossierRecords;

void                 dk_new_dossier_records_free (DkNewDossierRecords     *records);

/*
 * Checks every field of @form and builds the records, or returns NULL. @today is the local date (the
 * dossier opens on it; no date may lie after it). @out_errors, when not NULL, receives a table of
 * field key → message (translated) for every field that is not right: empty when the form is fine.
 * Besides each field's own rules: a child cannot be born before the client, the partner's BSN
 * cannot be the client's, a marriage cannot predate either partner's birth, and a statutory
 * community must fit the date of the marriage (full before 2018, limited from 2018).
 */
DkNewDossierRecords *dk_new_dossier_build        (const DkNewDossierForm  *form,
                                                  const GDate             *today,
                                                  GHashTable             **out_errors);

/*
 * The dossier number, made on this device without asking anyone: the year of @date, "-", and six
 * characters from the random bits of the UUIDv7 @uuid, in an alphabet without 0, O, 1 and I
 * ("2026-K7QX3M"). 30 random bits: unique enough for a municipality's dossiers of one year, not
 * guaranteed (see dk_new_dossier_save()). NULL when @uuid is not a valid UUID.
 */
char                *dk_new_dossier_make_number  (const char              *uuid,
                                                  const GDate             *date);

/*
 * Saves @records as a new dossier in ONE dk_store_transaction(): the dossier with its persons and
 * opening history, the case fields, the client's contact details and the crisis note. Either all of
 * it is saved or nothing. The number comes from dk_new_dossier_make_number() with a fresh UUIDv7 and
 * is made again when this store already has it. Fills in the records' ids.
 */
gboolean             dk_new_dossier_save         (DkStore                 *store,
                                                  DkNewDossierRecords     *records,
                                                  char                   **out_dossier_id,
                                                  char                   **out_number,
                                                  GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkNewDossierRecords, dk_new_dossier_records_free)

G_END_DECLS
