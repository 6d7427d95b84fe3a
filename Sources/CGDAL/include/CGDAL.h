// The part of GDAL's C API (vector: OGR, OSR, VSI, CPL errors) that the GDAL target uses,
// reached through function pointers that `cgdal_load` fills from the shared library at run time.
//
// Why not link libgdal: it pulls in about 114 shared libraries, which the dynamic loader would
// map at every start of every program that links it, whether or not it reads a single layer
// (it doubles the CLI's start-up). Loading it on first use keeps the GeoJSON/CSV paths as fast
// as before and keeps it out of programs that never call it. The declarations below are GDAL's
// own (GDAL 3.x, whose C API is stable); `loader.c` checks each of them against GDAL's headers
// at compile time when those are installed (`libgdal-dev`), so a mismatch fails the build.
//
// Handles are opaque pointers, as in GDAL's release headers. Option lists are `char **` where
// GDAL's C headers say CSLConstList (which C sees as char **), `const char *const *` elsewhere. GDAL's enums are `unsigned int`
// here (the type C compilers give an enum without negative values); OGRErr is an int.
#ifndef CGDAL_H
#define CGDAL_H

#include <stddef.h>
#include <stdint.h>

typedef void *CGDALDatasetH;
typedef void *CGDALDriverH;
typedef void *COGRLayerH;
typedef void *COGRFeatureH;
typedef void *COGRFeatureDefnH;
typedef void *COGRFieldDefnH;
typedef void *COGRGeometryH;
typedef void *COGRSpatialReferenceH;
typedef void *COGRCoordinateTransformationH;
typedef void *CVSILFILE;
typedef int COGRErr;
typedef long long CGIntBig;

/// GDALOpenEx flags.
enum { CGDAL_OF_UPDATE = 0x01, CGDAL_OF_VECTOR = 0x04, CGDAL_OF_VERBOSE_ERROR = 0x40 };
/// OGRFieldType values used here.
enum {
    COFTInteger = 0, COFTReal = 2, COFTString = 4, COFTDate = 9, COFTTime = 10, COFTDateTime = 11,
    COFTInteger64 = 12
};
/// OGRwkbGeometryType values used here (flat types; 2.5D and ISO Z/M variants are flattened).
enum {
    CwkbUnknown = 0, CwkbPoint = 1, CwkbLineString = 2, CwkbPolygon = 3, CwkbMultiPoint = 4,
    CwkbMultiLineString = 5, CwkbMultiPolygon = 6, CwkbGeometryCollection = 7, CwkbNone = 100
};
/// OGRERR_NONE.
enum { COGRERR_NONE = 0 };
/// OAMS_TRADITIONAL_GIS_ORDER.
enum { COAMS_TRADITIONAL_GIS_ORDER = 0 };

/// GDAL's functions, filled by `cgdal_load`.
struct CGDALAPI {
    // Drivers and datasets (gdal.h)
    void (*GDALAllRegister)(void);
    const char *(*GDALVersionInfo)(const char *);
    CGDALDatasetH (*GDALOpenEx)(const char *, unsigned int, const char *const *, const char *const *, const char *const *);
    void (*GDALClose)(CGDALDatasetH);
    CGDALDriverH (*GDALGetDatasetDriver)(CGDALDatasetH);
    const char *(*GDALGetDriverShortName)(CGDALDriverH);
    CGDALDriverH (*GDALGetDriverByName)(const char *);
    CGDALDatasetH (*GDALCreate)(CGDALDriverH, const char *, int, int, int, unsigned int, char **);
    int (*GDALDatasetGetLayerCount)(CGDALDatasetH);
    COGRLayerH (*GDALDatasetGetLayer)(CGDALDatasetH, int);
    COGRLayerH (*GDALDatasetGetLayerByName)(CGDALDatasetH, const char *);
    COGRLayerH (*GDALDatasetCreateLayer)(CGDALDatasetH, const char *, COGRSpatialReferenceH, unsigned int, char **);
    COGRErr (*GDALDatasetDeleteLayer)(CGDALDatasetH, int);
    COGRErr (*GDALDatasetStartTransaction)(CGDALDatasetH, int);
    COGRErr (*GDALDatasetCommitTransaction)(CGDALDatasetH);
    COGRErr (*GDALDatasetRollbackTransaction)(CGDALDatasetH);
    int (*GDALDatasetTestCapability)(CGDALDatasetH, const char *);
    COGRLayerH (*GDALDatasetExecuteSQL)(CGDALDatasetH, const char *, COGRGeometryH, const char *);
    void (*GDALDatasetReleaseResultSet)(CGDALDatasetH, COGRLayerH);
    // Layers (ogr_api.h)
    const char *(*OGR_L_GetName)(COGRLayerH);
    const char *(*OGR_L_GetFIDColumn)(COGRLayerH);
    unsigned int (*OGR_L_GetGeomType)(COGRLayerH);
    COGRSpatialReferenceH (*OGR_L_GetSpatialRef)(COGRLayerH);
    COGRFeatureDefnH (*OGR_L_GetLayerDefn)(COGRLayerH);
    void (*OGR_L_ResetReading)(COGRLayerH);
    COGRFeatureH (*OGR_L_GetNextFeature)(COGRLayerH);
    CGIntBig (*OGR_L_GetFeatureCount)(COGRLayerH, int);
    COGRErr (*OGR_L_CreateField)(COGRLayerH, COGRFieldDefnH, int);
    COGRErr (*OGR_L_CreateFeature)(COGRLayerH, COGRFeatureH);
    int (*OGR_L_TestCapability)(COGRLayerH, const char *);
    // Feature definitions and fields
    int (*OGR_FD_GetFieldCount)(COGRFeatureDefnH);
    COGRFieldDefnH (*OGR_FD_GetFieldDefn)(COGRFeatureDefnH, int);
    int (*OGR_FD_GetGeomFieldCount)(COGRFeatureDefnH);
    const char *(*OGR_Fld_GetNameRef)(COGRFieldDefnH);
    unsigned int (*OGR_Fld_GetType)(COGRFieldDefnH);
    COGRFieldDefnH (*OGR_Fld_Create)(const char *, unsigned int);
    void (*OGR_Fld_Destroy)(COGRFieldDefnH);
    // Features
    COGRFeatureH (*OGR_F_Create)(COGRFeatureDefnH);
    void (*OGR_F_Destroy)(COGRFeatureH);
    CGIntBig (*OGR_F_GetFID)(COGRFeatureH);
    COGRGeometryH (*OGR_F_GetGeometryRef)(COGRFeatureH);
    int (*OGR_F_IsFieldSetAndNotNull)(COGRFeatureH, int);
    CGIntBig (*OGR_F_GetFieldAsInteger64)(COGRFeatureH, int);
    double (*OGR_F_GetFieldAsDouble)(COGRFeatureH, int);
    const char *(*OGR_F_GetFieldAsString)(COGRFeatureH, int);
    void (*OGR_F_SetFieldInteger64)(COGRFeatureH, int, CGIntBig);
    void (*OGR_F_SetFieldDouble)(COGRFeatureH, int, double);
    void (*OGR_F_SetFieldString)(COGRFeatureH, int, const char *);
    void (*OGR_F_SetFieldNull)(COGRFeatureH, int);
    COGRErr (*OGR_F_SetGeometryDirectly)(COGRFeatureH, COGRGeometryH);
    // Geometries
    unsigned int (*OGR_G_GetGeometryType)(COGRGeometryH);
    int (*OGR_G_IsEmpty)(COGRGeometryH);
    int (*OGR_G_WkbSize)(COGRGeometryH);
    COGRErr (*OGR_G_ExportToIsoWkb)(COGRGeometryH, unsigned int, unsigned char *);
    void (*OGR_G_FlattenTo2D)(COGRGeometryH);
    COGRGeometryH (*OGR_G_GetLinearGeometry)(COGRGeometryH, double, char **);
    COGRErr (*OGR_G_CreateFromWkb)(const void *, COGRSpatialReferenceH, COGRGeometryH *, int);
    void (*OGR_G_DestroyGeometry)(COGRGeometryH);
    COGRErr (*OGR_G_Transform)(COGRGeometryH, COGRCoordinateTransformationH);
    int (*OGR_GT_IsNonLinear)(unsigned int);
    const char *(*OGRGeometryTypeToName)(unsigned int);
    // Spatial references (ogr_srs_api.h)
    COGRSpatialReferenceH (*OSRNewSpatialReference)(const char *);
    COGRSpatialReferenceH (*OSRClone)(COGRSpatialReferenceH);
    void (*OSRRelease)(COGRSpatialReferenceH);
    COGRErr (*OSRSetFromUserInput)(COGRSpatialReferenceH, const char *);
    COGRErr (*OSRExportToWktEx)(COGRSpatialReferenceH, char **, const char *const *);
    const char *(*OSRGetAuthorityName)(COGRSpatialReferenceH, const char *);
    const char *(*OSRGetAuthorityCode)(COGRSpatialReferenceH, const char *);
    int (*OSRIsGeographic)(COGRSpatialReferenceH);
    int (*OSRIsSameEx)(COGRSpatialReferenceH, COGRSpatialReferenceH, const char *const *);
    void (*OSRSetAxisMappingStrategy)(COGRSpatialReferenceH, unsigned int);
    const int *(*OSRGetDataAxisToSRSAxisMapping)(COGRSpatialReferenceH, int *);
    COGRCoordinateTransformationH (*OCTNewCoordinateTransformation)(COGRSpatialReferenceH, COGRSpatialReferenceH);
    void (*OCTDestroyCoordinateTransformation)(COGRCoordinateTransformationH);
    // Errors, configuration and in-memory files (cpl_error.h, cpl_conv.h, cpl_vsi.h)
    void (*CPLErrorReset)(void);
    void (*CPLSetConfigOption)(const char *, const char *);
    void (*VSIFree)(void *);
    CVSILFILE (*VSIFileFromMemBuffer)(const char *, unsigned char *, unsigned long long, int);
    int (*VSIFCloseL)(CVSILFILE);
    int (*VSIUnlink)(const char *);
};

/// Loads GDAL (once; later calls return the first result). Returns the function table, or NULL
/// with the reason in `message` (the library was not found, or lacks a function).
/// Thread-safe. The library is looked for as $TERRITORY_GDAL_LIBRARY when set, then under the
/// names the system's packages install (libgdal.so, libgdal.so.N; libgdal.dylib on macOS).
const struct CGDALAPI *cgdal_load(char *message, size_t size);

/// Forgets the calling thread's recorded GDAL errors.
void cgdal_errors_reset(void);
/// The calling thread's first GDAL error (CE_Failure or worse) since the last reset, or NULL.
/// GDAL often reports a cause first and a consequence after it; the first is the one to show.
const char *cgdal_first_error(void);

#endif
