// The value types PROJ's API takes and returns come with it.
@_exported import GeoTypes
