import Foundation

/// Paths to the bundled real-data fixtures (see fixtures/README.md), shared by the test targets.
public enum Fixtures {
    /// The repository's `fixtures/` folder, found from this source file's location.
    public static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures")

    /// The URL of a fixture file, e.g. `nc_counties_sids2.geojson` or `reference/nybb_geodesic.csv`.
    public static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    /// The text of a fixture file.
    public static func text(_ name: String) throws -> String {
        try String(contentsOf: url(name), encoding: .utf8)
    }

    /// A reference CSV as rows of columns (header dropped).
    public static func csvRows(_ name: String) throws -> [[String]] {
        try text(name).split(whereSeparator: \.isNewline).dropFirst().map { $0.split(separator: ",").map(String.init) }
    }

    /// A reference CSV (made by a script under fixtures/reference/ with shapely and pyproj) as one
    /// dictionary per row, keyed by the header's column names.
    public static func referenceRows(_ name: String) throws -> [[String: String]] {
        let lines = try text(name).split(whereSeparator: \.isNewline)
        guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false).map(String.init) else { return [] }
        return lines.dropFirst().map { line in
            Dictionary(uniqueKeysWithValues: zip(header, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)))
        }
    }

    /// The seed of the tests' pseudo-random inputs: `TERRITORY_TEST_SEED` when set (to replay or
    /// vary a run), else a fixed one. Tests that draw random inputs name it in their failure
    /// messages, so that any failure can be replayed.
    public static var testSeed: UInt64 {
        ProcessInfo.processInfo.environment["TERRITORY_TEST_SEED"].flatMap { UInt64($0) } ?? 20_261_207
    }

    /// A fresh, empty temporary directory for one test.
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("territory-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
