// Loads GDAL at run time and records its errors per thread (see CGDAL.h for why).
#include "CGDAL.h"

#include <dlfcn.h>

#include "CDynamicLibrary.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// With GDAL's headers installed, every declaration in CGDAL.h is checked against GDAL's own:
// a function whose type differs fails the build here rather than misbehaving at run time.
// GDAL's headers declare handles as distinct struct pointers when DEBUG is defined (as debug
// builds do); its release headers, and its library, use void pointers.
#if __has_include(<gdal/gdal.h>)
#undef DEBUG
#include <gdal/cpl_conv.h>
#include <gdal/cpl_error.h>
#include <gdal/cpl_vsi.h>
#include <gdal/gdal.h>
#include <gdal/ogr_api.h>
#include <gdal/ogr_srs_api.h>
#define CGDAL_CHECK(name)                                                                                   \
    _Static_assert(__builtin_types_compatible_p(__typeof__(&name), __typeof__(((struct CGDALAPI *)0)->name)), \
                   #name " in CGDAL.h differs from GDAL's header");
#else
#define CGDAL_CHECK(name)
#endif

// Every function of the table, in its order. The two VSI file functions take GDAL's VSILFILE
// (a FILE or an opaque struct, by build), declared as void * in CGDAL.h, so they are not checked.
#define CGDAL_FUNCTIONS(X, UNCHECKED)                                                                   \
    X(GDALAllRegister) X(GDALVersionInfo) X(GDALOpenEx) X(GDALClose) X(GDALGetDatasetDriver)           \
    X(GDALGetDriverShortName) X(GDALGetDriverByName) X(GDALCreate) X(GDALDatasetGetLayerCount)         \
    X(GDALDatasetGetLayer) X(GDALDatasetGetLayerByName) X(GDALDatasetCreateLayer)                      \
    X(GDALDatasetDeleteLayer) X(GDALDatasetStartTransaction) X(GDALDatasetCommitTransaction)          \
    X(GDALDatasetRollbackTransaction) X(GDALDatasetTestCapability) X(GDALDatasetExecuteSQL)            \
    X(GDALDatasetReleaseResultSet) X(OGR_L_GetName) X(OGR_L_GetFIDColumn)                            \
    X(OGR_L_GetGeomType) X(OGR_L_GetSpatialRef) X(OGR_L_GetLayerDefn) X(OGR_L_ResetReading)           \
    X(OGR_L_GetNextFeature) X(OGR_L_GetFeatureCount) X(OGR_L_CreateField) X(OGR_L_CreateFeature)      \
    X(OGR_L_TestCapability) X(OGR_FD_GetFieldCount) X(OGR_FD_GetFieldDefn) X(OGR_FD_GetGeomFieldCount) \
    X(OGR_Fld_GetNameRef) X(OGR_Fld_GetType) X(OGR_Fld_Create) X(OGR_Fld_Destroy) X(OGR_F_Create)     \
    X(OGR_F_Destroy) X(OGR_F_GetFID) X(OGR_F_GetGeometryRef) X(OGR_F_IsFieldSetAndNotNull)            \
    X(OGR_F_GetFieldAsInteger64) X(OGR_F_GetFieldAsDouble) X(OGR_F_GetFieldAsString)                  \
    X(OGR_F_SetFieldInteger64) X(OGR_F_SetFieldDouble) X(OGR_F_SetFieldString) X(OGR_F_SetFieldNull)  \
    X(OGR_F_SetGeometryDirectly) X(OGR_G_GetGeometryType) X(OGR_G_IsEmpty) X(OGR_G_WkbSize)           \
    X(OGR_G_ExportToIsoWkb) X(OGR_G_FlattenTo2D) X(OGR_G_GetLinearGeometry) X(OGR_G_CreateFromWkb)    \
    X(OGR_G_DestroyGeometry) X(OGR_G_Transform) X(OGR_GT_IsNonLinear) X(OGRGeometryTypeToName)        \
    X(OSRNewSpatialReference) X(OSRClone) X(OSRRelease) X(OSRSetFromUserInput) X(OSRExportToWktEx)    \
    X(OSRGetAuthorityName) X(OSRGetAuthorityCode) X(OSRIsGeographic) X(OSRIsSameEx)                   \
    X(OSRSetAxisMappingStrategy) X(OSRGetDataAxisToSRSAxisMapping) X(OCTNewCoordinateTransformation) \
    X(OCTDestroyCoordinateTransformation) X(CPLErrorReset) X(CPLSetConfigOption) X(VSIFree)          \
    UNCHECKED(VSIFileFromMemBuffer) UNCHECKED(VSIFCloseL) X(VSIUnlink)

#define CGDAL_NOTHING(name)
CGDAL_FUNCTIONS(CGDAL_CHECK, CGDAL_NOTHING)

static struct CGDALAPI api;
static const struct CGDALAPI *loaded;
static char failure[512];
static pthread_once_t once = PTHREAD_ONCE_INIT;

// GDAL's errors, per thread: GDAL keeps only the last one itself, and by default prints every
// error and warning to stderr, which a library must not do.
static _Thread_local char first_error[1024];
static _Thread_local int has_first_error;

// GDAL's CPLErrorHandler: (CPLErr class, CPLErrorNum number, message). Classes: 0 none,
// 1 debug, 2 warning, 3 failure, 4 fatal. Warnings and debug output are dropped.
static void record_error(unsigned int error_class, int number, const char *message) {
    (void)number;
    if (error_class < 3 || has_first_error) return;
    snprintf(first_error, sizeof first_error, "%s", message ? message : "unknown GDAL error");
    has_first_error = 1;
}

static void load_once(void) {
    void *h = cdl_open("TERRITORY_GDAL_LIBRARY", "libgdal", 40, 26);
    if (!h) {
        const char *why = dlerror();
        snprintf(failure, sizeof failure,
                 "GDAL is not installed (%s); install it with `apt-get install libgdal-dev` or `brew install gdal`",
                 why ? why : "libgdal not found");
        return;
    }
#define CGDAL_RESOLVE(name)                                                                             \
    *(void **)(&api.name) = dlsym(h, #name);                                                             \
    if (!api.name) {                                                                                      \
        snprintf(failure, sizeof failure, "the GDAL library found lacks %s; GDAL 3.1 or later is needed", #name); \
        return;                                                                                           \
    }
    CGDAL_FUNCTIONS(CGDAL_RESOLVE, CGDAL_RESOLVE)
#undef CGDAL_RESOLVE
    typedef void (*handler_t)(unsigned int, int, const char *);
    handler_t (*set_handler)(handler_t) = (handler_t(*)(handler_t))dlsym(h, "CPLSetErrorHandler");
    if (!set_handler) {
        snprintf(failure, sizeof failure, "the GDAL library found lacks CPLSetErrorHandler");
        return;
    }
    set_handler(record_error);
    api.GDALAllRegister();
    loaded = &api;
}

const struct CGDALAPI *cgdal_load(char *message, size_t size) {
    pthread_once(&once, load_once);
    if (!loaded && message && size > 0) snprintf(message, size, "%s", failure);
    return loaded;
}

void cgdal_errors_reset(void) {
    has_first_error = 0;
    first_error[0] = 0;
    if (loaded) loaded->CPLErrorReset();
}

const char *cgdal_first_error(void) { return has_first_error ? first_error : NULL; }
