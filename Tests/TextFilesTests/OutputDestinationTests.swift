import Foundation
import XCTest

@testable import TextFiles

#if canImport(Glibc)
import Glibc
#endif

/// What the user named is never destroyed: links are written through, devices and standard
/// output are streams, replaced files keep their mode, and a killed run's leftovers are cleaned.
final class OutputDestinationTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("destination-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func testALinkIsWrittenThroughToItsTarget() throws {
        try "old\n".write(toFile: path("target.csv"), atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: path("link.csv"), withDestinationPath: "target.csv")
        try FileManager.default.createSymbolicLink(atPath: path("link2.csv"), withDestinationPath: path("link.csv"))
        try AtomicOutputFile.write("new\n", to: URL(fileURLWithPath: path("link2.csv")))
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: path("link2.csv")), path("link.csv"), "the links stay links")
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: path("link.csv")), "target.csv")
        XCTAssertEqual(try String(contentsOfFile: path("target.csv"), encoding: .utf8), "new\n")
        // A dangling link: its target is created.
        try FileManager.default.createSymbolicLink(atPath: path("dangling.csv"), withDestinationPath: "later.csv")
        try AtomicOutputFile.write("made\n", to: URL(fileURLWithPath: path("dangling.csv")))
        XCTAssertEqual(try String(contentsOfFile: path("later.csv"), encoding: .utf8), "made\n")
        XCTAssertNotNil(try? FileManager.default.destinationOfSymbolicLink(atPath: path("dangling.csv")))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains("partial") }, [])
        // A loop of links is refused, not followed for ever.
        try FileManager.default.createSymbolicLink(atPath: path("a"), withDestinationPath: "b")
        try FileManager.default.createSymbolicLink(atPath: path("b"), withDestinationPath: "a")
        XCTAssertThrowsError(try AtomicOutputFile(URL(fileURLWithPath: path("a")))) { XCTAssertTrue("\($0)".contains("symbolic links"), "\($0)") }
    }

    func testAReplacedFileKeepsItsPermissions() throws {
        for mode in [0o600, 0o640, 0o755] as [mode_t] {
            let file = path("kept-\(mode).csv")
            try "old\n".write(toFile: file, atomically: false, encoding: .utf8)
            XCTAssertEqual(chmod(file, mode), 0)
            try AtomicOutputFile.write("new\n", to: URL(fileURLWithPath: file))
            var info = stat()
            XCTAssertEqual(stat(file, &info), 0)
            XCTAssertEqual(info.st_mode & 0o7777, mode)
            XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8), "new\n")
        }
        // A new file: 0666 less the umask.
        let mask = umask(0o022)
        defer { umask(mask) }
        try AtomicOutputFile.write("x\n", to: URL(fileURLWithPath: path("new.csv")))
        var info = stat()
        XCTAssertEqual(stat(path("new.csv"), &info), 0)
        XCTAssertEqual(info.st_mode & 0o7777, 0o644)
    }

    func testDevicesAndStandardOutputAreStreams() throws {
        XCTAssertEqual(try OutputDestination(path: "/dev/null").isStream, true)
        for name in ["-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"] {
            let destination = try OutputDestination(path: name)
            guard case let .stream(descriptor) = destination else { return XCTFail(name) }
            close(descriptor)
        }
        // A named pipe: written to as it is, still a pipe afterwards.
        let fifo = path("pipe")
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        defer { close(reader) }
        try AtomicOutputFile.write("through\n", to: URL(fileURLWithPath: fifo))
        var bytes = [UInt8](repeating: 0, count: 64)
        XCTAssertEqual(read(reader, &bytes, 64), 8)
        var info = stat()
        XCTAssertEqual(lstat(fifo, &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFIFO)
        XCTAssertThrowsError(try OutputDestination(path: directory.path)) { XCTAssertTrue("\($0)".contains("is a directory")) }
    }

    /// A killed run's temporary file is removed by the next run writing beside it; a running
    /// process's is left alone.
    func testAbandonedPartialsAreRemovedAndLiveOnesKept() throws {
        // A process id no process can have: the kernel's pid_max and above are never given out.
        let pidMax = try String(contentsOfFile: "/proc/sys/kernel/pid_max", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let gone = try XCTUnwrap(Int32(pidMax))
        XCTAssertEqual(kill(gone, 0), -1)
        let abandoned = path(".out.csv.partial-\(gone)-12345")
        let abandonedFolder = path(".plan.partial-\(gone)-678")
        let live = path(".out.csv.partial-\(getppid())-9")
        for file in [abandoned, live] { XCTAssertTrue(FileManager.default.createFile(atPath: file, contents: Data("x".utf8))) }
        try FileManager.default.createDirectory(atPath: abandonedFolder, withIntermediateDirectories: false)
        try AtomicOutputFile.write("y\n", to: URL(fileURLWithPath: path("other.csv")))
        XCTAssertFalse(FileManager.default.fileExists(atPath: abandoned))
        XCTAssertFalse(FileManager.default.fileExists(atPath: abandonedFolder))
        XCTAssertTrue(FileManager.default.fileExists(atPath: live))
    }

    /// prepare() writes and syncs without renaming: nothing appears until commit().
    func testPrepareWritesWithoutPuttingInPlace() throws {
        let file = try AtomicOutputFile(URL(fileURLWithPath: path("two.csv")))
        try file.write("a\n")
        try file.prepare()
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("two.csv")))
        XCTAssertEqual(try String(contentsOfFile: file.temporaryPath, encoding: .utf8), "a\n")
        try file.commit()
        XCTAssertEqual(try String(contentsOfFile: path("two.csv"), encoding: .utf8), "a\n")
    }
}

extension OutputDestination {
    var isStream: Bool { if case .stream(let d) = self { close(d); return true } else { return false } }
}
