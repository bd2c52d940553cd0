#pragma once

#include <glib.h>

#include "dk-store.h"
#include "dk-wgs.h"

G_BEGIN_DECLS

/*
 * The case around a dossier, beside its household and money (dk-dossier-repo.h): phase and Wgs dates,
 * the counsellor, each person's address and contact details, and the notes and contact log. The same
 * rules as dk-dossier-repo.h: one transaction per change, values checked and stored in canonical
 * form, errors in DK_DOSSIER_REPO_ERROR. An update writes only the columns whose value changes, so a
 * replica's outbox carries just those fields (and two people editing different fields never clash).
 */

typedef struct
{
  char        *dossier_id;
  char        *number;
  GDate        opened_on;
  DkCasePhase  phase;
  GDate        registered_on;          /* the request for help; cleared when unknown */
  gboolean     crisis;                 /* Wgs art. 4 lid 2 situation */
  GDate        first_conversation_on;  /* cleared until held */
  char        *counsellor;
} DkCase;

void    dk_case_free           (DkCase       *c);
DkCase *dk_case_copy           (const DkCase *c);

/* A form edits the case as it was loaded (original → edited); meanwhile a sync may have changed the
 * stored case. Copies into current only the fields the form changed, so saving current never
 * turns back what someone else changed in between. */
void      dk_case_apply_edit   (DkCase        *current,
                                const DkCase  *original,
                                const DkCase  *edited);

DkCase   *dk_case_repo_load    (DkStore       *store,
                                const char    *dossier_id,
                                GError       **error);
/* Writes phase, registered_on, crisis, first_conversation_on and counsellor of c->dossier_id. A first
 * conversation before the request, or one in the future, is refused. */
gboolean  dk_case_repo_save    (DkStore       *store,
                                const DkCase  *c,
                                GError       **error);

typedef struct
{
  char *id;
  char *dossier_id;
  char *person_id;
  char *street;
  char *house_number;
  char *postcode;       /* "1234 AB" */
  char *city;
  char *phone;          /* E.164 */
  char *email;
} DkContact;

void       dk_contact_free (DkContact *contact);

/* As dk_case_apply_edit(): copies into @current only the fields a form changed from @original to
 * @edited, so a sync that came in while the form was open is kept. */
void       dk_contact_apply_edit (DkContact       *current,
                                  const DkContact *original,
                                  const DkContact *edited);

/* Inserts @contact (id NULL: made here and returned) or updates it. Postcode, phone and e-mail must
 * be valid when given (messages from dk-validate.h); empty text counts as not given. */
gboolean   dk_case_repo_save_contact   (DkStore          *store,
                                        const DkContact  *contact,
                                        char            **out_id,
                                        GError          **error);
/* DkContact * of the dossier's persons, oldest first. */
GPtrArray *dk_case_repo_load_contacts  (DkStore          *store,
                                        const char       *dossier_id,
                                        GError          **error);

typedef enum
{
  DK_NOTE_NOTE,
  DK_NOTE_PHONE,
  DK_NOTE_HOME_VISIT,
  DK_NOTE_OFFICE_VISIT,
  DK_NOTE_LETTER,
  DK_NOTE_EMAIL,
  DK_NOTE_MESSAGE,   /* SMS, WhatsApp */
} DkNoteKind;

#define DK_NOTE_KIND_COUNT (DK_NOTE_MESSAGE + 1)

const char *dk_note_kind_to_string   (DkNoteKind   kind);
gboolean    dk_note_kind_from_string (const char  *text,
                                      DkNoteKind  *out);
const char *dk_note_kind_label       (DkNoteKind   kind);

typedef struct
{
  char       *id;
  char       *dossier_id;
  DkNoteKind  kind;
  GDate       date;
  gboolean    reached;   /* contact made; ignored for DK_NOTE_NOTE */
  char       *body;
  char       *author;
  char       *created_at;
} DkNote;

void       dk_note_free (DkNote *note);

/* Inserts (id NULL) or updates a note; the text must not be empty, the date not in the future. */
gboolean   dk_case_repo_save_note    (DkStore       *store,
                                      const DkNote  *note,
                                      char         **out_id,
                                      GError       **error);
gboolean   dk_case_repo_remove_note  (DkStore       *store,
                                      const char    *note_id,
                                      GError       **error);
/* DkNote *, newest first. */
GPtrArray *dk_case_repo_load_notes   (DkStore       *store,
                                      const char    *dossier_id,
                                      GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkCase, dk_case_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkContact, dk_contact_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkNote, dk_note_free)

G_END_DECLS
