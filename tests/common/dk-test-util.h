#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

char *dk_test_make_tmpdir  (void);
void  dk_test_remove_tree  (const char *path);

G_END_DECLS
