import Foundation
import TestFixtures
import XCTest

@testable import TextFiles

/// The JSON parser against RFC 8259: values, member order, the strict number grammar, surrogate
/// pairs, nesting limits, and the whole of JSONTestSuite (every `y_` parses, every `n_` is refused
/// with an offset inside the text, nothing crashes).
final class JSONParserTests: XCTestCase {
    func parse(_ text: String) throws -> JSONValue {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { b in
            var parser = JSONParser(b)
            return try parser.parseValue()
        }
    }

    func testJSONParserValues() throws {
        XCTAssertEqual(try parse("null"), .null)
        XCTAssertEqual(try parse(" true"), .bool(true))
        XCTAssertEqual(try parse("-0.5e2").doubleValue, -50)
        XCTAssertEqual(try parse(#""a\u00e9\ud83d\ude00\n""#).stringValue, "aé😀\n")
        guard case let .array(items) = try parse("[1, [2], {\"k\": \"v\"}]") else { return XCTFail() }
        XCTAssertEqual(items.count, 3)
        guard case let .object(members) = try parse(#"{"b": 1, "a": 2}"#) else { return XCTFail() }
        XCTAssertEqual(members.map(\.key), ["b", "a"], "member order kept")
        for bad in ["01", "1.", ".5", "+1", "[1,]", #""\ud800""#, #""\ud83d\u0041""#, "nul", "[", #""a"#, "1e", "-"] {
            XCTAssertThrowsError(try parse(bad), bad)
        }
        // Deep nesting is refused, not a stack overflow.
        XCTAssertThrowsError(try parse(String(repeating: "[", count: 100_000)))
    }

    func testJSONTestSuite() throws {
        let cases = try Conformance.jsonTestSuite()
        XCTAssertEqual(cases.count, 318)
        for c in cases {
            let bytes = [UInt8](c.bytes)
            let outcome: Result<JSONValue, JSONSyntaxError> = bytes.withUnsafeBufferPointer { b in
                var parser = JSONParser(b)
                do {
                    let value = try parser.parseValue()
                    try parser.expectEnd()
                    return .success(value)
                } catch let e as JSONSyntaxError {
                    return .failure(e)
                } catch {
                    return .failure(JSONSyntaxError(message: "\(error)", offset: -1))
                }
            }
            switch (c.expectation, outcome) {
            case ("y", .failure(let e)): XCTFail("\(c.name) must parse: \(e.message)")
            case ("n", .success): XCTFail("\(c.name) must be refused")
            case (_, .failure(let e)):
                XCTAssertTrue((0...bytes.count).contains(e.offset), "\(c.name): offset \(e.offset)")
                XCTAssertFalse(e.message.isEmpty || e.message.contains("\n"), c.name)
            default: break
            }
        }
    }

    func testPositionsAreLinesAndColumns() {
        let bytes = Array("{\n  \"a\": 1,\n  x".utf8)
        bytes.withUnsafeBufferPointer { b in
            XCTAssertEqual(JSONParser.position(of: 0, in: b), TextPosition(line: 1, column: 1))
            XCTAssertEqual(JSONParser.position(of: bytes.count - 1, in: b), TextPosition(line: 3, column: 3))
        }
    }
}

/// JSON inside an HTML `<script>` element: nothing in it can end or comment out the element.
final class ScriptSafeJSONTests: XCTestCase {
    func testMarkupCharactersAndLineSeparatorsAreEscaped() throws {
        let value = JSONValue.object([
            JSONMember("id", .string("</script><!--<script>&\u{2028}\u{2029}")), JSONMember("n", .number("1")),
        ])
        let safe = JSONWriter.scriptSafeString(value)
        XCTAssertEqual(safe, #"{"id":"\u003c/script\u003e\u003c!--\u003cscript\u003e\u0026\u2028\u2029","n":1}"#)
        // The same value to a JSON reader.
        let parsed = try JSONSerialization.jsonObject(with: Data(safe.utf8)) as? [String: Any]
        XCTAssertEqual(parsed?["id"] as? String, "</script><!--<script>&\u{2028}\u{2029}")
    }
}
