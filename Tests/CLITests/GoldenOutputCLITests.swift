import Foundation
import XCTest
import TestFixtures

/// The CLI's keys, columns and exit codes, byte for byte: every case of fixtures/golden/cases.txt
/// run from the repository's root and its exit status, standard output and written files compared
/// with those kept beside it (written by fixtures/golden/make_golden.sh). Other tools and scripts
/// read these outputs; a change to them must be deliberate, made by writing the goldens again.
final class GoldenOutputCLITests: XCTestCase {
    struct Case { let name: String; let arguments: [String]; let files: [String] }

    static func cases() throws -> [Case] {
        try Fixtures.text("golden/cases.txt").split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }.map { line in
            let halves = line.components(separatedBy: "=>")
            let words = halves[0].split(separator: " ").map(String.init)
            return Case(
                name: words[0], arguments: Array(words.dropFirst()), files: halves.count > 1 ? halves[1].split(separator: " ").map(String.init) : [])
        }
    }

    func testEveryCaseGivesItsGoldenOutputs() throws {
        let root = Fixtures.directory.deletingLastPathComponent()
        let out = try Fixtures.temporaryDirectory()
        let cases = try GoldenOutputCLITests.cases()
        XCTAssertGreaterThanOrEqual(cases.count, 15)
        for c in cases {
            let run = try CLIRunner().run(
                arguments: c.arguments.map { $0.replacingOccurrences(of: "{out}", with: out.path) } + ["--quiet"], in: root)
            let golden = { (suffix: String) throws -> Data in try Data(contentsOf: Fixtures.url("golden/\(c.name).\(suffix)")) }
            XCTAssertEqual("\(run.status)\n", String(decoding: try golden("status"), as: UTF8.self), "\(c.name): exit status")
            // The folder's path, which outputs name (compare's plans), is kept as {out}.
            let stdout = run.stdout.replacingOccurrences(of: out.path, with: "{out}")
            XCTAssertTrue(Data(stdout.utf8) == (try golden("stdout")), "\(c.name): standard output differs from fixtures/golden/\(c.name).stdout")
            for file in c.files {
                let written = try Data(contentsOf: out.appendingPathComponent(file))
                let kept = file.replacingOccurrences(of: "/", with: ".")
                XCTAssertTrue(written == (try golden(kept)), "\(c.name): \(file) differs from fixtures/golden/\(c.name).\(kept)")
            }
        }
    }
}
