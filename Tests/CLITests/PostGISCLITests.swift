import Foundation
import GDAL
import TerritoryGDAL
import TerritoryKit
import TestFixtures
import XCTest

/// A team's shared state in PostgreSQL + PostGIS: units and customers loaded into tables, a
/// plan designed from the table and written back, customers assigned from and to tables, the
/// same results as the file path. Needs the throwaway server that scripts/test.sh starts
/// (scripts/postgis.sh), named by TERRITORY_TEST_PG.
final class PostGISCLITests: XCTestCase {
    let cli = CLIRunner()
    var connection: String!

    override func setUpWithError() throws {
        let pg = try Services.required("TERRITORY_TEST_PG", "PostgreSQL/PostGIS server")
        connection = "PG:" + pg
    }

    func testDesignAssignFromAndToTablesAsFromFiles() throws {
        let counties = Fixtures.url("nc_counties_sids2.geojson").path, customers = Fixtures.url("nc_customers.csv").path
        try VectorOutput(connection, layer: "units").write(features: TerritoryMap.load(GeoJSONFile(URL(fileURLWithPath: counties))).outputFeatures())
        try VectorOutput(connection, layer: "customers").write(table: CSVTable.read(contentsOf: URL(fileURLWithPath: customers)))

        // Units read from the table are the file's units.
        XCTAssertEqual(
            try cli.ok(["adjacency", connection, "--layer", "units"]).stdout, try cli.ok(["adjacency", counties]).stdout)

        // Design from the table, writing the plan back: the same plan as from the file.
        let dir = try Fixtures.temporaryDirectory()
        let design = ["--territories", "4", "--weight-property", "bir74", "--tolerance", "1", "--format", "json"]
        let fromFile = try cli.ok(
            ["design", counties] + design + [
                "--output", dir.appendingPathComponent("plan.geojson").path, "--units-output", dir.appendingPathComponent("units.csv").path,
            ])
        let fromTable = try cli.ok(
            ["design", connection, "--layer", "units"] + design + [
                "--output", connection, "--output-layer", "territories", "--units-output", connection, "--units-output-layer", "alignment",
            ])
        XCTAssertEqual(fromTable.stdout, fromFile.stdout)
        XCTAssertEqual(try layerRows(connection, layer: "alignment"), try CSVTable.read(contentsOf: dir.appendingPathComponent("units.csv")).rows)

        // Assign the table's customers to the table's territories, into a table.
        let assigned = try cli.ok(["assign", dir.appendingPathComponent("plan.geojson").path, customers]).stdout
        _ = try cli.ok([
            "assign", connection, connection, "--layer", "territories", "--customers-layer", "customers", "--output", connection, "--output-layer",
            "assignments",
        ])
        let table = try layerRows(connection, layer: "assignments").map { $0.joined(separator: ",") + "\n" }.joined()
        XCTAssertEqual("customer_id,territory_id\n" + table, assigned)

        // Replaced on success: a second design (another seed) replaces the tables whole.
        _ = try cli.ok(
            ["design", connection, "--layer", "units", "--seed", "7"] + design + [
                "--output", connection, "--output-layer", "territories", "--units-output", connection, "--units-output-layer", "alignment",
            ])
        XCTAssertEqual(try layerRows(connection, layer: "alignment").count, 100)
        XCTAssertEqual(try layerRows(connection, layer: "territories").count, 4)
    }

    /// Regions of a design written to a database: the table `<territories>_regions`, beside the
    /// territories, one row per region holding its territories' weight.
    func testDesignedRegionsGoBesideTheTerritoriesTable() throws {
        let counties = Fixtures.url("nc_counties_sids2.geojson").path
        let r = try cli.ok([
            "design", counties, "--territories", "6", "--weight-property", "bir74", "--tolerance", "10", "--regions", "2", "--output", connection,
            "--output-layer", "org_territories", "--format", "json",
        ])
        let regions = try XCTUnwrap(try json(r.stdout)["regions"] as? [[String: Any]])
        let rows = try layerRows(connection, layer: "org_territories_regions")
        XCTAssertEqual(rows.count, 2)
        XCTAssertEqual(Set(rows.map { $0[0] }), Set(regions.map { $0["id"] as! String }))
        XCTAssertEqual(try layerRows(connection, layer: "org_territories").count, 6)
    }

    func testFailuresLeaveTheTablesAsTheyWere() throws {
        let counties = Fixtures.url("nc_counties_sids2.geojson").path
        _ = try cli.ok(["design", counties, "--territories", "3", "--output", connection, "--output-layer", "kept"])
        let before = try layerRows(connection, layer: "kept")
        XCTAssertEqual(before.count, 3)
        // A write that fails part-way (points the projection cannot show) is rolled back.
        let r = try cli.run(
            "design", counties, "--territories", "2", "--output", connection, "--output-layer", "kept", "--output-crs",
            "+proj=ortho +lat_0=-35 +lon_0=100")
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        XCTAssertEqual(try layerRows(connection, layer: "kept"), before, "the old table is kept whole")
        // A missing table, and a database that is not there.
        let missing = try cli.run("validate", connection, "--layer", "no_such_table")
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("no layer \"no_such_table\""), missing.stderr)
        XCTAssertEqual(missing.stderr.split(separator: "\n").count, 1, missing.stderr)
        let nodb = try cli.run("validate", connection.replacingOccurrences(of: "dbname=territory", with: "dbname=nope"))
        XCTAssertEqual(nodb.status, 2)
        XCTAssertTrue(nodb.stderr.contains("database \"nope\" does not exist"), nodb.stderr)
        // A table name PostgreSQL would cut to 63 bytes is refused before anything is written.
        let long = String(repeating: "t", count: 64)
        let cut = try cli.run(
            "assign", Fixtures.url("nc_territories.geojson").path, Fixtures.url("nc_customers.csv").path, "-o", connection, "--output-layer", long)
        XCTAssertEqual(cut.status, 2, cut.stderr)
        XCTAssertTrue(cut.stderr.contains("is 64 bytes; PostgreSQL keeps 63"), cut.stderr)
        XCTAssertFalse(cut.stderr.contains("password"), cut.stderr)
        // A name that is a view: the server's own reason, not "current transaction is aborted".
        let database = try VectorDataset.open(connection, update: true)
        _ = try database.executeSQL("DROP VIEW IF EXISTS just_a_view")
        _ = try database.executeSQL("CREATE VIEW just_a_view AS SELECT 1 AS x")
        try database.close()
        let view = try cli.run(
            "assign", Fixtures.url("nc_territories.geojson").path, Fixtures.url("nc_customers.csv").path, "-o", connection, "--output-layer",
            "just_a_view")
        XCTAssertEqual(view.status, 2, view.stderr)
        XCTAssertEqual(view.stderr.split(separator: "\n").count, 1, view.stderr)
        XCTAssertTrue(view.stderr.contains("\"just_a_view\" is not a table"), view.stderr)
        XCTAssertFalse(view.stderr.contains("transaction is aborted"), view.stderr)
    }

    /// A table that views, materialized views or foreign keys depend on is not replaced (GDAL
    /// would drop it with CASCADE, taking them too): one line naming them, exit 2, the table and
    /// its dependents kept; with --replace-dependents it is replaced.
    func testDependentsAreNamedAndKeptUnlessReplacingThemIsAsked() throws {
        let territories = Fixtures.url("nc_territories.geojson").path, customers = Fixtures.url("nc_customers.csv").path
        _ = try cli.ok(["assign", territories, customers, "-o", connection, "--output-layer", "accounts"])
        let database = try VectorDataset.open(connection, update: true)
        _ = try database.executeSQL("DROP VIEW IF EXISTS accounts_t1; DROP MATERIALIZED VIEW IF EXISTS accounts_count")
        _ = try database.executeSQL("CREATE VIEW accounts_t1 AS SELECT * FROM accounts WHERE territory_id = 'T1'")
        _ = try database.executeSQL("CREATE MATERIALIZED VIEW accounts_count AS SELECT count(*) FROM accounts")
        try database.close()
        let before = try layerRows(connection, layer: "accounts")
        let refused = try cli.run("assign", territories, customers, "-o", connection, "--output-layer", "accounts", "--nearest-within", "1000")
        XCTAssertEqual(refused.status, 2, refused.stderr)
        XCTAssertEqual(refused.stderr.split(separator: "\n").count, 1, refused.stderr)
        XCTAssertTrue(
            refused.stderr.contains("table accounts cannot be replaced: materialized view accounts_count, view accounts_t1 depend on it"),
            refused.stderr)
        XCTAssertTrue(refused.stderr.contains("--replace-dependents"), refused.stderr)
        XCTAssertEqual(try layerRows(connection, layer: "accounts"), before, "the table is kept")
        let check = try VectorDataset.open(connection)
        // Shapely's assignment puts 5 customers in T1 (fixtures/reference/nc_assignment.csv).
        XCTAssertEqual(try check.executeSQL("SELECT count(*) FROM accounts_t1"), [[.integer(5)]])
        try check.close()
        _ = try cli.ok([
            "assign", territories, customers, "-o", connection, "--output-layer", "accounts", "--replace-dependents", "--nearest-within", "1000",
        ])
        let after = try VectorDataset.open(connection)
        XCTAssertEqual(try after.executeSQL("SELECT count(*) FROM pg_class WHERE relname IN ('accounts_t1', 'accounts_count')"), [[.integer(0)]])
        XCTAssertEqual(try after.executeSQL("SELECT count(*) FROM accounts"), [[.integer(117)]])
        try after.close()
    }
}
