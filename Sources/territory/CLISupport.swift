import ArgumentParser
import Foundation
import GDAL
import GEOS
import PROJ
import TerritoryKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a command body; a library error becomes one line on stderr and exit status 2.
/// Interrupts (SIGINT, SIGTERM) remove any output not yet committed, then exit 130 / 143.
func runReportingErrors(_ body: () throws -> Void) throws {
    Interrupts.install()
    do {
        try body()
    } catch let error where isLibraryError(error) {
        AtomicOutputFile.removeAllPending()
        printError("\(error)")
        throw ExitCode(2)
    }
}

/// Errors of our libraries, which all say what went wrong and where in one line. The library
/// converts GEOS, PROJ and text-file errors to `TerritoryError`; the others still reach here
/// from the few places the CLI calls those layers itself (GDAL sources, CSV side files).
/// Anything else (ArgumentParser's exits and usage errors) passes through.
private func isLibraryError(_ error: any Error) -> Bool {
    error is TerritoryError || error is TextFileError || error is GEOSError || error is PROJError || error is GDALError
}

/// Keeps large results alive until the process exits, so that freeing tens of thousands of
/// GEOS geometries one by one (a tenth of a large run) is left to the operating system, which
/// reclaims the whole heap at once. Only for values used until the end of a command; memory
/// checkers list them as still reachable, not as lost.
func keepUntilExit(_ values: Any...) {
    keptUntilExit.withLock { $0.append(contentsOf: values) }
}

private let keptUntilExit = LockedValues()

/// A lock-protected list (commands run on one thread; the lock keeps the global safe anyway).
private final class LockedValues: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Any] = []
    func withLock(_ body: (inout [Any]) -> Void) { lock.lock(); body(&values); lock.unlock() }
}

/// Writes `territory: error: message` to stderr.
func printError(_ message: String) {
    FileHandle.standardError.write(Data("territory: error: \(message)\n".utf8))
}

/// Writes a line to stderr.
func printStatus(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Whether stderr is a terminal (progress is shown only then).
var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

/// Removes uncommitted output files when the process is interrupted.
enum Interrupts {
    // Written once, inside `installed`'s one-time initialiser (which Swift runs exactly once,
    // thread-safely); only kept so the sources stay alive. Never read.
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []
    private static let installed: Void = {
        for (number, status) in [(SIGINT, Int32(130)), (SIGTERM, Int32(143))] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                AtomicOutputFile.removeAllPending()
                FileHandle.standardError.write(Data("\nterritory: interrupted; no output written\n".utf8))
                exit(status)
            }
            source.resume()
            sources.append(source)
        }
    }()

    static func install() { _ = installed }
}

/// A progress line on stderr, redrawn at most a few times a second, only on a terminal.
/// `@unchecked Sendable`: every mutable field is read and written under `lock` (route and
/// render workers report from their threads).
final class Progress: @unchecked Sendable {
    /// Set by `--quiet` before any work starts: no progress line anywhere.
    nonisolated(unsafe) static var quiet = false
    private let enabled = stderrIsTerminal && !Progress.quiet
    private let lock = NSLock()
    private var last = Date.distantPast
    private var shown = false
    private let started = Date()
    private let label: String

    init(_ label: String) { self.label = label }

    /// Rows or bytes read, with the share of the input when its size is known.
    func update(rows: Int? = nil, bytes: Int, total: Int?) {
        let amount = rows.map { "\(NumberText.grouped($0)) rows" } ?? "\(NumberText.grouped(bytes / 1_000_000)) MB"
        let fraction = total.flatMap { $0 > 0 ? Double(bytes) / Double($0) : nil }
        show(amount, fraction: fraction)
    }

    /// A phase of a long computation, with how far along it is when known (0...1): the line
    /// then shows the percentage and the time left at the pace so far.
    func status(_ text: String, fraction: Double? = nil) { show(text, fraction: fraction, force: fraction == nil) }

    private func show(_ text: String, fraction: Double?, force: Bool = false) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard force || now.timeIntervalSince(last) > 0.25 else { return }
        last = now
        shown = true
        var line = "\r\u{1B}[K\(label): \(text)"
        if let fraction, fraction > 0 {
            line += String(format: "  %5.1f%%", min(fraction, 1) * 100)
            let elapsed = now.timeIntervalSince(started)
            if fraction < 1, elapsed > 1 {
                let left = Int((elapsed / fraction * (1 - fraction)).rounded())
                line += String(format: "  ETA %d:%02d", left / 60, left % 60)
            }
        }
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Clears the line (nothing is left on the terminal).
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if enabled, shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        shown = false
    }
}

/// A phase name shared between the thread that sets it and the workers that report progress.
final class LockedText: @unchecked Sendable {
    // @unchecked: `text` is read and written under `lock`.
    private let lock = NSLock()
    private var text: String
    init(_ text: String) { self.text = text }
    func set(_ new: String) { lock.lock(); text = new; lock.unlock() }
    func get() -> String { lock.lock(); defer { lock.unlock() }; return text }
}

/// `--quiet`: no progress line on a terminal.
struct QuietOption: ParsableArguments {
    @Flag(help: "Show no progress line (shown only when stderr is a terminal).")
    var quiet = false

    /// Applies the flag before any work starts.
    func apply() { Progress.quiet = quiet }
}

/// Options shared by the commands that read customers.
struct CustomerOptions: ParsableArguments {
    @Option(name: .customLong("id-column"), help: "Customer id column.")
    var idColumn = "id"
    @Option(name: .customLong("lon-column"), help: "Longitude column (decimal degrees).")
    var lonColumn = "lon"
    @Option(name: .customLong("lat-column"), help: "Latitude column (decimal degrees).")
    var latColumn = "lat"
    @Option(name: .customLong("weight-column"), help: "Weight column; optional (weight 1) unless named here.")
    var weightColumn: String?
    @Option(name: .customLong("customers-layer"), help: "Layer or sheet of a GeoPackage, database or spreadsheet holding the customers.")
    var customersLayer: String?

    var columns: CustomerColumns {
        var c = CustomerColumns()
        c.id = idColumn; c.lon = lonColumn; c.lat = latColumn
        if let weightColumn { c.weight = weightColumn; c.weightRequired = true }
        return c
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

    /// Values that cannot work, as the one-line error (exit 2) of any unusable input.
    func check() throws {
        guard circuity.isFinite, circuity > 0 else { throw TerritoryError.invalidArgument("--circuity must be a number > 0") }
        guard speedKmh.isFinite, speedKmh > 0 else { throw TerritoryError.invalidArgument("--speed-kmh must be a number > 0") }
        guard osrm == nil || matrix == nil else { throw TerritoryError.invalidArgument("give --osrm or --matrix, not both") }
        guard osrmTableSize >= 2 else { throw TerritoryError.invalidArgument("--osrm-table-size must be at least 2") }
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
            let key = "\(osrm) \(osrmProfile) \(osrmTableSize)"
            return try OSRMClients.shared.client(key) { () throws(TerritoryError) in
                do throws(TerritoryError) {
                    return try OSRMTable(url: osrm, profile: osrmProfile, maxTableSize: osrmTableSize)
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
    @OptionGroup var drive: DriveOptions

    /// Whether the user asked for workload.
    var isGiven: Bool { visitMinutes != nil || visitMinutesColumn != nil }

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
    /// Routes every territory's customers (from `homes` when given, one per territory) and
    /// turns the routes into workload per period.
    func workloads(
        map: TerritoryMap, customers: CustomerBatch, assignments: [Assignment], homes: [Coordinate?] = [],
        threads: Int
    ) throws -> [TerritoryWorkload] {
        let routes = try drive.planner(threads: threads).routes(map: map, customers: customers, assignments: assignments, homes: homes)
        return TerritoryWorkload.fromRoutes(routes, customers: customers, plan: try plan)
    }
}

extension MapColoringMode: ExpressibleByArgument {}

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
