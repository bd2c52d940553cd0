#pragma once

#include <glib.h>

#include "dk-signal-outcome.h"
#include "dk-signal-work-repo.h"
#include "dk-signal-work.h"

G_BEGIN_DECLS

/*
 * The words a field worker reads for an early-signal case: partner types, stages, tasks, contact
 * kinds, end results and deadlines, in plain language instead of the DDAS codes the store keeps.
 * Pure and translated (English msgids), so every rule is tested without a display. The functions
 * returning const char * give a static string; the others a new one (free with g_free()).
 */

/* "Rent", "Energy", "Tax authority", … for a DDAS EnumSignaalpartner code ("Huur"); a code this
 * function does not know is returned as it is. */
const char *dk_signal_partner_label          (const char          *ddas_code);

/* "Phase 1: checks", "Phase 2: contact", "Closed". */
const char *dk_signal_stage_label            (DkSignalStage        stage);

/* "Revisit", "Follow-up after six months", "Signal for a running dossier", "Contact former client". */
const char *dk_signal_task_kind_label        (DkSignalTaskKind     kind);

/* What a line of the task list asks: its task's kind, or its case's stage. */
const char *dk_signal_line_what              (const DkSignalTaskLine *line);

/* "Letter", "Phone", "Text message/WhatsApp", "E-mail", "Home visit", "Card left", "Other",
 * "Administrative". */
const char *dk_signal_contact_kind_label     (DkSignalContactKind  kind);
/* The same for a stored DDAS EnumContactsoort code; an unknown code is returned as it is. */
const char *dk_signal_contact_code_label     (const char          *ddas_code);
/* A symbolic icon for each kind: an envelope for a letter, a phone, a house for a home visit. */
const char *dk_signal_contact_kind_icon_name (DkSignalContactKind  kind);

/* "Morning", "Afternoon", "Evening" for a DDAS EnumDagdeel code; NULL for NULL, an unknown code is
 * returned as it is. */
const char *dk_signal_part_of_day_label      (const char          *ddas_code);

/* An end result in plain words: "Resident does not want help from early signalling". */
const char *dk_signal_result_label           (DkSignalResult       result);
/* The same for a stored DDAS EnumEindresultaat code; an unknown code is returned as it is. */
const char *dk_signal_result_code_label      (const char          *ddas_code);

/* The end results grouped as a worker thinks of them: not picked up, not for us, no contact, and
 * after a conversation. Groups are numbered from 0 to DK_SIGNAL_N_RESULT_GROUPS - 1. */
#define DK_SIGNAL_N_RESULT_GROUPS 4
guint       dk_signal_result_group           (DkSignalResult       result);
const char *dk_signal_result_group_title     (guint                group);

/* What recording @result on @date will set in motion, for the outcome dialog: that a debt-help
 * dossier is made, that a follow-up task is made for a date six months on, or that the case is just
 * closed. @date may be NULL or invalid (no date typed yet). */
char       *dk_signal_after_text             (DkSignalResult       result,
                                              const GDate         *date);

/* The due date in words relative to @today: "Today", "Tomorrow", "Overdue since 20-11-2026", else
 * the date "27-11-2026". *@out_overdue (may be NULL) says whether the date has passed. */
char       *dk_signal_due_text               (const GDate         *due,
                                              const GDate         *today,
                                              gboolean            *out_overdue);

/* A deadline on the case page: "Due today", "Due tomorrow", "Overdue since 20-11-2026", else "Due by
 * 27-11-2026". */
char       *dk_signal_deadline_text          (const GDate         *due,
                                              const GDate         *today,
                                              gboolean            *out_overdue);

/* The due text of a line of the task list: as dk_signal_due_text(), and for a closed case the date
 * of its outcome, never overdue. */
char       *dk_signal_line_due_text          (const DkSignalTaskLine *line,
                                              const GDate            *today,
                                              gboolean               *out_overdue);

/* "Lindelaan 12, 3311 AB Dordrecht", with what is known; NULL when nothing is. */
char       *dk_signal_address_text           (const char          *street,
                                              const char          *house_number,
                                              const char          *postcode,
                                              const char          *city);

/* The resident's name, or "Resident of Lindelaan 12" when the signals gave none, or "Unknown
 * resident" when the address is unknown too. */
char       *dk_signal_resident_text          (const char          *resident,
                                              const char          *street,
                                              const char          *house_number,
                                              const char          *postcode,
                                              const char          *city);

/* "1 signal", "3 signals". */
char       *dk_signal_count_text             (guint                n_signals);

/* The heading of a district on the district list: "District 3311", or "Address unknown" for NULL. */
char       *dk_signal_district_title         (const char          *district);

/* The whole line of the task list as one sentence, for a screen reader: "Overdue since 20-11-2026:
 * Phase 1: checks. Sanne van Dijk, Lindelaan 12, 3311 AB Dordrecht. Crisis. 2 signals." */
char       *dk_signal_line_describe          (const DkSignalTaskLine *line,
                                              const GDate            *today);

/* Compares two house numbers as a person walks a street: by number ("9" before "12"), then by the
 * addition ("12" before "12a" before "12b"). NULL sorts last. */
int         dk_signal_house_number_compare   (const char          *a,
                                              const char          *b);

/* Orders the lines of the task list for a round of home visits (element type DkSignalTaskLine *):
 * by district (unknown last), then street, then house number, then due date. */
void        dk_signal_lines_sort_by_district (GPtrArray           *lines);

G_END_DECLS
