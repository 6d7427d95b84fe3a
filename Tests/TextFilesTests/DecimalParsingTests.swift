import Foundation
import XCTest

@testable import TextFiles

/// Decimal parsing against the standard library's correctly rounded conversion: random doubles
/// in every written form, full-precision coordinates, long mantissas and exact halfway points.
final class DecimalParsingTests: XCTestCase {
    func testDecimalParsingMatchesTheStandardLibrary() {
        var rng = TestRandom(seed: 9)
        for _ in 0..<20_000 {
            let v = Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF) * (rng.next() & 1 == 0 ? 1 : -1)
            for text in ["\(v)", String(format: "%.17g", v), String(format: "%.3f", v.truncatingRemainder(dividingBy: 1e6))] {
                XCTAssertEqual(DecimalParsing.parse(Substring(text)), Double(text), text)
            }
        }
        for text in ["-78.64", "35.780000000000001", "1e308", "4.9e-324", "0", "-0", " 12 "] {
            XCTAssertEqual(
                DecimalParsing.parse(Substring(text.trimmingCharacters(in: .whitespaces))), Double(text.trimmingCharacters(in: .whitespaces)), text)
        }
        for bad in ["", "abc", "1.2.3", "--1", "1e", "0x10"] { XCTAssertNil(DecimalParsing.parse(Substring(bad)), bad) }
    }

    /// The exactly checked path for 16-19 digit mantissas against the standard library:
    /// full-precision coordinates, random digit strings, and exact halfway points between two
    /// doubles (n + 0.5 above 2^52, n + 0.25 and n + 0.75 above 2^51), where ties go to even.
    func testLongMantissasAreCorrectlyRounded() {
        var rng = TestRandom(seed: 11)
        func check(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
            XCTAssertEqual(DecimalParsing.parse(Substring(text))?.bitPattern, Double(text)?.bitPattern, text, file: file, line: line)
        }
        for _ in 0..<100_000 {
            let lon = rng.nextDouble() * 360 - 180, lat = rng.nextDouble() * 180 - 90
            check("\(lon)"); check("\(lat)"); check(String(format: "%.17g", lon)); check(String(format: "%.16f", lat))
            // Random digit strings of 16 to 19 digits with the point anywhere.
            let count = 16 + Int(rng.next() % 4)
            var digits = String(1 + rng.next() % 9)
            for _ in 1..<count { digits += String(rng.next() % 10) }
            let point = 1 + Int(rng.next() % UInt64(count - 1))
            check(String(digits.prefix(point)) + "." + String(digits.dropFirst(point)))
            check("0." + String(digits.prefix(19)))
        }
        for _ in 0..<20_000 {
            let n = (1 << 52) + rng.next() % (1 << 52)
            check("\(n).5"); check("-\(n).5")
            let m = (1 << 51) + rng.next() % (1 << 51)
            check("\(m).25"); check("\(m).75")
        }
        // The checked path answers these itself (no strtod), ties included.
        XCTAssertEqual(DecimalParsing.verified(7_864_123_456_789_012, fractionDigits: 14), -(-78.64123456789012))
        XCTAssertEqual(DecimalParsing.verified(45_035_996_273_704_975, fractionDigits: 1), 4503599627370497.5.rounded(.toNearestOrEven))
        XCTAssertEqual(DecimalParsing.verified(45_035_996_273_704_965, fractionDigits: 1), 4503599627370496)
        for text in ["9007199254740992.5", "9007199254740993.5", "4503599627370496.5", "4503599627370497.5", "0.1000000000000000055511151231257827"] {
            check(text)
        }
    }
}

/// A small deterministic generator (Knuth's MMIX LCG, high bits), so failures reproduce.
private struct TestRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state ^ (state >> 33)
    }
    mutating func nextDouble() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

extension DecimalParsingTests {
    /// Numbers inside a longer buffer, as a CSV record holds them (so that eight bytes can be
    /// read past the number's start): every length of integer and fraction part from 0 to 20,
    /// followed by a comma, a line break, the buffer's end, or more digits outside the field
    /// (the field's end must stop the run), against the standard library.
    func testNumbersInsideRecords() {
        var rng = TestRandom(seed: 13)
        for integerDigits in 0...20 {
            for fractionDigits in 0...20 where integerDigits + fractionDigits > 0 {
                for _ in 0..<4 {
                    var text = rng.next() & 1 == 0 ? "-" : ""
                    for _ in 0..<integerDigits { text += String(rng.next() % 10) }
                    if fractionDigits > 0 || rng.next() & 1 == 0 { text += "." }
                    for _ in 0..<fractionDigits { text += String(rng.next() % 10) }
                    guard let expected = Double(text) else { continue }
                    for (before, after) in [("", ""), ("id,", ",12.5,7\n"), ("x,", "\r\n9"), ("", "123456789"), ("7,", "e")] {
                        let bytes = Array((before + text + after).utf8)
                        bytes.withUnsafeBufferPointer { b in
                            let start = before.utf8.count, end = start + text.utf8.count
                            XCTAssertEqual(DecimalParsing.parse(b, start, end)?.bitPattern, expected.bitPattern, "\(before)[\(text)]\(after)")
                        }
                    }
                }
            }
        }
        // A field that is not a number inside a record stays one.
        for bad in ["1a", "12345678x", "1.2.3", "123456789012.3-4"] {
            let bytes = Array(("id," + bad + ",5\n").utf8)
            bytes.withUnsafeBufferPointer { XCTAssertNil(DecimalParsing.parse($0, 3, 3 + bad.utf8.count), bad) }
        }
    }
}
