#pragma once

#include "dk-store.h"

G_BEGIN_DECLS

DkStore *dk_central_store_open           (const char  *path,
                                          GError     **error);
guint    dk_central_store_latest_version (void);

G_END_DECLS
