// The one C header the Swift GEOS face sees.
//
// Only the reentrant (_r) API is exposed: GEOS_USE_ONLY_R_API hides the
// non-reentrant functions so that nothing can use GEOS's global context by accident.
//
// GEOS 3.12 added point fast paths and coverage validation. Debian 12 ships 3.11,
// so each of those is wrapped in a `static inline` function, gated on the version
// macros of the installed geos_c.h, with a 3.11 path that gives the same answer.
#ifndef TERRITORY_CGEOS_SHIM_H
#define TERRITORY_CGEOS_SHIM_H

#define GEOS_USE_ONLY_R_API
#include <geos_c.h>

#if GEOS_VERSION_MAJOR > 3 || (GEOS_VERSION_MAJOR == 3 && GEOS_VERSION_MINOR >= 12)
#define CGEOS_HAS_3_12 1
#else
#define CGEOS_HAS_3_12 0
#endif

/// 1 when the installed GEOS has the 3.12 functions used natively below.
static inline int cgeos_has_3_12(void) { return CGEOS_HAS_3_12; }

/// Prepared contains for a point given as x, y. Returns 1, 0, or 2 on error.
/// Before 3.12: a temporary point, the general prepared predicate, then the point freed.
static inline char cgeos_prepared_contains_xy(GEOSContextHandle_t h, const GEOSPreparedGeometry *pg,
                                              double x, double y) {
#if CGEOS_HAS_3_12
    return GEOSPreparedContainsXY_r(h, pg, x, y);
#else
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(h, x, y);
    if (pt == NULL) return 2;
    char r = GEOSPreparedContains_r(h, pg, pt);
    GEOSGeom_destroy_r(h, pt);
    return r;
#endif
}

/// Prepared intersects for a point given as x, y (for a point: covers). Returns 1, 0, or 2.
static inline char cgeos_prepared_intersects_xy(GEOSContextHandle_t h, const GEOSPreparedGeometry *pg,
                                                double x, double y) {
#if CGEOS_HAS_3_12
    return GEOSPreparedIntersectsXY_r(h, pg, x, y);
#else
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(h, x, y);
    if (pt == NULL) return 2;
    char r = GEOSPreparedIntersects_r(h, pg, pt);
    GEOSGeom_destroy_r(h, pt);
    return r;
#endif
}

/// Prepared containsProperly (the point lies in the interior) for x, y. There is no
/// native XY form in any GEOS version, so this always uses a temporary point.
static inline char cgeos_prepared_contains_properly_xy(GEOSContextHandle_t h, const GEOSPreparedGeometry *pg,
                                                       double x, double y) {
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(h, x, y);
    if (pt == NULL) return 2;
    char r = GEOSPreparedContainsProperly_r(h, pg, pt);
    GEOSGeom_destroy_r(h, pt);
    return r;
}

/// Coverage validation (GEOS >= 3.12 only). Returns 1 valid, 0 invalid, 2 error,
/// 3 when the installed GEOS does not have it. The Swift layer never depends on
/// this for its answers: territory validation computes overlaps and gaps itself,
/// identically on every version, and may use this only as a cross-check.
static inline int cgeos_coverage_is_valid(GEOSContextHandle_t h, const GEOSGeometry *coverage,
                                          double gapWidth, GEOSGeometry **invalidEdges) {
#if CGEOS_HAS_3_12
    return GEOSCoverageIsValid_r(h, coverage, gapWidth, invalidEdges);
#else
    (void)h; (void)coverage; (void)gapWidth;
    if (invalidEdges) *invalidEdges = NULL;
    return 3;
#endif
}

#endif
