import ArgumentParser
import Foundation
import GDAL
import GEOS
import PROJ
import TerritoryGDAL
import TerritoryKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `--quiet`: no progress line on a terminal.
struct QuietOption: ParsableArguments {
    @Flag(help: "Show no progress line (shown only when stderr is a terminal).")
    var quiet = false

    /// Applies the flag before any work starts.
    func apply() { Progress.quiet = quiet }
}

/// How every command that reads customers reads them: the same columns, layer, delimiter,
/// header row and encoding options everywhere.
struct CustomerOptions: ParsableArguments {
    @Option(name: .customLong("id-column"), help: "Customer id column (default: id).")
    var idColumn: String?
    @Option(name: .customLong("lon-column"), help: "Longitude column, decimal degrees (default: lon).")
    var lonColumn: String?
    @Option(name: .customLong("lat-column"), help: "Latitude column, decimal degrees (default: lat).")
    var latColumn: String?
    @Option(name: .customLong("weight-column"), help: "Weight column; optional (weight 1) unless named here.")
    var weightColumn: String?
    @Option(name: .customLong("customers-layer"), help: "Layer or sheet of a GeoPackage, database or spreadsheet holding the customers.")
    var customersLayer: String?
    @Option(help: "Field delimiter of a customer CSV: one character such as ';' or '|', or tab (default: ',').")
    var delimiter: String?
    @Option(
        name: .customLong("header-row"),
        help: "Line of a customer CSV (row of a sheet) holding the header; the lines above it are skipped (default: 1).")
    var headerRow: Int?
    @Option(help: "Encoding of a customer CSV: utf8 (default; checked), latin1 (ISO 8859-1) or cp1252 (Windows-1252), converted to UTF-8.")
    var encoding: String?
    @Flag(
        name: .customLong("swap-lon-lat"),
        help: "Read the longitude column as latitudes and the latitude column as longitudes (a file with the two swapped).")
    var swapLonLat = false

    func validate() throws {
        if let headerRow, headerRow < 1 { throw ValidationError("--header-row must be 1 or more") }
        if let delimiter, CSVDialect.delimiter(named: delimiter) == nil {
            throw ValidationError("--delimiter takes one character other than a quote or a line break, or tab; not \"\(delimiter)\"")
        }
        if let encoding, TextEncoding(name: encoding) == nil {
            throw ValidationError("--encoding takes utf8, latin1 or cp1252, not \"\(encoding)\"")
        }
    }

    /// The CSV dialect the options describe (plain CSV by default).
    var dialect: CSVDialect {
        CSVDialect(
            delimiter: delimiter.flatMap(CSVDialect.delimiter(named:)) ?? 0x2C, headerRow: headerRow ?? 1,
            encoding: encoding.flatMap(TextEncoding.init(name:)) ?? .utf8)
    }

    var columns: CustomerColumns {
        var c = CustomerColumns()
        c.id = idColumn ?? "id"; c.lon = lonColumn ?? "lon"; c.lat = latColumn ?? "lat"
        if let weightColumn { c.weight = weightColumn; c.weightRequired = true }
        c.swapLonLat = swapLonLat
        return c
    }

    /// The options given, by name (for "goes with --customers" refusals).
    var given: [String] {
        [
            ("--id-column", idColumn), ("--lon-column", lonColumn), ("--lat-column", latColumn), ("--weight-column", weightColumn),
            ("--customers-layer", customersLayer), ("--delimiter", delimiter), ("--header-row", headerRow.map(String.init)),
            ("--encoding", encoding), ("--swap-lon-lat", swapLonLat ? "" : nil),
        ].compactMap { $0.1 == nil ? nil : $0.0 }
    }
}

/// `--nearest-within`: customers no territory (or unit) covers go to the nearest one within
/// this geodesic distance, as `assign` does; without it they are left out, and the commands
/// that leave customers out say how many.
struct NearestOptions: ParsableArguments {
    @Option(name: .customLong("nearest-within"), help: "Give uncovered customers to the nearest territory (or unit) within this many metres.")
    var nearestWithin: Double?

    func validate() throws {
        if let d = nearestWithin, !(d >= 0 && d.isFinite) { throw ValidationError("--nearest-within must be >= 0 metres") }
    }

    /// The assigner's options.
    var assignment: AssignmentOptions { AssignmentOptions(nearestWithin: nearestWithin) }

    /// The warning for customers left out that look like a mistake, or nil: none placed at all,
    /// or most left out while their swapped coordinates would place them (the first few
    /// thousand customers of `customers` are read again to tell).
    /// - Parameters:
    ///   - count: the customers left out, of `total`.
    ///   - what: "territory" or "unit".
    ///   - customers: the customers' source and options, and `map` the territories or units
    ///     they were placed in (made only when a warning is in question).
    static func implausibility(
        _ count: Int, of total: Int, outside what: String, customers: (path: String, options: CustomerOptions), map: () throws -> TerritoryMap
    ) throws -> String? {
        guard total > 0, count * 2 > total else { return nil }
        var sample = CustomerBatch()
        let reader = try openCustomers(customers.path, customers.options)
        reader.chunkBytes = 1 << 16
        try reader.next(into: &sample)
        let check = CoordinateOrderCheck(batch: sample, assigner: try TerritoryAssigner(map: map()))
        let n = NumberText.grouped(count), all = NumberText.grouped(total)
        if check.looksSwapped {
            return
                "warning: \(n) of \(all) customers lie outside every \(what), but with longitude and latitude swapped \(check.insideWhenSwapped) of "
                + "the first \(check.sampled) would lie inside: the columns look swapped; give --swap-lon-lat"
        }
        if count == total {
            return
                "warning: none of the \(all) customers lies in any \(what): check the --lon-column and --lat-column and the map's CRS (--source-crs)"
        }
        return nil
    }

    /// Says on stderr how many customers were left out (nothing when none were), or, when that
    /// looks like a mistake, the warning of ``implausibility(_:of:outside:customers:map:)``
    /// instead of the hint to `--nearest-within`.
    func reportLeftOut(
        _ count: Int, of total: Int, outside what: String, customers: (path: String, options: CustomerOptions), map: () throws -> TerritoryMap
    ) throws {
        let warning = try NearestOptions.implausibility(count, of: total, outside: what, customers: customers, map: map)
        if let warning, warning.contains("--swap-lon-lat") {
            printStatus(warning)
            return
        }
        reportLeftOut(count, outside: what)
        if let warning { printStatus(warning) }
    }

    /// Says on stderr how many customers were left out (nothing when none were).
    /// - Parameter what: "territory" or "unit".
    func reportLeftOut(_ count: Int, outside what: String) {
        guard count > 0 else { return }
        let n = NumberText.grouped(count), noun = count == 1 ? "customer lies" : "customers lie"
        if let d = nearestWithin {
            printStatus("\(n) \(noun) more than \(NumberText.shortest(d)) m outside every \(what) and \(count == 1 ? "is" : "are") left out")
        } else {
            printStatus("\(n) \(noun) outside every \(what); --nearest-within METRES assigns \(count == 1 ? "it" : "them")")
        }
    }
}

/// Which layer and properties of a map or units source to read.
struct MapOptions: ParsableArguments {
    @Option(name: .customLong("id-property"), help: "Feature property holding the territory id (falls back to the feature id).")
    var idProperty = "id"
    @Option(help: "Layer (table) of a GeoPackage, File Geodatabase or database to read (default: the only polygon layer).")
    var layer: String?
    @Option(name: .customLong("source-crs"), help: "CRS of the coordinates when the source declares none (e.g. EPSG:2263).")
    var sourceCRS: String?

    var properties: PropertyNames { PropertyNames(id: idProperty) }
}

/// Output formats.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, csv
}

extension BalanceMeasure: ExpressibleByArgument {}

/// The drive model and known travel times, for `route` and for workload.
struct DriveOptions: ParsableArguments {
    @Option(help: "Road distance / straight-line distance.")
    var circuity: Double = 1.3
    @Option(name: .customLong("speed-kmh"), help: "Average driving speed in km/h.")
    var speedKmh: Double = 60
    @Option(help: "Known travel times: CSV from_id,to_id,seconds (customer ids).")
    var matrix: String?
    @Option(help: "An OSRM server (http://HOST:PORT): drive times and road distances from its table service.")
    var osrm: String?
    @Option(name: .customLong("osrm-profile"), help: "The OSRM profile in request paths.")
    var osrmProfile: String = "driving"
    @Option(name: .customLong("osrm-table-size"), help: "Most points per OSRM table request (osrm-routed's --max-table-size).")
    var osrmTableSize: Int = 100
    @Option(name: .customLong("osrm-timeout"), help: "Seconds one OSRM request may take in all, however slowly the server answers.")
    var osrmTimeout: Double = 60

    /// Values that cannot work, as the one-line error (exit 2) of any unusable input.
    func check() throws {
        guard circuity.isFinite, circuity > 0 else { throw TerritoryError.invalidArgument("--circuity must be a number > 0") }
        guard speedKmh.isFinite, speedKmh > 0 else { throw TerritoryError.invalidArgument("--speed-kmh must be a number > 0") }
        guard osrm == nil || matrix == nil else { throw TerritoryError.invalidArgument("give --osrm or --matrix, not both") }
        guard osrmTableSize >= 2 else { throw TerritoryError.invalidArgument("--osrm-table-size must be at least 2") }
        guard osrmTimeout.isFinite, osrmTimeout > 0 else { throw TerritoryError.invalidArgument("--osrm-timeout must be a number of seconds > 0") }
        guard !osrmProfile.isEmpty, osrmProfile.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw TerritoryError.invalidArgument("--osrm-profile must be a profile name such as driving")
        }
        _ = try roads
    }

    var model: TravelModel { get throws { try TravelModel(circuity: circuity, speedKmh: speedKmh) } }
    var times: TravelTimes? { get throws { try matrix.map { try TravelTimes.read(contentsOf: URL(fileURLWithPath: $0)) } } }
    /// The OSRM client, when --osrm names a server: one per process, so that a command routing
    /// two plans (diff) or routing again (design) asks each pair once.
    var roads: OSRMTable? {
        get throws {
            guard let osrm else { return nil }
            let key = "\(osrm) \(osrmProfile) \(osrmTableSize) \(osrmTimeout)"
            return try OSRMClients.shared.client(key) { () throws(TerritoryError) in
                do throws(TerritoryError) {
                    return try OSRMTable(url: osrm, profile: osrmProfile, maxTableSize: osrmTableSize, timeout: osrmTimeout)
                } catch {
                    // The library's message names the URL; ours also names the option.
                    guard case let .invalidArgument(message) = error else { throw error }
                    throw TerritoryError.invalidArgument("--osrm \(message)")
                }
            }
        }
    }

    /// The OSRM server's share of the run so far, for the closing status line ("" without --osrm).
    var serverTime: String {
        guard let client = try? roads else { return "" }
        return String(format: "; OSRM tables %.2f s in %d requests", client.serverSeconds, client.requests)
    }

    /// Drive seconds between points (their customers' rows, nil for a home): OSRM's table, or
    /// the model with the known times of --matrix for the customer pairs they list.
    func driveSeconds(_ batch: CustomerBatch) throws -> @Sendable ([Coordinate], [Int?]) throws -> [[Double]] {
        let model = try model, times = try times, roads = try roads
        let ids = (0..<batch.count).map { batch.id($0) }
        return { points, customers in
            if let roads { return try roads.matrix(sources: points, destinations: points).durations }
            let geodesic = Geodesic.wgs84
            return try points.indices.map { i in
                try points.indices.map { j in
                    if i == j { return 0 }
                    if let times, let a = customers[i], let b = customers[j], let s = times.seconds(from: ids[a], to: ids[b]) { return s }
                    return model.driveSeconds(geodesic: try geodesic.distance(from: points[i], to: points[j]))
                }
            }
        }
    }

    /// Drive seconds from each of `origins` to each of `points` (rows: origins): OSRM's table,
    /// else the model on great-circle distances.
    func secondsFrom() throws -> (_ origins: [Coordinate], _ points: [Coordinate]) throws -> [[Double]] {
        if let roads = try roads { return { origins, points in try roads.matrix(sources: origins, destinations: points).durations } }
        return DriveReach.modelSeconds(try model)
    }

    /// A route planner on these options: the model, the --matrix times, the OSRM server.
    func planner(options: TourOptions = TourOptions(), threads: Int) throws -> RoutePlanner {
        RoutePlanner(model: try model, times: try times, roads: try roads, options: options, threads: threads)
    }
}

/// Visit time, visit frequency and the drive model, for workload in `report`, `design` and `render`.
struct WorkloadOptions: ParsableArguments {
    @Option(name: .customLong("visit-minutes"), help: "Minutes per visit, for every customer (default 0).")
    var visitMinutes: Double?
    @Option(name: .customLong("visit-minutes-column"), help: "Customer column with each customer's minutes per visit.")
    var visitMinutesColumn: String?
    @Option(name: .customLong("visits-per-period"), help: "Visits to every customer per period.")
    var visitsPerPeriod: Double = 1
    @Option(
        name: .customLong("workload-model"),
        help: "route: workload hours from each territory's tour (visits per period); schedule: its call-cycle schedule's hours in the cycle.")
    var workloadModel: WorkloadModel = .route
    @OptionGroup var cycle: CallCycleOptions
    @OptionGroup var drive: DriveOptions

    enum WorkloadModel: String, ExpressibleByArgument { case route, schedule }

    /// Whether the user asked for workload.
    var isGiven: Bool { visitMinutes != nil || visitMinutesColumn != nil || workloadModel == .schedule }

    /// Values that cannot work, as the one-line error (exit 2) of any unusable input.
    func check() throws {
        if let visitMinutes {
            guard visitMinutes.isFinite, visitMinutes >= 0 else { throw TerritoryError.invalidArgument("--visit-minutes must be a number >= 0") }
        }
        guard visitMinutes == nil || visitMinutesColumn == nil else {
            throw TerritoryError.invalidArgument("give --visit-minutes or --visit-minutes-column, not both")
        }
        guard visitsPerPeriod.isFinite, visitsPerPeriod >= 0 else {
            throw TerritoryError.invalidArgument("--visits-per-period must be a number >= 0")
        }
        try drive.check()
    }

    var plan: VisitPlan { get throws { try VisitPlan(minutesPerVisit: visitMinutes ?? 0, visitsPerPeriod: visitsPerPeriod) } }
    /// Each territory's workload: its customers routed (from `homes` when given, one per
    /// territory) and the routes turned into workload per period, or, with the schedule model,
    /// its call cycle scheduled (customers' visits and opening hours from `source`'s columns)
    /// and the schedule's hours in the cycle.
    func workloads(
        map: TerritoryMap, customers: CustomerBatch, assignments: [Assignment], homes: [Coordinate?] = [],
        threads: Int, source: (path: String, options: CustomerOptions)
    ) throws -> [TerritoryWorkload] {
        if workloadModel == .schedule {
            let needs = try cycle.needs(
                customers, customers: source.path, columns: source.options, minutes: visitMinutesColumn != nil ? nil : visitMinutes ?? 30)
            let cycles = try TerritoryCallCycles.schedule(
                map: map, customers: customers, assignments: assignments, needs: needs, homes: TerritoryCallCycles.homes(of: map, given: homes),
                workingDays: Array(repeating: nil, count: map.count), settings: try cycle.settings, seconds: try drive.driveSeconds(customers),
                options: ScheduleOptions(threads: threads))
            return TerritoryWorkload.fromSchedule(cycles, needs: needs)
        }
        let routes = try drive.planner(threads: threads).routes(map: map, customers: customers, assignments: assignments, homes: homes)
        return TerritoryWorkload.fromRoutes(routes, customers: customers, plan: try plan)
    }

}

extension MapColoringMode: ExpressibleByArgument {}

/// A call cycle's days and hours and the customers' visit needs: for `schedule`, and for
/// `--workload-model schedule` wherever workload is measured.
struct CallCycleOptions: ParsableArguments {
    @Option(help: "Working days in the call cycle.")
    var days: Int = 20
    @Option(name: .customLong("day-start"), help: "When a working day starts, HH:MM.")
    var dayStart: String = "08:00"
    @Option(name: .customLong("day-hours"), help: "Hours in a working day, from leaving home to coming back.")
    var dayHours: Double = 8
    @Option(help: "Visits to every customer in the cycle.")
    var visits: Int?
    @Option(name: .customLong("visits-column"), help: "Customer column with each customer's visits in the cycle.")
    var visitsColumn: String?
    @Option(name: .customLong("open-column"), help: "Customer column with the opening time, HH:MM.")
    var openColumn: String?
    @Option(name: .customLong("close-column"), help: "Customer column with the closing time, HH:MM (visits start by then).")
    var closeColumn: String?
    @Option(name: .customLong("max-visits-per-day"), help: "Visits a rep makes in a day at most.")
    var maxVisitsPerDay: Int?
    @Option(name: .customLong("spacing-slack"), help: "How many days closer than even spacing two visits to a customer may be.")
    var spacingSlack: Int = 1

    func validate() throws {
        guard (1...64).contains(days) else { throw ValidationError("--days must be 1 to 64") }
        guard dayHours > 0, dayHours <= 24 else { throw ValidationError("--day-hours must be more than 0 and at most 24") }
        guard visits == nil || visitsColumn == nil else { throw ValidationError("give --visits or --visits-column, not both") }
        guard (openColumn == nil) == (closeColumn == nil) else { throw ValidationError("--open-column and --close-column go together") }
        if let visits, visits < 1 { throw ValidationError("--visits must be at least 1") }
        if let maxVisitsPerDay, maxVisitsPerDay < 1 { throw ValidationError("--max-visits-per-day must be at least 1") }
        guard spacingSlack >= 0 else { throw ValidationError("--spacing-slack must be >= 0") }
    }

    /// The cycle's days and hours.
    var settings: CallCycleSettings {
        get throws {
            CallCycleSettings(
                days: days, dayStart: try WorkingDays.minutes(dayStart, what: "--day-start"), dayMinutes: dayHours * 60,
                spacingSlack: spacingSlack, maxVisitsPerDay: maxVisitsPerDay)
        }
    }

    /// Each customer's visits, minutes (`minutes` for all, or the batch's own visit minutes
    /// when nil) and opening hours, from the options and the customer columns.
    func needs(_ batch: CustomerBatch, customers: String, columns: CustomerOptions, minutes: Double?) throws -> [CustomerVisits] {
        var visitsOf = [Int](repeating: visits ?? 1, count: batch.count)
        var windows = [VisitWindow?](repeating: nil, count: batch.count)
        if visitsColumn != nil || openColumn != nil {
            let table = try customerTable(customers, columns)
            guard table.rows.count == batch.count else {
                throw TerritoryError.invalidArgument("\(customers): \(table.rows.count) rows as a table but \(batch.count) customers")
            }
            if let name = visitsColumn {
                let c = try table.requiredColumn(name)
                for (i, row) in table.rows.enumerated() {
                    guard let v = Int(row[c].trimmingCharacters(in: .whitespaces)), v >= 1 else {
                        throw TerritoryError.csv(
                            source: customers, line: table.lines[i], message: "\(name) \"\(row[c])\" must be a whole number of visits >= 1")
                    }
                    visitsOf[i] = v
                }
            }
            if let open = openColumn, let close = closeColumn {
                let o = try table.requiredColumn(open), c = try table.requiredColumn(close)
                for (i, row) in table.rows.enumerated() where !(row[o].isEmpty && row[c].isEmpty) {
                    let at = "\(customers):\(table.lines[i]): "
                    let from = try WorkingDays.minutes(row[o], what: at + open), to = try WorkingDays.minutes(row[c], what: at + close)
                    guard from <= to else {
                        throw TerritoryError.csv(source: customers, line: table.lines[i], message: "\(open) \(row[o]) is after \(close) \(row[c])")
                    }
                    windows[i] = VisitWindow(open: from, close: to)
                }
            }
        }
        let perVisit = minutes.map { Array(repeating: $0, count: batch.count) } ?? batch.visitMinutes
        return (0..<batch.count).map { CustomerVisits(visits: visitsOf[$0], minutes: perVisit[$0], window: windows[$0]) }
    }
}

/// The process's OSRM clients by server, profile and table size. `@unchecked Sendable`:
/// `clients` is read and written under `lock`.
private final class OSRMClients: @unchecked Sendable {
    static let shared = OSRMClients()
    private let lock = NSLock()
    private var clients: [String: OSRMTable] = [:]

    func client(_ key: String, make: () throws(TerritoryError) -> OSRMTable) throws(TerritoryError) -> OSRMTable {
        lock.lock(); defer { lock.unlock() }
        if let client = clients[key] { return client }
        let client = try make()
        clients[key] = client
        return client
    }
}

/// `--region-property`: the map property naming each territory's region (the reps file's
/// `region` column is the other source).
struct RegionOptions: ParsableArguments {
    @Option(name: .customLong("region-property"), help: "Map property holding each territory's region (or the reps file's region column).")
    var regionProperty: String?

    /// The regions of `map`'s territories from the property and the reps file's rows, or nil.
    func regions(_ map: TerritoryMap, reps: [RepTerritory]?, repsSource: String?) throws -> TerritoryRegions? {
        try TerritoryRegions.of(map: map, reps: reps, repsSource: repsSource ?? "the reps file", property: regionProperty)
    }
}

/// `--accounts`: key accounts, each given to the territory it names wherever it lies (the
/// border rule's one exception), on every command that places customers.
struct AccountsOption: ParsableArguments {
    @Option(help: "Key accounts: CSV customer_id,territory_id; each goes to the territory named, wherever it lies.")
    var accounts: String?

    /// The accounts against `map`'s territories (none without the option).
    func load(_ map: TerritoryMap) throws -> KeyAccounts {
        guard let accounts else { return .none }
        return try KeyAccounts.read(contentsOf: URL(fileURLWithPath: accounts), map: map)
    }

    /// Gives the accounts among `batch` to their territories of `map`; refuses an account that
    /// is not among them.
    func apply(to assignments: inout [Assignment], customers batch: CustomerBatch, map: TerritoryMap, source: String) throws {
        guard accounts != nil else { return }
        let keyAccounts = try load(map)
        var seen = keyAccounts.noneSeen
        keyAccounts.apply(to: &assignments, customers: batch, seen: &seen)
        try keyAccounts.checkEveryAccountSeen(seen, customers: source)
    }
}

/// design's regions: territories grouped into regions after they are designed (`--regions`), or
/// designed inside given regions (`--within`), and where the dissolved regions are written.
struct RegionDesignOptions: ParsableArguments {
    @Option(help: "Group the designed territories into this many contiguous, balanced regions (R1, R2, ...).")
    var regions: Int?
    @Option(help: "Regions (any map source): design territories inside each, none crossing a region border.")
    var within: String?
    @Option(
        name: .customLong("territories-per-region"),
        help: "With --within: territories in every region (a number), or CSV region_id,territories.")
    var territoriesPerRegion: String?
    @Option(
        name: .customLong("regions-output"),
        help: "Output regions, one dissolved feature each (default with a GeoPackage or database output: its layer or table regions).")
    var regionsOutput: String?
    @Option(name: .customLong("regions-output-layer"), help: "Layer (table) for the regions in a GeoPackage or database.")
    var regionsOutputLayer: String?

    /// Whether regions are asked for.
    var isGiven: Bool { regions != nil || within != nil }

    /// Option combinations that cannot work.
    func check(territoriesGiven: Bool) throws {
        func fail(_ message: String) -> TerritoryError { .invalidArgument(message) }
        guard regions == nil || within == nil else { throw fail("give --regions or --within, not both") }
        if let regions, regions < 1 { throw fail("--regions must be at least 1") }
        guard (within == nil) == (territoriesPerRegion == nil) else { throw fail("--within and --territories-per-region go together") }
        if within != nil, territoriesGiven {
            throw fail("--within designs the territories of each region: give --territories-per-region, not --territories, --reps or --from")
        }
        guard regionsOutput != nil || regionsOutputLayer == nil else { throw fail("--regions-output-layer goes with --regions-output") }
        guard regionsOutput == nil || isGiven else { throw fail("--regions-output needs --regions or --within") }
    }

    /// How many territories each region of `regionIDs` gets: one number for all, or a CSV
    /// `region_id,territories` naming every region.
    func counts(_ regionIDs: [String]) throws -> [Int] {
        guard let spec = territoriesPerRegion else { return [] }
        if let k = Int(spec) {
            guard k >= 1 else { throw TerritoryError.invalidArgument("--territories-per-region must be at least 1") }
            return Array(repeating: k, count: regionIDs.count)
        }
        let table = try CSVTable.read(contentsOf: URL(fileURLWithPath: spec))
        let r = try table.requiredColumn("region_id"), k = try table.requiredColumn("territories")
        var count: [String: Int] = [:]
        for (row, line) in zip(table.rows, table.lines) {
            guard regionIDs.contains(row[r]) else {
                throw TerritoryError.csv(source: spec, line: line, message: "region \(row[r]) is not in \(within ?? "the regions")")
            }
            guard count[row[r]] == nil else { throw TerritoryError.csv(source: spec, line: line, message: "region \(row[r]) appears twice") }
            guard let n = Int(row[k]), n >= 1 else {
                throw TerritoryError.csv(source: spec, line: line, message: "territories \"\(row[k])\" must be a whole number >= 1")
            }
            count[row[r]] = n
        }
        if let missing = regionIDs.first(where: { count[$0] == nil }) {
            throw TerritoryError.invalidArgument("\(spec): region \(missing) has no number of territories")
        }
        return regionIDs.map { count[$0]! }
    }

    /// Where the regions go: --regions-output, else the layer `regions` of a GeoPackage output,
    /// else the table `<output table>_regions` of a database output; nil for other outputs
    /// (a GeoJSON file holds one layer).
    func destination(output: String, outputLayer: String?) -> (path: String, layer: String?)? {
        if let regionsOutput { return (regionsOutput, regionsOutputLayer) }
        if VectorSource.isConnection(output) { return outputLayer.map { (output, $0 + "_regions") } }
        let ext = URL(fileURLWithPath: output).pathExtension.lowercased()
        return ["gpkg", "sqlite"].contains(ext) ? (output, "regions") : nil
    }
}

/// The cycle's dates and the reps' calendars (`schedule`).
struct CalendarOptions: ParsableArguments {
    @Option(name: .customLong("start-date"), help: "The cycle's first date, YYYY-MM-DD (gives each day its date).")
    var startDate: String?
    @Option(help: "The weekdays worked, e.g. mon,tue,wed,thu,fri.")
    var workdays: String = "mon,tue,wed,thu,fri"
    @Option(name: .customLong("skip-dates"), help: "A file of dates not worked (holidays), one YYYY-MM-DD a line.")
    var skipDates: String?
    @Option(help: "A folder to write one RFC 5545 calendar (.ics) per rep into (needs --start-date).")
    var calendar: String?

    /// The dates (YYYY-MM-DD) of the cycle's `count` working days from --start-date (the weekdays worked,
    /// the skipped dates left out), or nil without a start date.
    /// - Throws: an unreadable weekday list or dates file, or --calendar without --start-date.
    func dates(count: Int) throws -> [String]? {
        let weekdays = try WorkingDays.weekdays(workdays)
        let skipped = try skipDates.map { try WorkingDays.skipDates(contentsOf: URL(fileURLWithPath: $0)) } ?? []
        let dates = try startDate.map { try WorkingDays.dates(from: $0, weekdays: weekdays, skipping: skipped, count: count) }
        if calendar != nil, dates == nil { throw TerritoryError.invalidArgument("--calendar needs --start-date (a calendar's events have dates)") }
        return dates
    }
}
