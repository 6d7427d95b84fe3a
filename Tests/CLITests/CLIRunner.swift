import Foundation
import XCTest

/// Runs the built `territory` binary and captures its status and output.
struct CLIRunner {
    struct Run { let status: Int32; let stdout: String; let stderr: String }

    var binary: URL {
        #if os(macOS)
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("territory")
        }
        fatalError("no xctest bundle")
        #else
        return Bundle.main.bundleURL.appendingPathComponent("territory")
        #endif
    }

    func run(_ arguments: String...) throws -> Run { try run(arguments: arguments) }

    /// Runs the tool with `arguments`, its `environment` added to this process's, in
    /// `directory` (this process's when nil).
    func run(arguments: [String], environment: [String: String] = [:], in directory: URL? = nil) throws -> Run {
        try run(executable: binary, arguments: arguments, environment: environment, directory: directory)
    }

    /// Runs the tool as a user that file permissions apply to: as itself when it is not root, else
    /// as `nobody` through setpriv(1) (root reads every file, so a permission check run as root
    /// would check nothing).
    func runUnprivileged(_ arguments: [String]) throws -> Run {
        guard getuid() == 0 else { return try run(arguments: arguments) }
        return try run(
            executable: URL(fileURLWithPath: "/usr/bin/setpriv"),
            arguments: ["--reuid=65534", "--regid=65534", "--clear-groups", binary.path] + arguments, environment: [:])
    }

    private func run(executable: URL, arguments: [String], environment: [String: String], directory: URL? = nil) throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Runs the tool and asserts that it succeeded.
    func ok(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> Run {
        let r = try run(arguments: arguments)
        XCTAssertEqual(r.status, 0, "\(arguments): \(r.stderr)", file: file, line: line)
        return r
    }
}

extension XCTestCase {
    /// The JSON object a command printed (read with Foundation, not the project's own reader).
    func json(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }
}
