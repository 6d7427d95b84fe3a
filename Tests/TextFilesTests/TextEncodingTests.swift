import Foundation
import TestFixtures
import XCTest

@testable import TextFiles

/// The UTF-8 check against the standard library's own decoder on every short byte sequence
/// class (valid, overlong, surrogate, beyond U+10FFFF, cut off), and the single-byte decoders
/// against Foundation's.
final class TextEncodingTests: XCTestCase {
    func testUTF8CheckAgreesWithTheStandardLibrary() {
        var generator = SplitMix(seed: 42)
        let interesting: [UInt8] = [
            0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF,
            0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF,
        ]
        for _ in 0..<100_000 {
            let count = Int(generator.next() % 12)
            var bytes = (0..<count).map { _ in interesting[Int(generator.next() % UInt64(interesting.count))] }
            if generator.next() % 4 == 0 { bytes = Array(repeating: 0x61, count: Int(generator.next() % 40)) + bytes }
            let valid = String(validating: bytes, as: UTF8.self) != nil
            let found = bytes.withUnsafeBufferPointer { UTF8Check.firstInvalidByte(in: $0) }
            XCTAssertEqual(found == nil, valid, "\(bytes)")
            if let found {
                // Everything before the byte named is valid; from it on, not.
                XCTAssertNotNil(String(validating: bytes[..<found], as: UTF8.self), "\(bytes)")
            }
        }
    }

    func testSingleByteEncodingsAgreeWithFoundation() throws {
        let all = (0...255).map(UInt8.init)
        for (encoding, foundation) in [(TextEncoding.latin1, String.Encoding.isoLatin1), (.cp1252, .windowsCP1252)] {
            var out: [UInt8] = []
            all.withUnsafeBufferPointer { encoding.appendUTF8(of: $0, to: &out) }
            let decoded = String(decoding: out, as: UTF8.self)
            // Foundation leaves Windows-1252's five unassigned bytes out; they are C1 controls here.
            let reference = try XCTUnwrap(
                String(data: Data(all.filter { encoding == .latin1 || ![0x81, 0x8D, 0x8F, 0x90, 0x9D].contains($0) }), encoding: foundation))
            XCTAssertEqual(
                decoded.unicodeScalars.filter { encoding == .latin1 || ![0x81, 0x8D, 0x8F, 0x90, 0x9D].contains($0.value) }.map(\.value),
                reference.unicodeScalars.map(\.value), "\(encoding)")
        }
    }
}

/// A small seeded generator (SplitMix64), so that the property test is the same every run.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
