import Foundation
import XCTest

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// OSRM's own answer for a table of points, fetched with Foundation's URLSession and parsed with
/// JSONSerialization: the tests' oracle for road times and distances, independent of the
/// project's HTTP client and OSRM reader.
public enum OSRMReference {
    /// Durations (s) and distances (m) from every point to every point.
    public static func table(_ server: String, _ points: [(lon: Double, lat: Double)]) throws -> (durations: [[Double]], distances: [[Double]]) {
        let coordinates = points.map { "\($0.lon),\($0.lat)" }.joined(separator: ";")
        let url = try XCTUnwrap(URL(string: "\(server)/table/v1/driving/\(coordinates)?annotations=duration,distance"))
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var body: Data?
        nonisolated(unsafe) var failure: (any Error)?
        URLSession.shared.dataTask(with: url) { data, _, error in
            body = data
            failure = error
            done.signal()
        }.resume()
        done.wait()
        if let failure { throw failure }
        let answer = try XCTUnwrap(JSONSerialization.jsonObject(with: XCTUnwrap(body)) as? [String: Any])
        XCTAssertEqual(answer["code"] as? String, "Ok")
        func matrix(_ key: String) throws -> [[Double]] {
            try XCTUnwrap(answer[key] as? [[Any]]).map { row in try row.map { try XCTUnwrap(($0 as? NSNumber)?.doubleValue, key) } }
        }
        return (try matrix("durations"), try matrix("distances"))
    }
}
