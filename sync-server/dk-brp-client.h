#pragma once

#include <gio/gio.h>

#include "dk-server-config.h"

G_BEGIN_DECLS

/*
 * An asynchronous client of the Haal Centraal "BRP API Personen" (POST /personen), for the check of
 * early signals against the population register. Online only: it lives in the server, never in the
 * offline client.
 *
 * Relied on: the OpenAPI specification 2.x of BRP-API/Haal-Centraal-BRP-bevragen (one endpoint, a
 * PersonenQuery body with "type", "fields" and the parameters of the type; the status fields such as
 * opschortingBijhouding come back unasked and may not be named in "fields"). The specification defines
 * no authentication; the API key goes in the X-API-KEY header, as gateways in front of the API
 * (for instance the municipality of Nijmegen's Haal Centraal proxy) expect it.
 */

#define DK_BRP_ERROR (dk_brp_error_quark ())

typedef enum
{
  DK_BRP_ERROR_NOT_CONFIGURED,   /* [brp] lacks url, api-key-file or municipality-code */
  DK_BRP_ERROR_KEY_FILE,         /* the key file is missing, empty, or readable by others */
  DK_BRP_ERROR_UNAUTHORIZED,     /* 401 or 403: the key is wrong or lacks the rights */
  DK_BRP_ERROR_TIMEOUT,
  DK_BRP_ERROR_FAILED,           /* any other HTTP status, or no connection */
  DK_BRP_ERROR_BAD_RESPONSE,     /* a 200 whose body is not a "personen" answer */
} DkBrpError;

GQuark dk_brp_error_quark (void);

#define DK_TYPE_BRP_CLIENT (dk_brp_client_get_type ())
G_DECLARE_FINAL_TYPE (DkBrpClient, dk_brp_client, DK, BRP_CLIENT, GObject)

/* The API key in the file at @path, white space around it removed. The file must be a regular file
 * that neither group nor others may read or write (mode 0600 or 0400). */
char        *dk_brp_read_api_key                  (const char            *path,
                                                   GError               **error);

DkBrpClient *dk_brp_client_new                    (const char            *url,
                                                   const char            *api_key,
                                                   guint                  timeout_seconds);

/* A client with the [brp] settings of @config (reads the key file). DK_BRP_ERROR_NOT_CONFIGURED or
 * DK_BRP_ERROR_KEY_FILE. */
DkBrpClient *dk_brp_client_new_from_config        (const DkServerConfig  *config,
                                                   GError               **error);

/* RaadpleegMetBurgerservicenummer for one BSN. */
void         dk_brp_client_find_by_bsn_async      (DkBrpClient           *self,
                                                   const char            *bsn,
                                                   GCancellable          *cancellable,
                                                   GAsyncReadyCallback    callback,
                                                   gpointer               user_data);

/* ZoekMetPostcodeEnHuisnummer: @postcode as "1234 AB" or "1234AB", @house_number digits only. */
void         dk_brp_client_find_by_address_async  (DkBrpClient           *self,
                                                   const char            *postcode,
                                                   const char            *house_number,
                                                   GCancellable          *cancellable,
                                                   GAsyncReadyCallback    callback,
                                                   gpointer               user_data);

/* The persons found (DkBrpPerson, dk-brp-match.h), an empty array for nobody, or NULL with an error
 * in DK_BRP_ERROR (or G_IO_ERROR_CANCELLED). */
GPtrArray   *dk_brp_client_find_finish            (DkBrpClient           *self,
                                                   GAsyncResult          *result,
                                                   GError               **error);

G_END_DECLS
