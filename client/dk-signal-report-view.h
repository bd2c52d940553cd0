#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * The monitoring indicators of early signalling (GET /v1/signals/report, the JSON that
 * `draagkracht-admin signals report --json` prints; dk-signal-report.h) as the monitoring dialog shows
 * them: read into a struct, then as labelled rows in sections. No widgets here, so it is tested without
 * a display. Counts only: the report holds no personal data.
 */

/* One count under a DDAS code ("Energie", "Inwoner hoeft geen hulp vanuit vroegsignalering"). */
typedef struct
{
  char  *code;
  guint  count;
} DkSignalReportCount;

typedef struct
{
  guint      n_signals;
  GPtrArray *by_partner;        /* DkSignalReportCount, in the server's order */
  guint      n_households;
  guint      n_cases;
  guint      n_reached;
  GPtrArray *by_result;         /* DkSignalReportCount, in the server's order */
  guint      n_without_result;
  guint      n_picked_up;
  gboolean   has_median;        /* FALSE when no case was picked up */
  double     median_days;       /* days from the first signal to the pick-up */
} DkSignalReportView;

void                dk_signal_report_view_free  (DkSignalReportView *view);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkSignalReportView, dk_signal_report_view_free)

/* Reads the report; NULL with @error (G_IO_ERROR_INVALID_DATA) when it is not the expected shape.
 * Members this version does not know are passed over. */
DkSignalReportView *dk_signal_report_view_parse (JsonNode                  *report,
                                                 GError                   **error);

typedef enum
{
  DK_SIGNAL_REPORT_SECTION_SIGNALS,   /* signals in all and per partner type */
  DK_SIGNAL_REPORT_SECTION_REACH,     /* households, cases, reached */
  DK_SIGNAL_REPORT_SECTION_OUTCOMES,  /* cases per end result, and those without one */
  DK_SIGNAL_REPORT_SECTION_PICK_UP,   /* time to pick-up */
} DkSignalReportSection;

#define DK_SIGNAL_REPORT_N_SECTIONS (DK_SIGNAL_REPORT_SECTION_PICK_UP + 1)

/* "Signals", "Households and reach", "Outcomes", "Time to pick-up". */
const char *dk_signal_report_section_title (DkSignalReportSection section);

typedef struct
{
  DkSignalReportSection  section;
  char                  *label;     /* "Reached" */
  char                  *value;     /* "12 of 20 cases (60%)" */
  char                  *subtitle;  /* a word of explanation, or NULL */
} DkSignalReportRow;

/* The rows to show, in section order: totals first, then the counts that are not 0 (a partner type
 * without signals or an end result nobody had says nothing). Free with g_ptr_array_unref(). */
GPtrArray  *dk_signal_report_view_rows     (const DkSignalReportView *view);

/* The reach rate as shown: "60%", "33,3%" (one decimal at most, Dutch notation), or NULL without
 * cases. Free with g_free(). */
char       *dk_signal_report_format_rate   (guint reached,
                                            guint cases);

/* Days as shown: "1 day", "4 days", "4,5 days". Free with g_free(). */
char       *dk_signal_report_format_days   (double days);

/* The period the dialog starts with: the calendar month before the one @today lies in. */
void        dk_signal_report_default_period (const GDate *today,
                                             GDate       *out_from,
                                             GDate       *out_to);

/* The query for the server: "/v1/signals/report?from=2026-10-01&to=2026-10-31". Free with g_free(). */
char       *dk_signal_report_path           (const GDate *from,
                                             const GDate *to);

/* Which field of the period a message is about. */
typedef enum
{
  DK_SIGNAL_REPORT_FIELD_FROM,
  DK_SIGNAL_REPORT_FIELD_TO,
} DkSignalReportField;

/* Reads the period as typed (dk-form.h dates): both days required, the last not before the first.
 * FALSE with the sentence in @error and the field it is about in @out_field. */
gboolean    dk_signal_report_read_period    (const char          *from_text,
                                             const char          *to_text,
                                             GDate               *out_from,
                                             GDate               *out_to,
                                             DkSignalReportField *out_field,
                                             GError             **error);

/* "01-10-2026 to 31-10-2026", over the indicators shown. Free with g_free(). */
char       *dk_signal_report_period_text    (const GDate *from,
                                             const GDate *to);

/* What went wrong asking for the report, as a sentence for the dialog (see
 * dk_signal_import_error_text()). Free with g_free(). */
char       *dk_signal_report_error_text     (const GError *error);

G_END_DECLS
