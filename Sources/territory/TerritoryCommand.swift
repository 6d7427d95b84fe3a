import ArgumentParser
import Foundation
import GDAL
import GEOS
import PROJ
import TerritoryKit

/// The `territory` command-line tool: validate territory maps, assign customers, report on
/// balance and render maps, over the TerritoryKit library.
@main
struct TerritoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "territory",
        abstract: "Sales territory geometry: validate maps, assign customers, report balance, design territories, route reps, render maps.",
        discussion: """
            Territories are GeoJSON FeatureCollections of Polygon/MultiPolygon features in lon/lat, or any
            vector source GDAL reads (Shapefile, GeoPackage, PostGIS, ...). Customers are CSV files with a
            header (default columns id,lon,lat,weight), point layers or spreadsheets.
            Exit status: 0 success; 1 an answer with a problem in it (validate or repair: problems found or
            left; design: tolerance not met); 2 unusable input, nothing written; 64 an unknown option or a
            value an option cannot take; 130/143 interrupted.
            """,
        subcommands: [
            ValidateCommand.self, AssignCommand.self, ReportCommand.self, RenderCommand.self, AdjacencyCommand.self,
            DesignCommand.self, PlanCommand.self, RouteCommand.self, ScheduleCommand.self, RepairCommand.self, DiffCommand.self, CompareCommand.self,
            EditCommand.self,
        ]
    )

    /// The tool's release.
    static let release = "0.1.0"

    @Flag(help: "Print the tool's release and the GEOS, PROJ and GDAL releases it runs on.")
    var version = false

    func run() throws {
        guard version else { throw CleanExit.helpRequest(self) }
        // GDAL is loaded here only because it is asked about (commands load it on first use).
        let gdal = (try? GDALLibrary.version) ?? "not installed"
        let proj = (try? PROJLibrary.version) ?? "not installed"
        print("territory \(TerritoryCommand.release) (GEOS \(GEOSLibrary.version.split(separator: "-").first ?? ""), PROJ \(proj), GDAL \(gdal))")
    }
}
