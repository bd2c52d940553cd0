#include "config.h"

#include "dk-date.h"
