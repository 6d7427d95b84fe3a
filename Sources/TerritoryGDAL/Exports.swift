import GDAL
