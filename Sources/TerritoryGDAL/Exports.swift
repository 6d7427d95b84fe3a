// TerritoryGDAL's API extends TerritoryKit's types (`TerritoryMap`, `CustomerCSVReader`) and
// takes GDAL's errors, so importing it brings both: `import TerritoryGDAL` and nothing else.
@_exported import GDAL
@_exported import TerritoryKit
