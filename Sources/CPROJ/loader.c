// Loads PROJ at run time (see CPROJ.h for why).
#include "CPROJ.h"

#include <dlfcn.h>

#include "CDynamicLibrary.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

// With PROJ's headers installed, every function of the table is checked against PROJ's own
// declaration, and the structs returned by value against PROJ's layout.
#if __has_include(<proj.h>) && __has_include(<geodesic.h>)
#include <geodesic.h>
#include <proj.h>
#include <stddef.h>
#define CPROJ_CHECK(name, type)                                                                       \
    _Static_assert(__builtin_types_compatible_p(__typeof__(&name), type), #name " in CPROJ.h differs from PROJ's header");
#define CPROJ_SAME(ours, theirs, field) \
    _Static_assert(offsetof(ours, field) == offsetof(theirs, field), #field " of " #ours " differs from PROJ's header");
CPROJ_SAME(struct cproj_info, PJ_INFO, release)
CPROJ_SAME(struct cproj_info, PJ_INFO, path_count)
_Static_assert(sizeof(struct cproj_info) == sizeof(PJ_INFO), "PJ_INFO differs from PROJ's header");
CPROJ_SAME(struct cproj_proj_info, PJ_PROJ_INFO, has_inverse)
_Static_assert(sizeof(struct cproj_proj_info) == sizeof(PJ_PROJ_INFO), "PJ_PROJ_INFO differs from PROJ's header");
CPROJ_SAME(struct cproj_geodesic, struct geod_geodesic, C4x)
_Static_assert(sizeof(struct cproj_geodesic) == sizeof(struct geod_geodesic), "geod_geodesic differs from PROJ's header");
CPROJ_CHECK(proj_context_create, PJ_CONTEXT *(*)(void))
CPROJ_CHECK(proj_context_destroy, PJ_CONTEXT *(*)(PJ_CONTEXT *))
CPROJ_CHECK(proj_context_errno, int (*)(PJ_CONTEXT *))
CPROJ_CHECK(proj_context_errno_string, const char *(*)(PJ_CONTEXT *, int))
CPROJ_CHECK(proj_create, PJ *(*)(PJ_CONTEXT *, const char *))
CPROJ_CHECK(proj_destroy, PJ *(*)(PJ *))
CPROJ_CHECK(proj_is_crs, int (*)(const PJ *))
CPROJ_CHECK(proj_normalize_for_visualization, PJ *(*)(PJ_CONTEXT *, const PJ *))
CPROJ_CHECK(proj_errno, int (*)(const PJ *))
CPROJ_CHECK(proj_errno_reset, int (*)(const PJ *))
#endif

static struct CPROJAPI api;
static const struct CPROJAPI *loaded;
static char failure[512];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load_once(void) {
    void *h = cdl_open("TERRITORY_PROJ_LIBRARY", "libproj", 40, 15);
    if (!h) {
        const char *why = dlerror();
        snprintf(failure, sizeof failure,
                 "PROJ is not installed (%s); install it with `apt-get install libproj-dev` or `brew install proj`",
                 why ? why : "libproj not found");
        return;
    }
#define CPROJ_RESOLVE(name)                                                                                 \
    *(void **)(&api.name) = dlsym(h, #name);                                                                 \
    if (!api.name) {                                                                                          \
        snprintf(failure, sizeof failure, "the PROJ library found lacks %s; PROJ 6 or later is needed", #name); \
        return;                                                                                               \
    }
    CPROJ_RESOLVE(proj_context_create) CPROJ_RESOLVE(proj_context_destroy) CPROJ_RESOLVE(proj_log_func)
    CPROJ_RESOLVE(proj_context_errno) CPROJ_RESOLVE(proj_context_errno_string) CPROJ_RESOLVE(proj_create)
    CPROJ_RESOLVE(proj_destroy) CPROJ_RESOLVE(proj_is_crs) CPROJ_RESOLVE(proj_create_crs_to_crs)
    CPROJ_RESOLVE(proj_normalize_for_visualization) CPROJ_RESOLVE(proj_trans_generic) CPROJ_RESOLVE(proj_errno)
    CPROJ_RESOLVE(proj_errno_reset) CPROJ_RESOLVE(proj_pj_info) CPROJ_RESOLVE(proj_info) CPROJ_RESOLVE(geod_init)
    CPROJ_RESOLVE(geod_inverse) CPROJ_RESOLVE(geod_direct) CPROJ_RESOLVE(geod_polygonarea)
#undef CPROJ_RESOLVE
    loaded = &api;
}

const struct CPROJAPI *cproj_load(char *message, size_t size) {
    pthread_once(&once, load_once);
    if (!loaded && message && size > 0) snprintf(message, size, "%s", failure);
    return loaded;
}
