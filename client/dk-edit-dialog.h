#pragma once

#include <adwaita.h>

#include "dk-household.h"
#include "dk-store.h"

G_BEGIN_DECLS

/*
 * The frame every small editor of the dossier page shares: a modal window with Cancel and Save in its
 * header bar, a line for the store's refusal at the top, and a form of rows that each show their own
 * message right below them. A subclass adds its rows in its init or constructor and implements save().
 *
 * Saving reads every field (each reader shows its field's message), and only when all are right writes
 * the change in one call to the repository, which is one transaction: nothing is half-written. When
 * the repository refuses, its message shows at the top and the dialog stays open. After a successful
 * save the dialog emits "saved" and closes; the caller reloads what it shows.
 *
 * Escape or Cancel closes at once when nothing was changed, and asks first when something was.
 */

#define DK_TYPE_EDIT_DIALOG (dk_edit_dialog_get_type ())

G_DECLARE_DERIVABLE_TYPE (DkEditDialog, dk_edit_dialog, DK, EDIT_DIALOG, AdwWindow)

struct _DkEditDialogClass
{
  AdwWindowClass parent_class;

  /* Reads the fields and writes the change to @store. Returns FALSE with @error unset when a field is
   * not right (its message is shown already), or FALSE with @error set when the store refuses. */
  gboolean (*save) (DkEditDialog  *self,
                    DkStore       *store,
                    GError       **error);
};

/* For a subclass's constructor: the window it belongs to, the store to write to, the window title and
 * the label of the Save button ("_Add", "_Save"). */
void        dk_edit_dialog_setup           (DkEditDialog  *self,
                                            GtkWindow     *parent,
                                            DkStore       *store,
                                            const char    *title,
                                            const char    *save_label);
DkStore    *dk_edit_dialog_get_store       (DkEditDialog  *self);

/* Rows. Each is added to @group (from dk_edit_dialog_add_group()) and returned. */
GtkWidget  *dk_edit_dialog_add_group       (DkEditDialog  *self,
                                            const char    *title,
                                            const char    *description);
GtkWidget  *dk_edit_dialog_add_entry       (DkEditDialog  *self,
                                            GtkWidget     *group,
                                            const char    *title,
                                            const char    *text);
/* @items: NULL-terminated labels, index = value. */
GtkWidget  *dk_edit_dialog_add_combo       (DkEditDialog  *self,
                                            GtkWidget     *group,
                                            const char    *title,
                                            const char *const *items,
                                            guint          selected);
/* A choice of the persons of @timeline, in their order, led by @none_label when not NULL ("The
 * household as a whole"); @selected_id (or NULL) is chosen first. dk_edit_dialog_get_person_id()
 * reads it. */
GtkWidget  *dk_edit_dialog_add_person_combo (DkEditDialog              *self,
                                             GtkWidget                 *group,
                                             const char                *title,
                                             const DkHouseholdTimeline *timeline,
                                             const char                *none_label,
                                             const char                *selected_id);
/* The chosen person's id, or NULL for the @none_label choice. */
const char *dk_edit_dialog_get_person_id    (GtkWidget                 *person_row);
/* An action row with a switch; dk_edit_dialog_get_active() reads it. */
GtkWidget  *dk_edit_dialog_add_switch      (DkEditDialog  *self,
                                            GtkWidget     *group,
                                            const char    *title,
                                            const char    *subtitle,
                                            gboolean       active);
/* A multi-line text (a note's body); returns the GtkTextView. */
GtkWidget  *dk_edit_dialog_add_text        (DkEditDialog  *self,
                                            GtkWidget     *group,
                                            const char    *accessible_label,
                                            const char    *text);
/* A row that only shows something (a read-only value). */
GtkWidget  *dk_edit_dialog_add_info        (DkEditDialog  *self,
                                            GtkWidget     *group,
                                            const char    *title,
                                            const char    *value);

gboolean    dk_edit_dialog_get_active      (GtkWidget     *switch_row);
void        dk_edit_dialog_set_active      (GtkWidget     *switch_row,
                                            gboolean       active);
const char *dk_edit_dialog_get_text        (GtkWidget     *entry_row);
/* The whole text of a dk_edit_dialog_add_text() view. Free with g_free(). */
char       *dk_edit_dialog_dup_text_view   (GtkWidget     *text_view);

/* Shows @message below @row (NULL takes it away); the row gets the "error" style. */
void        dk_edit_dialog_set_field_error (DkEditDialog  *self,
                                            GtkWidget     *row,
                                            const char    *message);
/* The line at the top; NULL hides it. */
void        dk_edit_dialog_show_error      (DkEditDialog  *self,
                                            const char    *message);

/* Readers built on dk-form.h: TRUE with the value, or FALSE after showing the message below @row. */
gboolean    dk_edit_dialog_read_text       (DkEditDialog  *self,
                                            GtkWidget     *row,
                                            gboolean       optional,
                                            const char    *label,
                                            char         **out);
gboolean    dk_edit_dialog_read_date       (DkEditDialog  *self,
                                            GtkWidget     *row,
                                            gboolean       optional,
                                            const char    *label,
                                            const GDate   *not_after,
                                            GDate         *out);
gboolean    dk_edit_dialog_read_money      (DkEditDialog  *self,
                                            GtkWidget     *row,
                                            gboolean       optional,
                                            const char    *label,
                                            gboolean      *present,
                                            gint64        *out_cents);

/* Starts the form as unchanged (after filling in what is stored). */
void        dk_edit_dialog_reset_changed   (DkEditDialog  *self);
/* Saves as the Save button does; TRUE when the change was written (for tests). */
gboolean    dk_edit_dialog_save            (DkEditDialog  *self);

G_END_DECLS
