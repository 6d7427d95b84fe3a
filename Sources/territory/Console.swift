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

/// The values kept alive until exit (commands run on one thread; the lock keeps the global safe anyway).
private let keptUntilExit = Locked<[Any]>([])

/// Writes `territory: error: message` to stderr, its control characters made visible (a file
/// name or an id in it must not act on the terminal).
func printError(_ message: String) {
    FileHandle.standardError.write(Data("territory: error: \(TerminalText.visible(message))\n".utf8))
}

/// Writes a line to stderr, its control characters made visible.
func printStatus(_ message: String) {
    FileHandle.standardError.write(Data((TerminalText.visible(message) + "\n").utf8))
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
