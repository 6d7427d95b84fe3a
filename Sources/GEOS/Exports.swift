// The value types GEOS's API takes and returns come with it.
@_exported import GeoTypes
