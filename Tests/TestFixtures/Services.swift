import Foundation
import XCTest

/// The real services the database and routing tests need (started by scripts/test.sh).
public enum Services {
    /// The value of `variable`, which scripts/postgis.sh or scripts/osrm.sh sets when its service runs.
    ///
    /// - Throws: `XCTSkip` when the variable is unset on a developer's machine; under CI (`CI` set)
    ///   a ``Missing`` error instead, so that a service that could not be started fails the run
    ///   rather than letting its tests pass by skipping.
    public static func required(_ variable: String, _ what: String) throws -> String {
        let environment = ProcessInfo.processInfo.environment
        if let value = environment[variable], !value.isEmpty { return value }
        throw unavailable("no \(what) (\(variable) unset; scripts/test.sh starts one)")
    }

    /// The error for a test that cannot run here: `XCTSkip` on a developer's machine, ``Missing``
    /// (a failure) under CI.
    public static func unavailable(_ message: String) -> any Error {
        if let ci = ProcessInfo.processInfo.environment["CI"], !ci.isEmpty { return Missing(message: message + ": CI runs every test") }
        return XCTSkip(message)
    }

    /// A service CI needs is missing.
    public struct Missing: Error, CustomStringConvertible {
        /// What is missing and why the run fails.
        public let message: String
        /// The message.
        public var description: String { message }
        /// A missing service, said in `message`.
        public init(message: String) { self.message = message }
    }
}
