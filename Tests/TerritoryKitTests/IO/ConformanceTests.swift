import Foundation
import XCTest
import TerritoryKit
import TestFixtures

/// JSONTestSuite through the map reader: embedded as a property value, `y_` texts load and `n_`
/// texts are refused with the line and column; read on their own, none is a map. Nothing crashes.
final class ConformanceTests: XCTestCase {
    func testJSONTestSuiteEmbeddedAsAPropertyValue() throws {
        let cases = try Conformance.jsonTestSuite()
        XCTAssertEqual(cases.count, 318)
        var accepted = 0, refused = 0
        for c in cases {
            let data = Conformance.embedded(c.bytes)
            do throws(TerritoryError) {
                let map = try TerritoryMap.load(GeoJSONText(data, name: c.name))
                XCTAssertNotEqual(c.expectation, "n", "\(c.name) must be refused")
                XCTAssertEqual(map.territories.map(\.id), ["A"], c.name)
                XCTAssertNotNil(map.territories[0].properties.first { $0.key == "x" }, c.name)
                accepted += 1
            } catch {
                XCTAssertNotEqual(c.expectation, "y", "\(c.name) must load: \(error)")
                guard case let .malformedJSON(source, position, message) = error else {
                    XCTFail("\(c.name): not a syntax error: \(error)"); continue
                }
                XCTAssertEqual(source, c.name)
                // The position points into the embedded text (which starts at column 86), never before it.
                XCTAssertTrue(position.line > 1 || position.column >= 86, "\(c.name): \(error)")
                XCTAssertFalse(message.isEmpty)
                XCTAssertFalse(error.description.contains("\n"), "one line: \(error)")
                refused += 1
            }
        }
        XCTAssertEqual(cases.filter { $0.expectation == "y" }.count, 95)
        XCTAssertEqual(accepted + refused, cases.count)
        XCTAssertGreaterThanOrEqual(refused, 188)
    }

    func testJSONTestSuiteAloneIsNeverAMap() throws {
        for c in try Conformance.jsonTestSuite() {
            XCTAssertThrowsError(try TerritoryMap.load(GeoJSONText(c.bytes, name: c.name)), c.name) { error in
                switch error as? TerritoryError {
                case .malformedJSON?:
                    XCTAssertNotEqual(c.expectation, "y", "\(c.name) is valid JSON: \(error)")
                case .notAFeatureCollection?:
                    XCTAssertNotEqual(c.expectation, "n", "\(c.name) is not valid JSON: \(error)")
                default:
                    XCTFail("\(c.name): \(error)")
                }
                XCTAssertFalse("\(error)".contains("\n"), "one line: \(error)")
            }
        }
    }

    /// The failures the issue reported, each with the message a user sees.
    func testSurrogatesNumbersAndEscapes() throws {
        func refusal(_ propertyValue: String) -> String? {
            do {
                _ = try TerritoryMap.load(GeoJSONText(Conformance.embedded(Data(propertyValue.utf8))))
                return nil
            } catch { return "\(error)" }
        }
        // Once a trap ("arithmetic overflow"), then silently U+10400: now clear errors.
        XCTAssertEqual(
            refusal(#""\ud83d\u0041""#),
            #"<geojson>:1:87: malformed JSON: invalid \u escape: high surrogate \ud83d is not followed by a low surrogate (\udc00-\udfff); a lone surrogate is not text"#
        )
        XCTAssertEqual(refusal(#""\ud800\ue000""#)?.contains("high surrogate \\ud800 is not followed"), true)
        XCTAssertEqual(refusal(#""\udc00""#)?.contains("low surrogate \\udc00 does not follow"), true)
        XCTAssertNil(refusal(#""\ud83d\ude00 \u00e9\u0041""#))
        let map = try TerritoryMap.load(GeoJSONText(Conformance.embedded(Data(#""\ud83d\ude00 \u00e9\u0041""#.utf8))))
        XCTAssertEqual(map.territories[0].properties.first { $0.key == "x" }?.value, .string("😀 éA"))
        for number in ["+1", "-01", ".2e-3", "2.", "NaN", "Infinity", "-Infinity", "012", "1.e5", "0x1F", "1e", "1e+", "-", "2.3.4"] {
            let message = try XCTUnwrap(refusal(number), number)
            XCTAssertTrue(message.contains("malformed JSON"), message)
            XCTAssertTrue(message.contains("1:86"), message)
        }
        XCTAssertEqual(refusal("NaN"), "<geojson>:1:86: malformed JSON: NaN is not a JSON number; write null, or a finite number")
        for number in ["0", "-0", "1e400", "-12.5e-3", "1E+2", "123456789012345678901234567890"] { XCTAssertNil(refusal(number), number) }
        XCTAssertEqual(refusal(#""a\xb""#)?.contains("invalid escape: backslash then character 'x'"), true)
        XCTAssertEqual(
            refusal("\"\u{1}\""), "<geojson>:1:87: malformed JSON: control character (byte 0x1) in a string; write it as an escape such as \\n")
        var latin1 = Data(#"""#.utf8); latin1.append(0xE9); latin1.append(0x22)
        XCTAssertEqual(try? TerritoryMap.load(GeoJSONText(Conformance.embedded(latin1))).count, nil)
    }

    func testNumbersInCoordinatesFollowTheGrammarToo() throws {
        for bad in [".5", "1.", "+1", "NaN", "01"] {
            let text =
                #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"A"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,"#
                + bad + #"],[0,1],[0,0]]]}}]}"#
            let column = text.utf8.count - #"],[0,1],[0,0]]]}}]}"#.utf8.count - bad.utf8.count + 1
            XCTAssertThrowsError(try TerritoryMap.load(GeoJSONText(text)), bad) { error in
                guard case let .malformedJSON(_, position, _)? = error as? TerritoryError else { return XCTFail("\(bad): \(error)") }
                XCTAssertEqual(position.column, column, "\(bad): \(error)")
            }
        }
    }

    func testMembersInAnyOrderAndTheLegacyCRSAnywhere() throws {
        let boroughs = try TerritoryMap.load(GeoJSONFile(Fixtures.url("nybb_epsg2263.geojson")))
        // The same file with "crs" moved after "features", as dictionary-based writers order it.
        var text = try Fixtures.text("nybb_epsg2263.geojson")
        let crs = #""crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::2263"}}"#
        let crsRange = try XCTUnwrap(text.range(of: crs + ","))
        text.removeSubrange(crsRange)
        XCTAssertFalse(text.contains("crs"))
        let last = try XCTUnwrap(text.range(of: "}", options: .backwards))
        text.replaceSubrange(last, with: ", \(crs)}")
        let late = try TerritoryMap.load(GeoJSONText(text))
        XCTAssertEqual(late.territories.map(\.id), boroughs.territories.map(\.id))
        for (a, b) in zip(late.territories, boroughs.territories) {
            XCTAssertEqual(try a.geometry.wkt(), try b.geometry.wkt())
            XCTAssertEqual(a.featureIndex, b.featureIndex)
        }
        // A null or WGS 84 crs after the features needs no second pass and changes nothing.
        for name in ["null", #"{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}}"#] {
            let map = try TerritoryMap.load(
                GeoJSONText(
                    #"{"features":[{"type":"Feature","properties":{"id":1},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}],"crs":"#
                        + name + #","type":"FeatureCollection"}"#))
            XCTAssertEqual(map.count, 1)
        }
    }

    func testDuplicateMemberNamesAreRefusedWhereAValueIsPicked() throws {
        func error(_ text: String) -> String {
            do { _ = try TerritoryMap.load(GeoJSONText(text)); return "loaded" } catch { return "\(error)" }
        }
        let geometry = #""geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}"#
        XCTAssertEqual(
            error(#"{"type":"FeatureCollection","features":[{"type":"Feature","id":1,"id":2,"properties":{},"# + geometry + "}]}"),
            #"<geojson>: feature 0 (id 1): malformed feature: member "id" appears twice in the feature (line 1, column 71); JSON leaves repeated names undefined, so keep one"#
        )
        XCTAssertTrue(
            error(#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"a","id":"b"},"# + geometry + "}]}")
                .contains(#"feature 0 (id a): malformed feature: member "id" appears twice in "properties""#))
        XCTAssertTrue(
            error(
                #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"a"},"geometry":{"type":"Polygon","type":"Point","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}"#
            )
            .contains(#"member "type" appears twice in the geometry"#))
        XCTAssertTrue(
            error(#"{"type":"FeatureCollection","features":[],"features":[]}"#)
                .contains(#"not a GeoJSON FeatureCollection: member "features" appears twice (line 1, column 54); keep one"#))
        XCTAssertTrue(error(#"{"type":"FeatureCollection","crs":{"type":"name","type":"x"},"features":[]}"#).contains(#"has member "type" twice"#))
        // Inside a property's value nothing is picked: both members are kept and written back.
        let map = try TerritoryMap.load(
            GeoJSONText(#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"a","x":{"k":1,"k":2}},"# + geometry + "}]}"))
        XCTAssertTrue(try map.geoJSON().contains(#""x":{"k":1,"k":2}"#))
        // Validation lists the feature instead of stopping.
        let report = try Validator.validate(
            TerritoryMap.inspect(
                GeoJSONText(#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"a","id":"b"},"# + geometry + "}]}")))
        XCTAssertEqual(report.invalid.map(\.defect.kind), [.malformedFeature])
    }
}
