// The part of PROJ's C API (proj.h, geodesic.h) that the PROJ target uses, reached through
// function pointers that `cproj_load` fills from the shared library on first use.
//
// Why not link libproj: Debian's libproj pulls in some 40 shared libraries (libcurl, GnuTLS,
// Kerberos, LDAP, libtiff, ...) that the dynamic loader maps at every start, about 8 ms of the
// CLI's 13 ms start-up, whether or not the command transforms or measures anything (`assign`
// without `--nearest-within` never does). Loading PROJ on first use, as GDAL is, keeps that cost
// to the commands that use it. The declarations are PROJ's own (the C API of PROJ 6 and later,
// which is stable); `loader.c` checks them against PROJ's headers at compile time when those are
// installed (`libproj-dev`), so a mismatch fails the build.
#ifndef CPROJ_H
#define CPROJ_H

#include <stddef.h>

/// PROJ's opaque context and object handles (the same struct tags as proj.h).
typedef struct pj_ctx PJ_CONTEXT;
typedef struct PJconsts PJ;

/// PJ_INFO: what `proj_info` returns.
struct cproj_info {
    int major, minor, patch;
    const char *_Nullable release;
    const char *_Nullable version;
    const char *_Nullable searchpath;
    const char *_Nullable const *_Nullable paths;
    size_t path_count;
};

/// PJ_PROJ_INFO: what `proj_pj_info` returns.
struct cproj_proj_info {
    const char *_Nullable id;
    const char *_Nullable description;
    const char *_Nullable definition;
    int has_inverse;
    double accuracy;
};

/// struct geod_geodesic: an ellipsoid prepared by `geod_init` (the series coefficients of
/// Karney's algorithms follow the two parameters).
struct cproj_geodesic {
    double a, f;
    double f1, e2, ep2, n, b, c2, etol2;
    double A3x[6], C3x[15], C4x[21];
};

/// PJ_DIRECTION values.
enum { CPROJ_FWD = 1, CPROJ_IDENT = 0, CPROJ_INV = -1 };

/// PJ_LOG_FUNCTION.
typedef void (*cproj_log_function)(void *_Nullable, int, const char *_Nullable);

/// PROJ's functions, filled by `cproj_load`.
struct CPROJAPI {
    PJ_CONTEXT *_Nullable (*_Nonnull proj_context_create)(void);
    PJ_CONTEXT *_Nullable (*_Nonnull proj_context_destroy)(PJ_CONTEXT *_Nullable);
    void (*_Nonnull proj_log_func)(PJ_CONTEXT *_Nullable, void *_Nullable, cproj_log_function _Nullable);
    int (*_Nonnull proj_context_errno)(PJ_CONTEXT *_Nullable);
    const char *_Nullable (*_Nonnull proj_context_errno_string)(PJ_CONTEXT *_Nullable, int);
    PJ *_Nullable (*_Nonnull proj_create)(PJ_CONTEXT *_Nullable, const char *_Nonnull);
    PJ *_Nullable (*_Nonnull proj_destroy)(PJ *_Nullable);
    int (*_Nonnull proj_is_crs)(const PJ *_Nullable);
    PJ *_Nullable (*_Nonnull proj_create_crs_to_crs)(PJ_CONTEXT *_Nullable, const char *_Nonnull, const char *_Nonnull, void *_Nullable);
    PJ *_Nullable (*_Nonnull proj_normalize_for_visualization)(PJ_CONTEXT *_Nullable, const PJ *_Nullable);
    size_t (*_Nonnull proj_trans_generic)(
        PJ *_Nullable, int, double *_Nullable, size_t, size_t, double *_Nullable, size_t, size_t, double *_Nullable, size_t, size_t,
        double *_Nullable, size_t, size_t);
    int (*_Nonnull proj_errno)(const PJ *_Nullable);
    int (*_Nonnull proj_errno_reset)(const PJ *_Nullable);
    struct cproj_proj_info (*_Nonnull proj_pj_info)(PJ *_Nullable);
    struct cproj_info (*_Nonnull proj_info)(void);
    void (*_Nonnull geod_init)(struct cproj_geodesic *_Nonnull, double, double);
    void (*_Nonnull geod_inverse)(
        const struct cproj_geodesic *_Nonnull, double, double, double, double, double *_Nullable, double *_Nullable, double *_Nullable);
    void (*_Nonnull geod_direct)(
        const struct cproj_geodesic *_Nonnull, double, double, double, double, double *_Nullable, double *_Nullable, double *_Nullable);
    void (*_Nonnull geod_polygonarea)(
        const struct cproj_geodesic *_Nonnull, double *_Nonnull, double *_Nonnull, int, double *_Nullable, double *_Nullable);
};

/// The loaded function table, or NULL when PROJ cannot be loaded, with the reason in `message`
/// (the library was not found, or lacks a function). Thread-safe; the library is loaded once.
/// It is looked for as $TERRITORY_PROJ_LIBRARY when set, then under the names the system's
/// packages install (libproj.so, libproj.so.N; libproj.dylib on macOS).
const struct CPROJAPI *_Nullable cproj_load(char *_Nullable message, size_t size);

#endif
