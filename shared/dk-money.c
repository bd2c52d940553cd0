#include "config.h"

#include "dk-money.h"
