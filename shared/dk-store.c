#include "config.h"

#include "dk-store.h"
