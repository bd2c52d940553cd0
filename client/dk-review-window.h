#pragma once

#include <adwaita.h>

#include "dk-session.h"

G_BEGIN_DECLS

/* Conflicts and refused changes in one place: both values side by side, and the person chooses. */

#define DK_TYPE_REVIEW_WINDOW (dk_review_window_get_type ())

G_DECLARE_FINAL_TYPE (DkReviewWindow, dk_review_window, DK, REVIEW_WINDOW, AdwWindow)

GtkWidget *dk_review_window_new    (GtkWindow *parent,
                                    DkSession *session);

/* A JSON value as a person reads it: text as is, true/false as yes/no, null as "(empty)", a
 * record as "field: value" lines. Pure, for tests. */
char      *dk_review_format_value  (JsonNode  *value);

G_END_DECLS
