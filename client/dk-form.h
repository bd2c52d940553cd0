#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Reading what a person typed into a form field, with the message to show beside the field when it
 * is not right. No widgets here, so every rule is tested without a display. Each function returns
 * TRUE and the value, or FALSE with @error set to a sentence for the person (translated). Empty text
 * is refused with "… is required" unless the field is optional (@optional), in which case it gives
 * TRUE and leaves the value unset: NULL, a cleared GDate, or *@present FALSE for amounts.
 */

#define DK_FORM_ERROR (dk_form_error_quark ())
GQuark   dk_form_error_quark (void);

gboolean dk_form_read_text   (const char  *text,
                              gboolean     optional,
                              const char  *field_label,
                              char       **out,
                              GError     **error);

/* Dutch notation: "1.234,56", "€ 12,50", "12,-". Negative amounts are refused. */
gboolean dk_form_read_money  (const char  *text,
                              gboolean     optional,
                              const char  *field_label,
                              gboolean    *present,
                              gint64      *out_cents,
                              GError     **error);

/* "23-11-2026", "23-11-26" is refused (four-digit year), ISO accepted. @not_after: when not NULL,
 * a later date is refused ("cannot be in the future" when it is today). */
gboolean dk_form_read_date   (const char  *text,
                              gboolean     optional,
                              const char  *field_label,
                              const GDate *not_after,
                              GDate       *out,
                              GError     **error);

/* The BSN's 9 digits (dots and spaces allowed in the input), checked with the 11-check. */
gboolean dk_form_read_bsn    (const char  *text,
                              gboolean     optional,
                              char       **out,
                              GError     **error);

/* A percentage "50", "33,3" as parts per million (0 … 1.000.000). */
gboolean dk_form_read_share  (const char  *text,
                              gboolean     optional,
                              const char  *field_label,
                              gboolean    *present,
                              gint        *out_ppm,
                              GError     **error);

/* Today in the local time zone (what a person means by "today"). */
void     dk_form_today       (GDate       *out);

G_END_DECLS
