// The one C header the Swift PROJ face sees: the transformation API (proj.h)
// and Karney's geodesic routines (geodesic.h), both shipped by libproj-dev / brew proj.
#ifndef TERRITORY_CPROJ_SHIM_H
#define TERRITORY_CPROJ_SHIM_H
#include <proj.h>
#include <geodesic.h>
#endif
